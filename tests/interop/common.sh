# shellcheck shell=bash
# Sourced first by each interop script, `. "$(dirname "$0")/common.sh"`: the shell options, HERE
# (this folder) and SOURCE (the source tree), the virtual environment that holds the reference
# tools, and the checks that skip a test (exit 77, CTest's SKIP_RETURN_CODE) or fail it before
# it starts.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2034  # read by the scripts that source this file
SOURCE=$(cd "$HERE/../.." && pwd)

# interop_venv [VENV]: VENV is the argument, else $SOVAUDIT_REFERENCE_VENV, else .venv of the
# source tree; PY is its python.
interop_venv() {
  VENV=${1:-${SOVAUDIT_REFERENCE_VENV:-$HERE/../../.venv}}
  PY="$VENV/bin/python"
}

# interop_python VENV IMPORTS WHAT: interop_venv VENV, then skip unless $PY runs IMPORTS; WHAT
# ("X is", "X and Y are") names what is missing.
interop_python() {
  interop_venv "$1"
  if [ ! -x "$PY" ] || ! "$PY" -c "$2" >/dev/null 2>&1; then
    echo "SKIP: $3 not installed in $VENV (run scripts/dev.sh test)"
    exit 77
  fi
}

# require_executable FILE: fail unless FILE is an executable.
require_executable() {
  [ -x "$1" ] || { echo "FAIL: $1 is not an executable"; exit 1; }
}
