// golu in about 30 lines: GoLU on scalars, on arrays, and in Eigen expressions.
#include <cstdio>
#include <golu/activations.hpp>  // GELU, Swish, Mish, ReLU, ...: the same API
#include <golu/eigen.hpp>        // GoLU, the array API and the Eigen adapters
#include <iostream>
#include <vector>

int main() {
  // Scalars: GoLU(x) = x * exp(-exp(-x)) and its derivative, in float or double.
  std::printf("golu(1) = %.9f, golu'(0) = %.9f (= 1/e)\n", golu::golu(1.0), golu::golu_grad(0.0));

  // Arrays of any length: forward y = act(x); backward dx = dy * act'(x).
  // golu::GoLU{} is the fast level (a few ULP, in the data's own width);
  // golu::GoLU<golu::exact>{} is within 1 ULP. Both take {alpha, beta, gamma}.
  const golu::GoLU act;
  std::vector<float> x = {-3.f, -1.f, 0.f, 1.f, 3.f}, y(x.size()), dy(x.size(), 1.f), dx(x.size());
  golu::forward(act, x.data(), y.data(), x.size());
  golu::backward(act, x.data(), dy.data(), dx.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) std::printf("x = %4.1f  y = % .6e  dy/dx = % .6e\n", x[i], y[i], dx[i]);

  // Eigen: lazy, vectorized element-wise expressions that fuse with the rest.
  const Eigen::ArrayXf a = Eigen::ArrayXf::LinSpaced(5, -2.f, 2.f);
  Eigen::ArrayXXf table(5, 4);
  table.col(0) = a;
  table.col(1) = golu::golu(a);                  // forward
  table.col(2) = 2.f * golu::golu_grad(a);       // backward for dy = 2, in one loop
  table.col(3) = golu::apply(golu::Swish{}, a);  // any activation object (apply_grad: its derivative)
  std::cout << "x, golu(x), 2 golu'(x), swish(x):\n" << table << "\n";
  return 0;
}
