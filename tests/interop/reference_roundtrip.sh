#!/usr/bin/env bash
# Interoperability with the reference OMS tool, model_signing 1.1.1 (PyPI model-signing), on
# generated models: a single file, a folder of several files, an empty file, nested folders.
#   - the reference signs (key, and certificate with an intermediate) -> sovaudit verifies;
#   - sovaudit signs (key, certificate, shards) -> the reference verifies;
#   - tampering after either signs -> the other one rejects it;
#   - `sovaudit digest` equals the reference's root digest (files and shards; shards through
#     its Python API, reference_api.py, as its CLI has no shard option).
# Keys and a small CA (root -> intermediate -> leaf) are made with the openssl command.
#
# Usage: reference_roundtrip.sh SOVAUDIT_BINARY [VENV]
# VENV (default: $SOVAUDIT_REFERENCE_VENV, else .venv of the source tree) must hold
# model-signing (scripts/dev.sh test creates it). Without it the test is skipped: exit 77,
# CTest's SKIP_RETURN_CODE.

# shellcheck source=tests/interop/common.sh
. "$(dirname "$0")/common.sh"
SOV=$(realpath "${1:?usage: reference_roundtrip.sh SOVAUDIT_BINARY [VENV]}")
interop_venv "${2:-}"
REF="$VENV/bin/model_signing"
if [ ! -x "$REF" ] || ! "$REF" --version >/dev/null 2>&1; then
  echo "SKIP: the reference tool is not installed in $VENV (run scripts/dev.sh test)"
  exit 77
fi
command -v openssl >/dev/null || { echo "SKIP: no openssl command"; exit 77; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
failures=0
checks=0

# check NAME EXPECTED_EXIT COMMAND...: runs the command, output to a log shown on failure.
check() {
  local name=$1 want=$2
  shift 2
  checks=$((checks + 1))
  "$@" >"$WORK/last.log" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then
    failures=$((failures + 1))
    echo "FAIL: $name: exit $got, expected $want: $*"
    sed 's/^/    /' "$WORK/last.log" | tail -20
  else
    echo "ok:   $name"
  fi
}

# same NAME A B: the two strings must be equal.
same() {
  checks=$((checks + 1))
  if [ "$2" != "$3" ] || [ -z "$2" ]; then
    failures=$((failures + 1))
    echo "FAIL: $1: '$2' != '$3'"
  else
    echo "ok:   $1 ($2)"
  fi
}

# ---- keys and a CA: root -> intermediate -> leaf (digitalSignature, codeSigning) ----
mkdir keys
(
  cd keys || exit 1
  openssl ecparam -name prime256v1 -genkey -noout -out p256.ec &&
    openssl pkcs8 -topk8 -nocrypt -in p256.ec -out key.pem &&
    openssl pkey -in key.pem -pubout -out key.pub &&
    openssl ecparam -name secp384r1 -genkey -noout -out p384.ec &&
    openssl pkcs8 -topk8 -nocrypt -in p384.ec -out key384.pem &&
    openssl pkey -in key384.pem -pubout -out key384.pub &&
    openssl ecparam -name secp384r1 -genkey -noout -out root.key &&
    openssl req -x509 -new -key root.key -subj "/CN=interop-root" -days 30 -out root.pem \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign &&
    openssl ecparam -name prime256v1 -genkey -noout -out int.key &&
    openssl req -new -key int.key -subj "/CN=interop-intermediate" -out int.csr &&
    printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n' >int.ext &&
    openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -set_serial 2 -days 30 \
      -extfile int.ext -out int.pem &&
    openssl req -new -key key.pem -subj "/O=Interop Test/CN=interop-signer" -out leaf.csr &&
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' >leaf.ext &&
    openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -set_serial 3 -days 30 \
      -extfile leaf.ext -out leaf.pem
) >keys.log 2>&1 || { echo "FAIL: openssl could not make the keys"; cat keys.log; exit 1; }

# ---- models ----
head -c 300000 /dev/urandom >single.bin
: >empty.bin
mkdir -p several nested/a/b/c nested/x
head -c 5000 /dev/urandom >several/model.safetensors
echo '{"hidden_size": 64}' >several/config.json
: >several/empty.txt
head -c 70000 /dev/urandom >several/tokenizer.json
echo "not part of the signature" >several/notes.txt
head -c 1000 /dev/urandom >nested/a/b/c/deep.bin
head -c 2048 /dev/urandom >nested/a/b/mid.bin
echo top >nested/top.txt
head -c 10 /dev/urandom >nested/x/tiny
: >nested/x/empty

MODELS=(single.bin several empty.bin nested)

# Where a model's signature goes: the key signatures of a folder go inside it (so the signing
# tool must leave them out, and the verifying tool too); everything else beside the model.
sig_for() { if [ -d "$1" ] && [[ $2 == *-key ]]; then echo "$1/$2.sig"; else echo "$1.$2.sig"; fi; }
# --ignore-paths for a model: a folder keeps notes.txt out of the signature.
ignores_for() { if [ "$1" = several ]; then echo "--ignore-paths several/notes.txt"; fi; }

# The root digest `sovaudit verify` reports.
verified_root() { sed -n 's/^  root digest: //p' "$WORK/last.log"; }

for m in "${MODELS[@]}"; do
  ign=$(ignores_for "$m")
  echo "== $m"

  # Reference signs with a key -> sovaudit verifies (exact command-line shape of the README).
  sig=$(sig_for "$m" ref-key)
  # shellcheck disable=SC2086
  check "$m: reference signs (key)" 0 "$REF" sign key --private_key keys/key.pem --signature "$sig" $ign "$m"
  # shellcheck disable=SC2086
  check "$m: sovaudit verifies the reference's key signature" 0 \
    "$SOV" verify --signature "$sig" --public-key keys/key.pub $ign "$m"
  ref_root=$(verified_root)
  # shellcheck disable=SC2086
  check "$m: the reference verifies its own" 0 "$REF" verify key --signature "$sig" --public_key keys/key.pub $ign "$m"

  # sovaudit digest == the reference's root digest (files); the signature file left out.
  sov_digest=$("$SOV" digest "$m" $ign --ignore-paths "$sig" 2>&1)
  ref_digest=$("$PY" "$HERE/reference_api.py" digest "$m" files 0 $( [ "$m" = several ] && echo several/notes.txt) "$sig" 2>&1)
  same "$m: sovaudit digest = reference digest (files)" "$sov_digest" "$ref_digest"
  same "$m: verified root = reference digest" "$ref_root" "$ref_digest"
  sov_digest=$("$SOV" digest "$m" --method shards --shard-size 1000 $ign --ignore-paths "$sig" 2>&1)
  ref_digest=$("$PY" "$HERE/reference_api.py" digest "$m" shards 1000 $( [ "$m" = several ] && echo several/notes.txt) "$sig" 2>&1)
  same "$m: sovaudit digest = reference digest (shards of 1000)" "$sov_digest" "$ref_digest"

  # Reference signs with a certificate (leaf + intermediate) -> sovaudit verifies with the root.
  sig=$(sig_for "$m" ref-cert)
  # shellcheck disable=SC2086
  check "$m: reference signs (certificate)" 0 "$REF" sign certificate --private_key keys/key.pem \
    --signing_certificate keys/leaf.pem --certificate_chain keys/int.pem --signature "$sig" $ign "$m"
  # shellcheck disable=SC2086
  check "$m: sovaudit verifies the reference's certificate signature" 0 \
    "$SOV" verify --signature "$sig" --certificate-chain keys/root.pem $ign "$m"
  grep -q "certificate subject O=Interop Test,CN=interop-signer" "$WORK/last.log" ||
    { failures=$((failures + 1)); echo "FAIL: $m: signer not named"; cat "$WORK/last.log"; }
  # shellcheck disable=SC2086
  check "$m: sovaudit verifies it with --cert-time now" 0 \
    "$SOV" verify --signature "$sig" --certificate-chain keys/root.pem --cert-time now $ign "$m"

  # sovaudit signs (P-384 key) -> the reference verifies.
  sig=$(sig_for "$m" sov-key)
  # shellcheck disable=SC2086
  check "$m: sovaudit signs (key)" 0 "$SOV" sign "$m" --private-key keys/key384.pem --signature "$sig" $ign
  # shellcheck disable=SC2086
  check "$m: the reference verifies sovaudit's key signature" 0 \
    "$REF" verify key --signature "$sig" --public_key keys/key384.pub $ign "$m"

  # sovaudit signs with the certificate chain -> the reference verifies with the root.
  sig=$(sig_for "$m" sov-cert)
  # shellcheck disable=SC2086
  check "$m: sovaudit signs (certificate)" 0 "$SOV" sign "$m" --private-key keys/key.pem \
    --signing-certificate keys/leaf.pem --certificate-chain keys/int.pem --signature "$sig" $ign
  # shellcheck disable=SC2086
  check "$m: the reference verifies sovaudit's certificate signature" 0 \
    "$REF" verify certificate --signature "$sig" --certificate_chain keys/root.pem $ign "$m"

  # Shards both ways through the reference's Python API (its CLI has no shard option and
  # re-hashes with files when verifying).
  sig=$(sig_for "$m" sov-shards)
  # shellcheck disable=SC2086
  check "$m: sovaudit signs (shards of 4096)" 0 "$SOV" sign "$m" --private-key keys/key.pem \
    --method shards --shard-size 4096 --signature "$sig" $ign
  check "$m: the reference verifies sovaudit's shard signature (Python API)" 0 \
    "$PY" "$HERE/reference_api.py" verify-key "$m" "$sig" keys/key.pub
  if [ "$m" != several ]; then
    sig=$(sig_for "$m" ref-shards)
    check "$m: reference signs (shards of 4096, Python API)" 0 \
      "$PY" "$HERE/reference_api.py" sign-shards "$m" "$sig" keys/key.pem 4096
    check "$m: sovaudit verifies the reference's shard signature" 0 \
      "$SOV" verify --signature "$sig" --public-key keys/key.pub "$m"
  fi
done

# ---- tampering: each tool rejects what the other signed once a byte changes ----
echo "== tampering"
cp -r several several-t
cp -r nested nested-t
check "reference signs several-t" 0 "$REF" sign key --private_key keys/key.pem \
  --signature several-t.sig --ignore-paths several-t/notes.txt several-t
check "sovaudit signs nested-t" 0 "$SOV" sign nested-t --private-key keys/key.pem --signature nested-t.sig
printf 'X' | dd of=several-t/tokenizer.json bs=1 seek=1234 conv=notrunc 2>/dev/null
printf 'X' | dd of=nested-t/a/b/c/deep.bin bs=1 seek=7 conv=notrunc 2>/dev/null
check "sovaudit rejects the tampered reference-signed model (exit 3)" 3 \
  "$SOV" verify several-t --signature several-t.sig --public-key keys/key.pub --ignore-paths several-t/notes.txt
grep -q "tokenizer.json" "$WORK/last.log" ||
  { failures=$((failures + 1)); echo "FAIL: the tampered file is not named"; cat "$WORK/last.log"; }
check "the reference rejects the tampered sovaudit-signed model" 1 \
  "$REF" verify key --signature nested-t.sig --public_key keys/key.pub nested-t
grep -q "deep.bin" "$WORK/last.log" ||
  { failures=$((failures + 1)); echo "FAIL: the reference does not name deep.bin"; cat "$WORK/last.log"; }
check "sovaudit rejects it too (exit 3)" 3 \
  "$SOV" verify nested-t --signature nested-t.sig --public-key keys/key.pub
check "a signature checked with another key fails (exit 3)" 3 \
  "$SOV" verify single.bin --signature single.bin.ref-key.sig --public-key keys/key384.pub

echo "$checks checks, $failures failed ($("$REF" --version 2>&1 | head -1))"
[ "$failures" -eq 0 ]
