"""GoLU, the Gompertz Linear Unit, as a PyTorch CPU operator.

    import golu
    act = golu.GoLU()                                  # nn.Module, fast level
    act = golu.GoLU(1.0, 1.5, 0.8, learnable=True,     # alpha, beta, gamma as nn.Parameters
                    accuracy="exact")
    y = golu.functional.golu(x, alpha=1.0, beta=1.0, gamma=1.0)
    torch.ops.golu.golu(x, 1.0, 1.0, 1.0, "fast")      # also from TorchScript; gradient for x in C++
    glu = golu.GoGLU()                                 # also golu.SwiGLU(), golu.GeGLU(): fused
    y = golu.functional.gated(x, "golu", dim=-1)       # act(gate) * up, gate, up = x.chunk(2, dim)

GoLU(x) = alpha * x * exp(-beta * exp(-gamma * x)). Tensors of float32, float64,
bfloat16 or float16 on the CPU, any shape and strides; work is split over
torch.get_num_threads() threads. The kernels are golu's C++ ones (golu::dispatch),
chosen at import for the widest instruction set of the CPU: golu.isa() says which.
Accuracy, as in C++: "fast" within 8 ULP x max(1, kappa) in float32 and float64,
"exact" within 1 ULP (docs/accuracy.md); bfloat16 and float16 are computed in float
and rounded once.

The gated units (torch.ops.golu.gated) take activations "golu", "swish"/"silu",
"gelu", "gelu_tanh" and "quick_gelu"; their gradient is for x only (alpha, beta, gamma fixed).
"""
import torch

from . import _C  # registers torch.ops.golu.*
from . import functional
from .functional import GoLUFunction
from .modules import GeGLU, GoGLU, GoLU, SwiGLU

isa = _C.isa

__all__ = ["GeGLU", "GoGLU", "GoLU", "GoLUFunction", "SwiGLU", "functional", "isa"]
