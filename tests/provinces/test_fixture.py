"""Invariants of fixtures/provinces.json itself (no database): what loaddata will store must be consistent."""

import datetime
import unicodedata
from collections import Counter

import pytest

from provinces.text import fold

EXPECTED_PREDECESSORS = {  # NQ 202/2025/QH15, new code -> old codes
    "01": {"01"},
    "04": {"04"},
    "08": {"02", "08"},
    "11": {"11"},
    "12": {"12"},
    "14": {"14"},
    "15": {"10", "15"},
    "19": {"06", "19"},
    "20": {"20"},
    "22": {"22"},
    "24": {"24", "27"},
    "25": {"17", "25", "26"},
    "31": {"30", "31"},
    "33": {"33", "34"},
    "37": {"35", "36", "37"},
    "38": {"38"},
    "40": {"40"},
    "42": {"42"},
    "44": {"44", "45"},
    "46": {"46"},
    "48": {"48", "49"},
    "51": {"51", "62"},
    "52": {"52", "64"},
    "56": {"56", "58"},
    "66": {"54", "66"},
    "68": {"60", "67", "68"},
    "75": {"70", "75"},
    "79": {"74", "77", "79"},
    "80": {"72", "80"},
    "82": {"82", "87"},
    "86": {"83", "84", "86"},
    "91": {"89", "91"},
    "92": {"92", "93", "94"},
    "96": {"95", "96"},
}


@pytest.fixture(scope="module")
def units(fixture_records):
    return {r["pk"]: r["fields"] for r in fixture_records if r["model"] == "provinces.province"}


@pytest.fixture(scope="module")
def successions(fixture_records):
    return [r for r in fixture_records if r["model"] == "provinces.succession"]


def test_only_known_models(fixture_records):
    assert Counter(r["model"] for r in fixture_records) == {"provinces.province": 97, "provinces.succession": 63}


def test_keys_codes_and_pks(units):
    assert Counter(u["era"] for u in units.values()) == {"2008": 63, "2025": 34}
    for pk, u in units.items():
        assert u["key"] == f"{u['era']}-{u['code']}"
        assert len(u["code"]) == 2 and u["code"].isdigit()
        assert pk == int(u["era"]) * 100 + int(u["code"])
    assert len({(u["era"], u["code"]) for u in units.values()}) == 97
    assert len({u["key"] for u in units.values()}) == 97


def test_names_and_search_name(units):
    for u in units.values():
        for field in ("name", "short_name"):
            assert unicodedata.is_normalized("NFC", u[field]), u[field]
            assert "\u2019" not in u[field] and "\u2018" not in u[field]
        prefix = "Thành phố " if u["kind"] == "thanh_pho" else "Tỉnh "
        assert u["name"] == prefix + u["short_name"]
        assert not u["codename"].startswith(("tinh_", "thanh_pho_"))
        assert u["search_name"] == fold(f"{u['name']} {u['short_name']} {u['codename'].replace('_', ' ')}")
        assert len(u["search_name"]) <= 200


def test_validity_and_kinds(units):
    for u in units.values():
        if u["era"] == "2008":
            assert (u["valid_from"], u["valid_until"]) == ("2008-08-01", "2025-06-30")
        else:
            assert (u["valid_from"], u["valid_until"]) == ("2025-07-01", None)
        assert datetime.date.fromisoformat(u["kind_since"]) >= datetime.date.fromisoformat(u["valid_from"])
        changed = u["kind_since"] != u["valid_from"]
        assert bool(u["former_kind"]) == changed == bool(u["kind_basis"]), u["key"]
    kinds = Counter((u["era"], u["kind"]) for u in units.values())
    assert kinds == {("2008", "tinh"): 57, ("2008", "thanh_pho"): 6, ("2025", "tinh"): 25, ("2025", "thanh_pho"): 9}
    changes = {u["key"]: (u["kind_since"], u["kind_basis"]) for u in units.values() if u["former_kind"]}
    assert changes == {
        "2008-46": ("2025-01-01", "Nghị quyết 175/2024/QH15"),
        "2025-75": ("2026-04-30", "Nghị quyết 30/2026/QH16"),
        "2025-22": ("2026-09-01", "Nghị quyết 36/2026/QH16"),
        "2025-24": ("2026-09-20", "Nghị quyết 39/2026/QH16"),
    }


def test_each_old_unit_has_exactly_one_successor(units, successions):
    per_old = Counter(s["fields"]["predecessor"] for s in successions)
    old_pks = {pk for pk, u in units.items() if u["era"] == "2008"}
    assert set(per_old) == old_pks
    assert set(per_old.values()) == {1}
    for s in successions:
        f = s["fields"]
        assert units[f["predecessor"]]["era"] == "2008" and units[f["successor"]]["era"] == "2025"
        assert (f["effective_on"], f["basis"]) == ("2025-07-01", "Nghị quyết 202/2025/QH15")
        assert s["pk"] == f["predecessor"] * 1_000_000 + f["successor"]


def test_mapping_matches_resolution_202(units, successions):
    predecessors = {}
    for s in successions:
        new = units[s["fields"]["successor"]]["code"]
        predecessors.setdefault(new, set()).add(units[s["fields"]["predecessor"]]["code"])
    assert predecessors == EXPECTED_PREDECESSORS
    assert "82" not in predecessors["80"]  # the package's Tiền Giang -> Tây Ninh error is corrected
    # NQ 60-NQ/TW: 11 units kept as they were, 23 new units formed from the other 52.
    unmerged = {new for new, olds in predecessors.items() if olds == {new}}
    assert unmerged == {"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}
    assert sum(len(olds) for new, olds in predecessors.items() if new not in unmerged) == 52
