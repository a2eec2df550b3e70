"""SARIF and JUnit output against independent truth: the official SARIF 2.1.0 JSON schema
(jsonschema, PyPI) and Python's XML parser. Run by reports_schema.sh.

Usage: reports_schema.py SOVAUDIT SARIF_SCHEMA SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

from interop_checks import check, finish

SOVAUDIT, SCHEMA, SOURCE = sys.argv[1:4]


def audit(args, cwd=SOURCE):
    r = subprocess.run([SOVAUDIT, "audit", "--as-of", "2026-11-21", *args], cwd=cwd,
                       capture_output=True, text=True)
    check(r.returncode in (0, 1), f"audit {args} exited {r.returncode}: {r.stderr}")
    return r.stdout


schema = json.load(open(SCHEMA))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())

with tempfile.TemporaryDirectory() as tmp:
    waivers = os.path.join(tmp, "waivers.yaml")
    with open(waivers, "w") as f:
        f.write("apiVersion: sovaudit/v1\nkind: Waivers\nwaivers:\n"
                "  - rule: SOV-2.2\n    subject: infrastructure/kijang-gpu-kul\n"
                "    owner: cio-office\n    reason: migration contracted\n"
                "    expires: 2027-03-31\n"
                "  - rule: SOV-2.3\n    subject: datasets/member-contacts\n"
                "    owner: cio-office\n    reason: old\n    expires: 2026-01-01\n")
    runs = {
        "every fixture": ["fixtures"],
        "bank portfolio": ["fixtures/bank"],
        "waived and expired": ["fixtures/overclaim-vendor", "--waivers", waivers],
        "top layer": ["fixtures/layer5-end-to-end"],
    }
    for name, args in runs.items():
        sarif = json.loads(audit(args + ["--format", "sarif"]))
        errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
        for e in errors[:5]:
            print(f"  schema: {name}: {'/'.join(map(str, e.path))}: {e.message[:200]}")
        check(not errors, f"SARIF of {name} validates against the SARIF 2.1.0 schema")
        results = sarif["runs"][0]["results"]
        check(all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
                  for r in results), f"every SARIF result of {name} has a line")
        if name == "waived and expired":
            sup = [r for r in results if "suppressions" in r]
            check(len(sup) == 1 and sup[0]["ruleId"] == "SOV-2.2",
                  "exactly the active waiver is a suppression")
            check(any(r["ruleId"] == "SOV-W.1" for r in results), "the expired waiver is a result")
        if name == "top layer":
            check(results == [], "a stack passing every rule has no SARIF result")

        report = json.loads(audit(args + ["--format", "json"]))
        xml = audit(args + ["--format", "junit"])
        root = ET.fromstring(xml)
        check(root.tag == "testsuites", f"JUnit of {name}: root is <testsuites>")
        suites = root.findall("testsuite")
        check(len(suites) == len(report["deployments"]), f"JUnit of {name}: a suite per deployment")
        for suite, d in zip(suites, report["deployments"]):
            cases = suite.findall("testcase")
            statuses = [f["status"] for f in d["findings"]]
            check(suite.get("name") == d["name"], f"suite name {suite.get('name')}")
            check(len(cases) == len(statuses) == int(suite.get("tests")),
                  f"JUnit {d['name']}: a testcase per finding")
            check(sum(c.find("failure") is not None for c in cases) == statuses.count("fail")
                  == int(suite.get("failures")), f"JUnit {d['name']}: failures")
            check(sum(c.find("error") is not None for c in cases) == statuses.count("unknown")
                  == int(suite.get("errors")), f"JUnit {d['name']}: errors are the unknowns")
            skipped = statuses.count("n/a") + statuses.count("waived")
            check(sum(c.find("skipped") is not None for c in cases) == skipped
                  == int(suite.get("skipped")), f"JUnit {d['name']}: skipped")

finish()
