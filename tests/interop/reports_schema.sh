#!/usr/bin/env bash
# SARIF output against the official SARIF 2.1.0 schema (tests/data/third_party/schemas) with the
# jsonschema package, and JUnit output through Python's XML parser.
# Usage: reports_schema.sh SOVAUDIT [VENV]. Without jsonschema in VENV (scripts/dev.sh test
# installs it): exit 77, CTest's SKIP_RETURN_CODE.
# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
BIN=$(realpath "${1:?usage: reports_schema.sh SOVAUDIT [VENV]}")
SCHEMA="$SOURCE/tests/data/third_party/schemas/sarif-schema-2.1.0.json"
interop_python "${2:-$SOURCE/.venv}" 'import jsonschema' "jsonschema is"
[ -f "$SCHEMA" ] || { echo "FAIL: $SCHEMA is missing"; exit 1; }
exec "$PY" "$HERE/reports_schema.py" "$BIN" "$SCHEMA" "$SOURCE"
