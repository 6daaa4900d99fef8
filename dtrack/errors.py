"""Problems of the domain, free of any framework: services raise them, the API maps them to RFC 9457 problem
details (dtrack/api/exceptions.py) and the admin shows their `detail` as a message.

A subclass names one problem: an HTTP `status_code` for the API, a stable `default_code` and `type_uri`
(`/problems/<slug>`), a fixed `title` and a `default_detail` (English msgids, shown in the reader's language), and
optionally `errors` pointing at the offending fields: `{"deadline": ["..."]}`.
"""

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# Where errors about the whole request or item go (DRF's default `NON_FIELD_ERRORS_KEY`, which the API keeps).
NON_FIELD = "non_field_errors"


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


class Message(str):
    """One error message with its stable code (the text is in the reader's language, the code is not)."""

    code: str

    def __new__(cls, text: str, code: str = "invalid") -> "Message":
        message = super().__new__(cls, text)
        message.code = code
        return message


def messages_of(exc: ValidationError) -> dict[str, list[Message]]:
    """A Django ValidationError as {field: [Message]}, its params filled in and its codes kept; errors about no one
    field under NON_FIELD."""
    default = getattr(exc, "code", None) or "invalid"

    def one(error: ValidationError) -> Message:
        text = error.message % error.params if error.params else error.message
        return Message(str(text), error.code or default)

    if not hasattr(exc, "error_dict"):
        return {NON_FIELD: [one(error) for error in exc.error_list]}
    return {
        (NON_FIELD if field == NON_FIELD_ERRORS else field): [one(error) for error in errors]
        for field, errors in exc.error_dict.items()
    }


def json_pointer(path: tuple[str, ...]) -> str:
    # RFC 6901: escape "~" before "/", then percent-encode for the URI fragment form (section 6).
    tokens = (quote(token.replace("~", "~0").replace("/", "~1"), safe="~!$&'()*+,;=:@") for token in path)
    return "#/" + "/".join(tokens)


def flatten_errors(detail: Any, path: tuple[str, ...] = ()) -> Iterator[dict[str, str]]:
    """Yield ``{pointer, code, detail}`` for every message in an error structure (the services' or DRF's).

    Dicts are keyed by field name (NON_FIELD adds nothing to the path); lists of messages belong to the current
    path, while lists of dicts or lists are per-item errors of a list field (an empty dict is an item without
    errors).
    """
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            sub = path if key == NON_FIELD else (*path, str(key))
            yield from flatten_errors(value, sub)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list | tuple):
                yield from flatten_errors(item, (*path, str(index)))
            else:
                yield from flatten_errors(item, path)
    else:
        yield {"pointer": json_pointer(path), "code": getattr(detail, "code", "invalid"), "detail": str(detail)}
