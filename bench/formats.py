#!/usr/bin/env python3
"""The report formats benchmark: what each renderer adds to an audit, against the JSON report.

    python3 bench/formats.py BUILD_DIR [--sizes 2000,10000] [--runs 3] [--workdir DIR]

For each size N it generates the deployment of bench/gen_deployment.py (N models, shared with
bench/run.py's cache) and times, --runs times each, the whole audit with one report format:

    sovaudit audit DIR --as-of 2026-11-21 --no-verify --format F --output FILE

for F in json (the peer: the spec's report), text, sarif, junit, markdown, html; then once with
all six in one run. It prints the median wall time, the peak RSS, the output size, and the time
relative to --format json in the same run (a ratio, so the machine's speed cancels out).
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AS_OF, generate, measure  # noqa: E402

FORMATS = ["json", "text", "sarif", "junit", "markdown", "html"]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--sizes", default="2000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "sovaudit-bench")
    args = ap.parse_args()
    sovaudit = args.build_dir / "sovaudit"
    if not os.access(sovaudit, os.X_OK):
        sys.exit(f"formats.py: {sovaudit} not found; build it first")

    print(f"sovaudit report formats: --no-verify, median of {args.runs} runs, as of {AS_OF}")
    hdr = ("N", "format", "wall s", "peak RSS MiB", "output MiB", "vs json")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "|".join("---:" for _ in hdr) + "|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            d = generate(n, args.workdir)
            base = [str(sovaudit), "audit", str(d), "--as-of", AS_OF, "--no-verify"]
            json_s = None
            for fmt in FORMATS + ["all six"]:
                if fmt == "all six":
                    outs = [os.path.join(tmp, f"r.{f}") for f in FORMATS]
                    cmd = base + sum((["--format", f, "--output", o]
                                      for f, o in zip(FORMATS, outs)), [])
                else:
                    outs = [os.path.join(tmp, f"r.{fmt}")]
                    cmd = base + ["--format", fmt, "--output", outs[0]]
                runs = [measure(cmd) for _ in range(args.runs)]
                for _, _, code, err in runs:
                    if code != 0:
                        sys.exit(f"formats.py: {' '.join(cmd)} exited {code}:\n{err}")
                wall = statistics.median(r[0] for r in runs)
                rss = max(r[1] for r in runs)
                size = sum(os.path.getsize(o) for o in outs) / 2**20
                if fmt == "json":
                    json_s = wall
                print(f"| {n} | {fmt} | {wall:.3f} | {rss:.0f} | {size:.1f} | "
                      f"{wall / json_s:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
