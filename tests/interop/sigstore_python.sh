#!/usr/bin/env bash
# sovaudit's offline keyless verification against sigstore-python 4.5.1 (PyPI sigstore), also
# offline: real staging (Rekor v2) and production (OMS) bundles, and the private instance of
# tests/sigstore/make_instance.py. See sigstore_python.py.
#
# Usage: sigstore_python.sh BUILD_DIR [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold sigstore
# (scripts/dev.sh test installs it). Without it the test is skipped: exit 77, CTest's
# SKIP_RETURN_CODE.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(realpath "${1:?usage: sigstore_python.sh BUILD_DIR [VENV]}")
VENV=${2:-${SOVAUDIT_REFERENCE_VENV:-$HERE/../../.venv}}
PY="$VENV/bin/python"
if [ ! -x "$PY" ] || ! "$PY" -c 'import sigstore.verify, cryptography' >/dev/null 2>&1; then
  echo "SKIP: sigstore (sigstore-python) is not installed in $VENV (run scripts/dev.sh test)"
  exit 77
fi
[ -x "$BUILD/sovaudit" ] || { echo "FAIL: $BUILD/sovaudit is not an executable"; exit 1; }
exec "$PY" "$HERE/sigstore_python.py" "$BUILD/sovaudit"
