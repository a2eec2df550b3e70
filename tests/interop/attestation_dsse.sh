#!/usr/bin/env bash
# sovaudit's audit attestation checked by the Python package cryptography alone (DSSE
# signature, in-toto Statement v1 fields, subject digests by hashlib). See attestation_dsse.py.
#
# Usage: attestation_dsse.sh SOVAUDIT [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold
# cryptography (scripts/dev.sh test installs it). Without it the test is skipped: exit 77.

# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
SOVAUDIT=$(realpath "${1:?usage: attestation_dsse.sh SOVAUDIT [VENV]}")
interop_python "${2:-}" 'import cryptography' "cryptography is"
require_executable "$SOVAUDIT"
exec "$PY" "$HERE/attestation_dsse.py" "$SOVAUDIT"
