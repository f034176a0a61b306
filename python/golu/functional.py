"""golu.functional.golu and the autograd Function behind it; golu.functional.gated,
the fused gated units (GoGLU, SwiGLU, GeGLU)."""
import numbers

import torch
from torch.autograd.function import once_differentiable

ACCURACY_LEVELS = ("fast", "exact")
_NUMBERS = (float, int)
_golu_op = torch.ops.golu.golu


def _value(p, name):
    """A parameter as a Python float: a number or a one-element tensor."""
    if isinstance(p, torch.Tensor):
        if p.numel() != 1:
            raise ValueError(f"golu: {name} must be a number or a one-element tensor, got shape {tuple(p.shape)}")
        return float(p.detach().cpu().item())
    if isinstance(p, numbers.Real) and not isinstance(p, bool):
        return float(p)
    raise TypeError(f"golu: {name} must be a real number or a one-element tensor, got {type(p).__name__}")


def _check_accuracy(accuracy):
    if accuracy not in ACCURACY_LEVELS:
        raise ValueError(f'golu: accuracy must be "fast" or "exact", got {accuracy!r}')


class GoLUFunction(torch.autograd.Function):
    """y = alpha x exp(-beta exp(-gamma x)); gradients for x and for any parameter
    passed as a tensor that requires grad (summed with golu's param_grad, in double)."""

    @staticmethod
    def forward(ctx, x, alpha, beta, gamma, accuracy):
        a, b, c = _value(alpha, "alpha"), _value(beta, "beta"), _value(gamma, "gamma")
        ctx.save_for_backward(x)
        ctx.golu_args = (a, b, c, accuracy)
        ctx.param_like = [(p.dtype, p.shape) if isinstance(p, torch.Tensor) else None for p in (alpha, beta, gamma)]
        return torch.ops.golu.forward(x, a, b, c, accuracy)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        a, b, c, accuracy = ctx.golu_args
        grad_x = grad_params = None
        if ctx.needs_input_grad[0]:
            grad_x = torch.ops.golu.backward(grad_output, x, a, b, c, accuracy)
        if any(ctx.needs_input_grad[1:4]):
            sums = torch.ops.golu.param_grad(grad_output, x, a, b, c, accuracy)
            grad_params = [
                sums[i].to(like[0]).reshape(like[1]) if like is not None and ctx.needs_input_grad[1 + i] else None
                for i, like in enumerate(ctx.param_like)
            ]
        else:
            grad_params = [None, None, None]
        return (grad_x, *grad_params, None)


def golu(x, alpha=1.0, beta=1.0, gamma=1.0, accuracy="fast"):
    """GoLU(x) = alpha * x * exp(-beta * exp(-gamma * x)), differentiable in x and in
    alpha, beta, gamma when they are tensors that require grad.

    x: a float32, float64, bfloat16 or float16 tensor on the CPU (any shape).
    alpha, beta, gamma: numbers or one-element tensors in [2^-10, 2^10].
    accuracy: "fast" (default) or "exact" (see the package docstring)."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"golu: x must be a torch.Tensor, got {type(x).__name__}")
    if type(alpha) in _NUMBERS and type(beta) in _NUMBERS and type(gamma) in _NUMBERS:
        # The common call, with nothing to convert (the operator checks the rest).
        return _golu_op(x, alpha, beta, gamma, accuracy)
    _check_accuracy(accuracy)
    params = (alpha, beta, gamma)
    if torch.is_grad_enabled() and any(isinstance(p, torch.Tensor) and p.requires_grad for p in params):
        return GoLUFunction.apply(x, alpha, beta, gamma, accuracy)
    # Constant parameters: torch.ops.golu.golu, whose gradient for x is computed in
    # C++ (no Python per call, as for torch's own activations).
    a, b, c = (_value(p, n) for p, n in zip(params, ("alpha", "beta", "gamma")))
    return torch.ops.golu.golu(x, a, b, c, accuracy)


GATED_ACTIVATIONS = ("golu", "swish", "silu", "gelu", "gelu_tanh", "quick_gelu")


def gated(x: torch.Tensor, activation: str = "golu", dim: int = -1, alpha: float = 1.0, beta: float = 1.0,
          gamma: float = 1.0, accuracy: str = "fast") -> torch.Tensor:
    """The fused gated linear unit act(gate) * up, where gate, up = x.chunk(2, dim).

    activation: "golu" (GoGLU: GoLU with alpha, beta, gamma), "swish" or "silu"
    (SwiGLU: x * sigmoid(x)), "gelu" (GeGLU: exact-erf GELU), "gelu_tanh" (GELU's
    tanh approximation) or "quick_gelu" (x * sigmoid(1.702 x), CLIP's). alpha, beta, gamma are GoLU's and must stay 1.0 for the others.
    x: a float32, float64, bfloat16 or float16 tensor on the CPU whose size along dim
    is even; the result has that size halved. accuracy: "fast" (default) or "exact".

    Differentiable in x only: alpha, beta and gamma are fixed numbers here, with no
    gradient (train them with golu.functional.golu(a, alpha, beta, gamma) * b).
    float32 and float64: bit-identical to the composition, golu's activation of gate
    times up (golu.functional.golu(gate) * up for GoGLU); bfloat16 and float16 are
    computed in float and rounded once.
    Also callable from TorchScript (it is torch.ops.golu.gated). From Python, alpha,
    beta, gamma may also be one-element tensors, read as numbers; one that requires
    grad is refused rather than left without its gradient."""
    if not torch.jit.is_scripting():
        if type(alpha) not in _NUMBERS or type(beta) not in _NUMBERS or type(gamma) not in _NUMBERS:
            alpha, beta, gamma = (_fixed(p, n) for p, n in ((alpha, "alpha"), (beta, "beta"), (gamma, "gamma")))
    return torch.ops.golu.gated(x, activation, dim, alpha, beta, gamma, accuracy)


def _fixed(p, name):
    """A gated unit's parameter as a Python float; never one to be trained."""
    if isinstance(p, torch.Tensor) and p.requires_grad and torch.is_grad_enabled():
        raise ValueError(f"golu.functional.gated: {name} is a tensor that requires grad, but the gated units take "
                         "alpha, beta and gamma as fixed numbers, with no gradient; to train them, compose "
                         "golu.functional.golu(gate, alpha, beta, gamma) * up")
    return _value(p, name)
