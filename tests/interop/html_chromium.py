"""The HTML board pack as a person sees it: opened in headless Chromium (Debian's chromium),
rendered to a PNG screenshot whose pixels must show the charts in the layer colours, its DOM
checked for every deployment name and its summary's numbers recomputed from the JSON report,
and printed to A4 PDF (pdftotext, pdfinfo): at most 12 pages for the bank fixture, the
executive summary on page 1, a page for each deployment below the target, the appendix last.
Run by html_chromium.sh.

Usage: html_chromium.py SOVAUDIT SOURCE_DIR CHROMIUM [OUT_DIR]
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

from PIL import Image

from interop_checks import check, finish

SOVAUDIT, SOURCE, CHROMIUM = sys.argv[1:4]
KEEP = sys.argv[4] if len(sys.argv) > 4 else None
TARGET = 3
MAX_PAGES = 12
WEIGHT = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def chromium(tmp, *args):
    return run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", f"--user-data-dir={tmp}/profile", *args])


def rgb(hex_color):
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def data(page, key):
    """The value of the first data-KEY attribute in the page, as an int."""
    m = re.search(rf'data-{key}="(\d+)"', page)
    return int(m.group(1)) if m else None


def expected_summary(report):
    """The executive summary's numbers, recomputed from the JSON report alone."""
    deps = report["deployments"]
    meet = sum(1 for d in deps if d["achieved_layer"] >= d.get("target_layer", 99))
    risks = {}
    for d in deps:
        for step in (d["next_layer"] or {}).get("steps", []):
            r = risks.setdefault(step["rule"], {"deployments": [], "severity": 0, "findings": 0})
            if d["name"] not in r["deployments"]:
                r["deployments"].append(d["name"])
            r["severity"] = max(r["severity"], WEIGHT[step["severity"]])
            r["findings"] += 1
    ranked = sorted(risks.items(), key=lambda kv: (-kv[1]["severity"] * len(kv[1]["deployments"]),
                                                   -kv[1]["findings"]))
    passing = sum(sum(d["evidence"].values()) for d in deps)
    return {
        "deployments": len(deps),
        "models": sum(len(d["models"]) for d in deps),
        "meet-target": meet,
        "below-target": len(deps) - meet,
        "overclaims": sum(1 for d in deps if d["claim"] and not d["claim"]["holds"]),
        "integrity-failures": sum(1 for d in deps if d["integrity_failure"]),
        "passing": passing,
        "verdict": f"{meet} of {len(deps)} deployments reach the target layer {TARGET}; "
                   f"{len(deps) - meet} do not.",
        "risks": [(rule, len(r["deployments"])) for rule, r in ranked[:3]],
        "below": [d["name"] for d in deps if d["achieved_layer"] < TARGET],
    }


with tempfile.TemporaryDirectory() as tmp:
    out = KEEP or tmp
    page_file = os.path.join(out, "bank.html")
    r = run([SOVAUDIT, "audit", "fixtures/bank", "--as-of", "2026-11-21", "--target-layer",
             str(TARGET), "--format", "html", "--output", page_file, "--format", "json",
             "--output", os.path.join(tmp, "bank.json")], cwd=SOURCE)
    check(r.returncode == 0, f"audit exited {r.returncode}: {r.stderr}")
    report = json.load(open(os.path.join(tmp, "bank.json")))
    names = [d["name"] for d in report["deployments"]]
    want = expected_summary(report)
    page = open(page_file, encoding="utf-8").read()
    url = "file://" + os.path.abspath(page_file)

    # Every number on the summary agrees with the JSON report.
    for key in ("deployments", "models", "meet-target", "below-target", "overclaims",
                "integrity-failures", "passing"):
        check(data(page, key) == want[key], f"summary {key}: {data(page, key)} == {want[key]}")
    check(want["verdict"] in html.unescape(page), f"the verdict reads: {want['verdict']}")
    risks = re.findall(r'<li data-rule="([^"]+)" data-deployments="(\d+)"', page)
    check([(rule, int(n)) for rule, n in risks] == want["risks"],
          f"the three risks ranked by severity x deployments: {risks} == {want['risks']}")
    evidence = re.search(r"Of \d+ passing findings, (\d+)% were verified", page)
    verified = sum(d["evidence"]["verified"] for d in report["deployments"])
    check(evidence and int(evidence.group(1)) == round(100 * verified / want["passing"]),
          "the share verified by this run agrees with the JSON tallies")
    check("`" not in re.sub(r"<style>.*?</style>", "", page, flags=re.S),
          "no literal backtick: remediation Markdown is rendered")

    png = os.path.join(out, "bank.png")
    r = chromium(tmp, "--window-size=1200,4200", f"--screenshot={png}", url)
    check(os.path.exists(png), f"chromium wrote a screenshot: {r.stderr[-500:]}")
    if os.path.exists(png):
        img = Image.open(png).convert("RGB")
        counts = {color: count for count, color in img.getcolors(maxcolors=1 << 22)}
        # Pixels painted in exactly the layer colours: layer 0 red, layer 3 light blue (the
        # bars, badges, heat-map cells and legend of the one scale), and the pass green of the
        # ladders.
        l0, l3 = counts.get(rgb("#c62828"), 0), counts.get(rgb("#92c5de"), 0)
        green = counts.get(rgb("#2e7d32"), 0)
        print(f"screenshot {img.size[0]}x{img.size[1]}: layer-0 red {l0}, layer-3 {l3}, "
              f"pass green {green}")
        check(l0 > 500, "layer 0 is drawn red")
        check(l3 > 1000, "layer 3 bars and badges are drawn in its colour")
        check(green > 2000, "ladder rungs are drawn in the pass colour")

    r = chromium(tmp, "--dump-dom", url)
    text = html.unescape(re.sub(r"<[^>]+>", " ", r.stdout))
    for name in names:
        check(name in text, f"the rendered page names deployment {name}")
    check("Executive summary" in text, "the rendered page opens with the executive summary")

    pdf = os.path.join(out, "bank.pdf")
    chromium(tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    check(os.path.exists(pdf), "chromium printed the page to PDF")
    if os.path.exists(pdf):
        pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", run(["pdfinfo", pdf]).stdout)
        print(f"printed: {pages} pages of {size.group(1)} x {size.group(2)} pt")
        check(abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2,
              "printed on A4")
        check(pages <= MAX_PAGES, f"the board pack prints to {pages} <= {MAX_PAGES} pages")
        text_of = [run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"]).stdout
                   for p in range(1, pages + 1)]
        first = " ".join(text_of[0].split())
        check("Executive summary" in first, "page 1 is the executive summary")
        check(want["verdict"] in first, "page 1 states the verdict")
        check("The five layers" in first and all(
            f"layer {n}" in first for n in range(1, 6)), "page 1 defines the five layers")
        check("Portfolio" in text_of[1], "the portfolio follows on page 2")
        starts = {}
        for number, t in enumerate(text_of, 1):
            lines = [line.strip() for line in t.splitlines() if line.strip()]
            if lines:
                starts[number] = lines[0]
        for name in want["below"]:
            owns = [p for p, line in starts.items() if line.startswith(name + " ")]
            check(len(owns) == 1, f"deployment {name}, below the target, starts a page: {owns}")
        appendix = [p for p, line in starts.items() if line == "Appendix"]
        check(appendix and appendix[0] > 2 + len(want["below"]), "the appendix comes after them")
        for name in names:
            check(name in "".join(text_of), f"the printed report names deployment {name}")

finish()
