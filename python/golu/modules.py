"""golu.GoLU, the nn.Module; golu.GoGLU, golu.SwiGLU and golu.GeGLU, the fused gated units."""
import torch
from torch import nn

from . import functional as F


class GoLU(nn.Module):
    """GoLU(x) = alpha * x * exp(-beta * exp(-gamma * x)).

    The keywords of the authors' golu.golu_activation.GoLU (alpha, beta, gamma), plus
    learnable=True to make the three parameters nn.Parameters (float32, trained from
    golu's parameter gradients), and accuracy="fast" (default) or "exact".
    Parameters must lie in [2^-10, 2^10]: golu checks them here and at each call."""

    def __init__(self, alpha=1.0, beta=1.0, gamma=1.0, learnable=False, accuracy="fast"):
        super().__init__()
        F._check_accuracy(accuracy)
        values = [F._value(p, n) for p, n in ((alpha, "alpha"), (beta, "beta"), (gamma, "gamma"))]
        # The library's own range check, before any input arrives.
        torch.ops.golu.forward(torch.empty(0), *values, accuracy)
        self.accuracy = accuracy
        self.learnable = bool(learnable)
        for name, v in zip(("alpha", "beta", "gamma"), values):
            if self.learnable:
                setattr(self, name, nn.Parameter(torch.tensor(v, dtype=torch.float32)))
            else:
                setattr(self, name, v)

    def forward(self, x):
        return F.golu(x, self.alpha, self.beta, self.gamma, self.accuracy)

    def extra_repr(self):
        vals = ", ".join(f"{n}={F._value(getattr(self, n), n):g}" for n in ("alpha", "beta", "gamma"))
        return f"{vals}, learnable={self.learnable}, accuracy={self.accuracy!r}"


def _check_dim(dim):
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise TypeError(f"golu: dim must be an int, got {type(dim).__name__}")
    return dim


class GoGLU(nn.Module):
    """GoGLU(x) = GoLU(gate) * up with gate, up = x.chunk(2, dim), fused
    (golu.functional.gated with activation "golu"); the size along dim halves.

    alpha, beta, gamma as golu.GoLU takes them (numbers or one-element tensors in
    [2^-10, 2^10], checked here), but always fixed: plain float attributes, not
    parameters or buffers, with no gradient (GoLU's learnable=True has no
    counterpart here). accuracy: "fast" (default) or "exact". TorchScript-able."""

    def __init__(self, alpha=1.0, beta=1.0, gamma=1.0, dim=-1, accuracy="fast"):
        super().__init__()
        F._check_accuracy(accuracy)
        a, b, c = (F._value(p, n) for p, n in ((alpha, "alpha"), (beta, "beta"), (gamma, "gamma")))
        # The library's own range check, before any input arrives.
        torch.ops.golu.gated(torch.empty(0, 2), "golu", -1, a, b, c, accuracy)
        self.alpha: float = a
        self.beta: float = b
        self.gamma: float = c
        self.dim: int = _check_dim(dim)
        self.accuracy: str = accuracy

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gated(x, "golu", self.dim, self.alpha, self.beta, self.gamma, self.accuracy)

    def extra_repr(self):
        return (f"alpha={self.alpha:g}, beta={self.beta:g}, gamma={self.gamma:g}, dim={self.dim}, "
                f"accuracy={self.accuracy!r}")


class _ParameterlessGLU(nn.Module):
    """A gated unit act(gate) * up of an activation without parameters, fused
    (golu.functional.gated with the subclass's activation name)."""

    def __init__(self, activation: str, dim=-1, accuracy="fast"):
        super().__init__()
        F._check_accuracy(accuracy)
        self.activation: str = activation
        self.dim: int = _check_dim(dim)
        self.accuracy: str = accuracy

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gated(x, self.activation, self.dim, 1.0, 1.0, 1.0, self.accuracy)

    def extra_repr(self):
        return f"dim={self.dim}, accuracy={self.accuracy!r}"


class SwiGLU(_ParameterlessGLU):
    """SwiGLU(x) = SiLU(gate) * up with gate, up = x.chunk(2, dim), fused
    (golu.functional.gated with activation "swish"). accuracy: "fast" (default) or
    "exact". TorchScript-able."""

    def __init__(self, dim=-1, accuracy="fast"):
        super().__init__("swish", dim, accuracy)


class GeGLU(_ParameterlessGLU):
    """GeGLU(x) = GELU(gate) * up with gate, up = x.chunk(2, dim) and the exact-erf
    GELU, fused (golu.functional.gated with activation "gelu"; "gelu_tanh" there for
    the tanh approximation). accuracy: "fast" (default) or "exact". TorchScript-able."""

    def __init__(self, dim=-1, accuracy="fast"):
        super().__init__("gelu", dim, accuracy)
