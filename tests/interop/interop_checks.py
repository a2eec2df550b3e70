"""The tally of the interop scripts that check many things in one run (html_chromium.py,
reports_schema.py): check() counts each assertion and names the ones that fail; finish() prints
the count and exits 1 when any failed."""
import sys

checks = failures = 0


def check(ok, what):
    global checks, failures
    checks += 1
    if not ok:
        failures += 1
        print("FAIL:", what)


def finish():
    print(f"{checks - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)
