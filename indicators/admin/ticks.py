"""Round axis ticks for the admin's SVG charts: steps of 1, 2 or 5 × 10ⁿ, so an axis reads 80, 85, 90 and never
84,68 or 89,66. Pure arithmetic on Decimals (no Django)."""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

STEPS = (Decimal(1), Decimal(2), Decimal(5), Decimal(10))


def nice_step(span: Decimal, count: int = 5) -> Decimal:
    """The smallest 1, 2 or 5 × 10ⁿ step that covers span in at most count intervals."""
    if span <= 0:
        return Decimal(1)
    rough = span / count
    power = Decimal(10) ** rough.adjusted()  # 10ⁿ ≤ rough < 10ⁿ⁺¹
    for factor in STEPS:
        if factor * power >= rough:
            return factor * power
    return 10 * power  # not reached: 10 × 10ⁿ > rough


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> tuple[Decimal, Decimal, list[Decimal]]:
    """Widens [low, high] outwards to multiples of a round step and returns (low, high, ticks)."""
    low, high = Decimal(low), Decimal(high)
    if high <= low:
        high = low + 1
    step = nice_step(high - low, count)
    start = (low / step).to_integral_value(ROUND_FLOOR) * step
    end = (high / step).to_integral_value(ROUND_CEILING) * step
    ticks, value = [], start
    while value <= end:
        ticks.append(value.normalize() if value else Decimal(0))
        value += step
    return start, end, ticks
