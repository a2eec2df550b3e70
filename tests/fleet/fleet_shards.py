"""A fleet verified in shards, as a Kubernetes Indexed Job runs it, then audited without the
weights (issue 18). Standard library only.

    fleet_shards.py SOVAUDIT [--models 1000] [--shards 4]

1. generates a deployment of --models models with small sha256-pinned weight files
   (bench/gen_deployment.py) and writes its plan (`audit --plan-verification`);
2. runs --shards `verify-plan` processes at once, each with the Job's environment
   (JOB_COMPLETION_INDEX, JOB_COMPLETION_COUNT) and its own attestation folder;
3. checks the shards are disjoint and together cover the plan, one VSA per line;
4. audits a copy of the deployment without its weights with `--evidence` over every shard's
   folder: every model's SOV-3.5 must pass on attested evidence, at --require-layer 3;
5. and without one shard's folder the same audit must fail (the gate catches the gap).
Prints one line per check; exits 1 on the first failure.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# The audits run as of today (UTC): the VSAs they accept are made moments before, and a
# VSA made after the audit date is refused.
TODAY = datetime.datetime.now(datetime.timezone.utc).date().isoformat()

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sovaudit")
    ap.add_argument("--models", type=int, default=1000)
    ap.add_argument("--shards", type=int, default=4)
    a = ap.parse_args()
    sov = os.path.abspath(a.sovaudit)
    with tempfile.TemporaryDirectory() as tmp:
        dep = os.path.join(tmp, "dep")
        subprocess.run([sys.executable, os.path.join(SOURCE, "bench/gen_deployment.py"), str(a.models), dep],
                       check=True, stdout=subprocess.DEVNULL)
        key = os.path.join(tmp, "verifier.pem")
        pub = os.path.join(tmp, "verifier.pub")
        subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True)
        subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub], check=True)
        plan = os.path.join(tmp, "plan.jsonl")
        # Run where the weights' paths start from, as the Job's --base is the volume's root.
        subprocess.run([sov, "audit", "dep", "--no-verify", "--as-of", TODAY, "--format", "json",
                        "-o", os.path.join(tmp, "first.json"), "--plan-verification", plan], check=True, cwd=tmp)
        lines = [json.loads(line) for line in open(plan)]
        check(len(lines) == a.models, f"the plan has one line per model ({len(lines)})")

        start = time.monotonic()
        procs = []
        for i in range(a.shards):
            env = dict(os.environ, JOB_COMPLETION_INDEX=str(i), JOB_COMPLETION_COUNT=str(a.shards))
            procs.append(subprocess.Popen([sov, "verify-plan", plan, "--attestation-dir",
                                           os.path.join(tmp, "evidence", f"shard-{i}"), "--attest", key],
                                          cwd=tmp, env=env, stdout=subprocess.PIPE, text=True))
        outputs = [p.communicate()[0] for p in procs]
        wall = time.monotonic() - start
        check(all(p.returncode == 0 for p in procs), f"{a.shards} shards verified in {wall:.2f} s, all passed")
        seen = {}
        for i in range(a.shards):
            for name in os.listdir(os.path.join(tmp, "evidence", f"shard-{i}")):
                if name in seen:
                    check(False, f"{name} is in shards {seen[name]} and {i}")
                seen[name] = i
        # <deployment>--<model>-<12 hex>.json
        expected = {f"{l['deployment']}--{l['model']}" for l in lines}
        check({n.rsplit("-", 1)[0] for n in seen} == expected and len(seen) == len(expected), f"the shards are disjoint and cover the plan: {len(seen)} VSAs for {len(expected)} lines")
        sizes = [sum(1 for v in seen.values() if v == i) for i in range(a.shards)]
        check(max(sizes) - min(sizes) <= 1, f"the shards share the plan evenly: {sizes}")
        for i, out in enumerate(outputs):
            check(f"shard {i}/{a.shards} (JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT)" in out,
                  f"shard {i} took its index from the Job's environment")

        ci = os.path.join(tmp, "ci")
        shutil.copytree(dep, ci, ignore=shutil.ignore_patterns("weights"))
        report = os.path.join(tmp, "report.json")
        start = time.monotonic()
        r = subprocess.run([sov, "audit", ci, "--as-of", TODAY, "--require-layer", "3", "--format", "json",
                            "-o", report, "--evidence", os.path.join(tmp, "evidence"), "--evidence-key", pub])
        audit_wall = time.monotonic() - start
        check(r.returncode == 0, f"the audit without weights passes --require-layer 3 ({audit_wall:.2f} s)")
        findings = [f for d in json.load(open(report))["deployments"] for f in d["findings"] if f["rule"] == "SOV-3.5"]
        check(len(findings) == a.models and all(f["status"] == "pass" and f["evidence"] == "attested" for f in findings),
              f"every SOV-3.5 passes on attested evidence ({len(findings)})")

        shutil.rmtree(os.path.join(tmp, "evidence", "shard-1"))
        r = subprocess.run([sov, "audit", ci, "--as-of", TODAY, "--require-layer", "3",
                            "--evidence", os.path.join(tmp, "evidence"), "--evidence-key", pub],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        check(r.returncode == 1, "without one shard's VSAs the gate fails")


if __name__ == "__main__":
    main()
