"""deploy/kubernetes/ checked: each manifest validates (kubernetes-validate --strict, the
Kubernetes OpenAPI schemas, offline), a broken copy does not (the check bites), and what the
manifests ask of sovaudit holds: the Job's completions, parallelism and JOB_COMPLETION_COUNT
agree, and every option the containers pass to `sovaudit verify-plan` is one it has.

    kubernetes_manifests.py SOVAUDIT KUBERNETES_VALIDATE
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_checks import check, finish  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def validates(kv, path):
    r = subprocess.run([kv, "--strict", "--quiet", path], capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def main():
    sovaudit, kv = sys.argv[1], sys.argv[2]
    manifests = sorted(glob.glob(os.path.join(SOURCE, "deploy/kubernetes/*.yaml")))
    check(len(manifests) >= 2, "deploy/kubernetes holds the Job and the DaemonSet")
    help_text = subprocess.run([sovaudit, "verify-plan", "--help"], capture_output=True, text=True).stdout
    options = set(re.findall(r"--[a-z][a-z-]*", help_text))
    for path in manifests:
        name = os.path.basename(path)
        ok, out = validates(kv, path)
        check(ok, name + " validates against the Kubernetes schemas (strict): " + out[-200:])
        doc = yaml.safe_load(open(path))
        spec = doc["spec"]["template"]["spec"]
        container = spec["containers"][0]
        words = " ".join(container.get("command", []) + container.get("args", []))
        check("verify-plan" in words, name + " runs sovaudit verify-plan")
        for opt in re.findall(r"--[a-z][a-z-]*", words):
            check(opt in options, name + ": verify-plan has " + opt)
        if doc["kind"] == "Job":
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            n = doc["spec"]["completions"]
            check(doc["spec"]["completionMode"] == "Indexed", name + " is an Indexed Job")
            check(doc["spec"]["parallelism"] == n and env.get("JOB_COMPLETION_COUNT") == str(n),
                  name + ": completions, parallelism and JOB_COMPLETION_COUNT agree")
        # A broken copy must fail: a field Kubernetes does not know.
        broken = yaml.safe_load(open(path))
        broken["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            yaml.safe_dump(broken, f)
        ok, _ = validates(kv, f.name)
        os.unlink(f.name)
        check(not ok, name + " with an unknown field does not validate (the check bites)")
    finish()


if __name__ == "__main__":
    main()
