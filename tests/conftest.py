import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create users; the production hasher costs a second or two per user on these machines."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
