#!/usr/bin/env bash
# The HTML report rendered by headless Chromium: screenshot pixels, DOM text, printed PDF.
# Usage: html_chromium.sh SOVAUDIT [VENV]. Needs chromium and pdftotext (Debian packages that
# scripts/dev.sh installs) and Pillow in VENV; without them: exit 77 (CTest's skip).
# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
BIN=$(realpath "${1:?usage: html_chromium.sh SOVAUDIT [VENV]}")
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null; then
  echo "SKIP: chromium or pdftotext is not installed (scripts/dev.sh deps installs them)"
  exit 77
fi
interop_python "${2:-$SOURCE/.venv}" 'import PIL' "Pillow is"
exec "$PY" "$HERE/html_chromium.py" "$BIN" "$SOURCE" "$CHROMIUM" ${KEEP_OUT:+"$KEEP_OUT"}
