#!/usr/bin/env python3
"""Fleets: verification in shards where the weights live, then the audit from their VSAs.

    python3 bench/fleet.py BUILD_DIR [--models 1000] [--shards 4] [--runs 3]

Generates a bench/gen_deployment.py deployment of --models models (small sha256-pinned weight
files), writes its plan (`audit --plan-verification`) and times, median of --runs:

  verify-plan, one shard alone     each shard's `verify-plan` run by itself (the time a Job pod
                                   takes for its share), and all --shards at once
  audit, weights here (peer)       the audit that hashes every weight file itself
  audit, --evidence, no weights    the merged audit on a copy without the weights, from the
                                   shards' VSAs (--models signature checks and digest matches)

and prints a Markdown table with the ratio of the evidence audit to the peer.
"""

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# The audits run as of today (UTC): the VSAs they accept are made moments before, and a
# VSA made after the audit date is refused.
TODAY = datetime.datetime.now(datetime.timezone.utc).date().isoformat()

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, runs, env=None, cwd=None):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.monotonic() - start)
        if r.returncode != 0:
            sys.exit(f"fleet.py: {' '.join(cmd)} exited {r.returncode}: {r.stderr[-500:]}")
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--models", type=int, default=1000)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    sov = os.path.abspath(os.path.join(a.build, "sovaudit"))
    with tempfile.TemporaryDirectory() as tmp:
        dep = os.path.join(tmp, "dep")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_deployment.py"), str(a.models), dep],
                       check=True, stdout=subprocess.DEVNULL)
        key, pub = os.path.join(tmp, "k.pem"), os.path.join(tmp, "k.pub")
        subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True)
        subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub], check=True)
        plan = os.path.join(tmp, "plan.jsonl")
        subprocess.run([sov, "audit", "dep", "--no-verify", "--as-of", TODAY, "--format", "json", "-o",
                        os.path.join(tmp, "r.json"), "--plan-verification", plan], check=True, cwd=tmp)
        evidence = os.path.join(tmp, "evidence")
        shard_times = []
        for i in range(a.shards):
            shard_times.append(timed([sov, "verify-plan", plan, "--attestation-dir", evidence, "--attest", key,
                                      "--shard", f"{i}/{a.shards}"], a.runs, cwd=tmp))
        start = time.monotonic()
        procs = [subprocess.Popen([sov, "verify-plan", plan, "--attestation-dir", evidence, "--attest", key,
                                   "--shard", f"{i}/{a.shards}"], cwd=tmp, stdout=subprocess.DEVNULL)
                 for i in range(a.shards)]
        for p in procs:
            p.wait()
        together = time.monotonic() - start
        ci = os.path.join(tmp, "ci")
        shutil.copytree(dep, ci, ignore=shutil.ignore_patterns("weights"))
        common = ["--as-of", TODAY, "--require-layer", "3", "--format", "json", "-o", os.path.join(tmp, "x.json")]
        peer = timed([sov, "audit", dep] + common, a.runs)
        merged = timed([sov, "audit", ci, "--evidence", evidence, "--evidence-key", pub] + common, a.runs)
    print(f"sovaudit fleet: {a.models} models, {a.shards} shards, median of {a.runs} runs")
    print("| case | wall s | vs peer |")
    print("|---|---:|---:|")
    for i, t in enumerate(shard_times):
        print(f"| verify-plan, shard {i}/{a.shards} alone ({a.models // a.shards} models) | {t:.3f} | |")
    print(f"| verify-plan, {a.shards} shards at once | {together:.3f} | |")
    print(f"| audit, weights here (peer) | {peer:.3f} | 1.00 |")
    print(f"| audit, --evidence, no weights ({a.models} VSAs) | {merged:.3f} | {merged / peer:.2f} |")


if __name__ == "__main__":
    main()
