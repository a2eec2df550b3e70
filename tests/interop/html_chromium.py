"""The HTML report as a person sees it: opened in headless Chromium (Debian's chromium),
rendered to a PNG screenshot whose pixels must show the drawn charts, its DOM checked for every
deployment name, and printed to PDF (pdftotext) to check it reads on paper, one deployment
after another. Run by html_chromium.sh.

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


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def chromium(tmp, *args):
    return run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", f"--user-data-dir={tmp}/profile", *args])


def rgb(hex_color):
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


with tempfile.TemporaryDirectory() as tmp:
    out = KEEP or tmp
    page = os.path.join(out, "bank.html")
    r = run([SOVAUDIT, "audit", "fixtures/bank", "--as-of", "2026-11-21", "--format", "html",
             "--output", page, "--format", "json", "--output", os.path.join(tmp, "bank.json")],
            cwd=SOURCE)
    check(r.returncode == 0, f"audit exited {r.returncode}: {r.stderr}")
    names = [d["name"] for d in json.load(open(os.path.join(tmp, "bank.json")))["deployments"]]
    url = "file://" + os.path.abspath(page)

    png = os.path.join(out, "bank.png")
    r = chromium(tmp, "--window-size=1200,4200", f"--screenshot={png}", url)
    check(os.path.exists(png), f"chromium wrote a screenshot: {r.stderr[-500:]}")
    if os.path.exists(png):
        img = Image.open(png).convert("RGB")
        counts = {}
        for count, color in img.getcolors(maxcolors=1 << 22):
            counts[color] = count
        # Pixels painted in exactly the charts' fills: the darkest heat-map shade, the pass
        # green of the layer ladders and distribution bars, the fail red of the ladders.
        heat = counts.get(rgb("#08519c"), 0)
        green = counts.get(rgb("#2e7d32"), 0)
        red = counts.get(rgb("#c62828"), 0)
        print(f"screenshot {img.size[0]}x{img.size[1]}: heat-map cell pixels {heat}, "
              f"green {green}, red {red}")
        check(heat > 1000, "the heat map is drawn (a dark cell)")
        check(green > 5000, "bars and ladder rungs are drawn in the pass colour")
        check(red > 500, "failing rungs are drawn in the fail colour")

    r = chromium(tmp, "--dump-dom", url)
    text = html.unescape(re.sub(r"<[^>]+>", " ", r.stdout))
    for name in names:
        check(name in text, f"the rendered page names deployment {name}")
    check(text.count("Procurement view") == len(names), "a procurement view per deployment")

    pdf = os.path.join(out, "bank.pdf")
    chromium(tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    check(os.path.exists(pdf), "chromium printed the page to PDF")
    if os.path.exists(pdf):
        printed = run(["pdftotext", "-layout", pdf, "-"]).stdout
        for name in names:
            check(name in printed, f"the printed report names deployment {name}")
        pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
        print(f"printed: {pages} pages")
        check(pages > len(names), "each deployment starts a printed page of its own")

finish()
