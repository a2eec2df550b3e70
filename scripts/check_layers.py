#!/usr/bin/env python3
"""The layer check: every #include between folders is an edge CMakeLists.txt declares.

    python3 scripts/check_layers.py [--root DIR] [--quiet] [--stamp FILE] [--dot]

CMakeLists.txt declares the layers, one static library per folder:

    sovaudit_layer(NAME DIR USES LOWER...)

This script reads those calls and the `#include "..."` lines of every source file in each DIR
(.cc, .h, .cu, .cuh; not tests/, fuzz/ or bench/, which may use anything), and fails (exit 1)
with one line per problem when
  - a file includes a header of another layer that its layer does not USE (an upward or
    undeclared edge), or of a folder that is no layer;
  - a folder under src/ holds sources but is declared by no layer;
  - the declared USES have a cycle;
  - ARCHITECTURE.md's folder table does not list, for each layer, exactly what it USES
    (the last column of the row whose first cell is the `DIR/`).
Otherwise it prints the folder graph (each layer, what it may use, and which of those it does
include), or DOT with --dot, and exits 0. The build runs it before compiling anything (--quiet
--stamp); CI runs it again on its own.
"""

import argparse
import os
import re
import sys
from pathlib import Path

SOURCE_SUFFIXES = (".cc", ".h", ".cu", ".cuh")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
LAYER_CALL = re.compile(r"^\s*sovaudit_layer\(([^)]*)\)", re.M)


def read_layers(root):
    """{name: (dir, [uses])} from CMakeLists.txt, in declaration order."""
    text = (root / "CMakeLists.txt").read_text()
    text = re.sub(r"#[^\n]*", "", text)
    layers = {}
    for m in LAYER_CALL.finditer(text):
        words = m.group(1).split()
        if len(words) < 2 or words[0] == "name":  # the function's own definition
            continue
        name, folder, rest = words[0], words[1].rstrip("/"), words[2:]
        uses = rest[1:] if rest and rest[0] == "USES" else []
        layers[name] = (folder, uses)
    return layers


def folder_of(path):
    """'src/oms/x.h' -> 'src/oms'; 'reports/x.h' -> 'reports'; None outside the product."""
    parts = path.split("/")
    if parts[0] == "src" and len(parts) >= 3:
        return "src/" + parts[1]
    if parts[0] in ("reports", "cli") and len(parts) >= 2:
        return parts[0]
    return None


def find_cycle(layers):
    """A list of names forming a cycle in the declared USES, or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = "open"
        stack.append(n)
        for u in layers.get(n, ("", []))[1]:
            if state.get(u) == "open":
                return stack[stack.index(u):] + [u]
            if u not in state:
                c = visit(u)
                if c:
                    return c
        stack.pop()
        state[n] = "done"
        return None

    for n in layers:
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def architecture_rows(root):
    """{'src/oms': ['util', 'parse', ...]} from ARCHITECTURE.md's table rows."""
    rows = {}
    path = root / "ARCHITECTURE.md"
    if not path.exists():
        return rows
    for line in path.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        m = re.fullmatch(r"`([\w/]+)/`", cells[0])
        if not m:
            continue
        uses = cells[-1]
        rows[m.group(1)] = [] if uses in ("—", "-", "nothing") else \
            [u.strip(" `") for u in uses.split(",")]
    return rows


def check(root):
    layers = read_layers(root)
    problems = []
    if not layers:
        return layers, {}, ["CMakeLists.txt declares no sovaudit_layer()"]
    by_folder = {folder: name for name, (folder, _) in layers.items()}
    for name, (_, uses) in layers.items():
        for u in uses:
            if u not in layers:
                problems.append(f"CMakeLists.txt: layer {name} USES {u}, which is no layer")
    src = root / "src"
    if src.is_dir():
        for d in sorted(p for p in src.iterdir() if p.is_dir()):
            folder = f"src/{d.name}"
            if folder not in by_folder and any(f.suffix in SOURCE_SUFFIXES for f in d.iterdir()):
                problems.append(f"{folder}/: holds sources but no sovaudit_layer() declares it")

    used = {name: set() for name in layers}
    for name, (folder, uses) in layers.items():
        base = root / folder
        if not base.is_dir():
            problems.append(f"CMakeLists.txt: layer {name}: no folder {folder}/")
            continue
        for f in sorted(base.iterdir()):
            if f.suffix not in SOURCE_SUFFIXES or not f.is_file():
                continue
            rel = f.relative_to(root).as_posix()
            for lineno, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = folder_of(m.group(1))
                if target is None or target == folder:
                    continue
                other = by_folder.get(target)
                if other is None:
                    problems.append(f"{rel}:{lineno}: includes {m.group(1)}, in {target}/, "
                                    "which is no layer")
                elif other not in uses:
                    problems.append(f"{rel}:{lineno}: includes {m.group(1)}: layer {name} does "
                                    f"not use {other} (declare it in CMakeLists.txt, if {other} "
                                    f"lies below {name})")
                else:
                    used[name].add(other)

    cycle = find_cycle(layers)
    if cycle:
        problems.append("CMakeLists.txt: the layers form a cycle: " + " -> ".join(cycle))

    rows = architecture_rows(root)
    if rows:
        for name, (folder, uses) in layers.items():
            if folder not in rows:
                problems.append(f"ARCHITECTURE.md: no row for `{folder}/`")
            elif sorted(rows[folder]) != sorted(uses):
                problems.append(f"ARCHITECTURE.md: `{folder}/` may use "
                                f"{', '.join(rows[folder]) or '—'}; CMakeLists.txt says "
                                f"{', '.join(uses) or '—'}")
    return layers, used, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--quiet", action="store_true", help="print nothing when the check passes")
    ap.add_argument("--stamp", type=Path, help="touch this file when the check passes")
    ap.add_argument("--dot", action="store_true", help="print the graph as DOT")
    args = ap.parse_args()
    layers, used, problems = check(args.root)
    if problems:
        for p in problems:
            print(f"check_layers: {p}", file=sys.stderr)
        print(f"check_layers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    if args.dot:
        print("digraph layers {")
        for name, (_, uses) in layers.items():
            for u in uses:
                print(f'  "{name}" -> "{u}"' + ("" if u in used[name] else " [style=dashed]") + ";")
        print("}")
    elif not args.quiet:
        width = max(len(n) for n in layers)
        for name, (folder, uses) in layers.items():
            shown = [u if u in used[name] else f"({u})" for u in uses]
            print(f"{name:<{width}}  {folder + '/':<16} -> {' '.join(shown) or '—'}")
        print(f"{len(layers)} layers, no cycle, no undeclared edge "
              "(a name in parentheses is allowed but not included)")
    if args.stamp:
        args.stamp.parent.mkdir(parents=True, exist_ok=True)
        args.stamp.write_text("ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
