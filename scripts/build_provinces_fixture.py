"""Build fixtures/provinces.json (the 63 + 34 province-level units and the 2025 successions).

Source: the PyPI package `vietnam-provinces` 2026.9.0 (GPL-3.0-or-later, needs Python >= 3.12). The package is a
build-time input only: the project never installs or imports it, it ships the reviewed data this script writes.
Run it outside the project venv, from the repository root:

    python3.12 -m venv .venv-provinces     # Python 3.12 or later, apart from the project's .venv
    .venv-provinces/bin/pip install vietnam-provinces==2026.9.0
    .venv-provinces/bin/python scripts/build_provinces_fixture.py            # writes fixtures/provinces.json
    .venv-provinces/bin/python scripts/build_provinces_fixture.py --check    # exit 1 if the file would change

What the script does (details and sources: fixtures/PROVENANCE.md):

- 63 units of the 2008 division from `vietnam_provinces.legacy` (era "2008", valid 2008-08-01..2025-06-30) and 34 units
  from `vietnam_provinces.Province` (era "2025", valid from 2025-07-01).
- Successions old -> new are derived from the package's ward conversion table, taking each legacy ward's province from
  the legacy district it belongs to (not from the ward row's own, sometimes wrong, `province_code`). Every old unit must
  end up with exactly one successor; the result must equal the NQ 202/2025/QH15 table embedded below.
- Kind changes the package does not date (Huế 2025-01-01; Đồng Nai, Quảng Ninh, Bắc Ninh in 2026) come from KIND_CHANGES.
- `key` and `search_name` are written into the fixture because loaddata does not call Province.save(); search_name
  uses provinces/text.py's fold(), loaded by path (that module imports nothing from Django).
- Primary keys are explicit and stable, so loading the fixture twice updates rows in place:
  province pk = int(era) * 100 + int(code) (202544 = new Quảng Trị, 200845 = old Quảng Trị);
  succession pk = predecessor pk * 1_000_000 + successor pk.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH, Province, Ward, legacy
from vietnam_provinces import _province_conversion_2025 as province_conversion
from vietnam_provinces import _ward_conversion_2025 as ward_conversion

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "fixtures" / "provinces.json"
PACKAGE_VERSION = "2026.9.0"

OLD_ERA, NEW_ERA = "2008", "2025"
OLD_VALID_FROM, OLD_VALID_UNTIL = "2008-08-01", "2025-06-30"
NEW_VALID_FROM = "2025-07-01"
MERGER_BASIS = "Nghị quyết 202/2025/QH15"
MERGER_EFFECTIVE_ON = "2025-07-01"

TINH, THANH_PHO = "tinh", "thanh_pho"
PREFIXES = {"Tỉnh ": TINH, "Thành phố ": THANH_PHO}
CODENAME_PREFIXES = ("tinh_", "thanh_pho_")

# Changes of kind (tỉnh -> thành phố trực thuộc trung ương) inside an era: (era, code) -> (effective date, basis).
# The package carries none of these dates. Sources and their strength: fixtures/PROVENANCE.md.
KIND_CHANGES = {
    (OLD_ERA, 46): ("2025-01-01", "Nghị quyết 175/2024/QH15"),  # Thừa Thiên Huế -> Thành phố Huế
    (NEW_ERA, 75): ("2026-04-30", "Nghị quyết 30/2026/QH16"),  # Đồng Nai
    (NEW_ERA, 22): ("2026-09-01", "Nghị quyết 36/2026/QH16"),  # Quảng Ninh
    (NEW_ERA, 24): ("2026-09-20", "Nghị quyết 39/2026/QH16"),  # Bắc Ninh
}

# NQ 202/2025/QH15 (the National Assembly's resolution of 2025 on the provinces), new code -> old codes,, with the
# package's Tiền Giang -> Tây Ninh error removed. The derived mapping must equal this exactly.
EXPECTED_PREDECESSORS = {
    1: {1},
    4: {4},
    8: {2, 8},
    11: {11},
    12: {12},
    14: {14},
    15: {10, 15},
    19: {6, 19},
    20: {20},
    22: {22},
    24: {24, 27},
    25: {17, 25, 26},
    31: {30, 31},
    33: {33, 34},
    37: {35, 36, 37},
    38: {38},
    40: {40},
    42: {42},
    44: {44, 45},
    46: {46},
    48: {48, 49},
    51: {51, 62},
    52: {52, 64},
    56: {56, 58},
    66: {54, 66},
    68: {60, 67, 68},
    75: {70, 75},
    79: {74, 77, 79},
    80: {72, 80},
    82: {82, 87},
    86: {83, 84, 86},
    91: {89, 91},
    92: {92, 93, 94},
    96: {95, 96},
}


def load_fold():
    spec = importlib.util.spec_from_file_location("_dtrack_text", ROOT / "provinces" / "text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fold


fold = load_fold()


def clean(text: str) -> str:
    """NFC, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def split_name(name: str) -> tuple[str, str]:
    for prefix, kind in PREFIXES.items():
        if name.startswith(prefix):
            return kind, name.removeprefix(prefix)
    raise ValueError(f"unexpected province name {name!r}")


def kind_of(division_type) -> str:
    return THANH_PHO if str(division_type) == "thành phố trung ương" else TINH


def bare_codename(codename: str) -> str:
    for prefix in CODENAME_PREFIXES:
        if codename.startswith(prefix):
            return codename.removeprefix(prefix)
    return codename


def province_pk(era: str, code: int) -> int:
    return int(era) * 100 + code


def province_row(era: str, unit, valid_from: str, valid_until: str | None, corrections: list[str]) -> dict:
    code = int(unit.code)
    name = clean(unit.name)
    kind = kind_of(unit.division_type)
    name_kind, short_name = split_name(name)
    assert name_kind == kind, (era, code, name, unit.division_type)
    codename = bare_codename(unit.codename)
    kind_since, former_kind, kind_basis = valid_from, "", ""
    if (era, code) in KIND_CHANGES:
        assert kind == THANH_PHO, (era, code, "the package should already show the later kind")
        kind_since, kind_basis = KIND_CHANGES[(era, code)]
        former_kind = TINH
        corrections.append(f"{era}-{code:02d} {name}: kind {TINH} -> {THANH_PHO} since {kind_since} ({kind_basis})")
    fields = {
        "key": f"{era}-{code:02d}",
        "code": f"{code:02d}",
        "era": era,
        "name": name,
        "short_name": short_name,
        "codename": codename,
        "search_name": fold(f"{name} {short_name} {codename.replace('_', ' ')}"),
        "kind": kind,
        "kind_since": kind_since,
        "former_kind": former_kind,
        "kind_basis": kind_basis,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "phone_code": unit.phone_code,
    }
    return {"model": "provinces.province", "pk": province_pk(era, code), "fields": fields}


def derive_successors(old_codes: set[int], new_codes: set[int], corrections: list[str]) -> dict[int, set[int]]:
    """old code -> new codes, from the ward conversion table, each legacy ward placed by its legacy district."""
    pairs: dict[int, set[int]] = defaultdict(set)
    for entry in ward_conversion.OLD_TO_NEW.values():
        ref = entry.old_ward
        try:
            district_code = int(legacy.Ward.from_code(legacy.WardCode(ref.code)).district_code)
        except ValueError:
            # A few converted wards are missing from the legacy snapshot (2025-01-04); their district still exists.
            district_code = ref.district_code
        assert district_code == ref.district_code, ref
        old_province = int(legacy.District.from_code(legacy.DistrictCode(district_code)).province_code)
        if old_province != ref.province_code:
            corrections.append(
                f"ward conversion row {ref.code} (district {district_code}) is tagged province {ref.province_code}; "
                f"its legacy district belongs to province {old_province}: used {old_province}"
            )
        for new_ref in entry.new_wards:
            assert int(Ward.from_code(new_ref.code).province_code) == new_ref.province_code, new_ref
            pairs[old_province].add(new_ref.province_code)
    assert set(pairs) == old_codes, set(pairs) ^ old_codes
    assert set().union(*pairs.values()) == new_codes
    for old, news in sorted(pairs.items()):
        assert len(news) == 1, f"old province {old} has several successors: {sorted(news)}"
    # Compare with the package's own province table and record every difference.
    for old, entry in sorted(province_conversion.OLD_TO_NEW.items()):
        package_news = {ref.code for ref in entry.new_provinces}
        if package_news != pairs[old]:
            corrections.append(
                f"province table: old {old} -> {sorted(package_news)} in the package; derived {sorted(pairs[old])}"
            )
    return dict(pairs)


def build() -> tuple[list[dict], list[str]]:
    assert vietnam_provinces.__version__ == PACKAGE_VERSION, vietnam_provinces.__version__
    corrections: list[str] = []

    old_units = sorted(legacy.Province.iter_all(), key=lambda p: int(p.code))
    new_units = sorted(Province.iter_all(), key=lambda p: int(p.code))
    assert len(old_units) == 63 and len(new_units) == 34, (len(old_units), len(new_units))

    # The bundled JSON still shows the division as of 2025-07-01; the Python objects carry the 2026 kind changes.
    # Check that they differ in exactly the units KIND_CHANGES dates.
    json_kinds = {p["code"]: kind_of(p["division_type"]) for p in json.loads(NESTED_DIVISIONS_JSON_PATH.read_text())}
    changed = {int(p.code) for p in new_units if kind_of(p.division_type) != json_kinds[int(p.code)]}
    assert changed == {code for era, code in KIND_CHANGES if era == NEW_ERA}, changed
    assert sum(kind == THANH_PHO for kind in json_kinds.values()) == 6  # 28 tỉnh + 6 thành phố on 2025-07-01

    provinces = [province_row(OLD_ERA, p, OLD_VALID_FROM, OLD_VALID_UNTIL, corrections) for p in old_units]
    provinces += [province_row(NEW_ERA, p, NEW_VALID_FROM, None, corrections) for p in new_units]

    old_codes = {int(p.code) for p in old_units}
    new_codes = {int(p.code) for p in new_units}
    successors = derive_successors(old_codes, new_codes, corrections)

    predecessors: dict[int, set[int]] = defaultdict(set)
    for old, news in successors.items():
        predecessors[next(iter(news))].add(old)
    assert dict(predecessors) == EXPECTED_PREDECESSORS, "derived mapping differs from NQ 202/2025/QH15"
    # NQ 60-NQ/TW: 11 units not merged (Hà Nội, Cao Bằng, Điện Biên, Lai Châu, Sơn La, Lạng Sơn, Quảng Ninh,
    # Thanh Hóa, Nghệ An, Hà Tĩnh, Huế); the other 23 new units are formed from 52 old ones.
    unmerged = {new for new, olds in predecessors.items() if olds == {new}}
    assert unmerged == {1, 4, 11, 12, 14, 20, 22, 38, 40, 42, 46}, unmerged
    assert sum(len(olds) for new, olds in predecessors.items() if new not in unmerged) == 52
    assert predecessors[44] == {44, 45}  # Quảng Bình + Quảng Trị -> Quảng Trị
    assert successors[62] == {51}  # Kon Tum -> Quảng Ngãi
    assert successors[82] == {82}  # Tiền Giang -> Đồng Tháp only
    assert successors[22] == {22}  # Quảng Ninh unchanged

    successions = []
    for old in sorted(successors):
        (new,) = successors[old]
        pred_pk, succ_pk = province_pk(OLD_ERA, old), province_pk(NEW_ERA, new)
        successions.append(
            {
                "model": "provinces.succession",
                "pk": pred_pk * 1_000_000 + succ_pk,
                "fields": {
                    "predecessor": pred_pk,
                    "successor": succ_pk,
                    "effective_on": MERGER_EFFECTIVE_ON,
                    "basis": MERGER_BASIS,
                },
            }
        )

    new_rows = [r["fields"] for r in provinces if r["fields"]["era"] == NEW_ERA]
    old_rows = [r["fields"] for r in provinces if r["fields"]["era"] == OLD_ERA]
    assert sum(r["kind"] == THANH_PHO for r in new_rows) == 9 and sum(r["kind"] == TINH for r in new_rows) == 25
    assert sum(r["kind"] == THANH_PHO for r in old_rows) == 6 and sum(r["kind"] == TINH for r in old_rows) == 57
    assert len({r["key"] for r in new_rows + old_rows}) == 97
    assert len(successions) == 63
    return provinces + successions, corrections


def render(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def log(message: str) -> None:
    sys.stderr.write(message + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the fixture is out of date")
    args = parser.parse_args()
    records, corrections = build()
    text = render(records)
    log("Corrections and additions to the package data:")
    for line in corrections:
        log(f"  - {line}")
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            log(f"{OUTPUT} is out of date")
            return 1
        log(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    log(f"wrote {OUTPUT}: {len(records)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
