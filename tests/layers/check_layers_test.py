#!/usr/bin/env python3
"""scripts/check_layers.py bites: on a small synthetic tree, each kind of violation fails the
check with a line naming it, and the clean tree passes. Then the real tree passes.

    python3 tests/layers/check_layers_test.py
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "check_layers.py"

CMAKE = """
function(sovaudit_layer name dir)
endfunction()
sovaudit_layer(low src/low)
sovaudit_layer(high src/high USES low)
"""
ARCH = """
| folder | responsibility | may use |
|---|---|---|
| `src/low/` | the bottom | — |
| `src/high/` | above it | low |
"""


def tree(tmp, cmake=CMAKE, arch=ARCH, files=None):
    for rel, text in {"CMakeLists.txt": cmake, "ARCHITECTURE.md": arch,
                      "src/low/a.h": "#pragma once\n", "src/low/a.cc": '#include "src/low/a.h"\n',
                      "src/high/b.cc": '#include "src/low/a.h"\n', **(files or {})}.items():
        p = Path(tmp) / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp


def run(root):
    p = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    failures = 0

    def expect(name, files=None, cmake=CMAKE, arch=ARCH, want_rc=1, want=""):
        nonlocal failures
        with tempfile.TemporaryDirectory() as tmp:
            rc, out = run(tree(tmp, cmake, arch, files))
        ok = rc == want_rc and want in out
        print(f"{'ok' if ok else 'FAIL'}: {name} (exit {rc})")
        if not ok:
            print("    wanted exit", want_rc, "and", repr(want), "\n    got:", out.replace("\n", "\n    "))
            failures += 1

    expect("clean tree passes", want_rc=0, want="2 layers, no cycle")
    expect("upward include", {"src/low/c.cc": '#include "src/high/b.h"\n'},
           want="src/low/c.cc:1: includes src/high/b.h: layer low does not use high")
    expect("include of a folder that is no layer", {"src/high/d.cc": '#include "src/nowhere/x.h"\n'},
           want="which is no layer")
    expect("undeclared folder with sources", {"src/stray/e.cc": "int x;\n"},
           want="src/stray/: holds sources but no sovaudit_layer() declares it")
    expect("declared cycle", cmake=CMAKE.replace("sovaudit_layer(low src/low)",
                                                 "sovaudit_layer(low src/low USES high)"),
           arch=ARCH.replace("| the bottom | — |", "| the bottom | high |"),
           want="the layers form a cycle")
    expect("ARCHITECTURE.md disagrees", arch=ARCH.replace("| above it | low |", "| above it | — |"),
           want="ARCHITECTURE.md: `src/high/` may use —; CMakeLists.txt says low")
    expect("header in a layer includes upward", {"src/low/f.h": '#include "src/high/g.h"\n'},
           want="layer low does not use high")

    rc, out = run(ROOT)
    print(f"{'ok' if rc == 0 else 'FAIL'}: the real tree (exit {rc})")
    if rc != 0:
        print(out)
        failures += 1
    print(f"{failures} failure(s)" if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
