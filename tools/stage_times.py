#!/usr/bin/env python3
"""Durations of the stages of a tools/run_tests.sh or tools/run_benchmarks.sh log,
as the Markdown table docs/testing.md shows: each `=== <stage> (at N s)` line
starts a stage that ends at the next one; for run_tests.sh logs, each preset's
longest ctest tests beside it.

Usage: tools/stage_times.py LOG [longest-tests-per-preset (default 3)]
"""
import re
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    keep = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    stages = []  # (name, start s, [(test seconds, test name)])
    with open(sys.argv[1], errors="replace") as f:
        for line in f:
            m = re.match(r"^=== (.*) \(at (\d+) s\)$", line.rstrip("\n"))
            if m:
                stages.append((m.group(1), int(m.group(2)), []))
                continue
            t = re.search(r"Test +#\d+: (\S+) \.+ +\**Passed +([0-9.]+) sec", line)
            if t and stages:
                stages[-1][2].append((float(t.group(2)), t.group(1)))
    if not stages:
        sys.exit("no '=== <stage> (at N s)' lines in " + sys.argv[1])
    print("| stage | seconds | longest tests |\n|---|---|---|")
    for (name, start, tests), nxt in zip(stages, stages[1:]):
        longest = ", ".join(f"{n} {s:.0f} s" for s, n in sorted(tests, reverse=True)[:keep])
        print(f"| {name} | {nxt[1] - start} | {longest} |")
    print(f"| total (to `{stages[-1][0]}`) | {stages[-1][1]} | |")


if __name__ == "__main__":
    main()
