// Eigen adapters: every expression gives the array API's bits.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/activations.hpp>
#include <golu/eigen.hpp>
#include <golu/gated.hpp>
#include <golu/half.hpp>
#include <random>
#include <vector>

#include "support/bits.hpp"

namespace {

using golu_test::same_bits;

// Values from every regime, specials included, deterministic.
template <class T>
std::vector<T> inputs(std::size_t n, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> d(-7, 12);
  const T specials[] = {T(0), T(-0.0), T(NAN), T(INFINITY), T(-INFINITY), T(-0.5671433), T(-4.6), T(1e-40)};
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i % 13 < 8 && i < 104 ? specials[i % 8] : T(d(rng));
  return v;
}

// Reference: the array API over a contiguous copy.
template <class T>
std::vector<T> forward_ref(const golu::GoLU<>& act, std::vector<T> x) {
  golu::forward(act, x.data(), x.data(), x.size());
  return x;
}

template <class T>
std::vector<T> backward_ref(const golu::GoLU<>& act, const std::vector<T>& x, const std::vector<T>& dy) {
  std::vector<T> dx(x.size());
  golu::backward(act, x.data(), dy.data(), dx.data(), x.size());
  return dx;
}

template <class T>
class EigenTyped : public ::testing::Test {};
struct TypeNames {
  template <class T>
  static std::string GetName(int) {
    return sizeof(T) == 4 ? "float" : "double";
  }
};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(EigenTyped, Types, TypeNames);

// Every size 0..67 (packet body plus scalar tail), dynamic column arrays.
TYPED_TEST(EigenTyped, DynamicArraysEverySize) {
  using T = TypeParam;
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  const golu::GoLU act{0.9, 1.1, 1.3};
  for (int n = 0; n <= 67; ++n) {
    const std::vector<T> xv = inputs<T>(std::size_t(n), unsigned(n));
    std::vector<T> dyv = inputs<T>(std::size_t(n), unsigned(n) + 100);
    const Eigen::Map<const A> x(xv.data(), n), dy(dyv.data(), n);
    const A y = golu::apply(act, x), dx = dy * golu::apply_grad(act, x);
    const std::vector<T> yr = forward_ref(act, xv), dxr = backward_ref(act, xv, dyv);
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(same_bits(y[i], yr[std::size_t(i)])) << "n=" << n << " i=" << i;
      ASSERT_TRUE(same_bits(dx[i], dxr[std::size_t(i)])) << "n=" << n << " i=" << i;
    }
  }
}

// Fixed sizes (Eigen may use half packets), 2-D row- and column-major, blocks, maps
// with strides: all must give the same bits as the array API on the same values.
template <class Expr, class T>
void expect_matches(const Expr& in, const golu::GoLU<>& act) {
  using Plain = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic>;
  const Plain x = in;  // column-major copy, to feed the array API
  const Plain y = golu::apply(act, in), g = golu::apply_grad(act, in);
  std::vector<T> xv(x.data(), x.data() + x.size());
  const std::vector<T> yr = forward_ref(act, xv);
  std::vector<T> gr(xv.size());
  for (std::size_t i = 0; i < xv.size(); ++i) gr[i] = act.grad(xv[i]);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(same_bits(y.data()[i], yr[std::size_t(i)])) << i;
    ASSERT_TRUE(same_bits(g.data()[i], gr[std::size_t(i)])) << i;
  }
}

TYPED_TEST(EigenTyped, ShapesLayoutsBlocksAndMaps) {
  using T = TypeParam;
  const golu::GoLU act;
  const std::vector<T> v = inputs<T>(2000);
  using RowMajor = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using ColMajor = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::Map<const ColMajor> col(v.data(), 37, 41);
  const Eigen::Map<const RowMajor> row(v.data() + 1, 29, 31);  // misaligned start
  expect_matches<decltype(col), T>(col, act);
  expect_matches<decltype(row), T>(row, act);
  expect_matches<decltype(col.block(3, 5, 17, 9)), T>(col.block(3, 5, 17, 9), act);
  expect_matches<decltype(row.block(1, 2, 7, 13)), T>(row.block(1, 2, 7, 13), act);
  const Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>, 0, Eigen::InnerStride<3>> strided(v.data(), 300,
                                                                                               Eigen::InnerStride<3>());
  expect_matches<decltype(strided), T>(strided, act);
  Eigen::Array<T, 7, 1> f7;
  Eigen::Array<T, 3, 5> f35;
  Eigen::Array<T, 16, 1> f16;
  for (int i = 0; i < 7; ++i) f7[i] = v[std::size_t(i) + 11];
  for (int i = 0; i < 15; ++i) f35.data()[i] = v[std::size_t(i) + 40];
  for (int i = 0; i < 16; ++i) f16[i] = v[std::size_t(i) + 90];
  expect_matches<decltype(f7), T>(f7, golu::GoLU{0.5, 2.0, 1.5});
  expect_matches<decltype(f35), T>(f35, act);
  expect_matches<decltype(f16), T>(f16, act);
}

// Inside larger expressions, and aliased with its own argument.
TYPED_TEST(EigenTyped, NestedAndAliased) {
  using T = TypeParam;
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  const std::vector<T> v = inputs<T>(501);
  const A x = Eigen::Map<const A>(v.data(), Eigen::Index(v.size()));
  const golu::GoLU act;
  // Single operations around the activation: a fused a*b + c in either the test or
  // Eigen's loop (GCC contracts by default) would make the comparison meaningless.
  const A inner = x + T(1);
  std::vector<T> iv(inner.data(), inner.data() + inner.size());
  const std::vector<T> yr = forward_ref(act, iv);
  const A scaled = golu::golu(x + T(1)) * T(3);
  const A shifted = golu::golu(x + T(1)) + T(0.5);
  A twice = golu::golu(golu::golu(inner));
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(same_bits(scaled[i], yr[std::size_t(i)] * T(3))) << i;
    ASSERT_TRUE(same_bits(shifted[i], yr[std::size_t(i)] + T(0.5))) << i;
    ASSERT_TRUE(same_bits(twice[i], golu::golu(yr[std::size_t(i)]))) << i;
  }
  A aliased = x;
  aliased = golu::golu(aliased);
  const std::vector<T> xr = forward_ref(act, v);
  for (Eigen::Index i = 0; i < x.size(); ++i) ASSERT_TRUE(same_bits(aliased[i], xr[std::size_t(i)])) << i;
  // Matrices go through .array().
  const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> m = Eigen::Map<const Eigen::Matrix<T, 3, 7>>(v.data() + 200);
  const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> gm = golu::golu(m.array()).matrix();
  for (Eigen::Index i = 0; i < m.size(); ++i) ASSERT_TRUE(same_bits(gm.data()[i], golu::golu(m.data()[i])));
}

// half and bfloat16: computed in float, rounded once to the storage type.
template <class H>
void expect_narrow_matches_float() {
  using A = Eigen::Array<H, Eigen::Dynamic, 1>;
  const std::vector<float> v = inputs<float>(700);
  A x(Eigen::Index(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) x[Eigen::Index(i)] = H(v[i]);
  const golu::GoLU act{1.0, 1.5, 0.8};
  const A y = golu::apply(act, x), g = golu::apply_grad(act, x), d = golu::golu(x);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const float xf = float(x[i]);
    ASSERT_TRUE(same_bits(y[i], H(act(xf)))) << xf;
    ASSERT_TRUE(same_bits(g[i], H(act.grad(xf)))) << xf;
    ASSERT_TRUE(same_bits(d[i], H(golu::golu(xf)))) << xf;
  }
}

// Both accuracy levels through the adapters: golu::golu/golu_grad are the fast
// level, golu::golu<golu::exact> the exact one, and apply takes any level; each gives
// its own level's array bits (and the two levels differ somewhere).
TYPED_TEST(EigenTyped, BothLevels) {
  using T = TypeParam;
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  const std::vector<T> v = inputs<T>(1000);
  const A x = Eigen::Map<const A>(v.data(), Eigen::Index(v.size()));
  const A fast = golu::golu(x), fast_g = golu::golu_grad(x);
  const A exact = golu::golu<golu::exact>(x), exact_g = golu::golu_grad<golu::exact>(x);
  const A swish_exact = golu::apply(golu::Swish<golu::exact>{}, x);
  bool differ = false;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const T xi = x[i];
    ASSERT_TRUE(same_bits(fast[i], golu::GoLU<golu::fast>{}(xi))) << xi;
    ASSERT_TRUE(same_bits(fast_g[i], golu::GoLU<golu::fast>{}.grad(xi))) << xi;
    ASSERT_TRUE(same_bits(exact[i], golu::GoLU<golu::exact>{}(xi))) << xi;
    ASSERT_TRUE(same_bits(exact_g[i], golu::GoLU<golu::exact>{}.grad(xi))) << xi;
    ASSERT_TRUE(same_bits(swish_exact[i], golu::Swish<golu::exact>{}(xi))) << xi;
    differ = differ || !same_bits(fast[i], exact[i]);
  }
  EXPECT_TRUE(differ) << "the fast and exact levels gave the same bits everywhere";
}

TEST(EigenNarrow, HalfIsFloatRoundedOnce) {
  expect_narrow_matches_float<Eigen::half>();
}
TEST(EigenNarrow, BFloat16IsFloatRoundedOnce) {
  expect_narrow_matches_float<Eigen::bfloat16>();
}

// The expressions are vectorized: Eigen sees packet access where it has packets.
TEST(EigenVectorization, ExpressionsHavePacketAccess) {
  using Eigen::internal::evaluator;
  const Eigen::ArrayXf xf(8);
  const Eigen::ArrayXd xd(8);
  constexpr bool float_vec = Eigen::internal::packet_traits<float>::Vectorizable;
  constexpr bool double_vec = Eigen::internal::packet_traits<double>::Vectorizable;
  EXPECT_EQ(bool(evaluator<decltype(golu::golu(xf))>::Flags & Eigen::PacketAccessBit), float_vec);
  EXPECT_EQ(bool(evaluator<decltype(xf * golu::golu_grad(xf))>::Flags & Eigen::PacketAccessBit), float_vec);
  EXPECT_EQ(bool(evaluator<decltype(golu::golu(xd))>::Flags & Eigen::PacketAccessBit), double_vec);
#if GOLU_EIGEN_HALF_PACKETS
  const Eigen::Array<Eigen::half, Eigen::Dynamic, 1> xh(8);
  EXPECT_EQ(bool(evaluator<decltype(golu::golu(xh))>::Flags & Eigen::PacketAccessBit),
            bool(Eigen::internal::packet_traits<Eigen::half>::Vectorizable));
#endif
}

// A dense layer, forward and backward, against a hand-written loop.
TEST(EigenLayer, DenseForwardBackward) {
  std::mt19937 rng(5);
  std::normal_distribution<float> n(0, 1);
  Eigen::MatrixXf W(6, 5), x(5, 9);
  Eigen::VectorXf b(6);
  for (float* p = W.data(); p != W.data() + W.size(); ++p) *p = n(rng);
  for (float* p = x.data(); p != x.data() + x.size(); ++p) *p = n(rng);
  for (int i = 0; i < 6; ++i) b[i] = n(rng);
  const Eigen::ArrayXXf z = (W * x).colwise() + b;
  const Eigen::ArrayXXf h = golu::golu((W * x).array().colwise() + b.array());
  const Eigen::ArrayXXf dh = Eigen::ArrayXXf::Constant(6, 9, 0.25f);
  const Eigen::ArrayXXf dz = dh * golu::golu_grad(z);
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    ASSERT_TRUE(same_bits(h.data()[i], golu::golu(z.data()[i])));
    ASSERT_TRUE(same_bits(dz.data()[i], 0.25f * golu::golu_grad(z.data()[i])));
  }
}

}  // namespace

namespace {

// Eigen's half and bfloat16 results agree with golu's 16-bit arrays (golu/half.hpp)
// on every 16-bit input: both are the float result rounded once (NaN matches NaN).
template <class E, class S>
void expect_eigen_matches_storage_arrays() {
  Eigen::Array<E, Eigen::Dynamic, 1> x(65536);
  std::vector<S> xs(65536), ys(65536), gs(65536);
  for (std::uint32_t b = 0; b < 65536; ++b) {
    xs[b] = S{static_cast<std::uint16_t>(b)};
    std::memcpy(static_cast<void*>(&x[Eigen::Index(b)]), &xs[b], 2);
  }
  golu::for_each_activation<golu::fast>([&](const auto& act) {
    const Eigen::Array<E, Eigen::Dynamic, 1> y = golu::apply(act, x), g = golu::apply_grad(act, x);
    std::vector<S> ones(65536, S{static_cast<std::uint16_t>(std::is_same<S, golu::float16>::value ? 0x3c00 : 0x3f80)});
    golu::forward(act, xs.data(), ys.data(), xs.size());
    golu::backward(act, xs.data(), ones.data(), gs.data(), xs.size());
    std::size_t bad = 0;
    for (std::uint32_t b = 0; b < 65536; ++b) {
      std::uint16_t yb, gb;
      std::memcpy(&yb, &y[Eigen::Index(b)], 2);
      std::memcpy(&gb, &g[Eigen::Index(b)], 2);
      const bool y_ok = yb == ys[b].bits || (std::isnan(golu::to_float(S{yb})) && std::isnan(golu::to_float(ys[b])));
      const bool g_ok = gb == gs[b].bits || (std::isnan(golu::to_float(S{gb})) && std::isnan(golu::to_float(gs[b])));
      bad += !(y_ok && g_ok);
    }
    EXPECT_EQ(bad, 0u) << act.name;
  });
}

TEST(EigenHalf, AgreesWithTheStorageArrayAPI) {
  expect_eigen_matches_storage_arrays<Eigen::half, golu::float16>();
  expect_eigen_matches_storage_arrays<Eigen::bfloat16, golu::bfloat16>();
}

// golu::gated and its gradient forms: golu::gated_forward / gated_backward's bits,
// for every activation at both levels, float and double, every size 0..67 (packet
// body and scalar tail), and fused into a larger expression.
template <class T, class Level>
void expect_gated_matches_arrays() {
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  golu::for_each_activation<Level>([&](const auto& act) {
    for (std::size_t n = 0; n <= 67; ++n) {
      const std::vector<T> g = inputs<T>(n, 3), u = inputs<T>(n, 4), d = inputs<T>(n, 5);
      const A ga = Eigen::Map<const A>(g.data(), Eigen::Index(n)), ua = Eigen::Map<const A>(u.data(), Eigen::Index(n)),
              da = Eigen::Map<const A>(d.data(), Eigen::Index(n));
      std::vector<T> y(n), dg(n), du(n);
      golu::gated_forward(act, g.data(), u.data(), y.data(), n);
      golu::gated_backward(act, g.data(), u.data(), d.data(), dg.data(), du.data(), n);
      const A ye = golu::gated(act, ga, ua), dge = golu::gated_grad_gate(act, ga, ua, da),
              due = golu::gated_grad_up(act, ga, da);
      // Fused with its surroundings: the gate as an expression, the result scaled by 1.
      const A yf = golu::gated(act, ga * T(1), ua) * T(1);
      for (std::size_t i = 0; i < n; ++i) {
        const Eigen::Index k = Eigen::Index(i);
        ASSERT_TRUE(same_bits(ye[k], y[i])) << act.name << " y n=" << n << " i=" << i;
        ASSERT_TRUE(same_bits(yf[k], y[i])) << act.name << " fused y n=" << n << " i=" << i;
        ASSERT_TRUE(same_bits(dge[k], dg[i])) << act.name << " dgate n=" << n << " i=" << i;
        ASSERT_TRUE(same_bits(due[k], du[i])) << act.name << " dup n=" << n << " i=" << i;
      }
    }
  });
}

TEST(EigenGated, AgreesWithTheGatedArrayAPI) {
  expect_gated_matches_arrays<float, golu::fast>();
  expect_gated_matches_arrays<float, golu::exact>();
  expect_gated_matches_arrays<double, golu::fast>();
  expect_gated_matches_arrays<double, golu::exact>();
}

TEST(EigenGated, ExpressionsHavePacketAccess) {
  using Eigen::internal::evaluator;
  const Eigen::ArrayXf a(8), b(8), c(8);
  constexpr bool vec = Eigen::internal::packet_traits<float>::Vectorizable;
  EXPECT_EQ(bool(evaluator<decltype(golu::gated(golu::GoLU{}, a, b))>::Flags & Eigen::PacketAccessBit), vec);
  EXPECT_EQ(bool(evaluator<decltype(golu::gated_grad_gate(golu::Swish{}, a, b, c))>::Flags & Eigen::PacketAccessBit),
            vec);
}

// Eigen::half: the float results rounded once, as golu's float16 arrays.
TEST(EigenGated, HalfIsTheStorageArrayAPI) {
  const std::size_t n = 4096;
  Eigen::Array<Eigen::half, Eigen::Dynamic, 1> g(n), u(n), d(n);
  std::vector<golu::float16> gs(n), us(n), ds(n), ys(n), dgs(n), dus(n);
  for (std::size_t i = 0; i < n; ++i) {
    gs[i] = golu::float16{static_cast<std::uint16_t>((i * 40503u) & 0xffffu)};
    us[i] = golu::to_float16(0.125f * float(int(i % 31) - 15));
    ds[i] = golu::to_float16(0.5f + float(i % 7) / 4);
    std::memcpy(static_cast<void*>(&g[Eigen::Index(i)]), &gs[i], 2);
    std::memcpy(static_cast<void*>(&u[Eigen::Index(i)]), &us[i], 2);
    std::memcpy(static_cast<void*>(&d[Eigen::Index(i)]), &ds[i], 2);
  }
  const golu::GoLU<golu::fast> act;
  golu::gated_forward(act, gs.data(), us.data(), ys.data(), n);
  golu::gated_backward(act, gs.data(), us.data(), ds.data(), dgs.data(), dus.data(), n);
  const Eigen::Array<Eigen::half, Eigen::Dynamic, 1> y = golu::gated(act, g, u),
                                                     dg = golu::gated_grad_gate(act, g, u, d),
                                                     du = golu::gated_grad_up(act, g, d);
  std::size_t bad = 0;
  const auto same16 = [](const Eigen::half& e, golu::float16 s) {
    std::uint16_t b;
    std::memcpy(&b, &e, 2);
    return b == s.bits || (std::isnan(golu::to_float(golu::float16{b})) && std::isnan(golu::to_float(s)));
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Index k = Eigen::Index(i);
    bad += !same16(y[k], ys[i]) + !same16(dg[k], dgs[i]) + !same16(du[k], dus[i]);
  }
  EXPECT_EQ(bad, 0u);
}

}  // namespace
