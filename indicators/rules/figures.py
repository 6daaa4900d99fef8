"""Read a figure as Vietnamese reports write it: "trên 99%", "ước đạt 71,4%", "1.223/1.712", "thứ 3/63".

Pure Python (no Django, no clock) so the API, the admin and scripts share one reader. The rules are
those of docs/figures.md: decimal comma, dot thousands, a leading qualifier and an estimate
marker. Whatever is not clearly one figure is rejected with a reason; a figure is never guessed.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from enum import StrEnum
from typing import NamedTuple, TypeVar


class Qualifier(StrEnum):
    """The machine form of the qualifier in front of a reported number."""

    EXACT = "exact"  # no qualifier, or "đạt"
    ABOVE = "above"  # trên, hơn, vượt: strictly more than
    AT_LEAST = "at_least"  # tối thiểu, ít nhất, (từ) X trở lên
    NEARLY = "nearly"  # gần: just below
    APPROXIMATELY = "approximately"  # khoảng, xấp xỉ, ước khoảng
    BELOW = "below"  # dưới
    AT_MOST = "at_most"  # tối đa, không quá, (từ) X trở xuống


T = TypeVar("T")


@dataclass(frozen=True)
class Figure:
    value: Decimal  # the number; for "a/b" the share a/b in percent (0.01, half-even); for a rank the rank
    qualifier: Qualifier
    is_estimate: bool  # ước, ước đạt, ước tính, ước khoảng: a provisional figure, to be revised
    numerator: Decimal | None  # "a" of "a/b", kept exactly
    denominator: Decimal | None  # "b" of "a/b"; for a rank the cohort size
    rank: int | None
    cohort: int | None
    unit: str | None  # "percent", "rank", the unit words as written ("hồ sơ"), or None
    text: str  # the input, NFC-normalized and stripped


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it by this name) without importing Django: the reasons
    are translated where they are shown (`FigureError.message(gettext)`), in the reader's language."""
    return message


class FigureError(ValueError):
    """A text that is not one readable figure; `reason` says why (English), `message(gettext)` says it in the
    active language, for the person who typed it. `template` is the message id, `params` its %-placeholders."""

    def __init__(self, template: str, text: str, **params: object) -> None:
        self.template = template
        self.params = params
        self.reason = template % params
        self.text = text
        super().__init__(f"{self.reason} (in {text!r})")

    def message(self, translate: Callable[[str], str] = gettext_noop) -> str:
        return str(translate(self.template) % self.params)


# Phrases are matched on lower-cased words. "từ" alone says nothing: it needs "trở lên"/"trở xuống"
# at the end ("từ X đến Y" would be a range), so it maps to None here.
# Phrases read in front of (or after) a number, as tuples of lowercase words, and what each means.
Phrases = dict[tuple[str, ...], Qualifier | None]
_ESTIMATES: Phrases = {("ước",): None, ("ước", "tính"): None, ("ước", "khoảng"): Qualifier.APPROXIMATELY}
_ACHIEVED: Phrases = {("đạt",): None}
_QUALIFIERS: Phrases = {
    ("trên",): Qualifier.ABOVE,
    ("hơn",): Qualifier.ABOVE,
    ("vượt",): Qualifier.ABOVE,
    ("tối", "thiểu"): Qualifier.AT_LEAST,
    ("ít", "nhất"): Qualifier.AT_LEAST,
    ("gần",): Qualifier.NEARLY,
    ("khoảng",): Qualifier.APPROXIMATELY,
    ("xấp", "xỉ"): Qualifier.APPROXIMATELY,
    ("dưới",): Qualifier.BELOW,
    ("tối", "đa"): Qualifier.AT_MOST,
    ("không", "quá"): Qualifier.AT_MOST,
    ("từ",): None,
}
_RANK_WORDS: Phrases = dict.fromkeys([("thứ",), ("hạng",), ("xếp", "thứ"), ("xếp", "hạng"), ("đứng", "thứ")])
_SUFFIXES: Phrases = {("trở", "lên"): Qualifier.AT_LEAST, ("trở", "xuống"): Qualifier.AT_MOST}
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_KNOWN = "trên, hơn, vượt, tối thiểu, ít nhất, từ … trở lên, gần, khoảng, xấp xỉ, dưới, tối đa, không quá"
_MAX_DIGITS = 20  # far beyond any real figure; keeps Decimal arithmetic exact
_HUNDREDTH = Decimal("0.01")

# ASCII digits only: Decimal would also take other scripts' digits, which no report uses.
_TOKEN = re.compile(r"(?P<space>\s+)|(?P<number>[0-9][0-9.,]*)|(?P<word>[^\W\d_][^\W_]*)|(?P<symbol>[%/])|(?P<other>.)")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")  # 1.126, 2.161.755
_MINUS = "-−–—"


class _Token(NamedTuple):
    kind: str  # number, word, symbol
    raw: str
    low: str


def read_figure(text: str) -> Figure:
    """Read one figure, or raise FigureError saying why it cannot be read."""
    if not isinstance(text, str):
        raise FigureError(gettext_noop("a figure must be given as text"), repr(text))
    clean = unicodedata.normalize("NFC", text).strip()  # NFD input (common from some editors) reads the same
    if not clean:
        raise FigureError(gettext_noop("empty: no figure was given"), clean)
    with localcontext(prec=60):  # exact for _MAX_DIGITS digits times any scale word
        return _read(_tokenize(clean), clean)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        kind, raw = match.lastgroup or "other", match.group()
        if kind == "space":
            continue
        if kind == "word" and tokens and tokens[-1].kind == "number" and match.start() == previous_end:
            raise FigureError(
                gettext_noop("digits and letters run together in '%(word)s'; this is not a figure"),
                text,
                word=tokens[-1].raw + raw,
            )
        if kind == "other":
            if raw in _MINUS and tokens and tokens[-1].kind == "number":
                raise FigureError(gettext_noop("a range such as '2021-2025' is not one figure"), text)
            if raw in _MINUS:
                raise FigureError(
                    gettext_noop("negative numbers are not accepted: no reported figure is below zero"), text
                )
            raise FigureError(gettext_noop("unexpected character '%(char)s'"), text, char=raw)
        tokens.append(_Token(kind, raw, raw.lower()))
        previous_end = match.end()
    if not any(token.kind == "number" for token in tokens):
        raise FigureError(gettext_noop("no number found"), text)
    return tokens


def _read_number(raw: str, text: str) -> Decimal:
    """Vietnamese form: dot between thousands, comma before decimals; a lone dot not before 3 digits is a decimal."""
    if raw[-1] in ".,":
        raise FigureError(gettext_noop("'%(number)s' ends with a separator"), text, number=raw)
    if sum(char.isdigit() for char in raw) > _MAX_DIGITS:
        raise FigureError(
            gettext_noop("'%(number)s' has more than %(digits)d digits"), text, number=raw, digits=_MAX_DIGITS
        )
    whole, comma, decimals = raw.partition(",")
    if "," in decimals:
        raise FigureError(
            gettext_noop(
                "'%(number)s' has more than one comma: the Vietnamese form uses a dot for thousands and a comma"
                " for decimals (1.234.567,5)"
            ),
            text,
            number=raw,
        )
    if "." in decimals:
        raise FigureError(
            gettext_noop("'%(number)s' has a dot after the decimal comma: write 1.234,5 (not 1,234.5)"),
            text,
            number=raw,
        )
    if _GROUPED.fullmatch(whole):
        whole = whole.replace(".", "")
    elif "." in whole:
        after = whole.partition(".")[2]
        # Grouping gone wrong (1.234.5, 1234.567, 0.800), or a decimal dot next to a decimal comma: ambiguous.
        if comma or "." in after or len(after) == 3:
            raise FigureError(
                gettext_noop(
                    "'%(number)s' is not a number: a dot separates thousands in groups of exactly three digits"
                    " (1.234.567), and only a single dot not followed by three digits is a decimal point (0.7024)"
                ),
                text,
                number=raw,
            )
    return Decimal(whole + ("." + decimals if comma else ""))


def _take(tokens: list[_Token], pos: int, table: Mapping[tuple[str, ...], T]) -> tuple[T, int] | None:
    """The longest phrase of `table` at `pos`: (its value, the position after it), or None."""
    for length in (2, 1):
        words = tuple(token.low for token in tokens[pos : pos + length])
        if len(words) == length and words in table:
            return table[words], pos + length
    return None


def _side(tokens: list[_Token], pos: int, text: str) -> tuple[Decimal, str | None, int]:
    """A number, its scale words (triệu, tỷ…), then "%" or unit words: one figure, or one side of "a/b"."""
    number = _read_number(tokens[pos].raw, text)
    pos += 1
    scaled = False
    while pos < len(tokens) and tokens[pos].low in _SCALES:
        number, scaled, pos = number * _SCALES[tokens[pos].low], True, pos + 1
    if scaled and number == number.to_integral_value():
        number = number.quantize(Decimal(1))  # "1,1 triệu" reads 1100000, not 1100000.0
    if pos < len(tokens) and tokens[pos].raw == "%":
        return number, "percent", pos + 1
    words = []
    while pos < len(tokens) and tokens[pos].kind == "word":
        words.append(tokens[pos].raw)
        pos += 1
    return number, " ".join(words) or None, pos


def _leftover(tokens: list[_Token], pos: int, text: str) -> FigureError:
    token, previous = tokens[pos], tokens[pos - 1]
    if token.kind == "number":
        return FigureError(gettext_noop("two numbers without '/' between them: give one number, or a share a/b"), text)
    if token.raw == "/":
        return FigureError(gettext_noop("more than one '/': a share has one numerator and one denominator"), text)
    if token.raw == "%" and previous.raw == "%":
        return FigureError(gettext_noop("'%%' written twice"), text)
    if previous.raw == "%":
        return FigureError(
            gettext_noop("words after '%%' are not understood ('59,3%% kế hoạch' is a share of a plan, not a value)"),
            text,
        )
    return FigureError(gettext_noop("'%(word)s' after the figure is not understood"), text, word=token.raw)


def _read(tokens: list[_Token], text: str) -> Figure:
    # Word order in front of the number: estimate marker, "đạt", at most one qualifier, rank word.
    pos, is_estimate, qualifier, from_word = 0, False, None, False
    if found := _take(tokens, pos, _ESTIMATES):
        (qualifier, pos), is_estimate = found, True
    if found := _take(tokens, pos, _ACHIEVED):
        pos = found[1]
    if found := _take(tokens, pos, _QUALIFIERS):
        if qualifier is not None:
            raise FigureError(gettext_noop("more than one qualifier in front of the number"), text)
        qualifier, pos = found
        from_word = qualifier is None
    is_rank = bool(found := _take(tokens, pos, _RANK_WORDS))
    if found:
        pos = found[1]
    if tokens[pos].kind != "number":  # the prefix eats words only, and there is a number, so pos is in range
        word = tokens[pos].raw
        if any(_take(tokens, pos, table) for table in (_ESTIMATES, _ACHIEVED, _QUALIFIERS, _RANK_WORDS)):
            raise FigureError(
                gettext_noop(
                    "'%(word)s' is out of place, or there is more than one qualifier: write an estimate marker"
                    " (ước), then 'đạt', then one qualifier, then the number"
                ),
                text,
                word=word,
            )
        if tokens[pos].kind == "word":
            raise FigureError(
                gettext_noop("unknown word '%(word)s' before the number; the known qualifiers are %(known)s"),
                text,
                word=word,
                known=_KNOWN,
            )
        raise FigureError(
            gettext_noop("the figure must start with a number or a qualifier, not '%(word)s'"), text, word=word
        )

    suffix = _take(tokens, len(tokens) - 2, _SUFFIXES) if len(tokens) >= 2 else None
    end = len(tokens) - 2 if suffix else len(tokens)
    if suffix:
        if qualifier is not None:
            raise FigureError(
                gettext_noop("'trở lên'/'trở xuống' conflicts with the qualifier in front of the number"), text
            )
        qualifier = suffix[0]
    elif from_word:
        raise FigureError(
            gettext_noop("'từ X' needs 'trở lên' or 'trở xuống' after it ('từ X đến Y' is a range)"), text
        )
    tokens = tokens[:end]

    if is_rank:
        return _read_rank(tokens, pos, text, qualifier, is_estimate)

    value, unit, pos = _side(tokens, pos, text)
    numerator = denominator = None
    if pos < len(tokens) and tokens[pos].raw == "/":
        if pos + 1 == len(tokens) or tokens[pos + 1].kind != "number":
            raise FigureError(gettext_noop("'/' must be followed by a number"), text)
        numerator = value
        denominator, below_unit, pos = _side(tokens, pos + 1, text)
        if "percent" in (unit, below_unit):
            raise FigureError(
                gettext_noop("a share written 'a/b' takes no '%%': it is turned into a percent already"), text
            )
        if unit and below_unit and unit != below_unit:
            raise FigureError(
                gettext_noop("the units differ on the two sides of '/' ('%(above)s' and '%(below)s')"),
                text,
                above=unit,
                below=below_unit,
            )
        if denominator == 0:
            raise FigureError(gettext_noop("the denominator is zero"), text)
        value, unit = (numerator / denominator * 100).quantize(_HUNDREDTH, rounding=ROUND_HALF_EVEN), "percent"
    if pos < len(tokens):
        raise _leftover(tokens, pos, text)
    return Figure(value, qualifier or Qualifier.EXACT, is_estimate, numerator, denominator, None, None, unit, text)


def _read_rank(tokens: list[_Token], pos: int, text: str, qualifier: Qualifier | None, is_estimate: bool) -> Figure:
    """A rank and the size of the group it is taken in: "thứ 3", "thứ 3/63", "xếp thứ 3 trên 63"."""
    if qualifier is not None:
        raise FigureError(gettext_noop("a rank takes no qualifier (write 'thứ 3/63')"), text)
    numbers = [_read_number(tokens[pos].raw, text)]
    pos += 1
    if pos + 1 < len(tokens) and tokens[pos].low in ("/", "trên") and tokens[pos + 1].kind == "number":
        numbers.append(_read_number(tokens[pos + 1].raw, text))
        pos += 2
    if pos < len(tokens):
        raise FigureError(
            gettext_noop("'%(word)s' after a rank is not understood (write 'thứ 3/63')"), text, word=tokens[pos].raw
        )
    if any(number != number.to_integral_value() for number in numbers):
        raise FigureError(gettext_noop("a rank and its group size must be whole numbers"), text)
    rank, cohort = int(numbers[0]), int(numbers[1]) if len(numbers) == 2 else None
    if rank < 1:
        raise FigureError(gettext_noop("a rank must be at least 1"), text)
    if cohort is not None and rank > cohort:
        raise FigureError(
            gettext_noop("rank %(rank)d is larger than the group size %(cohort)d"), text, rank=rank, cohort=cohort
        )
    denominator = Decimal(cohort) if cohort is not None else None
    return Figure(Decimal(rank), Qualifier.EXACT, is_estimate, None, denominator, rank, cohort, "rank", text)
