"""“Đạt % kế hoạch”: how much of the planned value the result is, as official reports write it.

For a target to reach or exceed (`at_least`) the share is result ÷ target; for a ceiling (`at_most`: a rank, a
cost) it is target ÷ result, so that 100% still means "as planned" and more is better. None where it has no
meaning: no result, or a zero in the divisor. Pure: no Django, no clock.
"""

from decimal import Decimal

from indicators.rules.assessment import Comparator

__all__ = ["share_of_plan"]


def share_of_plan(comparator: Comparator | str, target: Decimal | None, result: Decimal | None) -> Decimal | None:
    """The result as a share of the plan (1 = 100%)."""
    if target is None or result is None:
        return None
    if Comparator(comparator) == Comparator.AT_LEAST:
        return None if target == 0 else result / target
    return None if result == 0 else target / result
