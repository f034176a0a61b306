"""golu.GoLU, the nn.Module."""
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
