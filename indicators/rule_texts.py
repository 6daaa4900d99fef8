"""The assessment rules' reasons as people read them, in Vietnamese or English.

indicators/rules/assessment.py is pure (no Django): it names the rule that decided a status with `Rule`,
whose value is a fixed English phrase. The API's `explanation.rule` and the admin's target page show the translated text for it
(tests/indicators/test_translations.py checks every phrase the rules use has one).
"""

from django.utils.translation import gettext_lazy as _

from indicators.rules.assessment import Basis, Combination, NoCombination, Rule

__all__ = ["RULE_TEXTS", "basis_text", "rule_text"]

RULE_TEXTS = {  # keyed on the rule's identifier; its value is the English phrase the pure module gives
    Rule.NO_DATA: _("Chưa có số liệu nào tính đến ngày đánh giá."),
    Rule.LATEST_MEETS: _("Số liệu mới nhất đạt mục tiêu."),
    Rule.DEADLINE_PASSED: _("Đã qua thời hạn và số liệu mới nhất chưa đạt mục tiêu."),
    Rule.MILESTONE_NOT_DUE: _("Mốc có/không chưa hoàn thành, còn nhiều thời gian."),
    Rule.MILESTONE_DUE_SOON: _("Mốc có/không chưa hoàn thành và sắp đến hạn."),
    Rule.NO_REFERENCE: _(
        "Không có giá trị cơ sở và có ít hơn hai số liệu ở hai ngày khác nhau: chưa tính được tiến độ."
    ),
    Rule.REFERENCE_MET_LATEST_NOT: _(
        "Giá trị tham chiếu đã đạt mục tiêu nhưng số liệu mới nhất thì không: xu hướng đi xuống."
    ),
    Rule.NOTHING_EXPECTED_NO_WORSE: _("Chưa đến lúc phải tiến bộ và số liệu không kém giá trị tham chiếu."),
    Rule.NOTHING_EXPECTED_WORSE: _("Chưa đến lúc phải tiến bộ nhưng số liệu kém hơn giá trị tham chiếu."),
    Rule.PACE_ON_TRACK: _("Tỷ lệ tiến độ đạt ngưỡng “đúng tiến độ”."),
    Rule.PACE_AT_RISK: _("Tỷ lệ tiến độ dưới ngưỡng “đúng tiến độ” nhưng từ ngưỡng “có nguy cơ” trở lên."),
    Rule.PACE_OFF_TRACK: _("Tỷ lệ tiến độ dưới ngưỡng “có nguy cơ”."),
}


def rule_text(rule: str) -> str:
    """The reason in the active language; an unknown key (none today) as it is rather than nothing."""
    text = RULE_TEXTS.get(rule)
    return str(text) if text is not None else rule


def _named(units) -> str:
    return ", ".join(f"{u.name} ({u.key})" if u.name else u.key for u in units)


def basis_text(basis: Basis | None, units, combination: Combination | None = None) -> str | None:
    """What the latest figure of a target stands on, in words in the active language (the API's
    `explanation.basis_text`, the admin's target page): `basis` and its `units`, or, for a merged unit without a
    figure, why its predecessors' figures gave none (`combination`). None: nothing to say (no figure at all, or a
    national one)."""
    if combination is not None and combination.why_not is not None:
        predecessors = _named(combination.predecessors)
        if combination.why_not is NoCombination.MISSING:
            return _(
                "Không có số liệu cho đơn vị hợp nhất: các đơn vị tiền thân (%(units)s) không cùng báo cáo một ngày, "
                "%(missing)s chưa có số liệu ngày đó; số liệu của một đơn vị tiền thân không đại diện cho cả đơn vị."
            ) % {"missing": _named(combination.missing), "units": predecessors}
        if combination.why_not is NoCombination.NO_COUNTS:
            return _(
                "Không có số liệu cho đơn vị hợp nhất: tỷ lệ của các đơn vị tiền thân (%(units)s) không kèm tử số "
                "và mẫu số nên không cộng gộp được."
            ) % {"units": predecessors}
        return _(
            "Không có số liệu cho đơn vị hợp nhất: thứ hạng, chỉ số hay giá trị có/không của các đơn vị tiền thân "
            "(%(units)s) không cộng gộp được."
        ) % {"units": predecessors}
    if basis is None:
        return None
    named = {"units": _named(units)}
    texts = {
        Basis.OWN: _("Căn cứ: số liệu của chính đơn vị, %(units)s."),
        Basis.SUCCESSOR: _("Căn cứ: số liệu của %(units)s, đơn vị kế thừa — địa bàn rộng hơn đơn vị của mục tiêu."),
        Basis.PREDECESSOR: _("Căn cứ: số liệu của %(units)s, đơn vị tiền thân duy nhất (địa giới không đổi)."),
        Basis.COMBINED: _(
            "Căn cứ: số liệu cùng một ngày của các đơn vị tiền thân %(units)s, cộng gộp (số lượng cộng lại; tỷ lệ "
            "tính lại từ tử số và mẫu số)."
        ),
    }
    return str(texts[basis] % named)
