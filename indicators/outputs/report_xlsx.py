"""The periodic report as an XLSX in the layout officials send: a header naming the unit, the plans, the period
and the assessment date, then one table — STT, chỉ tiêu, cấp, mục tiêu, thời hạn, kết quả, đạt % kế hoạch, đánh
giá, ghi chú/nguồn — with a row heading each plan's targets.

Numbers stay numbers: the target's cell holds its value with a number format carrying the comparator and the unit
(`"≥ "#,##0"%"`), the share of plan is a percentage cell; dates are date cells shown dd/mm/yyyy. A spreadsheet
shows decimal and thousands separators of the reader's locale (71,4 and 1.126 in Vietnamese). The result is the
text of the figure as its report wrote it ("trên 99%"). Labels follow the request language (Vietnamese by
default).
"""

import io
from datetime import date

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from dtrack.api.exports import cell_text
from indicators.labels import STATUS_LABELS
from indicators.models import Level, Unit
from indicators.outputs.cells import COMPARATOR_SIGNS, day_text, figure_text, number_format
from indicators.outputs.report import Line, Report
from indicators.rules.plan_share import share_of_plan
from provinces.text import fold

__all__ = ["HEADER_ROW", "workbook_bytes"]

DATE_FORMAT = "dd/mm/yyyy"
HEADER_ROW = 7  # the table's column headers; the rows above name the report
WIDTHS = (6, 48, 18, 14, 12, 22, 12, 20, 48)
LEVELS = dict(Level.choices)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _day(value: date | None) -> str:
    return day_text(value) if value else "—"


def _columns() -> list[str]:
    return [
        pgettext("report column", "STT"),
        pgettext("report column", "Chỉ tiêu"),
        pgettext("report column", "Cấp"),
        pgettext("report column", "Mục tiêu"),
        pgettext("report column", "Thời hạn"),
        pgettext("report column", "Kết quả"),
        pgettext("report column", "Đạt % kế hoạch"),
        pgettext("report column", "Đánh giá"),
        pgettext("report column", "Ghi chú/nguồn"),
    ]


def _plan_name(plan) -> str:
    return f"{plan.number} — {plan.title}" if plan.number else plan.title


def _header(report: Report) -> list[str]:
    unit = report.unit.name if report.unit else _("Toàn quốc")
    plans = "; ".join(_plan_name(plan) for plan in report.plans) or "—"
    if report.period is not None:
        period = _("%(label)s (số liệu từ %(start)s đến %(end)s)") % {
            "label": report.period.label,
            "start": _day(report.period.window_start),
            "end": _day(report.period.window_end),
        }
    else:
        period = "—"
    return [
        _("BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU"),
        _("Đơn vị: %(unit)s") % {"unit": unit},
        _("Kế hoạch: %(plans)s") % {"plans": plans},
        _("Kỳ báo cáo: %(period)s") % {"period": period},
        _("Đánh giá đến ngày: %(day)s (số liệu đã duyệt)") % {"day": _day(report.as_of)},
    ]


def _note(line: Line) -> str:
    figure = line.figure
    parts = []
    if figure is not None:
        parts.append(_("Số liệu ngày %(day)s") % {"day": _day(figure.as_of)})
        source = figure.report.document_number or figure.report.title
        parts.append(_("nguồn: %(source)s") % {"source": source})
        if figure.province_id != line.target.plan.province_id and figure.province_id is not None:
            parts.append(_("số liệu của đơn vị khác (sáp nhập)"))
    if line.judged.assessment.provisional:
        parts.append(_("tạm tính"))
    return "; ".join(parts)


def _row(number: int, line: Line) -> list:
    target, result = line.target, line.judged.assessment
    latest = result.latest
    written = line.figure.value_text if line.figure is not None else ""
    text = figure_text(latest.value, str(latest.qualifier), latest.is_estimate, target.unit, written) if latest else ""
    share = share_of_plan(target.comparator, target.value, latest.value if latest else None)
    return [
        number,
        target.indicator.name,
        str(LEVELS.get(target.level, target.level)),
        target.value,
        target.deadline,
        text or _("chưa có số liệu"),
        share,
        str(STATUS_LABELS[result.status]),
        _note(line),
    ]


def workbook_bytes(report: Report) -> bytes:
    """The report as the bytes of an XLSX file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Báo cáo")
    last = len(WIDTHS)
    for index, text in enumerate(_header(report), start=1):
        sheet.cell(row=index, column=1, value=cell_text(text)).font = Font(
            bold=index == 1, size=14 if index == 1 else 11
        )
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=last)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for column, (title, width) in enumerate(zip(_columns(), WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=title)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    row_number, plan_id = HEADER_ROW, None
    for number, line in enumerate(report.lines, start=1):
        if line.target.plan_id != plan_id:
            plan_id = line.target.plan_id
            row_number += 1
            cell = sheet.cell(row=row_number, column=1, value=cell_text(_plan_name(line.target.plan)))
            cell.font = Font(bold=True)
            sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=last)
        row_number += 1
        for column, value in enumerate(_row(number, line), start=1):
            cell = sheet.cell(
                row=row_number, column=column, value=cell_text(value) if isinstance(value, str) else value
            )
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=column in (2, 6, 9))
        target = line.target
        sign = COMPARATOR_SIGNS.get(target.comparator, "") + " "
        if target.unit == Unit.BOOLEAN:
            sheet.cell(row=row_number, column=4).value = _("hoàn thành")
        else:
            sheet.cell(row=row_number, column=4).number_format = number_format(target.value, target.unit, sign)
        sheet.cell(row=row_number, column=5).number_format = DATE_FORMAT
        sheet.cell(row=row_number, column=7).number_format = "0.0%"
    if not report.lines:
        sheet.cell(row=HEADER_ROW + 1, column=1, value=_("Không có chỉ tiêu nào."))
        # Why: the plan's note on its targets ("các nguồn đã có không nêu chỉ tiêu"), as its admin page says it.
        notes = [plan for plan in report.plans if plan.targets_note.strip()]
        for row, plan in enumerate(notes, start=HEADER_ROW + 2):
            text = _("Ghi chú về chỉ tiêu: %(note)s") % {"note": plan.targets_note.strip()}
            if len(report.plans) > 1:
                text = f"{_plan_name(plan)} — {text}"
            cell = sheet.cell(row=row, column=1, value=cell_text(text))
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            sheet.row_dimensions[row].height = 15 * (1 + len(text) // 150)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _slug(text: str) -> str:
    # slugify drops đ (it has no decomposition): "chuyển đổi số" would become "chuyen-oi-so".
    return slugify(fold(text))


def plan_file_name(plan, as_of: date) -> str:
    """The report file's name (without .xlsx): bao-cao-749qd-ttg-2025-12-31."""
    return f"bao-cao-{_slug(plan.number or plan.title)[:40]}-{as_of.isoformat()}"


def period_file_name(unit, period) -> str:
    """The report file's name (without .xlsx): bao-cao-quang-ngai-quy-iii-2025."""
    return f"bao-cao-{unit.codename}-{_slug(period.label)}"
