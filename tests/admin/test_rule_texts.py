"""The admin explains which rule gave a status: one text per rule identifier, in Vietnamese and in English."""

from django.utils import translation

from indicators.rule_texts import RULE_TEXTS
from indicators.rules.assessment import Rule


def test_every_rule_has_a_text_in_both_languages():
    assert set(RULE_TEXTS) == set(Rule)
    for rule, text in RULE_TEXTS.items():
        with translation.override("vi"):
            vietnamese = str(text)
        with translation.override("en"):
            english = str(text)
        assert vietnamese and english and vietnamese != english, rule


def test_the_explanation_names_a_rule_the_admin_knows():
    """The API shows the rule's English sentence; the admin finds its text by the same value."""
    assert all(RULE_TEXTS.get(rule.value) is RULE_TEXTS[rule] for rule in Rule)
