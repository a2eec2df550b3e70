#!/usr/bin/env bash
# The project's one set-up script. Usage:
#   scripts/dev.sh demo   install what is missing, build, audit a bundled example
#   scripts/dev.sh test   install what is missing, build, run every test: the suite, then the
#                         suite again under ASan+UBSan with the fuzz corpora and 60 s of
#                         fuzzing per parser (clang; build-harden/)
#   scripts/dev.sh unit | harden  only the first part | only the second
#   scripts/dev.sh deps | build  install everything the tests need | install and build
# Works on a fresh Debian 12 machine; needs root or sudo only when packages are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

# Debian packages the build needs, and those only the tests need on top (b3sum: a peer in
# bench/hash_bench.py; chromium, poppler-utils and fonts-dejavu-core: the HTML report rendered
# and printed by tests/interop/html_chromium.sh; graphviz: the graph's DOT checked by dot).
PACKAGES=(build-essential cmake ninja-build pkg-config libcli11-dev libyaml-cpp-dev libssl-dev
          libcurl4-openssl-dev libboost-graph-dev nlohmann-json3-dev libgtest-dev iso-codes)
TEST_PACKAGES=(python3 python3-venv openssl coreutils xxd b3sum graphviz chromium poppler-utils
               fonts-dejavu-core clang libclang-rt-14-dev)

# Installs what is missing of PACKAGES (and TEST_PACKAGES with "test").
deps() {
  local missing=() want=("${PACKAGES[@]}")
  [ "${1:-}" = test ] && want+=("${TEST_PACKAGES[@]}")
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The reference tools for tests/interop/ (model-signing for reference_roundtrip.sh; gguf and
# safetensors for weights_reference.sh; jsonschema for reports_schema.sh, the SARIF schema;
# Pillow for html_chromium.sh, the screenshot's pixels; sigstore, sigstore-python, for
# sigstore_python.sh, and its cryptography for tests/sigstore/make_instance.py and
# attestation_dsse.sh; kubernetes-validate for kubernetes_manifests.sh), in a virtual environment
# (.venv, gitignored). model-signing 1.1.1 imports OpenSSL (pyOpenSSL) without declaring it.
# Without network the install fails and those tests are skipped, not failed.
REFERENCE_VENV=${REFERENCE_VENV:-.venv}
venv() {
  if "$REFERENCE_VENV/bin/model_signing" --version 2>/dev/null | grep -q '1\.1\.1' &&
     "$REFERENCE_VENV/bin/python" -c 'import gguf, safetensors.numpy, numpy, jsonschema, PIL, sigstore' 2>/dev/null &&
     "$REFERENCE_VENV/bin/python" -c 'import importlib.metadata as m; assert m.version("sigstore") == "4.5.1"' 2>/dev/null &&
     "$REFERENCE_VENV/bin/python" -c 'import importlib.metadata as m; assert m.version("kubernetes-validate") == "1.37.0"' 2>/dev/null; then
    return 0
  fi
  echo "dev.sh: installing the reference tools (model-signing, gguf, safetensors, jsonschema, Pillow, sigstore, kubernetes-validate) into $REFERENCE_VENV" >&2
  python3 -m venv "$REFERENCE_VENV" &&
    "$REFERENCE_VENV/bin/pip" install -q --disable-pip-version-check "model-signing==1.1.1" \
      "pyOpenSSL==26.4.0" "gguf==0.19.0" "safetensors==0.8.0" "numpy==2.4.6" "PyYAML==6.0.3" \
      "tqdm==4.70.1" "jsonschema==4.26.0" "pillow==13.0.0" "sigstore==4.5.1" \
      "kubernetes-validate==1.37.0" ||
    echo "dev.sh: could not install the reference tools; the interop tests will be skipped" >&2
}

build() {
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

# The hardened build: clang with AddressSanitizer, UndefinedBehaviorSanitizer and the libFuzzer
# targets (fuzz/), in its own folder; its ctest runs the whole suite sanitized, replays every
# fuzz corpus and fuzzes each target for FUZZ_SECONDS (default 60).
HARDEN_DIR=${HARDEN_DIR:-build-harden}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
harden() {
  CC=clang CXX=clang++ cmake -S . -B "$HARDEN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DSOVAUDIT_SANITIZE=ON \
    -DSOVAUDIT_FUZZ=ON -DSOVAUDIT_CUDA=OFF -DSOVAUDIT_FUZZ_SECONDS="$FUZZ_SECONDS" >/dev/null
  cmake --build "$HARDEN_DIR" -j "$JOBS"
  # LeakSanitizer needs ptrace; where a container forbids it, it dies at exit with "LeakSanitizer
  # has encountered a fatal error": then leaks go unchecked, everything else stays on.
  local leaks=1
  if ! ASAN_OPTIONS=detect_leaks=1 "$HARDEN_DIR/sovaudit" --version >/dev/null 2>"$HARDEN_DIR/lsan-probe.txt" &&
     grep -q LeakSanitizer "$HARDEN_DIR/lsan-probe.txt"; then
    echo "dev.sh: LeakSanitizer cannot run here (no ptrace); leak checks are off" >&2
    leaks=0
  fi
  (cd "$HARDEN_DIR" &&
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=$leaks:abort_on_error=1:strict_string_checks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    ctest --output-on-failure -j "$JOBS")
}

case "${1:-}" in
  deps) deps test ;;
  build) deps; build ;;
  demo)
    deps; build
    echo
    echo "\$ sovaudit audit fixtures/layer3-finetune"
    set +e
    "$BUILD_DIR/sovaudit" audit fixtures/layer3-finetune --as-of 2026-11-21
    rc=$?
    set -e
    echo "(exit code $rc)"
    ;;
  test)
    deps test; python3 scripts/check_layers.py; build; venv
    (cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
    harden
    ;;
  unit)
    deps test; python3 scripts/check_layers.py; build; venv
    (cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
    ;;
  harden) deps test; venv; harden ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
