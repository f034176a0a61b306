#!/usr/bin/env python3
"""The headline speed table, one column per CPU and instruction set, from the
benchmark summaries that tools/run_benchmarks.sh wrote (bench/results/runs/*.md,
one per run). Nothing is typed in: every figure is a row of a summary's
golu_ratios (the native build) or golu_ratios_avx2 (-mavx2 -mfma) table.

Usage: tools/per_cpu_table.py [summary.md ...]   (default: bench/results/runs/*.md)
"""
import glob
import os
import re
import sys

ROWS = [
    ("fast GoLU forward / Eigen Swish", "float", "65,536", "fast GoLU forward / Eigen Swish"),
    ("fast GoLU backward / Eigen Swish backward", "float", "65,536", "fast GoLU backward / Eigen Swish backward"),
    ("exact GoLU forward / Eigen Swish", "float", "65,536", "exact GoLU forward / Eigen Swish"),
    ("exact GoLU backward / Eigen Swish backward", "float", "65,536", "exact GoLU backward / Eigen Swish backward"),
    ("fast GoLU forward, 16 Mi / memcpy", "float", "16 Mi", "fast GoLU forward / `memcpy`"),
    ("double: fast GoLU forward / Eigen Swish", "double", "65,536", "fast GoLU forward / Eigen Swish"),
]
SECTIONS = [("golu_ratios", None), ("golu_ratios_avx2", "AVX2 + FMA build")]


def parse(path):
    text = open(path, encoding="utf-8").read()
    head = re.search(r"^Written by `tools/run_benchmarks.sh` on (\S+): (.*?), \d+ cores(?:, (.*?))?,?\n", text, re.M)
    date, cpu, rest = (head.group(1), head.group(2), head.group(3) or "") if head else ("?", "?", "")
    commit = re.search(r"commit (\w+)", rest)
    out = []
    for name, label in SECTIONS:
        m = re.search(r"^## " + name + r"\n(.*?)(?=^## |\Z)", text, re.M | re.S)
        if not m:
            continue
        body = m.group(1)
        simd = re.search(r"SIMD: (\S+?)\.?$", body, re.M)
        values = {}
        for line in body.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 5 and cells[3] and re.match(r"^[0-9.]+$", cells[3]):
                values[(cells[0], cells[1], cells[2])] = cells[3]
        isa = label or (simd.group(1) if simd else "native")
        if simd and label:
            isa = simd.group(1)
        out.append((cpu, isa, date, commit.group(1) if commit else "?", values))
    return out


def lookup(values, typ, size, prefix):
    for (t, s, measured), v in values.items():
        if t == typ and s == size and measured.startswith(prefix):
            return v
    return "-"


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "bench", "results", "runs", "*.md")))
    columns = [c for f in files for c in parse(f)]
    if not columns:
        print("no benchmark summary found", file=sys.stderr)
        return 1
    print("| float unless noted, one pinned thread | " + " | ".join(f"{cpu}, {isa}" for cpu, isa, *_ in columns) + " |")
    print("|---|" + "---|" * len(columns))
    print("| date, commit | " + " | ".join(f"{d}, {c}" for _, _, d, c, _ in columns) + " |")
    for label, typ, size, prefix in ROWS:
        print(f"| {label} | " + " | ".join(lookup(v, typ, size, prefix) for *_, v in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
