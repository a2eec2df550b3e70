#!/usr/bin/env bash
# Interoperability of sovaudit's GGUF and safetensors header parsers (src/import) with the
# reference Python packages gguf 0.19.0 and safetensors 0.8.0 (PyPI): they write the files,
# tests/interop/dump_headers prints what sovaudit parsed, weights_reference.py compares.
#
# Usage: weights_reference.sh DUMP_HEADERS_BINARY [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold gguf,
# safetensors and numpy (scripts/dev.sh test installs them). Without them the test is skipped:
# exit 77, CTest's SKIP_RETURN_CODE.

# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
DUMP=$(realpath "${1:?usage: weights_reference.sh DUMP_HEADERS_BINARY [VENV]}")
interop_python "${2:-}" 'import gguf, safetensors.numpy, numpy' "gguf, safetensors and numpy are"
require_executable "$DUMP"
exec "$PY" "$HERE/weights_reference.py" "$DUMP"
