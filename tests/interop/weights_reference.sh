#!/usr/bin/env bash
# Interoperability of sovaudit's GGUF and safetensors header parsers (src/import) with the
# reference Python packages gguf 0.19.0 and safetensors 0.8.0 (PyPI): they write the files,
# tests/interop/dump_headers prints what sovaudit parsed, weights_reference.py compares.
#
# Usage: weights_reference.sh DUMP_HEADERS_BINARY [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold gguf,
# safetensors and numpy (scripts/dev.sh test installs them). Without them the test is skipped:
# exit 77, CTest's SKIP_RETURN_CODE.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DUMP=$(realpath "${1:?usage: weights_reference.sh DUMP_HEADERS_BINARY [VENV]}")
VENV=${2:-${SOVAUDIT_REFERENCE_VENV:-$HERE/../../.venv}}
PY="$VENV/bin/python"
if [ ! -x "$PY" ] || ! "$PY" -c 'import gguf, safetensors.numpy, numpy' >/dev/null 2>&1; then
  echo "SKIP: gguf, safetensors and numpy are not installed in $VENV (run scripts/dev.sh test)"
  exit 77
fi
[ -x "$DUMP" ] || { echo "FAIL: $DUMP is not an executable"; exit 1; }
exec "$PY" "$HERE/weights_reference.py" "$DUMP"
