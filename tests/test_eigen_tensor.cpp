// Eigen Tensor adapters: same bits as the array API on every device and thread count.
#define EIGEN_USE_THREADS
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <golu/eigen_tensor.hpp>
#include <random>
#include <vector>

#include "support/bits.hpp"

namespace {

using golu_test::same_bits;

template <class T>
Eigen::Tensor<T, 2> random_tensor(Eigen::Index rows, Eigen::Index cols) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> d(-7, 10);
  Eigen::Tensor<T, 2> t(rows, cols);
  for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = T(d(rng));
  t.data()[0] = T(NAN);
  t.data()[1] = T(-INFINITY);
  t.data()[2] = T(-0.0);
  return t;
}

template <class T>
void run_devices() {
  const Eigen::Tensor<T, 2> x = random_tensor<T>(301, 333);  // odd sizes: packet body plus tail per block
  const Eigen::Tensor<T, 2> dy = random_tensor<T>(301, 333) * T(0.5);
  const golu::GoLU act{0.8, 1.2, 1.1};
  std::vector<T> yr(x.data(), x.data() + x.size()), dxr(std::size_t(x.size()));
  golu::forward(act, yr.data(), yr.data(), yr.size());
  golu::backward(act, x.data(), dy.data(), dxr.data(), dxr.size());

  Eigen::Tensor<T, 2> y0(x.dimensions()), dx0(x.dimensions());
  y0.device(Eigen::DefaultDevice()) = golu::apply(act, x);
  dx0.device(Eigen::DefaultDevice()) = dy * golu::apply_grad(act, x);
  for (int threads : {1, 2}) {
    Eigen::ThreadPool pool(threads);
    Eigen::ThreadPoolDevice device(&pool, threads);
    Eigen::Tensor<T, 2> y(x.dimensions()), dx(x.dimensions());
    y.device(device) = golu::apply(act, x);
    dx.device(device) = dy * golu::apply_grad(act, x);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      ASSERT_TRUE(same_bits(y.data()[i], yr[std::size_t(i)])) << threads << " threads, i=" << i;
      ASSERT_TRUE(same_bits(y.data()[i], y0.data()[i])) << i;
      ASSERT_TRUE(same_bits(dx.data()[i], dxr[std::size_t(i)])) << threads << " threads, i=" << i;
      ASSERT_TRUE(same_bits(dx.data()[i], dx0.data()[i])) << i;
    }
  }
}

TEST(EigenTensor, FloatSameBitsOnEveryDevice) {
  run_devices<float>();
}
TEST(EigenTensor, DoubleSameBitsOnEveryDevice) {
  run_devices<double>();
}

TEST(EigenTensor, NestedDefaultGoLU) {
  const Eigen::Tensor<float, 2> x = random_tensor<float>(17, 19);
  // Single operations around the activation (no a*b + c that a compiler may fuse).
  const Eigen::Tensor<float, 2> y = golu::golu(x + 1.f) * 3.f;
  const Eigen::Tensor<float, 2> g = golu::golu_grad(x);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(same_bits(y.data()[i], golu::golu(x.data()[i] + 1.f) * 3.f)) << i;
    ASSERT_TRUE(same_bits(g.data()[i], golu::golu_grad(x.data()[i]))) << i;
  }
}

template <class H>
void narrow_matches_float() {
  const Eigen::Tensor<float, 2> xf = random_tensor<float>(33, 35);
  const Eigen::Tensor<H, 2> x = xf.cast<H>();
  Eigen::ThreadPool pool(2);
  Eigen::ThreadPoolDevice device(&pool, 2);
  Eigen::Tensor<H, 2> y(x.dimensions()), g(x.dimensions());
  y.device(device) = golu::golu(x);
  g.device(device) = golu::golu_grad(x);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const float v = float(x.data()[i]);
    ASSERT_TRUE(same_bits(y.data()[i], H(golu::golu(v)))) << v;
    ASSERT_TRUE(same_bits(g.data()[i], H(golu::golu_grad(v)))) << v;
  }
}

TEST(EigenTensor, HalfIsFloatRoundedOnce) {
  narrow_matches_float<Eigen::half>();
}
TEST(EigenTensor, BFloat16IsFloatRoundedOnce) {
  narrow_matches_float<Eigen::bfloat16>();
}

}  // namespace
