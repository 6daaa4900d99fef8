import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "provinces.json"


@pytest.fixture
def provinces(db):
    """The reviewed province fixture (97 units, 63 successions), loaded by path: FIXTURE_DIRS is not set."""
    call_command("loaddata", str(FIXTURE), verbosity=0)


@pytest.fixture(scope="session")
def fixture_records():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))
