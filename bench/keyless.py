#!/usr/bin/env python3
"""What a keyless (Sigstore) verification costs beside a key verification of the same model.

    python3 bench/keyless.py BUILD_DIR [--runs 30]

The model is the reference tool's keyless test vector (tests/data/third_party/sigstore/
v1.0.0-sigstore: signme-1, signme-2), verified with its real bundle, --identity and
--identity-provider against the embedded trusted root. The peer is the same files signed with a
fresh P-256 key by `sovaudit sign` and verified with --public-key. A keyless bundle cannot be
made offline, so the model is the vector's: its few bytes make hashing negligible, and what is
left is the fixed cost of each kind of signature, which does not grow with the model (hashing
a large model costs the same under both: HASHING.md).

The two commands run interleaved (A B A B ...), so the machine's drift cancels out in the
ratio. Printed: the median wall time of each, their difference (the fixed cost of the keyless
checks: log entry, SET, proof, checkpoint, timestamps, Fulcio chain, SCT) and the ratio.
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

ROOT = Path(__file__).resolve().parent.parent
VECTOR = ROOT / "tests/data/third_party/sigstore/v1.0.0-sigstore"
IDENTITY = "stefanb@us.ibm.com"
ISSUER = "https://sigstore.verify.ibm.com/oauth2"


def wall(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"keyless.py: {' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    return dt


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    sov = str(args.build_dir / "sovaudit")
    if not os.access(sov, os.X_OK):
        sys.exit(f"keyless.py: {sov} not found; build it first")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = tmp / "model"
        model.mkdir()
        for f in ("signme-1", "signme-2"):
            shutil.copy(VECTOR / f, model / f)
        key = tmp / "key.pem"
        pub = tmp / "key.pub"
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-out", str(key)], check=True)
        subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(pub)],
                       check=True)
        subprocess.run([sov, "sign", str(model), "--private-key", str(key), "--signature",
                        str(tmp / "key.sig")], check=True, stdout=subprocess.DEVNULL)

        keyless = [sov, "verify", str(model), "--signature", str(VECTOR / "model.sig"),
                   "--identity", IDENTITY, "--identity-provider", ISSUER]
        keyed = [sov, "verify", str(model), "--signature", str(tmp / "key.sig"),
                 "--public-key", str(pub)]
        baseline = [sov, "--version"]  # process start, the floor under both
        for cmd in (keyless, keyed, baseline):  # warm-up
            wall(cmd)
        times = {"keyless": [], "key": [], "start": []}
        for _ in range(args.runs):
            times["keyless"].append(wall(keyless))
            times["key"].append(wall(keyed))
            times["start"].append(wall(baseline))
        ratios = [a / b for a, b in zip(times["keyless"], times["key"])]

    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"sovaudit verify of the same 2-file model, median of {args.runs} interleaved runs")
    print("| command | wall ms (median) | min | max |")
    print("|---|---:|---:|---:|")
    for name, label in (("keyless", "verify keyless (--identity, embedded root)"),
                        ("key", "verify with --public-key (peer)"),
                        ("start", "sovaudit --version (process start)")):
        v = [x * 1000 for x in times[name]]
        print(f"| {label} | {med[name]:.1f} | {min(v):.1f} | {max(v):.1f} |")
    print(f"\nkeyless - key: {med['keyless'] - med['key']:.1f} ms (the keyless checks)")
    print(f"keyless / key: {statistics.median(ratios):.2f} (median of the pairwise ratios)")


if __name__ == "__main__":
    main()
