"""Every message a person reads exists in Vietnamese and English, and the API answers in the language asked.

The assessment rules and the figure reader are pure Python: they name their reasons with fixed English phrases
(`indicators/rule_texts.py` for the rules, `gettext_noop` message ids for the figure reader), translated where
they are shown. These tests find every such phrase in the source itself, so a new rule or reason without a
translation fails here.
"""

import ast
import inspect

import pytest
from django.utils import translation

from dtrack.api import conditional, query
from indicators import services
from indicators.rule_texts import RULE_TEXTS, rule_text
from indicators.rules import assessment, figures


def string_arguments(module, function: str, position: int = 0) -> set[str]:
    """The literal strings passed as argument `position` to calls of `function` in `module`'s source."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function and len(node.args) > position:
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def rule_phrases() -> set[str]:
    """Every rule the pure module can name (`Rule`), as the phrase it gives."""
    return {rule.value for rule in assessment.Rule}


def test_every_assessment_rule_reads_in_vietnamese_and_english():
    phrases = rule_phrases()
    assert len(phrases) >= 12
    assert phrases == set(RULE_TEXTS), "a rule without a text, or a text for no rule"
    for phrase in phrases:
        with translation.override("vi"):
            vietnamese = rule_text(phrase)
        with translation.override("en"):
            english = rule_text(phrase)
        assert vietnamese != phrase and english != vietnamese, phrase
        assert any(letter in vietnamese for letter in "ăâđêôơưạảấầếềệịọốồớờụứừ"), vietnamese


def translated(message: str) -> bool:
    with translation.override("vi"):
        return translation.gettext(message) != message


def test_every_figure_reason_has_a_vietnamese_translation():
    reasons = string_arguments(figures, "gettext_noop")
    assert len(reasons) >= 25
    assert [reason for reason in reasons if not translated(reason)] == []


@pytest.mark.parametrize(
    "problem",
    [
        services.DuplicateReport,
        services.DuplicatePlan,
        services.DuplicateTarget,
        services.InUse,
        conditional.PreconditionFailed,
        conditional.PreconditionRequired,
    ],
)
def test_every_domain_problem_detail_has_a_vietnamese_translation(problem):
    with translation.override("vi"):
        vietnamese = str(problem.default_detail)
    with translation.override("en"):
        english = str(problem.default_detail)
    assert vietnamese != english


def test_query_parameter_messages_have_vietnamese_translations():
    messages = {str(m) for m in string_arguments(query, "_")}
    assert len(messages) == 4  # unknown, repeated, empty, not a whole number
    assert [m for m in messages if not translated(m)] == []


def test_figure_error_message_is_translated_with_its_values():
    with pytest.raises(figures.FigureError) as caught:
        figures.read_figure("thứ 70/63")
    with translation.override("vi"):
        assert caught.value.message(translation.gettext) == "thứ hạng 70 lớn hơn số đơn vị được xếp hạng 63"
    assert caught.value.reason == "rank 70 is larger than the group size 63"
