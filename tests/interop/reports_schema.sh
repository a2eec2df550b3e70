#!/usr/bin/env bash
# SARIF output against the official SARIF 2.1.0 schema (tests/data/third_party/schemas) with the
# jsonschema package, and JUnit output through Python's XML parser.
# Usage: reports_schema.sh SOVAUDIT [VENV]. Without jsonschema in VENV (scripts/dev.sh test
# installs it): exit 77, CTest's SKIP_RETURN_CODE.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE=$(cd "$HERE/../.." && pwd)
BIN=$(realpath "${1:?usage: reports_schema.sh SOVAUDIT [VENV]}")
VENV=${2:-$SOURCE/.venv}
SCHEMA="$SOURCE/tests/data/third_party/schemas/sarif-schema-2.1.0.json"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import jsonschema' >/dev/null 2>&1; then
  echo "SKIP: jsonschema is not installed in $VENV (run scripts/dev.sh test)"
  exit 77
fi
[ -f "$SCHEMA" ] || { echo "FAIL: $SCHEMA is missing"; exit 1; }
exec "$VENV/bin/python" "$HERE/reports_schema.py" "$BIN" "$SCHEMA" "$SOURCE"
