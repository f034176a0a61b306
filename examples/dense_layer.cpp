// A dense GoLU layer with Eigen: forward h = golu(W x + b), backward through the
// fused dz = dh * golu'(z), and a finite-difference check of one weight's gradient.
#include <cmath>
#include <cstdio>
#include <golu/eigen.hpp>
#include <random>

namespace {

// Loss of the layer: half the squared norm of its output over the batch.
float loss(const Eigen::MatrixXf& W, const Eigen::VectorXf& b, const Eigen::MatrixXf& x) {
  const Eigen::ArrayXXf h = golu::golu((W * x).array().colwise() + b.array());
  return 0.5f * h.square().sum();
}

}  // namespace

int main() {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.f, 1.f);
  const auto randn = [&](Eigen::Index r, Eigen::Index c) {
    return Eigen::MatrixXf::NullaryExpr(r, c, [&] { return normal(rng); }).eval();
  };
  const Eigen::Index in = 8, out = 16, batch = 32;
  const Eigen::MatrixXf W = randn(out, in) / std::sqrt(float(in)), x = randn(in, batch);
  const Eigen::VectorXf b = randn(out, 1);

  // Forward: one fused loop over the pre-activations.
  const Eigen::ArrayXXf z = (W * x).array().colwise() + b.array();
  const Eigen::ArrayXXf h = golu::golu(z);

  // Backward for loss = 0.5 * |h|^2: dh = h, dz = dh * golu'(z) in one fused loop.
  const Eigen::ArrayXXf dz = h * golu::golu_grad(z);
  const Eigen::MatrixXf dW = dz.matrix() * x.transpose();
  const Eigen::VectorXf db = dz.rowwise().sum().matrix();

  // Check one weight against a central difference of the loss.
  const float eps = 1e-2f;
  Eigen::MatrixXf Wp = W, Wm = W;
  Wp(3, 2) += eps;
  Wm(3, 2) -= eps;
  const float numeric = (loss(Wp, b, x) - loss(Wm, b, x)) / (2 * eps);
  const float rel = std::fabs(numeric - dW(3, 2)) / std::fmax(1e-3f, std::fabs(numeric));
  std::printf("loss %.6f, |dW| %.6f, |db| %.6f\n", loss(W, b, x), dW.norm(), db.norm());
  std::printf("dL/dW(3,2): backward %.6f, finite difference %.6f, relative difference %.2e %s\n", dW(3, 2), numeric,
              rel, rel < 1e-2f ? "ok" : "MISMATCH");
  return rel < 1e-2f ? 0 : 1;
}
