#!/usr/bin/env python3
"""The OMS hashing benchmark: `sovaudit digest` against sha256sum, openssl, b3sum and the
reference tool (model-signing 1.1.1), on the same files in the same run.

    python3 bench/hash_bench.py BUILD_DIR [--runs 3] [--gib 4] [--workdir DIR] [--keep]
                                          [--venv .venv] [--markdown FILE]

Builds nothing: BUILD_DIR must hold `sovaudit` (e.g. `cmake --build build-hash --target
sovaudit`). It writes two models of --gib GiB each under --workdir (default: a new folder in
$TMPDIR, or /tmp), deleted at the end unless --keep:

    single/model.bin          one file of --gib GiB
    multi/part-{0..7}.bin     8 files of --gib/8 GiB each

reads every file once so that all runs hash from the page cache (it warns when the machine has
too little free memory for that), then times, for each model, --runs times each (median wall
time of the whole process):

    sha256sum FILES                       one stream per file, one after the other
    openssl dgst -sha256 FILES            the baseline of the goals ("openssl")
    b3sum FILES                           BLAKE3 (another hash; multi-threaded), when installed
    sovaudit digest MODEL --method M [--shard-size S] [--threads 1]
    reference: VENV/bin/python tests/interop/reference_api.py digest MODEL M S
               (the reference CLI has no digest command; this is its Python API computing the
               manifest and root digest, as `model_signing sign` does before signing)

for M = files, shards of 1 MiB (1048576) and shards of 1 GB (1000000000, the reference
default). The first run of each sovaudit/reference pair is checked: both must print the same
root digest. Prints a Markdown table (seconds, GB/s with GB = 10^9 bytes, speed relative to
openssl and to the reference) and the goals of the hashing issue, each met or missed.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFERENCE_API = ROOT / "tests" / "interop" / "reference_api.py"
MIB = 1 << 20
GIB = 1 << 30
METHODS = [("files", 0, "files"), ("shards", MIB, "shards 1 MiB"),
           ("shards", 1_000_000_000, "shards 1 GB")]
PARTS = 8


def mem_available():
  try:
    for line in Path("/proc/meminfo").read_text().splitlines():
      if line.startswith("MemAvailable:"):
        return int(line.split()[1]) * 1024
  except OSError:
    pass
  return None


def write_file(path, size, seed_block, tag):
  """Writes `size` bytes: a distinct 64-byte tag, then a random block repeated (hash speed does
  not depend on the content)."""
  if path.exists() and path.stat().st_size == size:
    return
  with open(path, "wb") as f:
    head = tag.encode().ljust(64, b"\0")
    f.write(head)
    left = size - len(head)
    while left > 0:
      n = min(left, len(seed_block))
      f.write(seed_block[:n])
      left -= n


def make_models(workdir, total):
  block = os.urandom(64 * MIB)
  single = workdir / "single"
  multi = workdir / "multi"
  single.mkdir(parents=True, exist_ok=True)
  multi.mkdir(parents=True, exist_ok=True)
  write_file(single / "model.bin", total, block, "single")
  for i in range(PARTS):
    write_file(multi / f"part-{i}.bin", total // PARTS, block, f"part-{i}")
  return [("1 file", single, [single / "model.bin"]),
          (f"{PARTS} files", multi, sorted(multi.glob("part-*.bin")))]


def warm(files):
  for f in files:
    buf = bytearray(8 * MIB)
    with open(f, "rb", buffering=0) as fh:
      while fh.readinto(buf):
        pass


def run_once(cmd):
  """Wall seconds of one run, and its stdout; exits on failure."""
  start = time.perf_counter()
  proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
  wall = time.perf_counter() - start
  if proc.returncode != 0:
    sys.exit(f"hash_bench: failed ({proc.returncode}): {' '.join(map(str, cmd))}\n"
             f"{proc.stderr.decode(errors='replace')}")
  return wall, proc.stdout.decode(errors="replace").strip()


def timed(cmd, runs):
  """(median seconds, all seconds, stdout of the first run)."""
  times, first = [], None
  for _ in range(runs):
    t, out = run_once(cmd)
    times.append(t)
    if first is None:
      first = out
  return statistics.median(times), times, first


def main():
  ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
  ap.add_argument("build_dir", type=Path)
  ap.add_argument("--runs", type=int, default=3)
  ap.add_argument("--gib", type=float, default=4.0, help="size of each model in GiB (default 4)")
  ap.add_argument("--workdir", type=Path, default=None)
  ap.add_argument("--keep", action="store_true", help="keep the generated models")
  ap.add_argument("--venv", type=Path, default=ROOT / ".venv")
  ap.add_argument("--markdown", type=Path, default=None, help="also write the output here")
  args = ap.parse_args()

  sovaudit = (args.build_dir / "sovaudit").resolve()
  if not sovaudit.exists():
    sys.exit(f"hash_bench: {sovaudit} not found; build it first")
  ref_python = args.venv / "bin" / "python"
  have_ref = ref_python.exists() and subprocess.run(
      [ref_python, "-c", "import model_signing"], capture_output=True).returncode == 0
  b3sum = shutil.which("b3sum")

  total = int(args.gib * GIB) // PARTS * PARTS
  base = Path(os.environ.get("TMPDIR") or "/tmp")
  created = args.workdir is None
  workdir = Path(tempfile.mkdtemp(prefix="hash_bench.", dir=base)) if created else args.workdir
  workdir.mkdir(parents=True, exist_ok=True)
  lines = []

  def emit(s=""):
    print(s, flush=True)
    lines.append(s)

  try:
    print(f"hash_bench: writing 2 models of {total / GIB:g} GiB under {workdir}", file=sys.stderr)
    models = make_models(workdir, total)
    os.sync()  # no writeback of the new files during the timed runs
    avail = mem_available()
    if avail is not None and avail < 2 * total * 1.1:
      print(f"hash_bench: warning: {avail / GIB:.1f} GiB of memory available; the models may "
            "not stay in the page cache", file=sys.stderr)
    for _, _, files in models:
      warm(files)

    rows = []  # (model, method, tool, median, times)
    results = {}
    for model_name, model_dir, files in models:
      fs = [str(f) for f in files]
      peers = [("sha256sum", ["sha256sum", *fs]), ("openssl", ["openssl", "dgst", "-sha256", *fs])]
      if b3sum:
        peers.append(("b3sum", [b3sum, *fs]))
      for tool, cmd in peers:
        print(f"hash_bench: {model_name}: {tool}", file=sys.stderr)
        med, times, _ = timed(cmd, args.runs)
        rows.append((model_name, "whole files", tool, med, times))
        results[(model_name, tool)] = med
      for method, shard, label in METHODS:
        size_args = [] if method == "files" else ["--shard-size", str(shard)]
        digests = {}
        for tool, extra in (("sovaudit", []), ("sovaudit --threads 1", ["--threads", "1"])):
          cmd = [sovaudit, "digest", model_dir, "--method", method, *size_args, *extra]
          print(f"hash_bench: {model_name}: {tool} {label}", file=sys.stderr)
          med, times, out = timed(cmd, args.runs)
          digests[tool] = out
          rows.append((model_name, label, tool, med, times))
          results[(model_name, label, tool)] = med
        if have_ref:
          cmd = [ref_python, REFERENCE_API, "digest", model_dir, method, str(shard or 1)]
          print(f"hash_bench: {model_name}: reference {label}", file=sys.stderr)
          med, times, out = timed(cmd, args.runs)
          digests["reference"] = out
          rows.append((model_name, label, "reference (Python API)", med, times))
          results[(model_name, label, "reference")] = med
        if len(set(digests.values())) != 1:
          sys.exit(f"hash_bench: digests differ for {model_name} {label}: {digests}")
  finally:
    if created and not args.keep:
      shutil.rmtree(workdir, ignore_errors=True)
    elif not args.keep and args.workdir is not None:
      print(f"hash_bench: left {workdir} in place (given with --workdir)", file=sys.stderr)

  cpu = ""
  try:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
      if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
  except OSError:
    pass
  emit(f"Date: {datetime.date.today().isoformat()}; machine: {os.cpu_count()} cores ({cpu}), "
       f"{platform.system()} {platform.release()}; each model {total / GIB:g} GiB "
       f"({total / 1e9:.2f} GB), in the page cache; median of {args.runs} runs "
       "(wall time of the whole process).")
  emit()
  emit("| model | method | tool | seconds (median) | GB/s | vs openssl | reference / this |")
  emit("|---|---|---|---:|---:|---:|---:|")
  for model_name, label, tool, med, times in rows:
    openssl = results.get((model_name, "openssl"))
    ref = results.get((model_name, label, "reference"))
    vs_openssl = f"{openssl / med:.2f}x" if openssl else ""
    vs_ref = f"{ref / med:.2f}x" if ref and tool.startswith("sovaudit") else ""
    emit(f"| {model_name} | {label} | {tool} | {med:.3f} | {total / 1e9 / med:.2f} | "
         f"{vs_openssl} | {vs_ref} |")
  if not b3sum:
    emit()
    emit("b3sum: not installed (Debian package b3sum), not measured.")
  if not have_ref:
    emit()
    emit(f"reference: {ref_python} with model_signing not found, not measured.")

  # The goals of the hashing issue (sovaudit with the default thread count unless named).
  emit()
  emit("| goal | measured | met |")
  emit("|---|---|---|")

  def goal(text, value, ok):
    emit(f"| {text} | {value} | {'yes' if ok else 'NO'} |")

  single, multi = models[0][0], models[1][0]
  o1, o8 = results[(single, "openssl")], results[(multi, "openssl")]
  s = results[(single, "files", "sovaudit")]
  goal("1 file, files: within 10% of openssl", f"{s / o1:.2f}x openssl's time", s <= 1.10 * o1)
  s = results[(multi, "files", "sovaudit")]
  goal(f"{PARTS} files, files: >= 1.8x openssl", f"{o8 / s:.2f}x", o8 / s >= 1.8)
  for model_name, o in ((single, o1), (multi, o8)):
    for _, _, label in METHODS[1:]:
      s = results[(model_name, label, "sovaudit")]
      goal(f"{model_name}, {label}: >= 1.8x openssl", f"{o / s:.2f}x", o / s >= 1.8)
  if have_ref:
    for model_name, _, _ in models:
      for _, _, label in METHODS:
        r = results[(model_name, label, "reference")]
        s = results[(model_name, label, "sovaudit")]
        if label == "shards 1 MiB":
          goal(f"{model_name}, {label}: >= 5x the reference", f"{r / s:.2f}x", r / s >= 5.0)
        else:
          goal(f"{model_name}, {label}: faster than the reference", f"{r / s:.2f}x", r > s)


  if args.markdown:
    args.markdown.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
  main()
