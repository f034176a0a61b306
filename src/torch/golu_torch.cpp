// GoLU as PyTorch CPU operators: torch.ops.golu.forward, .backward, .param_grad
// (also from TorchScript), computed by golu::dispatch, so one build runs at the
// widest instruction set of whatever x86-64 or aarch64 CPU loads it. Imported as
// golu._C by the Python package (python/golu), which adds the autograd Function and
// the nn.Module. torch.ops.golu.gated is the fused gated unit act(gate) * up
// (GoGLU, SwiGLU, GeGLU) of golu/gated.hpp, with its gradient for x in C++.
//
// float32 and float64 tensors go straight to the kernels; bfloat16 and float16 to
// golu's 16-bit arrays (computed in float, rounded once). Inputs of any shape and
// strides: dense tensors (contiguous, channels-last, ...) are processed in their
// own layout; others are made contiguous first. Work is split over at::parallel_for
// chunks, so torch.set_num_threads applies.
#include <ATen/Functions.h>
#include <ATen/Parallel.h>
#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>
#include <pybind11/pybind11.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/library.h>

#include <algorithm>
#include <golu/array.hpp>
#include <golu/dispatch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Elements per parallel chunk: below this a thread's start-up costs more than it saves.
constexpr int64_t grain = 1 << 15;
// param_grad sums fixed chunks in order, so its result does not depend on the thread count.
constexpr int64_t param_grad_chunk = 1 << 16;

// forward and backward write freshly allocated outputs, whose pages the OS faults in
// (zeroed, so cached) as the kernels first write them. There the streaming stores that
// golu's array loops use for arrays of GOLU_STREAMING_STORE_BYTES (8 MB) and more cost
// more than ordinary ones (measured, 16 Mi floats, one thread, Intel family 6 model 167:
// 2.77 ns per element streamed, 2.13 ordinary, F.silu 2.20): f(b, e) over [begin, end)
// in calls of at most 4 MB of T, which the loops store the ordinary way.
template <class T, class F>
void in_fresh_blocks(int64_t begin, int64_t end, F&& f) {
  constexpr int64_t block = (int64_t(4) << 20) / int64_t(sizeof(T));
  for (int64_t b = begin; b < end; b += block) f(b, std::min(end, b + block));
}

static_assert(sizeof(c10::BFloat16) == sizeof(golu::bfloat16) && sizeof(c10::Half) == sizeof(golu::float16),
              "golu: c10's 16-bit types must be one uint16 bit pattern, as golu's");

void check_device(const at::Tensor& t, const char* op, const char* what) {
  TORCH_CHECK_NOT_IMPLEMENTED(t.device().is_cpu(), "golu.", op, ": ", what, " is on device '", t.device().str(),
                              "'; this build of golu has CPU kernels only (no GPU kernel, no meta kernel). "
                              "Move the tensor to the CPU with .cpu().");
}

void check_dtype(const at::Tensor& t, const char* op, const char* what, const char* subject = "GoLU") {
  const auto s = t.scalar_type();
  TORCH_CHECK_TYPE(s == at::kFloat || s == at::kDouble || s == at::kBFloat16 || s == at::kHalf, "golu.", op, ": ", what,
                   " has dtype ", c10::toString(s), "; ", subject,
                   " is defined for floating-point tensors: float32, float64, bfloat16 or float16");
}

// Every operator's argument checks: devices first (a meta tensor has a dtype too),
// then x's dtype; grad_output's shape and dtype are dense_pair's.
void check_inputs(const at::Tensor& x, const at::Tensor* grad_output, const char* op, const char* subject = "GoLU") {
  check_device(x, op, "x");
  if (grad_output) check_device(*grad_output, op, "grad_output");
  check_dtype(x, op, "x", subject);
}

// The activation object (the library's own parameter check), as golu::dispatch takes it.
template <class L>
golu::GoLU<L> make_golu(double alpha, double beta, double gamma) {
  try {
    return golu::GoLU<L>{alpha, beta, gamma};
  } catch (const std::invalid_argument& e) {
    TORCH_CHECK_VALUE(false, e.what());
  }
}

// f(act) with the GoLU object for the accuracy level named.
template <class F>
decltype(auto) with_golu(double alpha, double beta, double gamma, const std::string& accuracy, const char* op, F&& f) {
  if (accuracy == "fast") return f(make_golu<golu::fast>(alpha, beta, gamma));
  TORCH_CHECK_VALUE(accuracy == "exact", "golu.", op, ": accuracy must be \"fast\" or \"exact\", got \"", accuracy,
                    "\"");
  return f(make_golu<golu::exact>(alpha, beta, gamma));
}

// f(ptr) with the tensor's data as the array type golu::dispatch takes.
template <class F>
void with_data(const at::Tensor& t, F&& f) {
  switch (t.scalar_type()) {
    case at::kFloat:
      return f(t.data_ptr<float>());
    case at::kDouble:
      return f(t.data_ptr<double>());
    case at::kBFloat16:
      return f(reinterpret_cast<golu::bfloat16*>(t.data_ptr<c10::BFloat16>()));
    case at::kHalf:
      return f(reinterpret_cast<golu::float16*>(t.data_ptr<c10::Half>()));
    default:
      TORCH_CHECK_TYPE(false, "golu: unsupported dtype ", c10::toString(t.scalar_type()));
  }
}

// x itself when its elements can be walked as one flat array; else a contiguous copy.
at::Tensor dense(const at::Tensor& x) {
  return x.is_non_overlapping_and_dense() ? x : x.contiguous();
}

// grad and x as two flat arrays in the same element order.
std::pair<at::Tensor, at::Tensor> dense_pair(const at::Tensor& grad, const at::Tensor& x, const char* op) {
  TORCH_CHECK(grad.sizes() == x.sizes(), "golu.", op, ": grad_output has shape ", grad.sizes(), " but x has shape ",
              x.sizes());
  TORCH_CHECK_TYPE(grad.scalar_type() == x.scalar_type(), "golu.", op, ": grad_output has dtype ",
                   c10::toString(grad.scalar_type()), " but x has dtype ", c10::toString(x.scalar_type()));
  at::Tensor xd = dense(x);
  if (grad.is_non_overlapping_and_dense() && grad.strides() == xd.strides()) return {grad, xd};
  return {grad.contiguous(), x.contiguous()};
}

at::Tensor forward(const at::Tensor& x, double alpha, double beta, double gamma, const std::string& accuracy) {
  check_inputs(x, nullptr, "forward");
  return with_golu(alpha, beta, gamma, accuracy, "forward", [&](const auto& act) {
    const at::Tensor xd = dense(x);
    at::Tensor y = at::empty_like(xd);
    with_data(xd, [&](auto* xp) {
      auto* yp = static_cast<decltype(xp)>(y.data_ptr());
      using T = std::remove_pointer_t<decltype(xp)>;
      at::parallel_for(0, xd.numel(), grain, [&](int64_t begin, int64_t end) {
        in_fresh_blocks<T>(begin, end, [&](int64_t b, int64_t e) {
          golu::dispatch::forward(act, xp + b, yp + b, static_cast<std::size_t>(e - b));
        });
      });
    });
    return y;
  });
}

at::Tensor backward(const at::Tensor& grad_output, const at::Tensor& x, double alpha, double beta, double gamma,
                    const std::string& accuracy) {
  check_inputs(x, &grad_output, "backward");
  return with_golu(alpha, beta, gamma, accuracy, "backward", [&](const auto& act) {
    const auto [g, xd] = dense_pair(grad_output, x, "backward");
    at::Tensor dx = at::empty_like(xd);
    with_data(xd, [&](auto* xp) {
      using T = std::remove_pointer_t<decltype(xp)>;
      const T* gp = static_cast<const T*>(g.data_ptr());
      T* dxp = static_cast<T*>(dx.data_ptr());
      at::parallel_for(0, xd.numel(), grain, [&](int64_t begin, int64_t end) {
        in_fresh_blocks<T>(begin, end, [&](int64_t b, int64_t e) {
          golu::dispatch::backward(act, xp + b, gp + b, dxp + b, static_cast<std::size_t>(e - b));
        });
      });
    });
    return dx;
  });
}

// (sum dy * dGoLU/dalpha, ... dbeta, ... dgamma) as a float64 tensor of 3.
at::Tensor param_grad(const at::Tensor& grad_output, const at::Tensor& x, double alpha, double beta, double gamma,
                      const std::string& accuracy) {
  check_inputs(x, &grad_output, "param_grad");
  return with_golu(alpha, beta, gamma, accuracy, "param_grad", [&](const auto& act) {
    const auto [g, xd] = dense_pair(grad_output, x, "param_grad");
    const int64_t n = xd.numel(), chunks = (n + param_grad_chunk - 1) / param_grad_chunk;
    std::vector<golu::GoLUParamGrad<double>> partial(static_cast<std::size_t>(chunks));
    with_data(xd, [&](auto* xp) {
      using T = std::remove_pointer_t<decltype(xp)>;
      const T* gp = static_cast<const T*>(g.data_ptr());
      at::parallel_for(0, chunks, 1, [&](int64_t first, int64_t last) {
        for (int64_t c = first; c < last; ++c) {
          const int64_t begin = c * param_grad_chunk, m = std::min(param_grad_chunk, n - begin);
          partial[static_cast<std::size_t>(c)] =
              golu::dispatch::param_grad(act, xp + begin, gp + begin, static_cast<std::size_t>(m));
        }
      });
    });
    double sum[3] = {0, 0, 0};
    for (const auto& p : partial) {
      sum[0] += p.alpha;
      sum[1] += p.beta;
      sum[2] += p.gamma;
    }
    at::Tensor out = at::empty({3}, at::TensorOptions().dtype(at::kDouble));
    std::copy(sum, sum + 3, out.data_ptr<double>());
    return out;
  });
}

// golu(x): forward with the gradient for x in C++ (no Python on the way), for
// callers whose alpha, beta, gamma are constants; the Python package takes its
// autograd Function (golu.GoLUFunction) when the parameters are trained.
class GoLUOp : public torch::autograd::Function<GoLUOp> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, double alpha, double beta,
                            double gamma, const std::string& accuracy) {
    at::AutoDispatchBelowADInplaceOrView guard;
    at::Tensor y = ::forward(x, alpha, beta, gamma, accuracy);
    ctx->save_for_backward({x});
    ctx->saved_data["alpha"] = alpha;
    ctx->saved_data["beta"] = beta;
    ctx->saved_data["gamma"] = gamma;
    ctx->saved_data["accuracy"] = accuracy;
    return y;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const at::Tensor x = ctx->get_saved_variables()[0];
    at::Tensor dx =
        ::backward(grad_outputs[0], x, ctx->saved_data["alpha"].toDouble(), ctx->saved_data["beta"].toDouble(),
                   ctx->saved_data["gamma"].toDouble(), ctx->saved_data["accuracy"].toStringRef());
    return {dx, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

at::Tensor golu_autograd(const at::Tensor& x, double alpha, double beta, double gamma, c10::string_view accuracy) {
  return GoLUOp::apply(x, alpha, beta, gamma, std::string(accuracy));
}

at::Tensor golu_plain(const at::Tensor& x, double alpha, double beta, double gamma, c10::string_view accuracy) {
  return forward(x, alpha, beta, gamma, std::string(accuracy));
}

// ---- Gated linear units: golu.gated ---------------------------------------------
//
// y = act(gate) * up with [gate | up] = x.chunk(2, dim), by golu::dispatch's
// glu_forward / glu_backward (golu/gated.hpp): bit-identical to golu's activation of
// gate rounded to x's dtype, times up, rounded (16-bit types: computed in float,
// rounded once). alpha, beta and gamma are constants here (GoLU's; no gradient).

// f(act) with the activation named, at the accuracy level named. alpha, beta, gamma
// are GoLU's parameters: the other activations take none and need the defaults.
template <class F>
decltype(auto) with_gated_activation(const std::string& activation, double alpha, double beta, double gamma,
                                     const std::string& accuracy, F&& f) {
  constexpr const char* op = "gated";
  if (activation == "golu") return with_golu(alpha, beta, gamma, accuracy, op, f);
  const bool swish = activation == "swish" || activation == "silu";
  TORCH_CHECK_VALUE(swish || activation == "gelu" || activation == "gelu_tanh" || activation == "quick_gelu",
                    "golu.gated: unknown activation \"", activation,
                    "\"; expected \"golu\", \"swish\", \"silu\", \"gelu\", \"gelu_tanh\" or \"quick_gelu\"");
  TORCH_CHECK_VALUE(alpha == 1.0 && beta == 1.0 && gamma == 1.0, "golu.gated: alpha, beta and gamma are GoLU's ",
                    "parameters; activation \"", activation, "\" takes none, so they must be 1.0 (got alpha=", alpha,
                    ", beta=", beta, ", gamma=", gamma, ")");
  const bool exact = accuracy == "exact";
  TORCH_CHECK_VALUE(exact || accuracy == "fast", "golu.", op, ": accuracy must be \"fast\" or \"exact\", got \"",
                    accuracy, "\"");
  if (swish) return exact ? f(golu::Swish<golu::exact>{}) : f(golu::Swish<golu::fast>{});
  if (activation == "gelu") return exact ? f(golu::GELU<golu::exact>{}) : f(golu::GELU<golu::fast>{});
  if (activation == "quick_gelu") return exact ? f(golu::QuickGELU<golu::exact>{}) : f(golu::QuickGELU<golu::fast>{});
  return exact ? f(golu::GELUTanh<golu::exact>{}) : f(golu::GELUTanh<golu::fast>{});
}

// x (contiguous) as rows x [gate | up] with halves of cols values each.
struct GluShape {
  int64_t rows, cols;
  std::vector<int64_t> out_sizes;  // x's sizes with the size along dim halved
};

GluShape glu_shape(const at::Tensor& x, int64_t dim, const char* op) {
  const int64_t nd = x.dim();
  TORCH_CHECK(nd > 0, "golu.", op, ": x is a 0-dim tensor; a gated unit halves x along dim into [gate | up], so x ",
              "needs at least one dimension");
  TORCH_CHECK_INDEX(dim >= -nd && dim < nd, "golu.", op, ": dim ", dim, " is out of range for a tensor of ", nd,
                    " dimension", nd == 1 ? "" : "s", " (expected in [", -nd, ", ", nd - 1, "])");
  const int64_t d = dim < 0 ? dim + nd : dim;
  const int64_t size = x.size(d);
  TORCH_CHECK(size % 2 == 0, "golu.", op, ": x has odd size ", size, " along dim ", dim, " (shape ", x.sizes(),
              "); a gated unit halves it into [gate | up], so it must be even");
  GluShape s{1, size / 2, x.sizes().vec()};
  for (int64_t i = 0; i < d; ++i) s.rows *= x.size(i);
  for (int64_t i = d + 1; i < nd; ++i) s.cols *= x.size(i);
  s.out_sizes[static_cast<std::size_t>(d)] = size / 2;
  return s;
}

// [begin, end) of a rows x cols output in whole rows, full(r, k) for k rows from row
// r, and pieces of rows, part(r, c, m) for m values of row r from column c.
template <class Full, class Part>
void for_each_row_span(int64_t begin, int64_t end, int64_t cols, Full&& full, Part&& part) {
  while (begin < end) {
    const int64_t r = begin / cols, c = begin % cols;
    if (c == 0 && end - begin >= cols) {
      const int64_t k = (end - begin) / cols;
      full(r, k);
      begin += k * cols;
    } else {
      const int64_t m = std::min(cols - c, end - begin);
      part(r, c, m);
      begin += m;
    }
  }
}

at::Tensor gated_forward(const at::Tensor& x, const std::string& activation, int64_t dim, double alpha, double beta,
                         double gamma, const std::string& accuracy) {
  check_inputs(x, nullptr, "gated", "a gated unit");
  const GluShape s = glu_shape(x, dim, "gated");
  return with_gated_activation(activation, alpha, beta, gamma, accuracy, [&](const auto& act) {
    const at::Tensor xc = x.contiguous();
    at::Tensor y = at::empty(s.out_sizes, xc.options());
    const int64_t cols = s.cols;
    with_data(xc, [&](auto* xp) {
      using T = std::remove_pointer_t<decltype(xp)>;
      T* yp = static_cast<T*>(y.data_ptr());
      at::parallel_for(0, s.rows * cols, grain, [&](int64_t begin, int64_t end) {
        for_each_row_span(
            begin, end, cols,
            [&](int64_t r, int64_t k) {
              golu::dispatch::glu_forward(act, xp + 2 * cols * r, yp + cols * r, static_cast<std::size_t>(k),
                                          static_cast<std::size_t>(cols));
            },
            [&](int64_t r, int64_t c, int64_t m) {
              const T* row = xp + 2 * cols * r;
              golu::dispatch::gated_forward(act, row + c, row + cols + c, yp + cols * r + c,
                                            static_cast<std::size_t>(m));
            });
      });
    });
    return y;
  });
}

// dx (x's shape, contiguous): d gate = (dy * up) * act'(gate), d up = dy * act(gate).
at::Tensor gated_backward(const at::Tensor& grad_output, const at::Tensor& x, const std::string& activation,
                          int64_t dim, double alpha, double beta, double gamma, const std::string& accuracy) {
  check_inputs(x, &grad_output, "gated", "a gated unit");
  const GluShape s = glu_shape(x, dim, "gated");
  TORCH_CHECK(grad_output.sizes() == c10::IntArrayRef(s.out_sizes), "golu.gated: grad_output has shape ",
              grad_output.sizes(), " but the output has shape ", c10::IntArrayRef(s.out_sizes));
  TORCH_CHECK_TYPE(grad_output.scalar_type() == x.scalar_type(), "golu.gated: grad_output has dtype ",
                   c10::toString(grad_output.scalar_type()), " but x has dtype ", c10::toString(x.scalar_type()));
  return with_gated_activation(activation, alpha, beta, gamma, accuracy, [&](const auto& act) {
    const at::Tensor xc = x.contiguous(), g = grad_output.contiguous();
    at::Tensor dx = at::empty(xc.sizes(), xc.options());
    const int64_t cols = s.cols;
    with_data(xc, [&](auto* xp) {
      using T = std::remove_pointer_t<decltype(xp)>;
      const T* gp = static_cast<const T*>(g.data_ptr());
      T* dxp = static_cast<T*>(dx.data_ptr());
      at::parallel_for(0, s.rows * cols, grain, [&](int64_t begin, int64_t end) {
        for_each_row_span(
            begin, end, cols,
            [&](int64_t r, int64_t k) {
              golu::dispatch::glu_backward(act, xp + 2 * cols * r, gp + cols * r, dxp + 2 * cols * r,
                                           static_cast<std::size_t>(k), static_cast<std::size_t>(cols));
            },
            [&](int64_t r, int64_t c, int64_t m) {
              const int64_t row = 2 * cols * r;
              golu::dispatch::gated_backward(act, xp + row + c, xp + row + cols + c, gp + cols * r + c, dxp + row + c,
                                             dxp + row + cols + c, static_cast<std::size_t>(m));
            });
      });
    });
    return dx;
  });
}

// golu.gated with the gradient for x in C++; alpha, beta, gamma get none.
class GatedOp : public torch::autograd::Function<GatedOp> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, const std::string& activation,
                            int64_t dim, double alpha, double beta, double gamma, const std::string& accuracy) {
    at::AutoDispatchBelowADInplaceOrView guard;
    at::Tensor y = gated_forward(x, activation, dim, alpha, beta, gamma, accuracy);
    ctx->save_for_backward({x});
    ctx->saved_data["activation"] = activation;
    ctx->saved_data["dim"] = dim;
    ctx->saved_data["alpha"] = alpha;
    ctx->saved_data["beta"] = beta;
    ctx->saved_data["gamma"] = gamma;
    ctx->saved_data["accuracy"] = accuracy;
    return y;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const at::Tensor x = ctx->get_saved_variables()[0];
    const auto& d = ctx->saved_data;
    at::Tensor dx = gated_backward(grad_outputs[0], x, d.at("activation").toStringRef(), d.at("dim").toInt(),
                                   d.at("alpha").toDouble(), d.at("beta").toDouble(), d.at("gamma").toDouble(),
                                   d.at("accuracy").toStringRef());
    return {dx, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

at::Tensor gated_autograd(const at::Tensor& x, c10::string_view activation, int64_t dim, double alpha, double beta,
                          double gamma, c10::string_view accuracy) {
  return GatedOp::apply(x, std::string(activation), dim, alpha, beta, gamma, std::string(accuracy));
}

at::Tensor gated_plain(const at::Tensor& x, c10::string_view activation, int64_t dim, double alpha, double beta,
                       double gamma, c10::string_view accuracy) {
  return gated_forward(x, std::string(activation), dim, alpha, beta, gamma, std::string(accuracy));
}

}  // namespace

// One kernel for every device: it checks the device itself, so a CUDA or meta
// tensor gets golu's message rather than the dispatcher's "could not run".
TORCH_LIBRARY(golu, m) {
  m.def("forward(Tensor x, float alpha=1.0, float beta=1.0, float gamma=1.0, str accuracy=\"fast\") -> Tensor",
        &forward);
  m.def(
      "backward(Tensor grad_output, Tensor x, float alpha=1.0, float beta=1.0, float gamma=1.0, "
      "str accuracy=\"fast\") -> Tensor",
      &backward);
  m.def(
      "param_grad(Tensor grad_output, Tensor x, float alpha=1.0, float beta=1.0, float gamma=1.0, "
      "str accuracy=\"fast\") -> Tensor",
      &param_grad);
  m.def("golu(Tensor x, float alpha=1.0, float beta=1.0, float gamma=1.0, str accuracy=\"fast\") -> Tensor");
  m.impl("golu", c10::DispatchKey::Autograd, &golu_autograd);
  m.impl("golu", c10::DispatchKey::CompositeExplicitAutograd, &golu_plain);
  m.def(
      "gated(Tensor x, str activation=\"golu\", int dim=-1, float alpha=1.0, float beta=1.0, float gamma=1.0, "
      "str accuracy=\"fast\") -> Tensor");
  m.impl("gated", c10::DispatchKey::Autograd, &gated_autograd);
  m.impl("gated", c10::DispatchKey::CompositeExplicitAutograd, &gated_plain);
}

namespace {

// The C++ array API on a float32 buffer, for the tests: golu::dispatch::forward (what
// a C++ program linking golu::dispatch calls), or with header_api the header-only
// golu::forward as compiled in this file, for the architecture's baseline.
void array_forward(const pybind11::buffer& x, const pybind11::buffer& y, double alpha, double beta, double gamma,
                   const std::string& accuracy, bool header_api) {
  const pybind11::buffer_info in = x.request(), out = y.request(true);
  if (in.format != pybind11::format_descriptor<float>::format() || out.format != in.format || in.size != out.size ||
      in.ndim != 1 || out.ndim != 1 || in.strides[0] != 4 || out.strides[0] != 4)
    throw std::invalid_argument("golu._C.array_forward: x and y must be contiguous float32 vectors of one size");
  const auto* xp = static_cast<const float*>(in.ptr);
  auto* yp = static_cast<float*>(out.ptr);
  const auto n = static_cast<std::size_t>(in.size);
  with_golu(alpha, beta, gamma, accuracy, "array_forward", [&](const auto& act) {
    if (header_api) {
      golu::forward(act, xp, yp, n);
    } else {
      golu::dispatch::forward(act, xp, yp, n);
    }
    return 0;
  });
}

}  // namespace

PYBIND11_MODULE(_C, m) {
  m.doc() =
      "golu's compiled kernels; the operators are torch.ops.golu.forward, .backward, .param_grad, .golu and .gated";
  m.def(
      "isa", [] { return std::string(golu::dispatch::isa()); },
      "The instruction set of the kernels in use: sse2, avx2, avx512 or neon (GOLU_ISA caps it).");
  m.def("array_forward", &array_forward, pybind11::arg("x"), pybind11::arg("y"), pybind11::arg("alpha") = 1.0,
        pybind11::arg("beta") = 1.0, pybind11::arg("gamma") = 1.0, pybind11::arg("accuracy") = "fast",
        pybind11::arg("header_api") = false,
        "GoLU of a float32 buffer (numpy array) by golu's C++ array API, for comparison with the operator.");
}
