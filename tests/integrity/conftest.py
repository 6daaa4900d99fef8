import pytest
from django.conf import settings
from django.utils import translation

from tests.api.conftest import anon_client, client, staff_user  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _default_language():
    """Requests sent with Accept-Language: en leave English active in the thread (LocaleMiddleware does not reset
    it); the tests after them expect the project's default, Vietnamese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
