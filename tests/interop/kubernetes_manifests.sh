#!/usr/bin/env bash
# deploy/kubernetes/ against the Kubernetes schemas (kubernetes-validate, PyPI, tests only) and
# against sovaudit's own options. See kubernetes_manifests.py.
#
# Usage: kubernetes_manifests.sh SOVAUDIT [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold
# kubernetes-validate (scripts/dev.sh test installs it). Without it the test is skipped: exit 77.

# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
SOVAUDIT=$(realpath "${1:?usage: kubernetes_manifests.sh SOVAUDIT [VENV]}")
interop_python "${2:-}" 'import kubernetes_validate, yaml' "kubernetes-validate is"
require_executable "$SOVAUDIT"
exec "$PY" "$HERE/kubernetes_manifests.py" "$SOVAUDIT" "$VENV/bin/kubernetes-validate"
