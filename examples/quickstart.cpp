// golu in a few lines: scalar, SIMD batch, and array use of GoLU.
#include <cstdio>
#include <golu/golu.hpp>
#include <vector>

int main() {
  // Scalars: the default GoLU, x * exp(-exp(-x)), and its derivative.
  std::printf("golu(1) = %.9f, golu'(0) = %.9f (= 1/e)\n", golu::golu(1.0), golu::golu_grad(0.0));

  // One SIMD batch at a time (the widest instruction set this file is compiled for).
  const xsimd::batch<float> b(0.5f);
  std::printf("batch of %zu floats: golu(0.5) = %.7f in every lane\n", b.size, golu::golu(b).get(0));

  // Arrays of any length, in place or not; backward gives dx = dy * golu'(x).
  std::vector<float> x = {-3.f, -1.f, -0.5f, 0.f, 0.5f, 1.f, 3.f}, y(x.size()), dy(x.size(), 1.f), dx(x.size());
  const golu::GoLU act;  // or golu::GoLU{alpha, beta, gamma}
  golu::forward(act, x.data(), y.data(), x.size());
  golu::backward(act, x.data(), dy.data(), dx.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) std::printf("x = %5.2f  y = % .7f  dy/dx = % .7f\n", x[i], y[i], dx[i]);

  // Learnable parameters: the sums over the batch of dy * dy/dalpha, dy/dbeta, dy/dgamma.
  const golu::GoLU learned{1.0, 1.2, 0.9};
  const auto g = golu::param_grad(learned, x.data(), dy.data(), x.size());
  std::printf("parameter gradients: alpha %.6f, beta %.6f, gamma %.6f\n", g.alpha, g.beta, g.gamma);
  return 0;
}
