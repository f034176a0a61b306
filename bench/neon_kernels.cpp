// The array kernels built for aarch64 (NEON), one out-of-line function per
// activation and pass, plus Eigen's NEON Swish built the same way, for
// bench/neon_report.sh: it links this object statically, disassembles it and
// measures each function's hot loop (instructions per vector, llvm-mca
// throughput) without NEON hardware.
//
//   aarch64-linux-gnu-g++ -std=c++17 -O3 -DNDEBUG -I include -I /usr/include/eigen3 -c bench/neon_kernels.cpp
//
// The activations come from golu::all_activations (golu/activation_list.hpp) at
// the fast level: an activation added there is measured here too. The functions'
// demangled names are neon_kernels::forward_kernel<golu::<target>::GoLU<golu::fast> >
// and so on, and neon_kernels::eigen_swish_forward / eigen_swish_backward.
// Linked statically, it runs under qemu-aarch64: main (below) checks every kernel
// once, or runs one kernel for a trace of the blocks it executes.

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <golu/activation_list.hpp>
#include <golu/golu.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace neon_kernels {

template <class Act>
__attribute__((noinline)) void forward_kernel(const float* x, float* y, std::size_t n) {
  golu::forward(Act{}, x, y, n);
}

template <class Act>
__attribute__((noinline)) void backward_kernel(const float* x, const float* dy, float* dx, std::size_t n) {
  golu::backward(Act{}, x, dy, dx, n);
}

// Eigen's Swish (SiLU): y = x * logistic(x).
__attribute__((noinline)) void eigen_swish_forward(const float* x, float* y, std::size_t n) {
  const Eigen::Map<const Eigen::ArrayXf> xa(x, static_cast<Eigen::Index>(n));
  Eigen::Map<Eigen::ArrayXf> ya(y, static_cast<Eigen::Index>(n));
  ya = xa * xa.logistic();
}

// Its backward as bench/golu_ratios.cpp measures it on x86: dy * (s + x s (1 - s)),
// with s = logistic(x) evaluated once into a buffer (as an unevaluated expression
// Eigen would compute it three times per element): two loops.
__attribute__((noinline)) void eigen_swish_backward(const float* x, const float* dy, float* dx, std::size_t n) {
  const Eigen::Map<const Eigen::ArrayXf> xa(x, static_cast<Eigen::Index>(n));
  const Eigen::Map<const Eigen::ArrayXf> dya(dy, static_cast<Eigen::Index>(n));
  Eigen::Map<Eigen::ArrayXf> dxa(dx, static_cast<Eigen::Index>(n));
  const Eigen::ArrayXf s = xa.logistic();
  dxa = dya * (s + xa * s * (1.0f - s));
}

struct kernel_entry {
  const char* name;
  void (*forward)(const float*, float*, std::size_t);
  void (*backward)(const float*, const float*, float*, std::size_t);
};

template <class Tuple>
struct kernel_table;
template <class... Acts>
struct kernel_table<std::tuple<Acts...>> {
  static constexpr std::size_t size = sizeof...(Acts);
  static constexpr kernel_entry entries[size] = {{Acts::name, &forward_kernel<Acts>, &backward_kernel<Acts>}...};
};

using table = kernel_table<golu::all_activations::at_level<golu::fast>>;

}  // namespace neon_kernels

// Exported (and only called through these pointers), so that every function is
// emitted once, out of line, and none is specialised for a caller's arguments.
extern "C" {
extern const neon_kernels::kernel_entry* const neon_kernels_table;
extern const std::size_t neon_kernels_count;
extern const neon_kernels::kernel_entry neon_kernels_eigen_swish;
const neon_kernels::kernel_entry* const neon_kernels_table = neon_kernels::table::entries;
const std::size_t neon_kernels_count = neon_kernels::table::size;
const neon_kernels::kernel_entry neon_kernels_eigen_swish = {"EigenSwish", &neon_kernels::eigen_swish_forward,
                                                             &neon_kernels::eigen_swish_backward};
}

namespace {

// Inputs in [lo, hi] at n evenly spaced points, dy near 1.
void fill(std::vector<float>& x, std::vector<float>& dy, float lo, float hi) {
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(n - 1);
    dy[i] = 1.f + 0.001f * static_cast<float>(i % 7);
  }
}

std::size_t count_not_finite(const std::vector<float>& v) {
  std::size_t bad = 0;
  for (float f : v)
    if (!std::isfinite(f)) ++bad;
  return bad;
}

// The largest |a - b| / (1e-6 + |b|): relative, but absolute near zero (Eigen's
// logistic keeps an absolute bound where it is tiny).
double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = std::fabs(static_cast<double>(a[i]) - b[i]) / (1e-6 + std::fabs(static_cast<double>(b[i])));
    if (d > m) m = d;
  }
  return m;
}

const neon_kernels::kernel_entry* find(const std::string& name) {
  if (name == neon_kernels_eigen_swish.name) return &neon_kernels_eigen_swish;
  for (std::size_t k = 0; k < neon_kernels_count; ++k)
    if (name == neon_kernels_table[k].name) return &neon_kernels_table[k];
  return nullptr;
}

}  // namespace

// "--list": prints the activations' names, in list order.
// No arguments: runs every kernel on 1003 values (two-vector loop, one-vector
// loop and a tail) and checks the results are finite and that golu's Swish and
// Eigen's agree. "NAME forward|backward N": runs one kernel once on N values in
// [-5, 5], for a trace of the executed blocks (qemu-aarch64 -d exec,nochain).
int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--list") {
    for (std::size_t k = 0; k < neon_kernels_count; ++k) std::printf("%s\n", neon_kernels_table[k].name);
    return 0;
  }
  if (argc == 4) {
    const neon_kernels::kernel_entry* e = find(argv[1]);
    const std::size_t n = std::stoul(argv[3]);
    if (e == nullptr || n < 2) return 2;
    std::vector<float> x(n), dy(n), out(n);
    fill(x, dy, -5.f, 5.f);
    if (std::string(argv[2]) == "forward") {
      e->forward(x.data(), out.data(), n);
    } else {
      e->backward(x.data(), dy.data(), out.data(), n);
    }
    return count_not_finite(out) == 0 ? 0 : 1;
  }
  const std::size_t n = 1003;
  std::vector<float> x(n), dy(n), y(n), dx(n), ye(n), dxe(n);
  fill(x, dy, -12.f, 12.f);
  int failures = 0;
  for (std::size_t k = 0; k < neon_kernels_count; ++k) {
    const neon_kernels::kernel_entry& e = neon_kernels_table[k];
    e.forward(x.data(), y.data(), n);
    e.backward(x.data(), dy.data(), dx.data(), n);
    const std::size_t bad = count_not_finite(y) + count_not_finite(dx);
    std::printf("%-10s y(%+.0f) = %+.6f, dx(%+.0f) = %+.6f%s\n", e.name, static_cast<double>(x[n - 1]),
                static_cast<double>(y[n - 1]), static_cast<double>(x[n - 1]), static_cast<double>(dx[n - 1]),
                bad == 0 ? "" : "  NOT FINITE");
    failures += bad == 0 ? 0 : 1;
    if (std::string(e.name) == "Swish") {
      neon_kernels_eigen_swish.forward(x.data(), ye.data(), n);
      neon_kernels_eigen_swish.backward(x.data(), dy.data(), dxe.data(), n);
      const double fd = max_difference(y, ye), bd = max_difference(dx, dxe);
      // Eigen's logistic is a fast approximation: about 3e-4 relative near x = -12.
      const bool agree = fd < 1e-3 && bd < 1e-3;
      std::printf(
          "EigenSwish max difference (relative, absolute near 0) to golu's Swish: %.1e forward, %.1e backward%s\n", fd,
          bd, agree ? "" : "  DISAGREE");
      failures += agree ? 0 : 1;
    }
  }
  return failures == 0 ? 0 : 1;
}
