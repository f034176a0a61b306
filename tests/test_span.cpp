// std::span overloads, compiled as C++20.
#include <gtest/gtest.h>

#include <cstring>
#include <golu/golu.hpp>
#include <span>
#include <vector>

static_assert(GOLU_HAS_SPAN, "this test is compiled as C++20");

TEST(Span, ForwardBackwardAndParamGradMatchThePointerApi) {
  std::vector<float> x = {-3.f, -0.5f, 0.f, 0.25f, 2.f, 9.f, -1.f}, dy = {1.f, 2.f, -1.f, 0.5f, 3.f, 1.f, 2.f};
  std::vector<float> y(x.size()), dx(x.size()), y_ptr(x.size()), dx_ptr(x.size());
  const golu::GoLU act{0.9, 1.2, 1.1};
  golu::forward(act, std::span<const float>(x), std::span<float>(y));
  golu::backward(act, std::span<const float>(x), std::span<const float>(dy), std::span<float>(dx));
  golu::forward(act, x.data(), y_ptr.data(), x.size());
  golu::backward(act, x.data(), dy.data(), dx_ptr.data(), x.size());
  EXPECT_EQ(std::memcmp(y.data(), y_ptr.data(), y.size() * sizeof(float)), 0);
  EXPECT_EQ(std::memcmp(dx.data(), dx_ptr.data(), dx.size() * sizeof(float)), 0);
  const auto s = golu::param_grad(act, std::span<const float>(x), std::span<const float>(dy));
  const auto p = golu::param_grad(act, x.data(), dy.data(), x.size());
  EXPECT_EQ(s.alpha, p.alpha);
  EXPECT_EQ(s.beta, p.beta);
  EXPECT_EQ(s.gamma, p.gamma);
}

TEST(Span, SizeMismatchIsRejected) {
  std::vector<double> x(5), y(4), dy(5);
  const golu::GoLU act;
  EXPECT_THROW(golu::forward(act, std::span<const double>(x), std::span<double>(y)), std::invalid_argument);
  EXPECT_THROW(golu::backward(act, std::span<const double>(x), std::span<const double>(dy), std::span<double>(y)),
               std::invalid_argument);
  EXPECT_THROW(golu::param_grad(act, std::span<const double>(x), std::span<const double>(y)), std::invalid_argument);
}
