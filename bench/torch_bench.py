"""golu's PyTorch operator against PyTorch's own activations, in one run.

Forward and forward+backward, float32 and bfloat16, 64Ki and 16Mi elements, on one
thread (pinned to one core) and on every core. Each row times every candidate in
interleaved rounds and reports medians, as ratios to F.silu and to the composed GoLU
x * exp(-exp(-x)) measured beside it. Prints Markdown; with --out, writes it too.

Usage: PYTHONPATH=build/torch/python python3 bench/torch_bench.py [--out FILE] [--quick]
"""
import argparse
import os
import platform
import statistics
import subprocess
import time

import torch
import torch.nn.functional as F

import golu


def composed(x):
    return x * torch.exp(-torch.exp(-x))


CANDIDATES = [
    ("golu fast", lambda x: golu.functional.golu(x)),
    ("golu exact", lambda x: golu.functional.golu(x, accuracy="exact")),
    ("F.silu", F.silu),
    ("F.gelu erf", F.gelu),
    ("F.gelu tanh", lambda x: F.gelu(x, approximate="tanh")),
    ("F.mish", F.mish),
    ("composed GoLU", composed),
]


def chunked(fn):
    """fn(gate, up) on the halves of x's last dimension, as x.chunk(2, -1)."""
    def run(x):
        a, b = x.chunk(2, -1)
        return fn(a, b)
    return run


# Gated units on x of shape (rows, 2 cols): the fused golu ops against the same unit
# composed from torch ops.
GATED = [
    ("golu GoGLU", lambda x: golu.functional.gated(x)),
    ("golu SwiGLU", lambda x: golu.functional.gated(x, activation="swish")),
    ("F.silu(a) * b", chunked(lambda a, b: F.silu(a) * b)),
    ("F.gelu(a) * b", chunked(lambda a, b: F.gelu(a) * b)),
    ("composed GoGLU", chunked(lambda a, b: composed(a) * b)),
]


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def torch_capability():
    """The vector ISA ATen's kernels use (ATEN_CPU_CAPABILITY caps it), as torch reports it."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def timer(fn, x, backward):
    """A callable running one forward (and backward) pass."""
    if not backward:
        def run():
            with torch.no_grad():
                fn(x)
        return run
    xg = x.detach().clone().requires_grad_()
    with torch.no_grad():
        g = torch.ones_like(fn(x))  # the output's shape (a gated unit halves x)

    def run():
        xg.grad = None
        fn(xg).backward(g)
    return run


def measure(runs, rounds, target_s):
    """Median seconds per call of each run, interleaved over rounds."""
    iters = []
    for run in runs:
        run()
        t0 = time.perf_counter()
        run()
        dt = max(time.perf_counter() - t0, 1e-7)
        iters.append(max(1, int(target_s / dt)))
    samples = [[] for _ in runs]
    for _ in range(rounds):
        for i, run in enumerate(runs):
            t0 = time.perf_counter()
            for _ in range(iters[i]):
                run()
            samples[i].append((time.perf_counter() - t0) / iters[i])
    return [statistics.median(s) for s in samples]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--quick", action="store_true", help="fewer rounds (a smoke test, not for figures)")
    args = ap.parse_args()
    rounds, target = (3, 0.005) if args.quick else (9, 0.05)
    cores = sorted(os.sched_getaffinity(0))
    all_threads = len(cores)
    torch.manual_seed(0)

    configs = []
    # Every-core rows first: OpenMP's pool is created then, before the process is pinned.
    for threads in (all_threads, 1) if all_threads > 1 else (1,):
        for dtype in (torch.float32, torch.bfloat16):
            for n in (1 << 16, 1 << 24):
                for backward in (False, True):
                    configs.append((threads, dtype, n, backward))

    results = {}
    for threads, dtype, n, backward in configs:
        if threads == 1 and all_threads > 1:
            os.sched_setaffinity(0, {cores[-1]})
        torch.set_num_threads(threads)
        x = torch.randn(n).to(dtype)  # pre-activations: standard normal, as bench/bench_data.hpp
        names, runs = [], []
        for name, fn in CANDIDATES:
            try:
                timer(fn, x, backward)()
            except RuntimeError:  # not implemented for this dtype in this torch
                continue
            names.append(name)
            runs.append(timer(fn, x, backward))
        times = measure(runs, rounds, target)
        results[(threads, dtype, n, backward)] = dict(zip(names, times))

    lines = [
        "## PyTorch operator (bench/torch_bench.py)",
        "",
        f"torch {torch.__version__} (CPU capability {torch_capability()}), golu.isa() = {golu.isa()}, "
        f"{cpu_model()}, {all_threads} cores; "
        f"medians of {rounds} interleaved rounds. 1-thread rows pinned to one core.",
        "Columns: ns per element; ratios to F.silu and to the composed GoLU x*exp(-exp(-x)) in the same row.",
        "",
        "| threads | dtype | n | pass | " + " | ".join(n for n, _ in CANDIDATES) + " | golu fast / F.silu | golu fast / composed |",
        "|---|---|---|---|" + "---|" * len(CANDIDATES) + "---|---|",
    ]
    for (threads, dtype, n, backward), t in results.items():
        cells = [f"{t[name] / n * 1e9:.3f}" if name in t else "n/a" for name, _ in CANDIDATES]
        fast = t.get("golu fast")
        r_silu = f"{fast / t['F.silu']:.3f}" if fast and "F.silu" in t else "n/a"
        r_comp = f"{fast / t['composed GoLU']:.3f}" if fast and "composed GoLU" in t else "n/a"
        size = "64Ki" if n == 1 << 16 else "16Mi"
        lines.append(f"| {threads} | {str(dtype).replace('torch.', '')} | {size} | "
                     f"{'fwd+bwd' if backward else 'fwd'} | " + " | ".join(cells) + f" | {r_silu} | {r_comp} |")
    if all_threads > 1:
        lines += ["", f"Speed-up from 1 to {all_threads} threads at 16Mi (time on 1 / time on {all_threads}):", "",
                  "| dtype | pass | " + " | ".join(n for n, _ in CANDIDATES) + " |",
                  "|---|---|" + "---|" * len(CANDIDATES)]
        for dtype in (torch.float32, torch.bfloat16):
            for backward in (False, True):
                one, many = results[(1, dtype, 1 << 24, backward)], results[(all_threads, dtype, 1 << 24, backward)]
                cells = [f"{one[nm] / many[nm]:.2f}" if nm in one and nm in many else "n/a" for nm, _ in CANDIDATES]
                lines.append(f"| {str(dtype).replace('torch.', '')} | {'fwd+bwd' if backward else 'fwd'} | "
                             + " | ".join(cells) + " |")
    lines += gated_rows(rounds, target, cores)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


def gated_rows(rounds, target, cores):
    """The gated units' table: float32, outputs of 64Ki and 16Mi, 1 thread and every core."""
    all_threads = len(cores)
    lines = ["", "### Gated units (x of shape rows x 2 cols, halves as x.chunk(2, -1); float32)", "",
             "Columns: ns per output element; ratios of golu's fused GoGLU to `F.silu(a) * b` and to the "
             "composed GoGLU `a * exp(-exp(-a)) * b` in the same row (goals: <= 1.0 and <= 0.5).", "",
             "| threads | n | pass | " + " | ".join(n for n, _ in GATED) + " | GoGLU / silu*b | GoGLU / composed |",
             "|---|---|---|" + "---|" * len(GATED) + "---|---|"]
    for threads in (all_threads, 1) if all_threads > 1 else (1,):
        os.sched_setaffinity(0, set(cores) if threads > 1 else {cores[-1]})
        torch.set_num_threads(threads)
        for rows, cols in ((256, 256), (4096, 4096)):
            x = torch.randn(rows, 2 * cols)
            n = rows * cols
            for backward in (False, True):
                times = measure([timer(fn, x, backward) for _, fn in GATED], rounds, target)
                t = dict(zip((name for name, _ in GATED), times))
                cells = [f"{t[name] / n * 1e9:.3f}" for name, _ in GATED]
                lines.append(f"| {threads} | {'64Ki' if n == 1 << 16 else '16Mi'} | {'fwd+bwd' if backward else 'fwd'} | "
                             + " | ".join(cells) + f" | {t['golu GoGLU'] / t['F.silu(a) * b']:.3f} | "
                             f"{t['golu GoGLU'] / t['composed GoGLU']:.3f} |")
    os.sched_setaffinity(0, set(cores))
    return lines


if __name__ == "__main__":
    main()
