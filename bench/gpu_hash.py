#!/usr/bin/env python3
"""The GPU hashing benchmark (spec/signing.md, "The GPU path"), on a machine with an NVIDIA GPU.

    python3 bench/gpu_hash.py BUILD_DIR [--gib 16] [--runs 3] [--workdir DIR] [--keep]
                                        [--markdown FILE]

BUILD_DIR must hold `sovaudit` built with the CUDA path and `bench/gpu_h2d_bandwidth`
(`cmake -S . -B build && cmake --build build`). Writes a model of --gib GiB (16 files of
--gib/16 GiB of random bytes) under --workdir (default: a new folder in $TMPDIR or /tmp; deleted
at the end unless --keep), reads it once so that every run hashes from the page cache (it warns
when the machine has too little free memory for that), then prints, for OMS shards of 1 MiB and
4 MiB, the median of --runs runs of the whole process in GB/s (GB = 10^9 bytes):

    gpu        sovaudit digest MODEL --method shards --shard-size S --device gpu
    cpu        sovaudit digest MODEL --method shards --shard-size S --device cpu  (every core)
    openssl    openssl dgst -sha256 on one 1/16 file, scaled: one core's SHA-256
    copy limit bench/gpu_h2d_bandwidth: pinned host-to-device copies (median of 10 x 1 GiB)

and the ratios the issue sets goals for: gpu/cpu (goal >= 1.5) and gpu as a fraction of the copy
limit; the GPU's own goal is >= 25 GB/s on an H100. The GPU and CPU root digests of each shard
size must be equal, or the script fails.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1 << 20
GIB = 1 << 30
PARTS = 16


def mem_available():
  for line in Path("/proc/meminfo").read_text().splitlines():
    if line.startswith("MemAvailable:"):
      return int(line.split()[1]) * 1024
  return 0


def timed(cmd):
  t = time.perf_counter()
  r = subprocess.run(cmd, capture_output=True, text=True)
  dt = time.perf_counter() - t
  if r.returncode != 0:
    sys.exit(f"gpu_hash: {' '.join(map(str, cmd))} failed ({r.returncode}): {r.stderr.strip()}")
  return dt, r.stdout.strip(), r.stderr.strip()


def median_run(cmd, runs):
  times, out, err = [], None, None
  for _ in range(runs):
    dt, out, err = timed(cmd)
    times.append(dt)
  return statistics.median(times), out, err


def write_model(model, gib):
  model.mkdir(parents=True)
  part = gib * GIB // PARTS
  for i in range(PARTS):
    # AES-CTR of zeros: random-looking bytes at GB/s, where /dev/urandom is far slower.
    with open(model / f"part-{i:02d}.bin", "wb") as f:
      with open("/dev/zero", "rb") as zero:
        enc = subprocess.Popen(["openssl", "enc", "-aes-128-ctr", "-nosalt", "-pass", f"pass:{i}"],
                               stdin=zero, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        left = part
        while left:
          block = enc.stdout.read(min(left, 64 * MIB))
          if not block:
            sys.exit("gpu_hash: openssl enc stopped writing")
          f.write(block)
          left -= len(block)
        enc.kill()
        enc.wait()


def warm(model):
  for p in sorted(model.iterdir()):
    with open(p, "rb") as f:
      while f.read(64 * MIB):
        pass


def main():
  ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
  ap.add_argument("build_dir", type=Path)
  ap.add_argument("--gib", type=int, default=16)
  ap.add_argument("--runs", type=int, default=3)
  ap.add_argument("--workdir", type=Path)
  ap.add_argument("--keep", action="store_true")
  ap.add_argument("--markdown", type=Path)
  a = ap.parse_args()
  sovaudit = a.build_dir / "sovaudit"
  h2d = a.build_dir / "bench" / "gpu_h2d_bandwidth"
  for tool in (sovaudit, h2d):
    if not tool.exists():
      sys.exit(f"gpu_hash: {tool} not found (build with the CUDA path)")
  work = a.workdir or Path(tempfile.mkdtemp(prefix="sovaudit-gpu-bench-"))
  model = work / "model"
  total = a.gib * GIB // PARTS * PARTS
  if mem_available() < total * 1.2:
    print(f"gpu_hash: warning: {mem_available() / GIB:.0f} GiB available: the model may not stay "
          "in the page cache", file=sys.stderr)
  try:
    if not model.exists():
      write_model(model, a.gib)
    warm(model)
    _, limit_out, _ = timed([h2d, "--mib", "1024", "--runs", "10"])
    copy_limit = float(limit_out.split()[2])
    one = sorted(model.iterdir())[0]
    t_ssl, _, _ = median_run(["openssl", "dgst", "-sha256", one], a.runs)
    ssl = one.stat().st_size / t_ssl / 1e9
    _, _, device = timed([sovaudit, "digest", model, "--method", "shards", "--shard-size",
                          str(MIB), "--device", "gpu", "--verbose", "--quiet"])
    rows = []
    for shard in (MIB, 4 * MIB):
      base = [sovaudit, "digest", model, "--method", "shards", "--shard-size", str(shard), "--quiet"]
      t_gpu, d_gpu, _ = median_run(base + ["--device", "gpu"], a.runs)
      t_cpu, d_cpu, _ = median_run(base + ["--device", "cpu"], a.runs)
      if d_gpu != d_cpu:
        sys.exit(f"gpu_hash: shards of {shard}: GPU digest {d_gpu} != CPU digest {d_cpu}")
      gpu, cpu = total / t_gpu / 1e9, total / t_cpu / 1e9
      rows.append((f"{shard // MIB} MiB", gpu, cpu, ssl, copy_limit, gpu / cpu, gpu / copy_limit))
    lines = [f"GPU hashing, {total / GIB:.0f} GiB in the page cache, {os.cpu_count()} cores; "
             f"{device.removeprefix('sovaudit: hashed on ')}", "",
             "| shards | gpu GB/s | cpu (all cores) GB/s | openssl 1 core GB/s | copy limit GB/s "
             "| gpu/cpu (goal >= 1.5) | gpu/copy limit |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
      lines.append(f"| {r[0]} | {r[1]:.1f} | {r[2]:.1f} | {r[3]:.2f} | {r[4]:.1f} | {r[5]:.2f} "
                   f"| {r[6]:.0%} |")
    lines.append("")
    lines.append("GPU and CPU root digests identical for every shard size.")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.markdown:
      a.markdown.write_text(text)
  finally:
    if not a.keep and not a.workdir:
      shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
  main()
