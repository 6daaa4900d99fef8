from tests.api.conftest import anon_client, client, staff_user  # noqa: F401  (the API's clients)
