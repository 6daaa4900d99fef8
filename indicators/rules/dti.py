"""The provincial Digital Transformation Index (DTI): which methodology a year's figures follow, and among how
many units a figure ranks (docs/data.md).

The DTI is published once a year for the year before. Its methodology changed with the ministries: Quyết định
922/QĐ-BTTTT (20/5/2022) of the Ministry of Information and Communications for the years 2022 to 2024, Quyết định
405/QĐ-BKHCN (03/4/2025) of the Ministry of Science and Technology from 2025: the project's reading of which years
each governs, not checked against the announcements (docs/data.md). Earlier years followed an earlier decision
(922/QĐ-BTTTT cites 1726/QĐ-BTTTT of 12/10/2020): their figures say which one themselves (no default). The cohort is the number of
province-level units ranked: 63 before the 2025 reform (1 July 2025), 34 after.
"""

from datetime import date
from decimal import Decimal

from indicators.rules.assessment import RANK_UNIT as RANK
from indicators.rules.assessment import REFORM_DATE  # Nghị quyết 202/2025/QH15: 63 province-level units became 34

__all__ = ["COHORT_AFTER", "COHORT_BEFORE", "MOIC_922", "MOST_405", "REFORM_DATE", "cohort", "methodology_for"]

MOIC_922 = "922/QĐ-BTTTT"
MOST_405 = "405/QĐ-BKHCN"
FIRST_922_YEAR = 2022
FIRST_405_YEAR = 2025
COHORT_BEFORE = 63
COHORT_AFTER = 34


def methodology_for(year: int) -> str | None:
    """The methodology of the DTI of `year` (the year assessed), or None when this repository does not know it."""
    if year >= FIRST_405_YEAR:
        return MOST_405
    if year >= FIRST_922_YEAR:
        return MOIC_922
    return None


def cohort(unit: str, ranked: bool, denominator: Decimal | None, on: date) -> int | None:
    """Among how many units a figure dated `on` ranks: a rank's own denominator ("thứ 1/63" → 63), else the units of
    the division in force on that day, for a rank or a figure of a ranked index (`ranked`); None for others."""
    if unit == RANK and denominator is not None:
        return int(denominator)
    if unit == RANK or ranked:
        return COHORT_AFTER if on >= REFORM_DATE else COHORT_BEFORE
    return None
