"""The assessment rules' reasons as people read them, in Vietnamese or English.

indicators/rules/assessment.py is pure (no Django): it names the rule that decided a status with a fixed English phrase,
the key below. The API's `explanation.rule` and the admin's target page show the translated text for it
(tests/indicators/test_translations.py checks every phrase the rules use has one).
"""

from django.utils.translation import gettext_lazy as _

__all__ = ["RULE_TEXTS", "rule_text"]

RULE_TEXTS = {
    "no measurement on or before as_of": _("Chưa có số liệu nào tính đến ngày đánh giá."),
    "the latest measurement meets the target": _("Số liệu mới nhất đạt mục tiêu."),
    "the deadline has passed and the latest measurement does not meet the target": _(
        "Đã qua thời hạn và số liệu mới nhất chưa đạt mục tiêu."
    ),
    "boolean milestone not done, more than due_soon_days left": _("Mốc có/không chưa hoàn thành, còn nhiều thời gian."),
    "boolean milestone not done, due_soon_days or fewer left": _("Mốc có/không chưa hoàn thành và sắp đến hạn."),
    "no baseline and fewer than two measurements on different dates": _(
        "Không có giá trị cơ sở và có ít hơn hai số liệu ở hai ngày khác nhau: chưa tính được tiến độ."
    ),
    "the reference already met the target and the latest does not": _(
        "Giá trị tham chiếu đã đạt mục tiêu nhưng số liệu mới nhất thì không: xu hướng đi xuống."
    ),
    "no progress expected yet and the value is no worse than the reference": _(
        "Chưa đến lúc phải tiến bộ và số liệu không kém giá trị tham chiếu."
    ),
    "no progress expected yet and the value is worse than the reference": _(
        "Chưa đến lúc phải tiến bộ nhưng số liệu kém hơn giá trị tham chiếu."
    ),
    "pace ratio at or above on_track": _("Tỷ lệ tiến độ đạt ngưỡng “đúng tiến độ”."),
    "pace ratio at or above at_risk, below on_track": _(
        "Tỷ lệ tiến độ dưới ngưỡng “đúng tiến độ” nhưng từ ngưỡng “có nguy cơ” trở lên."
    ),
    "pace ratio below at_risk": _("Tỷ lệ tiến độ dưới ngưỡng “có nguy cơ”."),
}


def rule_text(rule: str) -> str:
    """The reason in the active language; an unknown key (none today) as it is rather than nothing."""
    text = RULE_TEXTS.get(rule)
    return str(text) if text is not None else rule
