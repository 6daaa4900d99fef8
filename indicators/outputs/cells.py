"""How a figure and a target read in an output: the figure as a report writes it ("ước đạt trên 99%"), the
target with its comparator, and the spreadsheet number formats that show them the Vietnamese way."""

from decimal import Decimal

from indicators.labels import COMPARATOR_SIGNS, QUALIFIER_WORDS, with_unit
from indicators.models import Unit

__all__ = ["COMPARATOR_SIGNS", "figure_text", "number_format", "places_of"]


def figure_text(value, qualifier: str, is_estimate: bool, unit: str, written: str = "") -> str:
    """The figure as written in its report when it was entered as text, else rebuilt the same way."""
    if written:
        return written
    if value is None:
        return ""
    estimate = "ước " if is_estimate else ""
    if unit == Unit.RANK:
        return f"{estimate}{QUALIFIER_WORDS.get(qualifier, '')}thứ {with_unit(value, unit)}"
    return estimate + QUALIFIER_WORDS.get(qualifier, "") + with_unit(value, unit)


def places_of(value: Decimal | int | None) -> int:
    """The decimals `value` needs (at most 4)."""
    if not isinstance(value, Decimal) or value != value:
        return 0
    return min(max(-value.normalize().as_tuple().exponent, 0), 4)


def number_format(value: Decimal | int | None, unit: str = "", prefix: str = "") -> str:
    """An Excel number format that shows `value` whole, thousands grouped, with `prefix` ("≥ ") and the unit's
    sign ("%", "thứ "). Spreadsheets show the separators of the reader's locale: 1.126 and 71,4 in Vietnamese."""
    places = places_of(value)
    body = "#,##0" + ("." + "0" * places if places else "")
    if unit == Unit.PERCENT:
        body += '"%"'
    if unit == Unit.RANK:
        prefix += "thứ "
    return (f'"{prefix}"' if prefix else "") + body


def day_text(day) -> str:
    """dd/mm/yyyy, the year in four digits whatever it is (strftime writes year 104 as "104")."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
