"""How dtrack writes statuses, deadlines, comparators, qualifiers and numbers for people: the labels and colours
of the statuses, and Vietnamese numbers (1.126 and 71,4). One place for the admin, the exports and the import.

A new status or comparator gets its label here (and its translation in locale/).
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators.rules.assessment import Comparator, DeadlineStatus, Status

STATUS_LABELS = {
    Status.ACHIEVED: _("đã đạt"),
    Status.ON_TRACK: _("đúng tiến độ"),
    Status.AT_RISK: _("có nguy cơ chậm"),
    Status.OFF_TRACK: _("chậm tiến độ"),
    Status.INSUFFICIENT_DATA: _("chưa đủ dữ liệu"),
    Status.MISSED: _("không đạt"),
    Status.NO_DATA: _("chưa có số liệu"),
}
# Background colours with white text at a contrast of at least 4.5:1 (WCAG AA).
STATUS_COLOURS = {
    Status.ACHIEVED: "#1b6e2d",
    Status.ON_TRACK: "#2e6b8a",
    Status.AT_RISK: "#8a5a00",
    Status.OFF_TRACK: "#b3261e",
    Status.INSUFFICIENT_DATA: "#5f6368",
    Status.MISSED: "#7a1010",
    Status.NO_DATA: "#6b6b6b",
}
DEADLINE_LABELS = {
    DeadlineStatus.MET: _("đạt đúng hạn"),
    DeadlineStatus.MET_LATE: _("đạt sau thời hạn"),
    DeadlineStatus.OPEN: _("còn thời gian"),
    DeadlineStatus.DUE_SOON: _("sắp đến hạn"),
    DeadlineStatus.OVERDUE: _("quá hạn"),
}
# The steps of a report's cycle (reporting/workflow.py) as people read them: the admin's list of a report's steps
# and the API's refusals ("Không thể duyệt báo cáo đang ở trạng thái đã duyệt.").
STEP_LABELS = {
    "submit": _("gửi duyệt"),
    "approve": _("duyệt"),
    "return": _("trả lại để chỉnh sửa"),
    "reopen": _("mở lại"),
}
# The order statuses are shown in (counts, bars, legends): achieved first, no data last.
STATUS_ORDER = [
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.MISSED,
    Status.INSUFFICIENT_DATA,
    Status.NO_DATA,
]
# The sign each comparator is written with, everywhere a target is shown; the import reads it back, and the ASCII.
COMPARATOR_SIGNS = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤"}
COMPARATOR_ASCII = {Comparator.AT_LEAST: ">=", Comparator.AT_MOST: "<="}
COMPARATOR_LABELS = [("at_least", _("≥ tối thiểu (at_least)")), ("at_most", _("≤ tối đa (at_most)"))]
QUALIFIER_LABELS = [
    ("exact", _("đúng bằng (exact)")),
    ("above", _("trên, hơn, vượt (above)")),
    ("at_least", _("tối thiểu, ít nhất, trở lên (at_least)")),
    ("nearly", _("gần (nearly)")),
    ("approximately", _("khoảng, xấp xỉ (approximately)")),
    ("below", _("dưới (below)")),
    ("at_most", _("tối đa, không quá, trở xuống (at_most)")),
]
QUALIFIER_WORDS = {
    "exact": "",
    "above": "trên ",
    "at_least": "tối thiểu ",
    "nearly": "gần ",
    "approximately": "khoảng ",
    "below": "dưới ",
    "at_most": "tối đa ",
}


def vn_number(value: Decimal | int | None, places: int = 4) -> str:
    """A number the Vietnamese way: 1.126 and 71,4 (dot thousands, decimal comma), trailing zeros dropped."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal(1).scaleb(-places)).normalize()
    sign, text = ("−", f"{-value:f}") if value < 0 else ("", f"{value:f}")
    whole, _dot, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return sign + ".".join([whole, *groups]) + ("," + decimals if decimals else "")


def with_unit(value, unit: str) -> str:
    return vn_number(value) + ("%" if unit == "percent" else "")


def comparator_sign(comparator: str) -> str:
    return COMPARATOR_SIGNS.get(comparator, comparator)


def target_text(comparator: str, value, unit: str) -> str:
    """A target as people read it: "≥ 92,5%"."""
    return f"{comparator_sign(comparator)} {with_unit(value, unit)}"
