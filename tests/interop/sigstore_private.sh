#!/usr/bin/env bash
# Keyless (Sigstore) verification against a private Sigstore instance, fully offline:
# tests/sigstore/make_instance.py builds the instance (Fulcio CAs, Rekor v1 and v2 logs, a CT log,
# a timestamp authority, its trusted root), a good OMS bundle and one bundle per negative case,
# and lists them in cases.tsv; every case is run through `sovaudit verify`, asserting the exit
# status and the keyless check that stderr names ("keyless check '<name>' failed").
#
# Usage: sigstore_private.sh BUILD_DIR [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold the Python
# package cryptography; without it the test is skipped: exit 77, CTest's SKIP_RETURN_CODE.

# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
BUILD=$(realpath "${1:?usage: sigstore_private.sh BUILD_DIR [VENV]}")
SOV="$BUILD/sovaudit"
interop_python "${2:-}" 'import cryptography' "the Python package cryptography is"
require_executable "$SOV"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PY" "$HERE/../sigstore/make_instance.py" "$WORK/instance" || { echo "FAIL: make_instance.py"; exit 1; }
cd "$WORK/instance" || exit 1

checks=0
failures=0
printf '%-26s %-5s %-5s %-16s %-16s %s\n' case want got "want check" "got check" result
while IFS=$'\t' read -r name bundle want_exit want_check extra; do
  case $name in '#'* | '') continue ;; esac
  model=model
  identity=alice@example.com
  provider=https://issuer.example.com
  trust=trusted_root.json
  read -r -a tokens <<<"$extra"
  i=0
  while [ $i -lt ${#tokens[@]} ]; do
    case ${tokens[$i]} in
      model=*) model=${tokens[$i]#model=} ;;
      --identity) i=$((i + 1)); identity=${tokens[$i]} ;;
      --identity-provider) i=$((i + 1)); provider=${tokens[$i]} ;;
      --trust-config) i=$((i + 1)); trust=${tokens[$i]} ;;
      *) echo "FAIL: $name: unknown extra argument ${tokens[$i]}"; exit 1 ;;
    esac
    i=$((i + 1))
  done
  "$SOV" verify "$model" --signature "$bundle" --identity "$identity" --identity-provider "$provider" \
    --trust-config "$trust" >"$WORK/out" 2>"$WORK/err"
  got_exit=$?
  got_check=$(sed -n "s/.*keyless check '\([a-z-]*\)' failed.*/\1/p" "$WORK/err" | head -1)
  got_check=${got_check:--}
  checks=$((checks + 1))
  result=ok
  if [ "$got_exit" != "$want_exit" ] || [ "$got_check" != "$want_check" ]; then
    result=FAIL
    failures=$((failures + 1))
  fi
  printf '%-26s %-5s %-5s %-16s %-16s %s\n' "$name" "$want_exit" "$got_exit" "$want_check" "$got_check" "$result"
  if [ $result = FAIL ]; then
    sed 's/^/    /' "$WORK/err" | tail -8
  fi
done <cases.tsv

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ] && [ "$checks" -gt 0 ]
