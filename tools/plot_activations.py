#!/usr/bin/env python3
"""Draws the CSV of examples/plot_activations.cpp (x, then NAME and NAME_grad per
activation) as a PNG with two panels: the activations and their derivatives.
Needs matplotlib (Debian: python3-matplotlib; run with /usr/bin/python3).

Usage: tools/plot_activations.py activations.csv activations.png
   or: golu_plot_activations | tools/plot_activations.py - activations.png
"""
import csv
import sys


def read(path):
    f = sys.stdin if path == "-" else open(path, newline="")
    with f:
        rows = list(csv.reader(f))
    if not rows or rows[0][0] != "x" or len(rows[0]) % 2 != 1:
        sys.exit(f"{path}: not a plot_activations CSV (header x,NAME,NAME_grad,...)")
    header, data = rows[0], [[float(v) for v in r] for r in rows[1:] if r]
    columns = {name: [r[i] for r in data] for i, name in enumerate(header)}
    names = header[1::2]
    for n in names:
        if f"{n}_grad" not in columns:
            sys.exit(f"{path}: no column {n}_grad")
    return columns["x"], names, columns


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    x, names, columns = read(sys.argv[1])
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("no matplotlib: apt-get install python3-matplotlib (and run with /usr/bin/python3)")

    fig, (value, slope) = plt.subplots(1, 2, figsize=(11, 5))
    # GoLU heavier, in red, on top; the others from the tab10 colours without red.
    others = iter([c for i, c in enumerate(plt.get_cmap("tab10").colors) if i != 3] * 2)
    for n in names:
        if n == "GoLU":
            style = dict(linewidth=2.6, color="#c0392b", zorder=3)
        else:
            style = dict(linewidth=1.3, color=next(others))
        if n in ("GELUTanh", "LeakyReLU"):
            # Within the line width of GELU and ReLU: dashed, so that both show.
            style.update(linestyle=(0, (4, 3)), linewidth=1.6)
        value.plot(x, columns[n], label=n, **style)
        slope.plot(x, columns[f"{n}_grad"], label=n, **style)
    for ax, title in ((value, "activation f(x)"), (slope, "derivative f'(x)")):
        ax.set_title(title)
        ax.set_xlabel("x")
        ax.axhline(0, color="black", linewidth=0.6)
        ax.axvline(0, color="black", linewidth=0.6)
        ax.grid(alpha=0.3)
        ax.set_xlim(x[0], x[-1])
    value.set_ylim(-1.2, 5)
    slope.set_ylim(-0.3, 1.3)
    value.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
