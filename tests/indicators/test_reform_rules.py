"""The 2025-reform rules of indicators/rules/assessment.py: judging basis, combination of a merged unit's predecessors,
rank cohorts and abolished district targets. Pure: no database.

Units as in the seed provinces: new Quảng Ngãi (2025-51) = Kon Tum (2008-62) + old Quảng Ngãi (2008-51);
Quảng Ninh (2025-22) has one predecessor (2008-22)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from indicators.rules.assessment import (
    AdminUnit,
    Basis,
    Combination,
    Comparator,
    Facts,
    Lineage,
    Needs,
    NoCombination,
    Reading,
    TargetRule,
    UnitFigure,
    basis_of,
    claim,
    claim_combined,
    cohort,
    combination,
    combination_on,
    combine,
    combining_needs,
    dated_combination,
    facts_of,
    judge,
    level_abolished,
    unmatched_changes,
    with_readings,
)
from indicators.rules.figures import Qualifier

D = Decimal
NEW_QNG, OLD_QNG, KON_TUM = (
    AdminUnit("2025-51", "Quảng Ngãi"),
    AdminUnit("2008-51", "Quảng Ngãi"),
    AdminUnit("2008-62", "Kon Tum"),
)
NEW_QNI, OLD_QNI = AdminUnit("2025-22", "Quảng Ninh"), AdminUnit("2008-22", "Quảng Ninh")
MERGED = Lineage(NEW_QNG, predecessors=(KON_TUM, OLD_QNG))
OLD = Lineage(OLD_QNG, successors=(NEW_QNG,))
SINGLE = Lineage(NEW_QNI, predecessors=(OLD_QNI,))
DAY = date(2025, 3, 31)


def fig(unit, value, on=DAY, n=None, d=None, seq=1, qualifier=Qualifier.EXACT, estimate=False):
    reading = Reading(on=on, value=D(value), qualifier=qualifier, is_estimate=estimate, seq=seq, ref=seq)
    return UnitFigure(unit, reading, None if n is None else D(n), None if d is None else D(d))


def test_shares_combine_from_numerators_and_denominators():
    figure, why_not, missing = combine(
        "percent", [fig(KON_TUM, "50", n=50, d=100), fig(OLD_QNG, "75", n=300, d=400)], MERGED.predecessors
    )
    assert (why_not, missing) == (None, ())
    assert (figure.numerator, figure.denominator, figure.reading.value) == (D(350), D(500), D("70.00"))


def test_counts_add_up_and_an_estimate_part_makes_an_estimate():
    figure, _, _ = combine("count", [fig(KON_TUM, "120"), fig(OLD_QNG, "1006", estimate=True)], MERGED.predecessors)
    assert figure.reading.value == D(1126)
    assert figure.reading.is_estimate


def test_mixed_qualifiers_make_the_sum_approximate():
    parts = [fig(KON_TUM, "10", qualifier=Qualifier.ABOVE), fig(OLD_QNG, "5")]
    assert combine("count", parts, MERGED.predecessors)[0].reading.qualifier is Qualifier.APPROXIMATELY


def test_ranks_indexes_and_bare_shares_do_not_combine():
    for unit in ("rank", "index", "boolean"):
        assert combine(unit, [fig(KON_TUM, "40"), fig(OLD_QNG, "1")], MERGED.predecessors)[:2] == (
            None,
            NoCombination.DOES_NOT_COMBINE,
        )
    result = combine("percent", [fig(KON_TUM, "50", n=1, d=2), fig(OLD_QNG, "99")], MERGED.predecessors)
    assert result[:2] == (None, NoCombination.NO_COUNTS)


def test_a_missing_predecessor_gives_nothing_and_is_named():
    assert combine("count", [fig(KON_TUM, "40")], MERGED.predecessors) == (None, NoCombination.MISSING, (OLD_QNG,))


def test_merged_unit_never_takes_one_predecessors_figure():
    # Kon Tum reported later; old Quảng Ngãi earlier: no date on which both reported.
    figures = [fig(KON_TUM, "40", on=date(2025, 3, 31), d=63), fig(OLD_QNG, "1", on=date(2024, 10, 11), d=63)]
    result = claim(MERGED, "rank", figures)
    assert result.figure is None and result.basis is None
    assert result.why_not is NoCombination.MISSING and result.missing == (OLD_QNG,)


def test_merged_unit_claims_the_newest_date_on_which_all_reported_and_its_own_figures():
    figures = [
        fig(KON_TUM, "50", on=date(2024, 6, 30), n=50, d=100, seq=1),
        fig(OLD_QNG, "75", on=date(2024, 6, 30), n=300, d=400, seq=2),
        fig(KON_TUM, "60", on=date(2025, 3, 31), n=60, d=100, seq=3),  # alone on its date
    ]
    result = claim(MERGED, "percent", figures)
    assert result.basis is Basis.COMBINED and result.units == (KON_TUM, OLD_QNG)
    assert result.figure.reading.value == D("70.00") and result.figure.reading.on == date(2024, 6, 30)
    own = fig(NEW_QNG, "80", on=date(2025, 12, 31), n=8, d=10, seq=4)
    assert claim(MERGED, "percent", [*figures, own]).basis is Basis.OWN
    # Before the combined date nothing is claimable.
    assert claim(MERGED, "percent", figures, as_of=date(2024, 6, 29)).figure is None


def test_a_correction_on_the_same_date_replaces_the_part_it_corrects():
    figures = [fig(KON_TUM, "10", seq=1), fig(OLD_QNG, "5", seq=2), fig(KON_TUM, "12", seq=3)]
    assert claim(MERGED, "count", figures).figure.reading.value == D(17)


def test_single_predecessor_is_inherited_and_successor_flagged():
    assert claim(SINGLE, "percent", [fig(OLD_QNI, "71.4")]).basis is Basis.PREDECESSOR
    result = claim(OLD, "percent", [fig(OLD_QNG, "90", on=date(2024, 1, 1)), fig(NEW_QNG, "95", on=date(2026, 1, 1))])
    assert result.basis is Basis.SUCCESSOR and result.units == (NEW_QNG,)
    assert claim(OLD, "percent", [fig(OLD_QNG, "90")]).basis is Basis.OWN


def test_basis_of_a_figure():
    assert basis_of(MERGED, "2025-51") is Basis.OWN
    assert basis_of(OLD, "2025-51") is Basis.SUCCESSOR
    assert basis_of(SINGLE, "2008-22") is Basis.PREDECESSOR
    assert basis_of(MERGED, "2008-62") is Basis.COMBINED
    assert basis_of(MERGED, None) is None and basis_of(MERGED, "2025-01") is None


def test_rank_cohort():
    assert cohort(fig(OLD_QNG, "1", d=63), "rank") == 63
    assert cohort(fig(OLD_QNG, "1"), "rank") is None
    assert cohort(fig(OLD_QNG, "70", n=7, d=10), "percent") is None


def test_district_targets_due_from_the_reform_are_flagged():
    assert level_abolished("district", date(2025, 12, 31))
    assert level_abolished("district", date(2025, 7, 1))
    assert not level_abolished("district", date(2025, 6, 30))
    assert not level_abolished("commune", date(2025, 12, 31))


# ---------------------------------------------------------------------------------------------------------------
# A merged unit's target: every combined reading, and the facts they join


def test_combination_gives_one_reading_per_date_all_reported_and_ignores_the_rest():
    earlier, later = date(2024, 10, 11), DAY
    figures = [
        fig(KON_TUM, "25", on=earlier, n="100", d="400", seq=1),
        fig(OLD_QNG, "75", on=earlier, n="1200", d="1600", seq=2),
        fig(KON_TUM, "50", on=later, n="200", d="400", seq=3),  # old Quảng Ngãi did not report that day
        fig(NEW_QNG, "99", on=later, seq=4),
        fig(OLD_QNI, "1", on=later, seq=5),  # not predecessors: ignored
    ]
    result = combination(MERGED, "percent", figures)
    assert [(r.on, r.value, r.ref) for r in result.readings] == [(earlier, D("65.00"), None)]
    assert (result.why_not, result.missing, result.predecessors) == (None, (), (KON_TUM, OLD_QNG))


def test_combination_says_why_when_there_is_none():
    only_one = combination(MERGED, "percent", [fig(OLD_QNG, "75", n="1200", d="1600")])
    assert (only_one.readings, only_one.why_not, only_one.missing) == ((), NoCombination.MISSING, (KON_TUM,))
    bare = combination(MERGED, "percent", [fig(KON_TUM, "25"), fig(OLD_QNG, "75", seq=2)])
    assert (bare.readings, bare.why_not) == ((), NoCombination.NO_COUNTS)
    ranks = combination(MERGED, "rank", [fig(KON_TUM, "40"), fig(OLD_QNG, "1", seq=2)])
    assert (ranks.readings, ranks.why_not) == ((), NoCombination.DOES_NOT_COMBINE)
    assert combination(MERGED, "percent", []) == Combination(MERGED.predecessors)


def test_with_readings_joins_the_facts_as_if_all_were_read_together():
    rule = TargetRule(Comparator.AT_LEAST, D(60), date(2030, 12, 31))
    own = [Reading(date(2026, 3, 31), D(58), seq=10, ref=10)]
    combined = [Reading(DAY, D(65), seq=2, ref=None)]
    assert with_readings(rule, facts_of(rule, own), combined) == facts_of(rule, own + combined)
    assert with_readings(rule, Facts(), combined) == facts_of(rule, combined)
    assert with_readings(rule, facts_of(rule, own), []) == facts_of(rule, own)
    # Judged on 2026-06-30: the combined 65% is the reference; the own 58% a decline from it.
    result = judge(rule, with_readings(rule, facts_of(rule, own), combined), date(2026, 6, 30))
    assert (result.latest.value, result.explanation["reference"]["value"], result.declining) == (D(58), D(65), True)


def random_history(rng, days) -> list[UnitFigure]:
    """Up to 10 figures of the merged unit and its predecessors on `days`, shares with counts mostly, some entries
    of one unit on one date (corrections)."""
    figures = []
    for seq in range(1, rng.randrange(0, 12)):
        unit = rng.choice([NEW_QNG, OLD_QNG, KON_TUM])
        n = rng.randrange(0, 50) if rng.random() < 0.7 else None
        figures.append(fig(unit, rng.randrange(1, 90), on=rng.choice(days), n=n, d=None if n is None else 50 + n,
                           seq=seq, qualifier=rng.choice(list(Qualifier))))  # fmt: skip
    return figures


def test_claiming_a_stored_combination_claims_what_the_figures_would():
    """`claim_combined` (a merged unit's predecessors' figures combined beforehand, as stored) picks the figure,
    basis, units and reason `claim` picks from the figures themselves, on random histories and days."""
    rng = random.Random("claim_combined")
    days = [DAY + timedelta(days=30 * i) for i in range(6)]
    for _ in range(400):
        unit_of_measure = rng.choice(["percent", "count", "rank"])
        figures = random_history(rng, days)
        on = rng.choice(days)
        upto = [f for f in figures if f.reading.on <= on]
        expected = claim(MERGED, unit_of_measure, figures, on)
        got = claim_combined(MERGED, upto, combination(MERGED, unit_of_measure, upto))
        assert (got.basis, got.units, got.why_not, got.missing) == (
            expected.basis,
            expected.units,
            expected.why_not,
            expected.missing,
        )
        assert (got.figure and (got.figure.unit, got.figure.reading)) == (
            expected.figure and (expected.figure.unit, expected.figure.reading)
        )


def test_a_date_combines_only_with_what_combining_needs():
    """`combining_needs` is what the ranking's SQL searches for (a date on which every predecessor has a figure, with
    its counts for a share; none for ranks): every date `combine` combines must have it, or that search would skip
    a date that combines."""
    rng = random.Random("combining_needs")
    for _ in range(400):
        unit_of_measure = rng.choice(["percent", "count", "vnd", "rank", "index", "boolean"])
        parts = []
        for unit in (KON_TUM, OLD_QNG):
            if rng.random() < 0.9:
                n = rng.randrange(0, 50) if rng.random() < 0.7 else None
                d = None if n is None or rng.random() < 0.1 else 50 + n
                parts.append(fig(unit, rng.randrange(1, 90), n=n, d=d))
        combined, _, _ = combine(unit_of_measure, parts, MERGED.predecessors)
        if combined is None:
            continue
        needs = combining_needs(unit_of_measure)
        assert needs is not Needs.NEVER and len(parts) == 2
        if needs is Needs.COUNTS:
            assert all(p.numerator is not None and p.denominator is not None for p in parts)


def test_combination_on_any_day_follows_from_the_dated_combination():
    """`combination_on` of `dated_combination` over every figure (what is stored) is `combination` of the figures
    up to the day, on random histories, units of measure and days: a stored series answers for every day."""
    rng = random.Random("dated_combination")
    days = [DAY + timedelta(days=30 * i) for i in range(6)]
    for _ in range(300):
        unit_of_measure = rng.choice(["percent", "count", "rank"])
        figures = random_history(rng, days)
        combined, unmatched = dated_combination(MERGED, unit_of_measure, figures)
        readings = [f.reading for f in combined]
        changes = unmatched_changes(readings, unmatched)
        for on in [DAY - timedelta(days=1), *days]:
            expected = combination(MERGED, unit_of_measure, [f for f in figures if f.reading.on <= on])
            assert combination_on(MERGED, readings, unmatched, on) == expected
            assert combination_on(MERGED, readings, changes, on) == expected
