"""The README's "Main calls" run as written on the demo data (`manage.py seed`).

Every `curl` line of the block is parsed (method, headers, body, URL) and sent through Django's test client with
`$API` as `/api/v1` and `$TOKEN` a staff user's token; each must succeed, and a list must not be empty: an
example answering 404, or a filter finding nothing on the demo data, shows the reader nothing.
"""

import json
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts import tokens

README = Path(settings.BASE_DIR) / "README.md"


def main_calls() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Main calls") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    # Continuation lines (a trailing backslash) and a quoted body spanning lines form one command.
    commands, pending = [], ""
    for line in block.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.removesuffix("\\") + "\n"
        try:
            words = shlex.split(pending)
        except ValueError:  # an open quote: the command goes on
            continue
        if not line.endswith("\\"):
            commands.append(words)
            pending = ""
    return [words for words in commands if words[0] == "curl"]


def request_of(words: list[str]) -> dict:
    method, headers, body, url = "GET", {}, None, None
    args = iter(words[1:])
    for arg in args:
        if arg == "-X":
            method = next(args)
        elif arg == "-H":
            name, _, value = next(args).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            body = next(args)
        elif arg.startswith("-"):
            continue
        else:
            url = arg
    return {"method": method, "headers": headers, "body": body, "url": url}


def test_the_readme_has_the_calls_this_test_runs():
    calls = [request_of(words) for words in main_calls()]
    assert len(calls) >= 10
    assert all(call["url"].startswith("$API/") for call in calls)
    assert any(call["method"] == "POST" for call in calls)


@pytest.mark.parametrize("words", main_calls(), ids=lambda words: request_of(words)["url"])
def test_readme_example_runs_on_the_demo_data(seeded, client, words):
    staff = get_user_model().objects.create_superuser("readme", "readme@example.invalid", "x")
    _, token = tokens.issue(user=staff, name="readme")
    call = request_of(words)
    url = call["url"].replace("$API", "/api/v1")
    headers = {key: value.replace("$TOKEN", token) for key, value in call["headers"].items()}
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    extra.pop("HTTP_CONTENT_TYPE", None)
    if call["method"] == "POST":
        response = client.post(url, data=call["body"], content_type=headers["Content-Type"], **extra)
    else:
        response = client.get(url, **extra)
    assert response.status_code in (200, 201), (url, response.status_code, response.content[:500])
    body = response.json()
    if "results" in body:
        assert body["results"], f"{url} finds nothing on the demo data"
    if "total" in body:  # a scorecard of nothing demonstrates nothing either
        assert body["total"], f"{url} counts no target on the demo data"
    if call["method"] == "POST":
        assert len(body["measurements"]) == len(json.loads(call["body"])["measurements"])
