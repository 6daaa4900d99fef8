"""Problems of the domain, free of any framework: services raise them, the API maps them to RFC 9457 problem
details (dtrack/api/exceptions.py) and the admin shows their `detail` as a message.

A subclass names one problem: an HTTP `status_code` for the API, a stable `default_code` and `type_uri`
(`/problems/<slug>`), a fixed `title` and a `default_detail` (English msgids, shown in the reader's language), and
optionally `errors` pointing at the offending fields: `{"deadline": ["..."]}`.
"""

from typing import Any


class DomainError(Exception):
    status_code: int = 409
    default_code: str = "conflict"
    default_detail: Any = "The request conflicts with the current state of the resource."
    type_uri: str = "about:blank"
    title: str = ""

    def __init__(self, detail: Any = None, code: str | None = None, *, errors: Any = None) -> None:
        self.detail: Any = self.default_detail if detail is None else detail
        self.code: str = code or self.default_code
        self.errors: Any = errors
        super().__init__(str(self.detail))
