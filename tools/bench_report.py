#!/usr/bin/env python3
"""Turns golu_activations' Google Benchmark JSON (--benchmark_out) into the
README's Markdown table (every row as a ratio to Eigen's Swish and to the copy,
same type and size), a table of each golu activation's time as a ratio to the
same activation in Eigen and in oneDNN (when the run has oneDNN rows), and, where
matplotlib is installed (Debian: python3-matplotlib), a PNG bar chart of the
64 Ki float forward rows.

Usage: tools/bench_report.py build/bench/golu_activations.json [chart.png]
"""
import json
import sys


def medians(path):
    """Median time per run name, and the runs that failed (name -> message)."""
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    out, failed = {}, {}
    for r in runs:
        if r.get("error_occurred"):
            failed[r["run_name"]] = r.get("error_message", "")
            continue
        if r.get("run_type") == "aggregate" and r.get("aggregate_name") != "median":
            continue
        out[r["run_name"]] = r["real_time"]
    return out, failed


def split(name):
    # "golu/GoLU/forward/float/65536" -> ("golu/GoLU/forward", "float", 65536)
    head, kind, size = name.rsplit("/", 2)
    return head, kind, int(size)


def peers(times):
    """golu's time over the same activation and pass in Eigen and oneDNN: below 1, golu is faster."""
    have = {h.split("/")[0] for h in (split(name)[0] for name in times)}
    cols = [p for p in ("eigen", "onednn") if p in have]
    table = []
    for name, t in times.items():
        head, kind, n = split(name)
        lib, act, rest = (head.split("/", 2) + ["", ""])[:3]
        if lib != "golu":
            continue
        ratios = [times.get(f"{p}/{act}/{rest}/{kind}/{n}") for p in cols]
        if any(r is not None for r in ratios):
            table.append((kind != "float", n, act, rest, kind, [t / r if r else None for r in ratios]))
    if not table:
        return
    names = {"eigen": "Eigen", "onednn": "oneDNN"}
    print("\n| activation | pass | type | n | " + " | ".join(f"golu / {names[p]}" for p in cols) + " |")
    print("|---|---|---|---|" + "---|" * len(cols))
    for _, n, act, rest, kind, ratios in sorted(table):
        cells = " | ".join("" if r is None else f"{r:.3f}" for r in ratios)
        print(f"| {act} | {rest} | {kind} | {n} | {cells} |")


def goals(times):
    """The accuracy-level issue's goals (single thread, float, 64 Ki elements,
    forward): golu's fast Swish, GELU, GELU-tanh and Mish at most Eigen's time for
    the same activation and below oneDNN's; fast GoLU within 1.25x Eigen's Swish,
    exact GoLU within 2.3x; ReLU and LeakyReLU within 1.05x a copy; fast GoLU at
    16 Mi elements within 1.1x a copy."""
    n = 65536
    def t(name, size=n):
        return times.get(f"{name}/forward/float/{size}")
    print("\n| goal (float, forward) | ratio | met |\n|---|---|---|")
    def row(label, ours, theirs, limit, strict=False):
        if ours is None or theirs is None:
            return
        r = ours / theirs
        met = r < limit if strict else r <= limit
        print(f"| {label} {'<' if strict else '<='} {limit:g} | {r:.3f} | {'yes' if met else 'no'} |")
    for act in ("Swish", "GELU", "GELUTanh", "Mish"):
        row(f"fast {act} / Eigen {act}, 65,536", t(f"golu/{act}"), t(f"eigen/{act}"), 1.0)
        row(f"fast {act} / oneDNN {act}, 65,536", t(f"golu/{act}"), t(f"onednn/{act}"), 1.0, strict=True)
    row("fast GoLU / Eigen Swish, 65,536", t("golu/GoLU"), t("eigen/Swish"), 1.25)
    row("exact GoLU / Eigen Swish, 65,536", t("golu-exact/GoLU"), t("eigen/Swish"), 2.3)
    copy = times.get(f"copy/float/{n}")
    for act in ("ReLU", "LeakyReLU"):
        row(f"fast {act} / copy, 65,536", t(f"golu/{act}"), copy, 1.05)
    big = 1 << 24
    row("fast GoLU / copy, 16 Mi", t("golu/GoLU", big), times.get(f"copy/float/{big}"), 1.1)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    times, failed = medians(sys.argv[1])
    rows = []
    for name, t in times.items():
        head, kind, n = split(name)
        swish = times.get(f"eigen/Swish/forward/{kind}/{n}")
        copy = times.get(f"copy/{kind}/{n}")
        if swish is None or copy is None:
            sys.exit(f"{sys.argv[1]}: no Eigen Swish or copy row for {kind}/{n}")
        rows.append((kind, n, head, t / swish, t / copy))
    print("| benchmark | type | n | / Eigen Swish | / copy |")
    print("|---|---|---|---|---|")
    for kind, n, head, rs, rc in sorted(rows, key=lambda r: (r[0] != "float", r[1], r[2])):
        print(f"| {head} | {kind} | {n} | {rs:.3f} | {rc:.3f} |")
    if failed:
        print("\nfailed, no time:")
        for name, message in sorted(failed.items()):
            print(f"- {name}: {message}")
    peers(times)
    goals(times)
    if len(sys.argv) > 2:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            sys.exit("no matplotlib: apt-get install python3-matplotlib (and run with /usr/bin/python3)")
        chart = [(h, rs) for kind, n, h, rs, _ in rows if kind == "float" and n == 65536 and "backward" not in h]
        chart.sort(key=lambda r: r[1])
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(chart) + 1))
        def color(h):
            return ("#c0392b" if h.startswith("golu/GoLU") else "#e6a39b" if h.startswith("golu-exact/GoLU")
                    else "#2471a3" if h.startswith("onednn/") else "#7f8c8d")

        ax.barh([h for h, _ in chart], [r for _, r in chart], color=[color(h) for h, _ in chart])
        ax.axvline(1.0, color="black", linewidth=0.8)
        ax.set_xlabel("time relative to Eigen's Swish (float, 65,536 elements, forward)")
        fig.tight_layout()
        fig.savefig(sys.argv[2], dpi=120)
        print(f"\nchart: {sys.argv[2]}")


if __name__ == "__main__":
    main()
