"""The fused gated units: torch.ops.golu.gated, golu.functional.gated and the modules
golu.GoGLU, golu.SwiGLU, golu.GeGLU. Values against float64 compositions, bit identity
with golu's own two-pass composition, gradients, 16-bit types, dims and layouts,
threads, errors and TorchScript. Run by ctest (preset torch) with PYTHONPATH at the
built package."""
import io
import math

import pytest
import torch
import torch.nn.functional as TF

import golu
from golu.functional import gated
from golu.functional import golu as golu_fn

LEVELS = ["fast", "exact"]
ACTIVATIONS = ["golu", "swish", "silu", "gelu", "gelu_tanh", "quick_gelu"]
# Documented float bounds in ULPs (docs/accuracy.md): fast GoLU 8 x max(1, kappa), the
# other fast activations 4 x max(1, kappa); exact 1 (GoLU) and 0.501 (the others).
FLOAT_ULPS = {"fast": 8.0, "exact": 1.0}
MODULES = {"golu": golu.GoGLU, "swish": golu.SwiGLU, "gelu": golu.GeGLU}


def act64(name, a, alpha=1.0, beta=1.0, gamma=1.0):
    """The activation composed in float64 torch ops (independent of golu)."""
    a = a.double()
    if name == "golu":
        return alpha * a * torch.exp(-beta * torch.exp(-gamma * a))
    if name in ("swish", "silu"):
        return TF.silu(a)
    # GELU as torch's F.gelu defines it, written without the cancellation of 1 + erf
    # (1 + tanh) for large negative a, where F.gelu in float64 loses all digits.
    if name == "gelu":
        return 0.5 * a * torch.special.erfc(-a / math.sqrt(2))
    if name == "gelu_tanh":
        return a * torch.sigmoid(2 * math.sqrt(2 / math.pi) * (a + 0.044715 * a**3))
    if name == "quick_gelu":  # CLIP's QuickGELU
        return a * torch.sigmoid(1.702 * a)
    raise ValueError(name)


def test_references_are_torchs_definitions():
    a = torch.linspace(-6, 6, 1201, dtype=torch.float64)
    assert torch.allclose(act64("swish", a), TF.silu(a), rtol=1e-14, atol=1e-15)
    assert torch.allclose(act64("gelu", a), TF.gelu(a), rtol=1e-13, atol=1e-13)
    assert torch.allclose(act64("gelu_tanh", a), TF.gelu(a, approximate="tanh"), rtol=1e-13, atol=1e-13)


def reference(x, name, dim=-1, **params):
    a, b = x.double().chunk(2, dim)
    return act64(name, a, **params) * b


def kappa(name, a, **params):
    """|a f'(a) / f(a)|, the relative condition number of the activation, in float64."""
    a = a.detach().double().clone().requires_grad_()
    f = act64(name, a, **params)
    (d,) = torch.autograd.grad(f.sum(), a)
    with torch.no_grad():
        k = (a * d / f).abs()
    return torch.where(torch.isfinite(k), k, torch.ones_like(k)).detach()


def inputs(shape, dtype=torch.float32, seed=0, scale=3.0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(*shape, generator=g, dtype=torch.float64) * scale).to(dtype)


def bits(t):
    return t.view({torch.float32: torch.int32, torch.float64: torch.int64}.get(t.dtype, torch.int16))


# ---------------------------------------------------------------- values


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_float32_close_to_float64_composition(name, accuracy):
    """act(gate) * up within the activation's bound (ULPs x max(1, kappa) at the fast
    level) plus the half ULP of the multiplication, relative; a subnormal step absolute."""
    x = torch.cat([inputs((64, 2 * 500), scale=4.0), torch.linspace(-8, 8, 64 * 1000).reshape(64, 1000)])
    y = gated(x, name, accuracy=accuracy)
    assert y.dtype == torch.float32 and y.shape == (128, 500)
    a, b = x.double().chunk(2, -1)
    ref = act64(name, a) * b
    k = kappa(name, a).clamp_min(1) if accuracy == "fast" else torch.ones_like(a)
    rel = (FLOAT_ULPS[accuracy] * k + 0.5) * 2.0**-23
    err = (y.double() - ref).abs()
    ok = err <= rel * ref.abs() + 2.0**-148 * b.abs().clamp_min(1)
    assert ok.all(), (a[~ok][:5], y[~ok][:5], ref[~ok][:5])
    # The brief's scale: well-conditioned values agree to a few 1e-6, relative.
    well = (k <= 2) & (ref.abs() > 1e-30)
    assert ((err / ref.abs())[well] <= 3e-6).all()


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("params", [(1.0, 1.0, 1.0), (1.5, 0.5, 1.25)])
def test_goglu_float32_with_parameters_close_to_reference(accuracy, params):
    a_, b_, c_ = params
    x = inputs((33, 2 * 77), seed=1)
    y = gated(x, "golu", -1, a_, b_, c_, accuracy)
    a, b = x.double().chunk(2, -1)
    ref = act64("golu", a, a_, b_, c_) * b
    k = kappa("golu", a, alpha=a_, beta=b_, gamma=c_).clamp_min(1) if accuracy == "fast" else 1.0
    rel = (FLOAT_ULPS[accuracy] * k + 0.5) * 2.0**-23
    assert ((y.double() - ref).abs() <= rel * ref.abs() + 2.0**-148 * b.abs().clamp_min(1)).all()


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("params", [(1.0, 1.0, 1.0), (1.5, 0.5, 1.25)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_goglu_bit_identical_to_golu_composition(dtype, accuracy, params):
    """The fused kernel equals golu.functional.golu(a) * b: act(gate) rounded, times up,
    rounded; forward and both halves of the gradient."""
    x = inputs((37, 2 * 129), dtype=dtype, seed=2).requires_grad_()
    dy = inputs((37, 129), dtype=dtype, seed=3)
    y = gated(x, "golu", -1, *params, accuracy)
    y.backward(dy)
    xr = x.detach().clone().requires_grad_()
    a, b = xr.chunk(2, -1)
    want = golu_fn(a, *params, accuracy=accuracy) * b
    want.backward(dy)
    assert torch.equal(bits(y.detach()), bits(want.detach()))
    assert torch.equal(bits(x.grad), bits(xr.grad))


def test_activation_names():
    """"silu" is "swish"; each name is its own activation."""
    x = inputs((8, 64), seed=4)
    assert torch.equal(gated(x, "silu"), gated(x, "swish"))
    outs = [gated(x, n) for n in ("golu", "swish", "gelu", "gelu_tanh", "quick_gelu")]
    for i in range(len(outs)):
        for j in range(i + 1, len(outs)):
            assert not torch.equal(outs[i], outs[j])
    assert torch.equal(gated(x), gated(x, "golu", -1, 1.0, 1.0, 1.0, "fast"))
    assert torch.equal(gated(x), torch.ops.golu.gated(x))


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_float64_close_to_reference(name):
    x = inputs((50, 2 * 400), dtype=torch.float64, seed=5)
    y = gated(x, name)
    a, b = x.chunk(2, -1)
    ref = act64(name, a) * b
    k = kappa(name, a).clamp_min(1)
    # golu's fast float64 and the composed reference each a few ULPs x kappa off.
    assert ((y - ref).abs() <= 64 * k * 2.0**-52 * ref.abs() + 1e-300).all()


# ---------------------------------------------------------------- gradients


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_gradcheck_float64(name, accuracy):
    x = inputs((4, 2, 10), dtype=torch.float64, seed=6, scale=2.0).requires_grad_()
    for dim in (-1, 0, 1):
        assert torch.autograd.gradcheck(lambda x: gated(x, name, dim, accuracy=accuracy), (x,), eps=1e-6, atol=1e-8,
                                        rtol=1e-6)


def test_gradcheck_goglu_parameters_float64():
    x = inputs((4, 12), dtype=torch.float64, seed=7, scale=2.0).requires_grad_()
    assert torch.autograd.gradcheck(lambda x: gated(x, "golu", -1, 1.5, 0.75, 1.25), (x,), eps=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_float32_backward_close_to_float64_autograd(name):
    x = inputs((16, 2 * 300), seed=8).requires_grad_()
    dy = inputs((16, 300), seed=9)
    gated(x, name).backward(dy)
    x64 = x.detach().double().requires_grad_()
    reference(x64, name).backward(dy.double())
    want = x64.grad
    # Relative to each half's scale: the derivatives' zeros leave no relative bound.
    ga, gu = want.chunk(2, -1)
    a, b = x.detach().double().chunk(2, -1)
    scale = torch.cat([(dy.double() * b).abs(), (dy.double() * act64(name, a)).abs()], -1)
    assert ((x.grad.double() - want).abs() <= 1e-5 * scale + 1e-30).all()


def test_gradient_for_x_only():
    """alpha, beta, gamma are numbers: the op has no gradient for them."""
    x = inputs((4, 6), seed=10).requires_grad_()
    y = golu.GoGLU(1.5, 0.5, 1.25)(x)
    assert y.requires_grad and y.grad_fn is not None
    (g,) = torch.autograd.grad(y.sum(), x)
    assert g.shape == x.shape
    with pytest.raises(ValueError, match="requires grad"):
        gated(x, "golu", -1, torch.tensor(1.5, requires_grad=True))  # never a silently dropped gradient
    # One-element tensors without grad are read as numbers, as golu.functional.golu does.
    assert torch.equal(gated(x, "golu", -1, torch.tensor(1.5), torch.tensor([0.5]), 1.25),
                       gated(x, "golu", -1, 1.5, 0.5, 1.25))
    with pytest.raises(ValueError, match="one-element"):
        gated(x, "golu", -1, torch.tensor([1.5, 2.0]))
    with torch.no_grad():
        assert not gated(x).requires_grad
    with torch.inference_mode():
        assert torch.equal(gated(x.detach()), gated(x).detach())


def test_backward_with_expanded_and_strided_gradients():
    x = inputs((64, 2 * 33), seed=11).requires_grad_()
    gated(x).sum().backward()  # grad_output: an expanded tensor (stride 0)
    g1 = x.grad.clone()
    x.grad = None
    gated(x).backward(torch.ones(64, 33))
    assert torch.equal(g1, x.grad)
    x.grad = None
    g = inputs((33, 64), seed=12).t()
    gated(x).backward(g)
    g2 = x.grad.clone()
    x.grad = None
    gated(x).backward(g.contiguous())
    assert torch.equal(g2, x.grad)


# ---------------------------------------------------------------- 16-bit types


@pytest.mark.parametrize("accuracy", LEVELS)
@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_16_bit_is_float_rounded_once_and_close(dtype, name, accuracy):
    """16-bit results are the float32 results of the widened inputs rounded to the
    storage type (forward and gradient), and close to the float64 composition."""
    x16 = inputs((32, 2 * 257), dtype=dtype, seed=13).requires_grad_()
    dy16 = inputs((32, 257), dtype=dtype, seed=14)
    y16 = gated(x16, name, accuracy=accuracy)
    assert y16.dtype == dtype and y16.shape == (32, 257)
    y16.backward(dy16)
    x32 = x16.detach().float().requires_grad_()
    y32 = gated(x32, name, accuracy=accuracy)
    y32.backward(dy16.float())
    assert torch.equal(bits(y16.detach()), bits(y32.detach().to(dtype)))
    assert torch.equal(bits(x16.grad), bits(x32.grad.to(dtype)))
    ref = reference(x16.detach(), name)
    ulp = 2.0 ** -{torch.bfloat16: 7, torch.float16: 10}[dtype]
    tiny = {torch.bfloat16: 2.0**-133, torch.float16: 2.0**-24}[dtype]
    assert ((y16.detach().double() - ref).abs() <= ulp * ref.abs() + tiny).all()


# ---------------------------------------------------------------- dims, shapes, layouts


@pytest.mark.parametrize("name", ["golu", "swish", "gelu", "gelu_tanh", "quick_gelu"])
@pytest.mark.parametrize("dim", [0, 1, 2, -1, -2, -3])
def test_dims_of_a_3d_tensor(name, dim):
    """The halves are x.chunk(2, dim): against the composition (bits, GoGLU) and the
    float64 reference (all), forward and gradient."""
    shape = [6, 8, 10]
    x = inputs(shape, seed=15).requires_grad_()
    y = gated(x, name, dim)
    want_shape = list(shape)
    want_shape[dim] //= 2
    assert list(y.shape) == want_shape
    dy = inputs(want_shape, seed=16)
    y.backward(dy)
    ref = reference(x.detach(), name, dim)
    assert torch.allclose(y.detach().double(), ref, rtol=1e-4, atol=1e-6)
    x64 = x.detach().double().requires_grad_()
    reference(x64, name, dim).backward(dy.double())
    assert torch.allclose(x.grad.double(), x64.grad, rtol=1e-4, atol=1e-5)
    if name == "golu":
        xr = x.detach().clone().requires_grad_()
        a, b = xr.chunk(2, dim)
        want = golu_fn(a) * b
        want.backward(dy)
        assert torch.equal(y.detach(), want.detach())
        assert torch.equal(x.grad, xr.grad)


def test_layouts_and_empty_tensors():
    full = inputs((4, 6, 10, 12), seed=17)
    for x, dim in ((full, -1), (full.transpose(1, 3), 1), (full[:, ::2, 1:, ::3], 0), (full[:, ::2, 1:, ::3], -1),
                   (full.to(memory_format=torch.channels_last), 1), (full.expand(2, 4, 6, 10, 12), 0),
                   (torch.arange(6.0), 0)):
        y = gated(x, "golu", dim)
        assert y.is_contiguous()
        assert torch.equal(y, gated(x.contiguous(), "golu", dim))
        a, b = x.chunk(2, dim)
        assert torch.equal(y, golu_fn(a) * b)
    for shape, dim, out in (((0, 4), -1, (0, 2)), ((3, 0), -1, (3, 0)), ((2, 0, 4), 2, (2, 0, 2)), ((0,), 0, (0,))):
        x = torch.empty(shape, requires_grad=True)
        y = gated(x, "golu", dim)
        assert tuple(y.shape) == out
        y.sum().backward()
        assert x.grad.shape == x.shape


def test_special_values():
    nan, inf = math.nan, math.inf
    gate = torch.tensor([nan, inf, -inf, 0.0, 1.0, 2.0])
    up = torch.tensor([1.0, 2.0, 3.0, 4.0, nan, inf])
    y = gated(torch.cat([gate, up]), "golu", 0)
    want = golu_fn(gate) * up
    assert torch.equal(torch.isnan(y), torch.isnan(want))
    assert torch.equal(y[~torch.isnan(y)], want[~torch.isnan(want)])


def test_threads_do_not_change_results():
    """Chunks of the output begin inside rows (dim=-1 with 7 columns; dim=0 with one
    row): the results and gradients are those of one thread."""
    cases = [(inputs((20001, 14), seed=18), -1), (inputs((2, 3, 40000), seed=19), 0)]
    old = torch.get_num_threads()
    try:
        for x, dim in cases:
            dy = inputs(gated(x, "golu", dim).shape, seed=20)
            out = []
            for threads in (1, 2):
                torch.set_num_threads(threads)
                xr = x.clone().requires_grad_()
                y = gated(xr, "golu", dim, 1.0, 1.5, 0.8)
                y.backward(dy)
                out.append((y.detach(), xr.grad))
            for a, b in zip(*out):
                assert torch.equal(a, b)
            a, b = x.chunk(2, dim)
            assert torch.equal(out[1][0], golu_fn(a, 1.0, 1.5, 0.8) * b)
    finally:
        torch.set_num_threads(old)


# ---------------------------------------------------------------- modules


def test_modules():
    x = inputs((4, 6, 16), seed=21)
    for m, name, kw in ((golu.GoGLU(), "golu", {}), (golu.SwiGLU(), "swish", {}), (golu.GeGLU(), "gelu", {}),
                        (golu.GoGLU(1.5, 0.5, 1.25, dim=1, accuracy="exact"), "golu",
                         dict(dim=1, alpha=1.5, beta=0.5, gamma=1.25, accuracy="exact")),
                        (golu.SwiGLU(dim=0, accuracy="exact"), "swish", dict(dim=0, accuracy="exact")),
                        (golu.GeGLU(dim=-2), "gelu", dict(dim=-2))):
        assert not list(m.parameters()) and not list(m.buffers()) and not m.state_dict()
        assert torch.equal(m(x), gated(x, name, **kw))
        assert "accuracy=" in repr(m) and "dim=" in repr(m)
    m = golu.GoGLU(torch.tensor(1.5), 0.5, 1.25)  # one-element tensors, as golu.GoLU takes
    assert m.alpha == 1.5 and isinstance(m.alpha, float)
    assert "alpha=1.5" in repr(m)
    for name in ("GoGLU", "SwiGLU", "GeGLU"):
        assert name in golu.__all__ and hasattr(golu, name)


@pytest.mark.parametrize("name", ["golu", "swish", "gelu"])
def test_torchscript_modules(name):
    for kw in ({}, dict(dim=0, accuracy="exact")):
        m = MODULES[name](**kw)
        s = torch.jit.script(m)
        x = inputs((4, 6, 8), seed=22).requires_grad_()
        assert torch.equal(s(x), m(x))
        s(x).sum().backward()
        g = x.grad.clone()
        x.grad = None
        m(x).sum().backward()
        assert torch.equal(g, x.grad)
        buf = io.BytesIO()
        torch.jit.save(s, buf)
        buf.seek(0)
        loaded = torch.jit.load(buf)
        assert torch.equal(loaded(x), m(x))
    s = torch.jit.script(golu.GoGLU(1.5, 0.5, 1.25, dim=1))
    x = inputs((4, 6, 8), seed=23)
    assert torch.equal(s(x), gated(x, "golu", 1, 1.5, 0.5, 1.25))


def test_torchscript_function_and_op():
    @torch.jit.script
    def f(x: torch.Tensor) -> torch.Tensor:
        return gated(x, "gelu_tanh", 0) + torch.ops.golu.gated(x, "silu", 0, 1.0, 1.0, 1.0, "exact")

    x = inputs((6, 4), seed=24)
    assert torch.equal(f(x), gated(x, "gelu_tanh", 0) + gated(x, "silu", 0, accuracy="exact"))


# ---------------------------------------------------------------- errors


def test_odd_size_is_refused():
    with pytest.raises(RuntimeError, match="odd size 5 along dim -1"):
        gated(torch.randn(3, 5))
    with pytest.raises(RuntimeError, match="odd size 3 along dim 0"):
        gated(torch.randn(3, 4), "swish", 0)
    with pytest.raises(RuntimeError, match="odd size"):
        golu.GeGLU()(torch.randn(2, 7, requires_grad=True))


def test_dim_out_of_range_is_refused():
    # IndexError, as torch's own dim checks (a c10::Error: c10::IndexError).
    for dim in (2, -3, 100):
        with pytest.raises(IndexError, match=f"dim {dim} is out of range for a tensor of 2 dimensions"):
            gated(torch.randn(4, 4), "golu", dim)
    with pytest.raises(IndexError, match="out of range"):
        golu.SwiGLU(dim=3)(torch.randn(2, 2, 2))


def test_zero_dim_tensor_is_refused():
    with pytest.raises(RuntimeError, match="0-dim"):
        gated(torch.tensor(1.0))
    with pytest.raises(RuntimeError, match="0-dim"):
        gated(torch.tensor(1.0, requires_grad=True), "gelu", 0)


@pytest.mark.parametrize("dtype", [torch.int32, torch.int64, torch.uint8, torch.bool, torch.complex64])
def test_non_floating_dtypes_are_refused(dtype):
    with pytest.raises(TypeError, match="floating-point"):
        gated(torch.zeros(3, 4, dtype=dtype))
    with pytest.raises(TypeError, match="floating-point"):
        golu.SwiGLU()(torch.zeros(3, 4, dtype=dtype))


def test_non_cpu_device_is_refused():
    with pytest.raises(NotImplementedError, match="no GPU kernel"):
        gated(torch.empty(3, 4, device="meta"))
    with pytest.raises(NotImplementedError, match="no GPU kernel"):
        gated(torch.empty(3, 4, device="meta", requires_grad=True), "gelu")


def test_unknown_activation_and_accuracy_are_refused():
    with pytest.raises(ValueError, match='unknown activation "relu"'):
        gated(torch.randn(2, 4), "relu")
    with pytest.raises(ValueError, match='unknown activation "GoLU"'):
        gated(torch.randn(2, 4), "GoLU")
    for name in ACTIVATIONS:
        with pytest.raises(ValueError, match="accuracy"):
            gated(torch.randn(2, 4), name, accuracy="medium")
    for cls in (golu.GoGLU, golu.SwiGLU, golu.GeGLU):
        with pytest.raises(ValueError, match="accuracy"):
            cls(accuracy="medium")
        with pytest.raises(TypeError, match="dim"):
            cls(dim=1.0)


@pytest.mark.parametrize("name", ["swish", "silu", "gelu", "gelu_tanh", "quick_gelu"])
@pytest.mark.parametrize("bad", [dict(alpha=2.0), dict(beta=1.5), dict(gamma=0.5)])
def test_parameters_of_non_golu_activations_are_refused(name, bad):
    with pytest.raises(ValueError, match="GoLU's parameters"):
        gated(torch.randn(2, 4), name, **bad)


@pytest.mark.parametrize("bad", [dict(alpha=0.0), dict(beta=-1.0), dict(gamma=math.nan), dict(beta=math.inf),
                                 dict(alpha=2000.0)])
def test_bad_golu_parameters_are_refused(bad):
    with pytest.raises(ValueError, match="GoLU"):
        gated(torch.randn(2, 4), "golu", **bad)
    with pytest.raises(ValueError, match="GoLU"):
        golu.GoGLU(**bad)
