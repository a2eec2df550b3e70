#!/usr/bin/env python3
"""The sovaudit audit benchmark: time and peak memory against the yaml-cpp parse floor.

    python3 bench/run.py BUILD_DIR [--sizes 10,200,2000,10000] [--runs 5] [--verify]
                                   [--workdir DIR]

Builds nothing: BUILD_DIR must already hold `sovaudit` and `bench/yaml_parse_floor` (for
example `cmake --build build --target sovaudit yaml_parse_floor`). For each size N it
generates a deployment of N models with bench/gen_deployment.py (cached in --workdir), checks
once that the audit succeeds and reports N models, then times

    sovaudit audit DIR --format json --as-of 2026-11-21 --no-verify   > /dev/null
    yaml_parse_floor DIR                                              > /dev/null

--runs times each (median wall time; peak RSS from the kernel's rusage of the child, via
os.wait4) and prints one table. --verify drops --no-verify, so the audit also hashes the N
weight files (the floor does not).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-21"


CHECK = ("import json, sys; r = json.load(sys.stdin); "
         "print(sum(len(d['models']) for d in r['deployments']), "
         "min(d['achieved_layer'] for d in r['deployments']))")


def measure(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, peak RSS in MiB, exit code, stderr text).

    Peak RSS is the child's ru_maxrss from os.wait4. Linux carries the high-water mark of the
    forking process (this Python) over fork and exec, so a child that stays smaller than this
    process reads as this process's size: main() measures that baseline with /bin/true and
    prints such values as "<= baseline". This process therefore never loads a report itself."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return wall, usage.ru_maxrss / 1024.0, proc.returncode, err.read().decode(errors="replace")


def generate(n, workdir):
    out = workdir / str(n)
    stamp = out / ".generated"
    gen = HERE / "gen_deployment.py"
    if not stamp.exists() or stamp.read_text() != gen.read_text():
        subprocess.run([sys.executable, str(gen), str(n), str(out)], check=True)
        stamp.write_text(gen.read_text())
    return out


def yaml_bytes(d):
    files = [d / "deployment.yaml"] + sorted((d / "provenance").glob("*.yaml"))
    return len(files), sum(f.stat().st_size for f in files)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--sizes", default="10,200,2000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--verify", action="store_true", help="let the audit hash the weight files")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "sovaudit-bench")
    args = ap.parse_args()

    sovaudit = args.build_dir / "sovaudit"
    floor = args.build_dir / "bench" / "yaml_parse_floor"
    for exe in (sovaudit, floor):
        if not os.access(exe, os.X_OK):
            sys.exit(f"run.py: {exe} not found; build it first (see bench/README.md)")

    baseline = measure(["/bin/true"])[1]
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        d = generate(n, args.workdir)
        audit = [str(sovaudit), "audit", str(d), "--format", "json", "--as-of", AS_OF]
        if not args.verify:
            audit.append("--no-verify")

        # Once, untimed: the audit must succeed and see every model. The report is read by a
        # child Python, so that this process stays small (see measure()).
        with tempfile.TemporaryFile() as out:
            _, _, code, err = measure(audit, stdout=out)
            out.seek(0)
            check = subprocess.run([sys.executable, "-c", CHECK], stdin=out, capture_output=True,
                                   text=True)
        if code != 0:
            sys.exit(f"run.py: audit of {d} exited {code}:\n{err}")
        if check.returncode != 0:
            sys.exit(f"run.py: the audit of {d} did not print a JSON report:\n{check.stderr}")
        models, layer = (int(x) for x in check.stdout.split())
        if models != n:
            sys.exit(f"run.py: audit of {d} reported {models} models, expected {n}")

        a = [measure(audit) for _ in range(args.runs)]
        f = [measure([str(floor), str(d)]) for _ in range(args.runs)]
        for wall, rss, code, err in f:
            if code != 0:
                sys.exit(f"run.py: yaml_parse_floor exited {code}:\n{err}")
        files, size = yaml_bytes(d)
        a_t = statistics.median(x[0] for x in a)
        f_t = statistics.median(x[0] for x in f)
        rows.append({
            "N": n, "files": files, "yaml_mib": size / 2**20, "layer": layer,
            "audit_s": a_t, "audit_rss": max(x[1] for x in a),
            "floor_s": f_t, "floor_rss": max(x[1] for x in f),
            "ratio": a_t / f_t if f_t > 0 else float("nan"),
            "us_per_model": a_t / n * 1e6,
        })

    mode = "verify (hashes weights)" if args.verify else "--no-verify"
    print(f"sovaudit audit benchmark: {mode}, median of {args.runs} runs, as of {AS_OF}")
    print(f"(peak RSS at or below {baseline:.0f} MiB, this script's own size, is not resolved:"
          " see measure())")
    hdr = ("N", "files", "YAML MiB", "layer", "audit s", "audit RSS MiB", "floor s",
           "floor RSS MiB", "audit/floor", "audit us/model")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "|".join("---:" for _ in hdr) + "|")
    def rss(v):
        return f"<= {baseline:.0f}" if v <= baseline + 0.5 else f"{v:.1f}"

    for r in rows:
        print(f"| {r['N']} | {r['files']} | {r['yaml_mib']:.1f} | {r['layer']} | {r['audit_s']:.3f} | "
              f"{rss(r['audit_rss'])} | {r['floor_s']:.3f} | {rss(r['floor_rss'])} | "
              f"{r['ratio']:.2f} | {r['us_per_model']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
