"""Reminders of the reporting cycle (docs/reporting.md), sent by `manage.py send_reminders`.

Kinds: `due_soon` (within the regime's due_soon_days of the due date, nothing submitted), `overdue` (past the due
date, nothing submitted), `returned` (a report returned for correction) and `stale` (the unit's latest approved
figure for a target is dated before the window of its regime's last period that is due). Each is sent once per
obligation, kind and occasion: the Reminder row is written in the same transaction as the mail is handed to the
backend, and the unique constraint refuses a second one, so running the command twice, or two at once from cron,
sends each reminder once. Mail goes to the unit's reporters and approvers (their memberships), in Vietnamese."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from indicators.models import ProgressReport, Target
from indicators.rules.cycle import Compliance
from reporting import compliance
from reporting.models import Obligation, Reminder, ReportingRegime

__all__ = ["Due", "due_reminders", "send"]

LOOKBACK = timedelta(days=400)  # obligations due longer ago than this are not reminded any more


@dataclass(frozen=True)
class Due:
    obligation: Obligation
    kind: str
    occasion: str
    subject: str
    body: str
    recipients: tuple[str, ...]


def _texts(kind: str, obligation: Obligation, extra: str = "") -> tuple[str, str]:
    period, unit = obligation.period, obligation.province
    values = {
        "label": period.label,
        "regime": period.regime.name,
        "unit": unit.name,
        "due": period.due_on.strftime("%d/%m/%Y"),
        "extra": extra,
    }
    with translation.override("vi"):
        subjects = {
            "due_soon": _("Sắp đến hạn gửi báo cáo %(label)s — %(unit)s (hạn %(due)s)"),
            "overdue": _("Quá hạn gửi báo cáo %(label)s — %(unit)s (hạn %(due)s)"),
            "returned": _("Báo cáo %(label)s của %(unit)s bị trả lại để chỉnh sửa"),
            "stale": _("Số liệu của %(unit)s chưa được cập nhật cho kỳ %(label)s"),
        }
        bodies = {
            "due_soon": _("Báo cáo %(label)s theo %(regime)s của %(unit)s cần gửi chậm nhất ngày %(due)s."),
            "overdue": _("Báo cáo %(label)s theo %(regime)s của %(unit)s đã quá hạn gửi (hạn %(due)s)."),
            "returned": _("Báo cáo %(label)s của %(unit)s bị trả lại. Lý do: %(extra)s"),
            "stale": _("Các chỉ tiêu sau chưa có số liệu được duyệt trong kỳ %(label)s: %(extra)s"),
        }
        return subjects[kind] % values, bodies[kind] % values


def due_reminders(as_of: date) -> list[Due]:
    """The reminders due on `as_of` and not sent yet (a fixed number of queries)."""
    obligations = Obligation.objects.filter(period__due_on__gte=as_of - LOOKBACK)
    judged = compliance.judge(obligations, as_of)
    by_key = {(j.obligation.period_id, j.obligation.province_id): j.obligation for j in judged}
    wanted: list[tuple] = []
    for row in judged:
        if row.status in (Compliance.DUE_SOON, Compliance.OVERDUE):
            wanted.append((row.obligation, row.status.value, "", ""))
    returned = ProgressReport.objects.filter(deleted_at__isnull=True, state="returned", period__isnull=False)
    for report in returned.values("id", "period_id", "province_id", "submitted_at", "state_reason"):
        obligation = by_key.get((report["period_id"], report["province_id"]))
        if obligation is not None:  # once per return: a new submission returned again is a new occasion
            occasion = f"{report['id']}@{report['submitted_at']:%Y%m%d%H%M%S%f}"
            wanted.append((obligation, "returned", occasion, report["state_reason"]))
    wanted += _stale(judged, as_of)
    sent = set(
        Reminder.objects.filter(obligation__in=[w[0] for w in wanted]).values_list("obligation_id", "kind", "occasion")
    )
    emails = _recipients({w[0].province_id for w in wanted})
    due = []
    for obligation, kind, occasion, extra in wanted:
        if (obligation.pk, kind, occasion) in sent:
            continue
        subject, body = _texts(kind, obligation, extra)
        due.append(Due(obligation, kind, occasion, subject, body, tuple(emails.get(obligation.province_id, ()))))
    return due


def _stale(judged, as_of: date) -> list[tuple]:
    """For each unit and regime, the last period that is due: targets of the unit whose latest approved figure
    is dated before that period's window (or that have none), for the regime's indicators."""
    latest: dict[tuple, object] = {}
    for row in judged:
        period = row.obligation.period
        key = (period.regime_id, row.obligation.province_id)
        if period.due_on < as_of and (key not in latest or period.due_on > latest[key].obligation.period.due_on):
            latest[key] = row
    if not latest:
        return []
    provinces = {province for _, province in latest}
    targets = Target.objects.filter(plan__province_id__in=provinces, plan__status="in_force", deadline__gte=as_of)
    rows = list(targets.values("plan__province_id", "indicator_id", "indicator__code", "known_latest_as_of"))
    asked: dict[int, set] = {}
    links = ReportingRegime.indicators.through.objects.filter(reportingregime_id__in={r for r, _ in latest})
    for regime_id, indicator_id in links.values_list("reportingregime_id", "indicator_id"):
        asked.setdefault(regime_id, set()).add(indicator_id)
    wanted = []
    for (regime_id, province), row in latest.items():
        period = row.obligation.period
        indicators = asked.get(regime_id, set())
        old = sorted(
            {
                r["indicator__code"]
                for r in rows
                if r["plan__province_id"] == province
                and (not indicators or r["indicator_id"] in indicators)
                and (r["known_latest_as_of"] is None or r["known_latest_as_of"] < period.window_start)
            }
        )
        if old:
            wanted.append((row.obligation, "stale", "", ", ".join(old)))
    return wanted


def _recipients(provinces) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    memberships = Membership.objects.filter(
        province_id__in=provinces, role__in=[Role.REPORTER, Role.APPROVER], user__is_active=True
    ).exclude(user__email="")
    for province, email in memberships.order_by("user_id").values_list("province_id", "user__email"):
        emails.setdefault(province, []).append(email)
    return emails


def send(due: list[Due]) -> int:
    """Send each reminder and record it, once; return how many were sent by this call."""
    count = 0
    for reminder in due:
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    obligation=reminder.obligation,
                    kind=reminder.kind,
                    occasion=reminder.occasion,
                    subject=reminder.subject,
                    recipients=", ".join(reminder.recipients),
                )
                if reminder.recipients:
                    send_mail(reminder.subject, reminder.body, None, list(reminder.recipients))
        except IntegrityError:
            continue  # sent meanwhile by another run
        count += 1
    return count
