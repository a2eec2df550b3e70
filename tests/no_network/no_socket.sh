#!/usr/bin/env bash
# `sovaudit verify` opens no socket, with or without --offline: the binary runs with the
# LD_PRELOAD shim no_socket.so, which ends the process with exit 99 at the first socket(),
# connect() or name lookup. A positive control (an audit that fetches a URL) proves the shim
# catches a real attempt; without that, a pass would prove nothing.
#
# Usage: no_socket.sh SOVAUDIT SHIM   (run from the source root)
set -uo pipefail
SOV=${1:?usage: no_socket.sh SOVAUDIT SHIM}
SHIM=${2:?usage: no_socket.sh SOVAUDIT SHIM}
KL=tests/data/third_party/sigstore/v1.1.0-sigstore
HD=fixtures/signed-model/weights/aoba-helpdesk-3.7b
failures=0

# expect CODE NAME ARGS...: runs sovaudit under the shim and checks its exit status.
expect() {
  local want=$1 name=$2
  shift 2
  local out rc
  out=$(LD_PRELOAD="$SHIM" "$SOV" "$@" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $name: exit $rc, expected $want"
    echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok: $name (exit $rc)"
  fi
}

keyless=(verify "$KL" --signature "$KL/model.sig" --ignore-paths "$KL/ignore-me"
         --identity stefanb@us.ibm.com --identity-provider https://sigstore.verify.ibm.com/oauth2)
expect 0 "keyless verify" "${keyless[@]}"
expect 0 "keyless verify --offline" "${keyless[@]}" --offline
expect 3 "keyless verify, wrong identity" "${keyless[@]/stefanb@us.ibm.com/mallory@example.com}"
expect 0 "key verify" verify "$HD" --signature "$HD/model.sig" \
  --public-key fixtures/signed-model/keys/helpdesk-signing-key.pub.pem
expect 0 "audit of signed weights --offline" audit fixtures/signed-model --as-of 2026-11-21 --offline

# The positive control: this audit must try the network, and the shim must stop it.
expect 99 "positive control: a rule pack by URL" audit fixtures/signed-model --as-of 2026-11-21 \
  --rules "https://127.0.0.1:1/pack.yaml#sha256=$(printf "%064d" 0)"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "PASS"
