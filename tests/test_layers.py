"""The layers of the code map (README.md): the pure rules import no Django, the write services and the domain errors
no web framework. A door (API, admin, import) may import them; never the other way round."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(*paths: str) -> list[Path]:
    return sorted(p for path in paths for p in ([ROOT / path] if path.endswith(".py") else (ROOT / path).rglob("*.py")))


@pytest.mark.parametrize("path", modules("indicators/services", "dtrack/errors.py"), ids=lambda p: p.name)
def test_services_and_domain_errors_import_no_web_framework(path):
    doors = {name for name in imports_of(path) if name.split(".")[0] == "rest_framework" or name.startswith(
        ("dtrack.api", "indicators.api", "indicators.admin"))}  # fmt: skip
    assert doors == set(), f"{path.relative_to(ROOT)} imports {sorted(doors)}"


@pytest.mark.parametrize("path", modules("indicators/rules"), ids=lambda p: p.name)
def test_the_rules_import_no_django(path):
    assert {name for name in imports_of(path) if name.split(".")[0] == "django"} == set()
