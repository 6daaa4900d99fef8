"""Assessment settings read once from Django settings (DTRACK_ON_TRACK_RATIO, DTRACK_AT_RISK_RATIO, DTRACK_DUE_SOON_DAYS)."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from indicators.rules.assessment import Thresholds


def thresholds() -> Thresholds:
    return Thresholds(
        on_track=settings.DTRACK_ON_TRACK_RATIO,
        at_risk=settings.DTRACK_AT_RISK_RATIO,
        due_soon_days=settings.DTRACK_DUE_SOON_DAYS,
    )


def today() -> date:
    """Today in Asia/Ho_Chi_Minh: the default assessment date."""
    return timezone.localdate()
