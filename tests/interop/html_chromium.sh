#!/usr/bin/env bash
# The HTML report rendered by headless Chromium: screenshot pixels, DOM text, printed PDF.
# Usage: html_chromium.sh SOVAUDIT [VENV]. Needs chromium and pdftotext (Debian packages that
# scripts/dev.sh installs) and Pillow in VENV; without them: exit 77 (CTest's skip).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE=$(cd "$HERE/../.." && pwd)
BIN=$(realpath "${1:?usage: html_chromium.sh SOVAUDIT [VENV]}")
VENV=${2:-$SOURCE/.venv}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null; then
  echo "SKIP: chromium or pdftotext is not installed (scripts/dev.sh deps installs them)"
  exit 77
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import PIL' >/dev/null 2>&1; then
  echo "SKIP: Pillow is not installed in $VENV (run scripts/dev.sh test)"
  exit 77
fi
exec "$VENV/bin/python" "$HERE/html_chromium.py" "$BIN" "$SOURCE" "$CHROMIUM" ${KEEP_OUT:+"$KEEP_OUT"}
