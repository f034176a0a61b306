// Gated units (golu/gated.hpp) for every activation of the list at both levels and
// for float, double, bfloat16 and float16 arrays: bit identity with the two-pass
// composition (golu::forward / golu::backward and one multiplication), at sizes
// around the vector width, with special values in either input, in every layout,
// in place; and the errors for bad arguments. Included by test_gated_fast.cpp and
// test_gated_exact.cpp with GOLU_TEST_LEVEL set (one level per translation unit, so
// that the two build side by side); the level-independent tests are in the first.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <golu/gated.hpp>
#include <golu/half.hpp>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "support/bits.hpp"
#include "support/probe_inputs.hpp"

namespace {

using golu::bfloat16;
using golu::float16;
using golu_test::same_bits;

template <class Act, class T>
struct Case {
  using act_type = Act;
  using value_type = T;
};

template <class List>
struct all_cases;
template <template <class> class... A>
struct all_cases<golu::activation_templates<A...>> {
  using type = ::testing::Types<Case<A<GOLU_TEST_LEVEL>, float>..., Case<A<GOLU_TEST_LEVEL>, double>...,
                                Case<A<GOLU_TEST_LEVEL>, bfloat16>..., Case<A<GOLU_TEST_LEVEL>, float16>...>;
};
using Cases = typename all_cases<golu::all_activations>::type;

template <class T>
const char* type_name() {
  if constexpr (std::is_same<T, float>::value) return "float";
  if constexpr (std::is_same<T, double>::value) return "double";
  if constexpr (std::is_same<T, bfloat16>::value) return "bfloat16";
  if constexpr (std::is_same<T, float16>::value) return "float16";
}

struct CaseNames {
  template <class C>
  static std::string GetName(int) {
    using Act = typename C::act_type;
    return std::string(Act::name) + "_" + type_name<typename C::value_type>() + "_" + Act::level::name;
  }
};

template <class C>
class Gated : public ::testing::Test {};
TYPED_TEST_SUITE(Gated, Cases, CaseNames);

// Storage <-> compute type for the reference: 16-bit values are computed in float.
template <class T>
using compute_t = std::conditional_t<golu::is_half_storage_v<T>, float, T>;
template <class T>
compute_t<T> widen(T v) {
  if constexpr (golu::is_half_storage_v<T>) {
    return golu::to_float(v);
  } else {
    return v;
  }
}
template <class T>
T narrow(compute_t<T> v) {
  if constexpr (std::is_same<T, bfloat16>::value) {
    return golu::to_bfloat16(v);
  } else if constexpr (std::is_same<T, float16>::value) {
    return golu::to_float16(v);
  } else {
    return v;
  }
}
template <class T>
bool same(T a, T b) {
  if constexpr (golu::is_half_storage_v<T>) {
    return same_bits(golu::to_float(a), golu::to_float(b)) && (std::isnan(golu::to_float(a)) || a.bits == b.bits);
  } else {
    return same_bits(a, b);
  }
}
template <class T>
double as_double(T v) {
  return double(widen(v));
}

// The two-pass composition the fused kernels must reproduce, in the compute type:
// forward into a buffer, then one multiplication; backward of act with dy * up.
template <class Act, class T>
std::vector<T> two_pass_forward(const Act& act, const std::vector<T>& gate, const std::vector<T>& up) {
  using C = compute_t<T>;
  const std::size_t n = gate.size();
  std::vector<C> g(n), a(n);
  for (std::size_t i = 0; i < n; ++i) g[i] = widen(gate[i]);
  golu::forward(act, g.data(), a.data(), n);
  std::vector<T> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = narrow<T>(a[i] * widen(up[i]));
  return y;
}

template <class Act, class T>
void two_pass_backward(const Act& act, const std::vector<T>& gate, const std::vector<T>& up, const std::vector<T>& dy,
                       std::vector<T>& dgate, std::vector<T>& dup) {
  using C = compute_t<T>;
  const std::size_t n = gate.size();
  std::vector<C> g(n), a(n), t(n), d(n);
  for (std::size_t i = 0; i < n; ++i) {
    g[i] = widen(gate[i]);
    t[i] = widen(dy[i]) * widen(up[i]);
  }
  golu::forward(act, g.data(), a.data(), n);
  golu::backward(act, g.data(), t.data(), d.data(), n);
  dgate.resize(n);
  dup.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    dgate[i] = narrow<T>(d[i]);
    dup[i] = narrow<T>(widen(dy[i]) * a[i]);
  }
}

// Values for one input: the probe inputs (edges, tails, random bits) with NaN, +-inf
// and -0 placed at every lane position of the widest vector in turn.
template <class T>
std::vector<T> values(std::size_t n, std::uint64_t seed) {
  using C = compute_t<T>;
  const std::vector<C> probes = golu_test::probe_inputs<C>(n, seed);
  std::mt19937_64 rng(seed + 1);
  std::uniform_real_distribution<double> normal_range(-6, 6);
  std::vector<T> v(n);
  const C specials[] = {std::numeric_limits<C>::quiet_NaN(), std::numeric_limits<C>::infinity(),
                        -std::numeric_limits<C>::infinity(), C(-0.0)};
  for (std::size_t i = 0; i < n; ++i) {
    C c = i % 3 == 0 ? probes[(i * 7 + seed) % probes.size()] : C(normal_range(rng));
    // One special value per 17 entries, so that over a run each lane position of a
    // 16-lane vector meets each special value.
    if (i % 17 == seed % 17) c = specials[(i / 17) % 4];
    v[i] = narrow<T>(c);
  }
  return v;
}

template <class T>
void expect_same(const std::vector<T>& got, const std::vector<T>& want, const char* what, std::size_t n) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    ASSERT_TRUE(same(got[i], want[i])) << what << " at " << i << " of " << n << ": " << as_double(got[i])
                                       << " != two-pass " << as_double(want[i]);
}

// Sizes below, at and above the widest vector width, and past a few full batches.
std::vector<std::size_t> sizes() {
  std::vector<std::size_t> s;
  for (std::size_t n = 0; n <= 2 * 16 + 3; ++n) s.push_back(n);
  for (std::size_t n : {47, 64, 100, 511, 512, 513, 1031}) s.push_back(n);
  return s;
}

TYPED_TEST(Gated, ForwardIsTheTwoPassComposition) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  for (std::size_t n : sizes()) {
    const std::vector<T> gate = values<T>(n, 1), up = values<T>(n, 2);
    const std::vector<T> want = two_pass_forward(act, gate, up);
    std::vector<T> y(n);
    golu::gated_forward(act, gate.data(), up.data(), y.data(), n);
    expect_same(y, want, "y", n);
    // In place, over either input.
    std::vector<T> g = gate, u = up;
    golu::gated_forward(act, g.data(), up.data(), g.data(), n);
    expect_same(g, want, "y = gate", n);
    golu::gated_forward(act, gate.data(), u.data(), u.data(), n);
    expect_same(u, want, "y = up", n);
  }
}

TYPED_TEST(Gated, BackwardIsTheTwoPassComposition) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  for (std::size_t n : sizes()) {
    const std::vector<T> gate = values<T>(n, 3), up = values<T>(n, 4), dy = values<T>(n, 5);
    std::vector<T> want_dgate, want_dup;
    two_pass_backward(act, gate, up, dy, want_dgate, want_dup);
    std::vector<T> dgate(n), dup(n);
    golu::gated_backward(act, gate.data(), up.data(), dy.data(), dgate.data(), dup.data(), n);
    expect_same(dgate, want_dgate, "dgate", n);
    expect_same(dup, want_dup, "dup", n);
    // In place: the gradients over their own inputs, and over the other ones.
    std::vector<T> g = gate, u = up;
    golu::gated_backward(act, g.data(), u.data(), dy.data(), g.data(), u.data(), n);
    expect_same(g, want_dgate, "dgate = gate", n);
    expect_same(u, want_dup, "dup = up", n);
    g = gate, u = up;
    std::vector<T> d = dy;
    golu::gated_backward(act, g.data(), u.data(), d.data(), d.data(), g.data(), n);
    expect_same(d, want_dgate, "dgate = dy", n);
    expect_same(g, want_dup, "dup = gate", n);
  }
}

// The reference for a packed layout: gate and up gathered per row, then the two-pass form.
enum class layout { halves, swapped, interleaved };

template <class T>
void split(const std::vector<T>& x, std::size_t rows, std::size_t cols, layout l, std::vector<T>& gate,
           std::vector<T>& up) {
  gate.resize(rows * cols);
  up.resize(rows * cols);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const T* row = x.data() + 2 * cols * r;
      const std::size_t i = r * cols + c;
      switch (l) {
        case layout::halves:
          gate[i] = row[c], up[i] = row[cols + c];
          break;
        case layout::swapped:
          up[i] = row[c], gate[i] = row[cols + c];
          break;
        case layout::interleaved:
          gate[i] = row[2 * c], up[i] = row[2 * c + 1];
          break;
      }
    }
}

template <class T>
std::vector<T> join(const std::vector<T>& gate, const std::vector<T>& up, std::size_t rows, std::size_t cols,
                    layout l) {
  std::vector<T> x(2 * rows * cols);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      T* row = x.data() + 2 * cols * r;
      const std::size_t i = r * cols + c;
      switch (l) {
        case layout::halves:
          row[c] = gate[i], row[cols + c] = up[i];
          break;
        case layout::swapped:
          row[c] = up[i], row[cols + c] = gate[i];
          break;
        case layout::interleaved:
          row[2 * c] = gate[i], row[2 * c + 1] = up[i];
          break;
      }
    }
  return x;
}

template <class Act, class T>
void glu_forward_in(layout l, const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  if (l == layout::halves) golu::glu_forward(act, x, y, rows, cols);
  if (l == layout::swapped) golu::glu_forward_swapped(act, x, y, rows, cols);
  if (l == layout::interleaved) golu::glu_forward_interleaved(act, x, y, rows, cols);
}
template <class Act, class T>
void glu_backward_in(layout l, const Act& act, const T* x, const T* dy, T* dx, std::size_t rows, std::size_t cols) {
  if (l == layout::halves) golu::glu_backward(act, x, dy, dx, rows, cols);
  if (l == layout::swapped) golu::glu_backward_swapped(act, x, dy, dx, rows, cols);
  if (l == layout::interleaved) golu::glu_backward_interleaved(act, x, dy, dx, rows, cols);
}

TYPED_TEST(Gated, PackedLayoutsAreTheTwoPassComposition) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  const std::pair<std::size_t, std::size_t> shapes[] = {{0, 5}, {3, 0}, {1, 1}, {3, 7}, {2, 16}, {5, 33}, {2, 600}};
  for (layout l : {layout::halves, layout::swapped, layout::interleaved})
    for (auto [rows, cols] : shapes) {
      const std::size_t n = rows * cols;
      const std::vector<T> x = values<T>(2 * n, 6), dy = values<T>(n, 7);
      std::vector<T> gate, up;
      split(x, rows, cols, l, gate, up);
      std::vector<T> y(n);
      glu_forward_in(l, act, x.data(), y.data(), rows, cols);
      expect_same(y, two_pass_forward(act, gate, up), "glu y", n);
      std::vector<T> dgate, dup;
      two_pass_backward(act, gate, up, dy, dgate, dup);
      const std::vector<T> want_dx = join(dgate, dup, rows, cols, l);
      std::vector<T> dx(2 * n);
      glu_backward_in(l, act, x.data(), dy.data(), dx.data(), rows, cols);
      expect_same(dx, want_dx, "glu dx", n);
      std::vector<T> xx = x;
      glu_backward_in(l, act, xx.data(), dy.data(), xx.data(), rows, cols);
      expect_same(xx, want_dx, "glu dx = x", n);
    }
}

#if GOLU_TEST_LEVEL_INDEPENDENT
// GoLU with general parameters (its own kernels) and the two halves of a large
// array, whose outputs are streamed, aligned and not.
TEST(GatedKernels, GeneralGoLUAndStreamedOutputs) {
  for (const golu::GoLU<golu::fast>& act : {golu::GoLU<golu::fast>{1.0, 1.5, 0.8}, golu::GoLU<golu::fast>{}}) {
    const std::size_t n = (std::size_t(9) << 20) / sizeof(float) + 37;
    const std::vector<float> gate = values<float>(n + 1, 8), up = values<float>(n + 1, 9), dy = values<float>(n, 10);
    for (std::size_t shift : {0, 1}) {
      const std::vector<float> g(gate.begin() + shift, gate.begin() + shift + n), u(up.begin(), up.begin() + n);
      std::vector<float> y(n + 1), want = two_pass_forward(act, g, u);
      golu::gated_forward(act, g.data(), u.data(), y.data() + shift, n);
      expect_same(std::vector<float>(y.begin() + shift, y.begin() + shift + n), want, "streamed y", n);
      std::vector<float> want_dg, want_du;
      two_pass_backward(act, g, u, dy, want_dg, want_du);
      // Outputs at different offsets from alignment, then at the same.
      std::vector<float> dg(n + 1), du(n + 1);
      golu::gated_backward(act, g.data(), u.data(), dy.data(), dg.data() + shift, du.data(), n);
      expect_same(std::vector<float>(dg.begin() + shift, dg.begin() + shift + n), want_dg, "streamed dgate", n);
      expect_same(std::vector<float>(du.begin(), du.begin() + n), want_du, "streamed dup", n);
      golu::gated_backward(act, g.data(), u.data(), dy.data(), dg.data() + shift, du.data() + shift, n);
      expect_same(std::vector<float>(dg.begin() + shift, dg.begin() + shift + n), want_dg, "streamed dgate", n);
      expect_same(std::vector<float>(du.begin() + shift, du.begin() + shift + n), want_du, "streamed dup", n);
    }
  }
}

// Independent of the library's composition: a few values against the definitions
// computed here in long double (GoLU(x) = x exp(-exp(-x))), within the fast
// level's bound plus the multiplication.
TEST(GatedKernels, GoGLUValues) {
  const float gate[] = {-2.0f, -0.5f, 0.0f, 0.75f, 3.0f}, up[] = {1.5f, -2.0f, 4.0f, 0.5f, -1.0f};
  float y[5], dgate[5], dup[5];
  const float dy[] = {1.0f, 0.5f, -1.0f, 2.0f, 0.25f};
  golu::gated_forward(golu::GoLU<golu::exact>{}, gate, up, y, 5);
  golu::gated_backward(golu::GoLU<golu::exact>{}, gate, up, dy, dgate, dup, 5);
  for (int i = 0; i < 5; ++i) {
    const long double x = gate[i], gx = std::exp(-std::exp(-x)), a = x * gx;
    const long double da = gx + x * std::exp(-x) * gx;
    EXPECT_NEAR(y[i], float(a * up[i]), 2e-7 * std::fabs(double(a * up[i])) + 1e-38) << i;
    EXPECT_NEAR(dup[i], float(dy[i] * a), 2e-7 * std::fabs(double(dy[i] * a)) + 1e-38) << i;
    EXPECT_NEAR(dgate[i], float(dy[i] * up[i] * da), 4e-7 * std::fabs(double(dy[i] * up[i] * da)) + 1e-38) << i;
  }
}

TEST(GatedKernels, RejectsBadArguments) {
  const golu::GoLU<golu::fast> act;
  std::vector<float> a(64), b(64), c(64), d(64), e(64);
  EXPECT_THROW(golu::gated_forward(act, static_cast<const float*>(nullptr), b.data(), c.data(), 4),
               std::invalid_argument);
  EXPECT_NO_THROW(golu::gated_forward(act, static_cast<const float*>(nullptr), b.data(), c.data(), 0));
  EXPECT_THROW(golu::gated_forward(act, a.data(), b.data(), a.data() + 1, 8), std::invalid_argument);
  EXPECT_THROW(golu::gated_forward(act, a.data(), b.data(), b.data() + 1, 8), std::invalid_argument);
  EXPECT_THROW(golu::gated_backward(act, a.data(), b.data(), c.data(), d.data(), d.data(), 8), std::invalid_argument);
  EXPECT_THROW(golu::gated_backward(act, a.data(), b.data(), c.data(), d.data(), d.data() + 4, 8),
               std::invalid_argument);
  EXPECT_THROW(golu::gated_backward(act, a.data(), b.data(), c.data(), c.data() + 2, e.data(), 8),
               std::invalid_argument);
  EXPECT_THROW(golu::gated_backward(act, a.data(), b.data(), c.data(), d.data(), a.data() + 3, 8),
               std::invalid_argument);
  try {
    golu::gated_backward(act, a.data(), b.data(), c.data(), d.data(), d.data(), 8);
  } catch (const std::invalid_argument& err) {
    EXPECT_NE(std::string(err.what()).find("golu::gated_backward: dgate and dup"), std::string::npos) << err.what();
  }
  // Packed layouts: y inside x, dy inside dx, dx partly over x, sizes that overflow.
  EXPECT_THROW(golu::glu_forward(act, a.data(), a.data() + 8, 2, 8), std::invalid_argument);
  EXPECT_THROW(golu::glu_forward(act, a.data(), a.data(), 2, 8), std::invalid_argument);
  EXPECT_THROW(golu::glu_backward(act, a.data(), b.data(), b.data(), 2, 8), std::invalid_argument);
  EXPECT_THROW(golu::glu_backward(act, a.data(), c.data(), a.data() + 2, 2, 8), std::invalid_argument);
  EXPECT_NO_THROW(golu::glu_backward(act, a.data(), c.data(), a.data(), 2, 8));
  // Read at run time: a constant would let GCC see (and warn of) the overflowing
  // indices of the loops behind the check that throws.
  volatile std::size_t huge = std::numeric_limits<std::size_t>::max() / 4 + 1;
  const std::size_t big = huge;
  EXPECT_THROW(golu::glu_forward(act, a.data(), b.data(), big, 2), std::invalid_argument);
  EXPECT_THROW(golu::glu_backward_interleaved(act, a.data(), b.data(), c.data(), 2, big), std::invalid_argument);
  EXPECT_THROW(golu::glu_forward_swapped(act, static_cast<const float*>(nullptr), b.data(), 1, 1),
               std::invalid_argument);
}
#endif

}  // namespace
