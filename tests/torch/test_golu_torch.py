"""The PyTorch operators and the golu package: gradients, agreement with the C++
array API, accuracy per dtype, special values, the authors' test grid, shapes,
threads and errors. Run by ctest (preset torch) with PYTHONPATH at the built package."""
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import golu
from golu.functional import golu as golu_fn

LEVELS = ["fast", "exact"]
# The documented bounds in float ULPs: fast 8 x max(1, kappa), exact 1 (golu/gompertz.hpp).
FLOAT_BOUND = {"fast": 8.0, "exact": 1.0}
STORAGE = {torch.bfloat16: 7, torch.float16: 10}  # mantissa bits


def reference(x, alpha=1.0, beta=1.0, gamma=1.0):
    """GoLU in float64 by composition (independent of golu); accurate to a few float64 ULPs."""
    x = x.double()
    return alpha * x * torch.exp(-beta * torch.exp(-gamma * x))


def kappa(x, beta=1.0, gamma=1.0):
    """Relative condition number of GoLU at x: |1 + beta gamma x e^(-gamma x)|."""
    x = x.double()
    return (1 + beta * gamma * x * torch.exp(-gamma * x)).abs()


def ulp(ref, mantissa_bits, min_exponent):
    """One ULP of a format with this many mantissa bits at |ref| (subnormal spacing below)."""
    e = torch.floor(torch.log2(ref.abs().clamp_min(2.0**min_exponent)))
    return torch.pow(2.0, e - mantissa_bits)


def probe(dtype, n=20001):
    x = torch.linspace(-20, 20, n, dtype=torch.float64)
    x = torch.cat([x, torch.linspace(-4.8, -3.9, 4001, dtype=torch.float64), torch.tensor([0.0, -0.0, 1e-30, -1e-30])])
    return x.to(dtype)


# ---------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("accuracy", LEVELS)
def test_gradcheck_x_and_parameters_float64(accuracy):
    torch.manual_seed(0)
    x = (torch.randn(40, dtype=torch.float64) * 3).requires_grad_()
    params = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (1.0, 1.5, 0.8)]
    fn = lambda x, a, b, c: golu_fn(x, a, b, c, accuracy=accuracy)  # noqa: E731
    assert torch.autograd.gradcheck(fn, (x, *params), eps=1e-6, atol=1e-8, rtol=1e-6)


def test_gradcheck_default_parameters_float64():
    x = torch.linspace(-6, 6, 37, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda x: golu_fn(x), (x,), eps=1e-6, atol=1e-8)


def test_parameter_gradients_are_sums_of_partials():
    """dL/dalpha etc. against the partials written out in float64."""
    torch.manual_seed(1)
    x = torch.randn(1000, dtype=torch.float64) * 2
    dy = torch.randn(1000, dtype=torch.float64)
    a, b, c = 1.2, 0.7, 1.3
    params = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (a, b, c)]
    golu_fn(x, *params, accuracy="exact").backward(dy)
    t = torch.exp(-c * x)
    u = torch.exp(-b * t)
    want = [(dy * x * u).sum(), (dy * -a * x * t * u).sum(), (dy * a * b * x * x * t * u).sum()]
    for p, w in zip(params, want):
        assert torch.allclose(p.grad, w, rtol=1e-12, atol=1e-12), (p.grad, w)


@pytest.mark.parametrize("accuracy", LEVELS)
def test_cpp_autograd_op(accuracy):
    """torch.ops.golu.golu: the gradient for x from C++, equal to the backward operator."""
    x = (torch.randn(50, dtype=torch.float64) * 3).requires_grad_()
    assert torch.autograd.gradcheck(lambda x: torch.ops.golu.golu(x, 1.5, 0.75, 1.25, accuracy), (x,), eps=1e-6,
                                    atol=1e-8)
    xf = torch.randn(1000).requires_grad_()
    g = torch.randn(1000)
    torch.ops.golu.golu(xf, 1.0, 1.0, 1.0, accuracy).backward(g)
    assert torch.equal(xf.grad, torch.ops.golu.backward(g, xf.detach(), 1.0, 1.0, 1.0, accuracy))
    with torch.inference_mode():
        y = torch.ops.golu.golu(xf.detach(), 1.0, 1.0, 1.0, accuracy)
    assert torch.equal(y, torch.ops.golu.forward(xf.detach(), 1.0, 1.0, 1.0, accuracy))

    @torch.jit.script
    def scripted(x: torch.Tensor) -> torch.Tensor:
        return torch.ops.golu.golu(x, 1.0, 1.0, 1.0, "fast")

    xs = torch.randn(10, requires_grad=True)
    scripted(xs).sum().backward()
    assert torch.equal(xs.grad, torch.ops.golu.backward(torch.ones(10), xs.detach(), 1.0, 1.0, 1.0, "fast"))


def test_double_backward_is_refused():
    x = torch.randn(5, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(golu_fn(x).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError):
        g.sum().backward()


# ------------------------------------------------------------- agreement with C++


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("params", [(1.0, 1.0, 1.0), (1.5, 0.5, 1.25)])
def test_float32_bit_identical_to_cpp_array_api(accuracy, params):
    """The operator, on a strided tensor with 2 threads, against golu::dispatch::forward
    on one contiguous buffer (what a C++ program calls)."""
    torch.manual_seed(2)
    base = torch.randn(2 * 300_001, dtype=torch.float32) * 8
    x = base[::2]  # non-contiguous
    old = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        got = torch.ops.golu.forward(x, *params, accuracy)
    finally:
        torch.set_num_threads(old)
    xs = x.contiguous().numpy()
    want = np.empty_like(xs)
    golu._C.array_forward(xs, want, *params, accuracy)
    assert np.array_equal(got.numpy().view(np.uint32), want.view(np.uint32))


def test_dispatch_equals_header_api_on_the_baseline():
    """Capped at the baseline ISA, the operator's bits are those of the header-only API
    built for the baseline (checked in a child process: the ISA is chosen once)."""
    isa = "neon" if os.uname().machine in ("aarch64", "arm64") else "sse2"
    code = (
        "import numpy as np, torch, golu\n"
        f"assert golu.isa() == '{isa}', golu.isa()\n"
        "x = (torch.randn(100003) * 8).float()\n"
        "for acc in ('fast', 'exact'):\n"
        "    y = torch.ops.golu.forward(x, 1.0, 1.0, 1.0, acc).numpy()\n"
        "    h = np.empty_like(y)\n"
        "    golu._C.array_forward(x.numpy(), h, 1.0, 1.0, 1.0, acc, True)\n"
        "    assert np.array_equal(y.view(np.uint32), h.view(np.uint32)), acc\n"
        "print('ok')\n"
    )
    env = dict(os.environ, GOLU_ISA=isa)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr


# ---------------------------------------------------------------- accuracy


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("params", [(1.0, 1.0, 1.0), (0.5, 1.5, 1.5)])
def test_float32_within_documented_bound(accuracy, params):
    a, b, c = params
    x = probe(torch.float32)
    y = torch.ops.golu.forward(x, a, b, c, accuracy).double()
    ref = reference(x, a, b, c)
    err = (y - ref).abs() / ulp(ref, 23, -126)
    bound = FLOAT_BOUND[accuracy] * (kappa(x, b, c).clamp_min(1) if accuracy == "fast" else 1)
    # Results that underflow float: the reference is below the smallest normal.
    ok = (err <= bound) | ((ref.abs() < 2.0**-126) & ((y - ref).abs() <= 2.0**-149))
    assert ok.all(), (x[~ok][:5], err[~ok][:5])


@pytest.mark.parametrize("accuracy", LEVELS)
def test_float64_close_to_reference(accuracy):
    x = torch.linspace(-30, 30, 60001, dtype=torch.float64)
    y = torch.ops.golu.forward(x, 1.0, 1.0, 1.0, accuracy)
    ref = reference(x)
    # The composed reference is itself off by ~kappa float64 ULPs; 64 ULP x kappa covers both.
    bound = 64 * kappa(x).clamp_min(1) * ulp(ref, 52, -1022)
    assert ((y - ref).abs() <= bound).all()


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
@pytest.mark.parametrize("accuracy", LEVELS)
def test_16_bit_every_input_within_half_ulp_plus_float_bound(dtype, accuracy):
    """All 2^16 inputs: the float result (within its bound) rounded once to storage."""
    bits = torch.arange(-32768, 32768, dtype=torch.int32).to(torch.int16)
    x = bits.view(dtype)
    y = torch.ops.golu.forward(x, 1.0, 1.0, 1.0, accuracy)
    assert y.dtype == dtype and y.shape == x.shape
    xd, yd = x.double(), y.double()
    finite = torch.isfinite(xd)
    assert torch.isnan(yd[torch.isnan(xd)]).all()
    ref = reference(xd)
    m = STORAGE[dtype]
    fmax = torch.finfo(dtype).max
    overflow = ref.abs() > fmax * (1 + 2.0 ** -(m + 1))
    assert torch.isinf(yd[finite & overflow]).all()
    sel = finite & ~overflow
    min_exp = torch.finfo(dtype).minexp if hasattr(torch.finfo(dtype), "minexp") else (-14 if m == 10 else -126)
    err = (yd[sel] - ref[sel]).abs() / ulp(ref[sel], m, min_exp)
    float_ulps = FLOAT_BOUND[accuracy] * (kappa(xd[sel]).clamp_min(1) if accuracy == "fast" else 1)
    bound = 0.5 + float_ulps * 2.0 ** (m - 23)
    assert (err <= bound).all(), (xd[sel][err > bound][:5], err[err > bound][:5])


def test_16_bit_is_float_rounded_once():
    """bfloat16/float16 results are the float32 results of the widened inputs, rounded
    to nearest even (torch's own .to() rounds that way)."""
    for dtype in (torch.bfloat16, torch.float16):
        x = (torch.randn(50000) * 6).to(dtype)
        y = torch.ops.golu.forward(x, 1.0, 1.0, 1.0, "fast")
        want = torch.ops.golu.forward(x.float(), 1.0, 1.0, 1.0, "fast").to(dtype)
        assert torch.equal(y.view(torch.int16), want.view(torch.int16))


# ---------------------------------------------------------------- special values


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bfloat16, torch.float16])
@pytest.mark.parametrize("accuracy", LEVELS)
def test_nan_and_infinities(dtype, accuracy):
    x = torch.tensor([math.nan, math.inf, -math.inf, 0.0, -0.0], dtype=dtype, requires_grad=True)
    y = golu_fn(x, accuracy=accuracy)
    y.backward(torch.ones_like(y))
    yv, g = y.detach().double(), x.grad.double()
    assert math.isnan(yv[0]) and math.isnan(g[0])
    assert yv[1] == math.inf and g[1] == 1.0
    assert yv[2] == 0.0 and math.copysign(1, yv[2]) < 0 and g[2] == 0.0
    assert yv[3] == 0.0 and math.copysign(1, yv[3]) > 0
    assert yv[4] == 0.0 and math.copysign(1, yv[4]) < 0
    assert abs(g[3] - math.exp(-1)) <= 2.0 ** -(STORAGE.get(dtype, 23)) and g[3] == g[4]


# ---------------------------------------------------------------- the authors' grid


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize("alpha", [0.5, 1.0, 1.5])
@pytest.mark.parametrize("beta", [0.5, 1.0, 1.5])
@pytest.mark.parametrize("gamma", [0.5, 1.0, 1.5])
def test_authors_grid(dtype, alpha, beta, gamma):
    """automl/GoLU's test grid on the CPU: random inputs, zeros and huge values give no
    NaN in outputs or gradients, and outputs match the float64 composition."""
    torch.manual_seed(3)
    big = 60000.0 if dtype == torch.float16 else 1e6
    x = torch.cat([torch.randn(4096) * 4, torch.zeros(16), torch.tensor([big, -big, 1.0, -1.0])]).to(dtype)
    act = golu.GoLU(alpha, beta, gamma, learnable=True)
    xr = x.clone().requires_grad_()
    y = act(xr)
    y.float().sum().backward()
    assert not torch.isnan(y).any()
    assert not torch.isnan(xr.grad).any()
    for p in (act.alpha, act.beta, act.gamma):
        # (alpha x overflows float16 at x = 60000 for alpha > 1.09: inf is right, NaN never.)
        assert p.grad is not None and not torch.isnan(p.grad).any(), (alpha, beta, gamma, act.alpha.grad, act.beta.grad, act.gamma.grad)
    # Against the reference rounded to the dtype (overflow to inf, underflow to 0):
    # one storage ULP plus the fast level's 8 float ULP x kappa, relative, and one
    # subnormal step, absolute.
    ref = reference(x, alpha, beta, gamma).to(dtype).double()
    yd = y.detach().double()
    same = (yd == ref) & torch.isfinite(ref)
    same |= torch.isinf(ref) & (yd == ref)
    storage_ulp = {torch.float32: 2.0**-23, torch.float16: 2.0**-10, torch.bfloat16: 2.0**-7}[dtype]
    tiny = {torch.float32: 2.0**-149, torch.float16: 2.0**-24, torch.bfloat16: 2.0**-133}[dtype]
    rel = storage_ulp + 8 * 2.0**-23 * kappa(x, beta, gamma).clamp_min(1)
    close = (yd - ref).abs() <= rel * ref.abs() + tiny
    assert (same | close).all(), (x[~(same | close)][:5], yd[~(same | close)][:5], ref[~(same | close)][:5])


# ---------------------------------------------------------------- shapes, layouts, threads


def test_shapes_and_layouts():
    torch.manual_seed(4)
    full = torch.randn(4, 6, 10, 12)
    for x in (full, full.transpose(1, 3), full[:, ::2, 1:, ::3], full.to(memory_format=torch.channels_last),
              full[0, 0, 0, 0], torch.empty(0), torch.empty(3, 0, 2), full.expand(2, 4, 6, 10, 12)):
        y = golu_fn(x)
        assert y.shape == x.shape and y.dtype == x.dtype
        assert torch.equal(y, golu_fn(x.contiguous()))
    cl = full.to(memory_format=torch.channels_last)
    assert golu_fn(cl).is_contiguous(memory_format=torch.channels_last)


def test_backward_with_expanded_and_strided_gradients():
    x = torch.randn(64, 33, requires_grad=True)
    y = golu_fn(x)
    y.sum().backward()  # grad_output: an expanded tensor (stride 0)
    want = torch.ops.golu.backward(torch.ones(64, 33), x.detach(), 1.0, 1.0, 1.0, "fast")
    assert torch.equal(x.grad, want)
    g = torch.randn(33, 64).t()
    assert torch.equal(torch.ops.golu.backward(g, x.detach(), 1.0, 1.0, 1.0, "fast"),
                       torch.ops.golu.backward(g.contiguous(), x.detach(), 1.0, 1.0, 1.0, "fast"))


def test_threads_do_not_change_results():
    x = torch.randn(3 << 20)
    dy = torch.randn(3 << 20)
    old = torch.get_num_threads()
    try:
        out = []
        for threads in (1, 2):
            torch.set_num_threads(threads)
            out.append((torch.ops.golu.forward(x, 1.0, 1.5, 0.8, "fast"),
                        torch.ops.golu.backward(dy, x, 1.0, 1.5, 0.8, "fast"),
                        torch.ops.golu.param_grad(dy, x, 1.0, 1.5, 0.8, "fast")))
    finally:
        torch.set_num_threads(old)
    for a, b in zip(*out):
        assert torch.equal(a, b)


def test_torchscript():
    @torch.jit.script
    def f(x: torch.Tensor) -> torch.Tensor:
        return torch.ops.golu.forward(x, 1.0, 1.0, 1.0, "exact")

    x = torch.randn(100)
    assert torch.equal(f(x), torch.ops.golu.forward(x, 1.0, 1.0, 1.0, "exact"))


def test_module():
    m = golu.GoLU()
    assert not list(m.parameters())
    assert "accuracy='fast'" in repr(m)
    m = golu.GoLU(1.0, 1.5, 0.8, learnable=True, accuracy="exact")
    assert sorted(n for n, _ in m.named_parameters()) == ["alpha", "beta", "gamma"]
    assert set(m.state_dict()) == {"alpha", "beta", "gamma"}
    x = torch.randn(10)
    assert torch.equal(m(x).detach(), torch.ops.golu.forward(x, 1.0, 1.5, 0.800000011920929, "exact"))


# ---------------------------------------------------------------- errors


def test_meta_tensor_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="no GPU kernel"):
        golu_fn(torch.empty(3, device="meta"))
    with pytest.raises(NotImplementedError, match="no GPU kernel"):
        torch.ops.golu.forward(torch.empty(3, device="meta"))
    with pytest.raises(NotImplementedError, match="no GPU kernel"):
        torch.ops.golu.golu(torch.empty(3, device="meta", requires_grad=True))


@pytest.mark.parametrize("dtype", [torch.int32, torch.int64, torch.uint8, torch.bool, torch.complex64])
def test_non_floating_dtypes_are_refused(dtype):
    with pytest.raises(TypeError, match="floating-point"):
        golu_fn(torch.zeros(3, dtype=dtype))


@pytest.mark.parametrize("bad", [dict(alpha=0.0), dict(beta=-1.0), dict(gamma=math.nan), dict(beta=math.inf),
                                 dict(alpha=2000.0)])
def test_bad_parameters_are_refused(bad):
    with pytest.raises(ValueError, match="GoLU"):
        golu_fn(torch.randn(3), **bad)
    with pytest.raises(ValueError, match="GoLU"):
        golu.GoLU(**bad)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="accuracy"):
        golu_fn(torch.randn(3), accuracy="medium")
    with pytest.raises(ValueError, match="accuracy"):
        torch.ops.golu.forward(torch.randn(3), 1.0, 1.0, 1.0, "medium")
    with pytest.raises(TypeError):
        golu_fn([1.0, 2.0])
    with pytest.raises(RuntimeError, match="shape"):
        torch.ops.golu.backward(torch.randn(4), torch.randn(3))
    with pytest.raises(TypeError, match="dtype"):
        torch.ops.golu.backward(torch.randn(3, dtype=torch.float64), torch.randn(3))


def test_isa():
    assert golu.isa() in ("sse2", "avx2", "avx512", "neon")
