#!/usr/bin/env bash
# Fuzz the live API with schemathesis from the committed openapi.yaml (docs/security.md, "Fuzzing").
#
#   scripts/fuzz_api.sh postgres://postgres@127.0.0.1:5432/dtrack_fuzz
#
# The database named by the URL is created afresh and dropped on exit: schemathesis writes, changes and deletes
# with a staff token. Steps: migrate, seed (provinces and the demo fixtures), a staff user and a token
# (`manage.py create_token`), gunicorn on a free port, `st run`, figures. Exits non-zero on any 5xx or any answer
# that does not match the schema (the checks below). Environment: VENV (default .venv), FUZZ_EXAMPLES (20),
# FUZZ_SEED (20251122), FUZZ_MAX_TIME (seconds for the whole run, 180).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
URL=${1:?usage: scripts/fuzz_api.sh postgres://user@host:port/disposable_database}
VENV=$(cd "${VENV:-.venv}" && pwd)
PY="$VENV/bin/python"
EXAMPLES=${FUZZ_EXAMPLES:-20}
SEED=${FUZZ_SEED:-20251122}
MAX_TIME=${FUZZ_MAX_TIME:-180}
# One schemathesis worker: with several, hypothesis occasionally fails inside (AST parsing in threads).
# Every check schemathesis has, none left out: server errors, every way an answer can differ from openapi.yaml,
# missing required headers, unsupported methods, ignored credentials, resources unavailable after creation or
# available after deletion, and both ways between schema and API: what the schema allows is taken (ST202) and what
# it forbids is refused (ST201) (docs/security.md, "Fuzzing"). FUZZ_EXCLUDE_CHECKS is for a local experiment only.
CHECKS=all
EXCLUDE_CHECKS=${FUZZ_EXCLUDE_CHECKS-}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dtrack-fuzz.XXXXXX")
SERVER_PID=""
# Only DTRACK_* set here: whatever the caller has set must not change the run.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^DTRACK_' || true)
export DTRACK_DATABASE_URL="$URL"
DTRACK_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DTRACK_SECRET_KEY
export DTRACK_ALLOWED_HOSTS=127.0.0.1 DTRACK_LOG_LEVEL=ERROR DTRACK_THROTTLE_ANON=off DTRACK_THROTTLE_USER=off

database() {  # database create|drop: the database of $URL, through the server's "postgres" database
    "$PY" - "$1" "$URL" <<'EOF'
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

action, url = sys.argv[1], urlsplit(sys.argv[2])
name = url.path.lstrip("/")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as connection:
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    if action == "create":
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
EOF
}

finish() {
    local status=$?
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ] && [ -s "$WORK/server.log" ]; then
        echo "--- gunicorn log (last 60 lines) ---" >&2
        tail -n 60 "$WORK/server.log" >&2
    fi
    database drop || true
    rm -rf "$WORK"
    exit "$status"
}
trap finish EXIT

database create
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed -v0
"$PY" manage.py createsuperuser --noinput --username fuzzer --email fuzzer@example.invalid >/dev/null
TOKEN=$("$PY" manage.py create_token fuzzer --name schemathesis --expires-in-days 1 2>/dev/null)

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# --limit-request-line 0: the fuzzer sends query strings longer than gunicorn's default 4094 bytes, which gunicorn
# itself would refuse with an HTML page before the app sees them (in production the reverse proxy sets that limit).
"$VENV/bin/gunicorn" dtrack.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 --limit-request-line 0 \
    --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
"$PY" - "$PORT" <<'EOF'
import sys
import time
import urllib.request

for _ in range(60):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/provinces/?limit=1", timeout=5)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("gunicorn did not answer within 30 s")
EOF

echo "schemathesis: ${EXAMPLES} examples per operation, seed ${SEED}, at most ${MAX_TIME} s, checks ${CHECKS}${EXCLUDE_CHECKS:+ except ${EXCLUDE_CHECKS}}"
set +e
# Run from $WORK: schemathesis keeps a .schemathesis/ directory in the current one.
(cd "$WORK" && SCHEMATHESIS_HOOKS="$ROOT/scripts/schemathesis_hooks.py" "$VENV/bin/st" --config-file "$ROOT/scripts/schemathesis.toml" run "$ROOT/openapi.yaml" \
    --url "http://127.0.0.1:$PORT" -H "Authorization: Bearer $TOKEN" --max-examples "$EXAMPLES" --seed "$SEED" \
    --max-time "$MAX_TIME" --request-timeout 30 --workers 1 --checks "$CHECKS" ${EXCLUDE_CHECKS:+--exclude-checks "$EXCLUDE_CHECKS"} --generation-database none \
    --no-color --report junit --report-dir "$WORK/report") | tee "$WORK/st.log"
status=${PIPESTATUS[0]}
set -e

# The figures for the record: operations, test cases, failures.
"$PY" - "$WORK/report" "$status" <<'EOF'
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

reports = sorted(Path(sys.argv[1]).glob("*.xml"))
failures = errors = 0
operations = set()
for report in reports:
    for case in ET.parse(report).getroot().iter("testcase"):
        if not case.get("name", "").startswith("Stateful"):
            operations.add(case.get("name"))
        failures += len(case.findall("failure"))
        errors += len(case.findall("error"))
print(f"schemathesis figures: {len(operations)} operations, {failures} failures, {errors} errors, exit {sys.argv[2]}")
EOF
grep -E "^ +[0-9]+ generated|^ +(Selected|Tested):" "$WORK/st.log" || true
exit "$status"
