#!/usr/bin/env bash
# Fuzzes one target for a bounded time: run.sh FUZZER SEED_DIR SECONDS
# New inputs go to a scratch corpus (the seeds are read only). A crash, a sanitizer report, a
# hang over 10 s or 2 GiB of memory fails the test, and the input that caused it is printed in
# base64 so that a CI log is enough to reproduce it (base64 -d > crash; FUZZER crash).
set -uo pipefail
fuzzer=$1 seeds=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" \
  >"$work/log" 2>&1
rc=$?
grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)|^#[0-9]+.*DONE' "$work/log"
if [ $rc -ne 0 ]; then
  tail -n 60 "$work/log"
  for f in "$work"/artifacts/*; do
    [ -f "$f" ] || continue
    echo "== $(basename "$f") (base64) =="
    base64 -w 0 "$f" | head -c 200000
    echo
  done
  exit 1
fi
