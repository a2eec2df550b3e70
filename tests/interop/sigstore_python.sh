#!/usr/bin/env bash
# sovaudit's offline keyless verification against sigstore-python 4.5.1 (PyPI sigstore), also
# offline: real staging (Rekor v2) and production (OMS) bundles, and the private instance of
# tests/sigstore/make_instance.py. See sigstore_python.py.
#
# Usage: sigstore_python.sh BUILD_DIR [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold sigstore
# (scripts/dev.sh test installs it). Without it the test is skipped: exit 77, CTest's
# SKIP_RETURN_CODE.

# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
BUILD=$(realpath "${1:?usage: sigstore_python.sh BUILD_DIR [VENV]}")
interop_python "${2:-}" 'import sigstore.verify, cryptography' "sigstore (sigstore-python) is"
require_executable "$BUILD/sovaudit"
exec "$PY" "$HERE/sigstore_python.py" "$BUILD/sovaudit"
