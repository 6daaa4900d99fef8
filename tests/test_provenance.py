"""Provenance a user can follow: every source named in the fixtures and the docs is inside the repository or a
named public document, and no text cites a file that is not in the repository.

The project was built from material kept outside the repository (the seed articles, research notes, a design
note); the product ships neither, so nothing may point at them. The seed articles ship as fixtures/sources/."""

import json
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SOURCES = json.loads((ROOT / "fixtures" / "sources" / "index.json").read_text(encoding="utf-8"))
CITATIONS = {source["citation"] for source in SOURCES}
OUTLETS = {source["outlet"] for source in SOURCES}
# A public legal document named by its number (Quyết định 749/QĐ-TTg, Nghị quyết 09-NQ/TU, 202/2025/QH15).
DOCUMENT_NUMBER = re.compile(r"\d+(?:/\d{4})?[/-](?:QĐ|NQ|KH|QH|TT)[-/]?[\wĐ-]*")
# A relative path climbing out of its folder, an absolute path on a build machine, a Markdown file named anywhere:
# each must resolve to something the repository holds.
CLIMB = re.compile(r"(?:\.\./)+[\w./-]*[\w-]")
ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:work|home|tmp|root)/[\w./-]+")
MARKDOWN = re.compile(r"(?<![\w/.-])([A-Za-z][\w-]*\.md)\b")
TEXTS = [
    *ROOT.glob("*.md"),
    *ROOT.glob("docs/*.md"),
    *ROOT.glob("fixtures/*.md"),
    *ROOT.glob("fixtures/**/*.md"),
    *ROOT.glob("fixtures/*.json"),
    *ROOT.glob("fixtures/sources/*.json"),
    *(
        p
        for d in ("indicators", "provinces", "accounts", "dtrack", "scripts", "bench", "tests")
        for p in ROOT.glob(f"{d}/**/*.py")
    ),
]


def fixture_rows():
    for name in ("indicators", "plans", "reports"):
        yield from json.loads((ROOT / "fixtures" / f"{name}.json").read_text(encoding="utf-8"))


def names_a_public_source(text: str) -> bool:
    return text in CITATIONS or any(o in text for o in OUTLETS) or bool(DOCUMENT_NUMBER.search(text))


def test_every_fixture_source_is_a_citation_or_a_named_public_document():
    checked = 0
    for row in fixture_rows():
        fields = row["fields"]
        for name in ("source_note", "source"):
            if fields.get(name):
                assert names_a_public_source(fields[name]), (row["model"], row["pk"], fields[name])
                checked += 1
        if row["model"] == "indicators.measurement":
            cited = fields["note"].split(": «", 1)[0]
            assert cited in CITATIONS, (row["pk"], cited)
            checked += 1
    assert checked > 100


def test_every_cited_copy_exists():
    for source in SOURCES:
        assert (ROOT / "fixtures" / "sources" / source["file"]).is_file(), source["file"]


def test_no_text_cites_material_outside_the_repository():
    shipped = {path.name for path in ROOT.rglob("*.md") if ".venv" not in path.parts}
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        # Tests hold hostile input on purpose (an upload named "../../x"): only the product's texts are checked.
        for match in [] if where.parts[0] == "tests" else CLIMB.finditer(text):
            target = (path.parent / match.group(0)).resolve()
            assert target.is_relative_to(ROOT) and target.exists(), f"{where} cites {match.group(0)!r}: not in the repo"
        match = ABSOLUTE.search(text)
        assert match is None, f"{where} cites {match.group(0)!r}, a path on someone's machine"
        for name in MARKDOWN.findall(text):
            assert name in shipped, f"{where} names {name}, which the repository does not hold"


def test_files_the_docs_name_exist():
    """A path in backquotes or a Markdown link in the docs, that looks like a repository file, exists."""
    named = re.compile(r"`((?:[\w.-]+/)+[\w.-]+\.(?:md|py|json|txt|yaml|toml|html))`|\]\(((?!https?:)[^)#\s]+)\)")
    # (fixtures/PROVENANCE.md also names files inside the third-party package it was built from: not checked here)
    for path in [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), ROOT / "fixtures" / "sources" / "README.md"]:
        for match in named.finditer(path.read_text(encoding="utf-8")):
            target = match.group(1) or match.group(2)
            if "<" in target or "*" in target:
                continue  # a pattern, not a file
            candidates = [ROOT / target, path.parent / target]
            assert any(c.exists() for c in candidates), f"{path.relative_to(ROOT)} names {target}, which is not there"
