// A transformer feed-forward block with a gated linear unit, y = GLU(x [W | V]) Wo,
// trained to imitate a fixed random teacher network, once per gate: GoGLU (GoLU),
// SwiGLU (Swish) and GeGLU (GELU). The projections are Eigen matrix products; the
// gated unit is golu::glu_forward / golu::glu_backward on the packed [gate | up]
// rows of the fused projection, so the gate's activation never goes through memory.
// A finite-difference check of the backward pass runs first (in double). Prints
// the loss before and after and the gated unit's share of the block's time.
//
//   golu_gated_ffn [--seconds S]   (S per gate, default 2)
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <golu/activations.hpp>
#include <golu/gated.hpp>
#include <random>
#include <string>

namespace {

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

template <class T>
Matrix<T> random_matrix(Eigen::Index rows, Eigen::Index cols, double scale, std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, scale);
  Matrix<T> m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = T(normal(rng));
  return m;
}

// The block's weights, their gradients and Adam's moments; activations kept for
// the backward pass. Rows are samples.
template <class T, class Act>
struct gated_block {
  Act act;
  Eigen::Index width, hidden;
  Matrix<T> w_gate_up, w_out;  // width x 2 hidden ([W | V]), hidden x width
  Matrix<T> z, h, y;           // batch x 2 hidden, batch x hidden, batch x width
  Matrix<T> d_gate_up, d_out, m1, v1, m2, v2;
  Matrix<T> diff, dy, dh, dz;  // the backward pass's, kept: no allocation per step
  double gated_seconds = 0;    // time in golu::glu_forward and glu_backward

  gated_block(Eigen::Index width_, Eigen::Index hidden_, std::mt19937_64& rng)
      : width(width_),
        hidden(hidden_),
        w_gate_up(random_matrix<T>(width_, 2 * hidden_, 1.0 / std::sqrt(double(width_)), rng)),
        w_out(random_matrix<T>(hidden_, width_, 1.0 / std::sqrt(double(hidden_)), rng)) {
    m1 = v1 = Matrix<T>::Zero(w_gate_up.rows(), w_gate_up.cols());
    m2 = v2 = Matrix<T>::Zero(w_out.rows(), w_out.cols());
  }

  const Matrix<T>& forward(const Matrix<T>& x) {
    z.noalias() = x * w_gate_up;
    h.resize(x.rows(), hidden);
    const auto t = clock_type::now();
    golu::glu_forward(act, z.data(), h.data(), std::size_t(x.rows()), std::size_t(hidden));
    gated_seconds += seconds_since(t);
    y.noalias() = h * w_out;
    return y;
  }

  // Mean squared error against target and its gradients (after forward(x)).
  double loss_and_gradients(const Matrix<T>& x, const Matrix<T>& target) {
    diff = y - target;
    const double n = double(diff.size());
    dy = diff * T(2 / n);
    d_out.noalias() = h.transpose() * dy;
    dh.noalias() = dy * w_out.transpose();
    dz.resize(z.rows(), z.cols());
    const auto t = clock_type::now();
    golu::glu_backward(act, z.data(), dh.data(), dz.data(), std::size_t(x.rows()), std::size_t(hidden));
    gated_seconds += seconds_since(t);
    d_gate_up.noalias() = x.transpose() * dz;
    return double(diff.squaredNorm()) / n;
  }

  double loss(const Matrix<T>& x, const Matrix<T>& target) {
    forward(x);
    return double((y - target).squaredNorm()) / double(y.size());
  }

  void adam_step(int step, double rate) {
    const double b1 = 0.9, b2 = 0.999, c1 = 1 - std::pow(b1, step), c2 = 1 - std::pow(b2, step);
    const auto update = [&](Matrix<T>& w, const Matrix<T>& g, Matrix<T>& m, Matrix<T>& v) {
      m = T(b1) * m + T(1 - b1) * g;
      v = T(b2) * v + T(1 - b2) * g.cwiseProduct(g);
      w.array() -= T(rate / c1) * m.array() / ((v.array() / T(c2)).sqrt() + T(1e-8));
    };
    update(w_gate_up, d_gate_up, m1, v1);
    update(w_out, d_out, m2, v2);
  }
};

// Teacher: a fixed random tanh network; inputs standard normal.
template <class T>
void make_task(Eigen::Index batch, Eigen::Index width, std::mt19937_64& rng, Matrix<T>& x, Matrix<T>& target) {
  x = random_matrix<T>(batch, width, 1.0, rng);
  const Matrix<T> a = random_matrix<T>(width, 16, 1.0 / std::sqrt(double(width)), rng);
  const Matrix<T> c = random_matrix<T>(16, width, 0.5, rng);
  target = (x * a).array().tanh().matrix() * c;
}

// Central differences of the loss over a few weights of each matrix, in double at
// the exact level, against the backward pass. Returns the largest relative error.
template <class Act>
double gradient_check() {
  std::mt19937_64 rng(3);
  Matrix<double> x, target;
  make_task<double>(8, 6, rng, x, target);
  gated_block<double, Act> block(6, 5, rng);
  block.forward(x);
  block.loss_and_gradients(x, target);
  double worst = 0;
  const auto check = [&](Matrix<double>& w, const Matrix<double>& g) {
    for (Eigen::Index i = 0; i < w.size(); i += 3) {
      const double keep = w.data()[i], step = 1e-6;
      w.data()[i] = keep + step;
      const double up = block.loss(x, target);
      w.data()[i] = keep - step;
      const double down = block.loss(x, target);
      w.data()[i] = keep;
      const double numeric = (up - down) / (2 * step), analytic = g.data()[i];
      worst = std::max(worst, std::fabs(numeric - analytic) / std::max(1e-6, std::fabs(numeric) + std::fabs(analytic)));
    }
  };
  const Matrix<double> g1 = block.d_gate_up, g2 = block.d_out;
  check(block.w_gate_up, g1);
  check(block.w_out, g2);
  return worst;
}

// Trains for `seconds` and prints a table row (none when name is null: a warm-up).
template <class Act>
void train(const char* name, double seconds) {
  constexpr Eigen::Index batch = 256, width = 64, hidden = 256;
  std::mt19937_64 rng(11);
  Matrix<float> x, target;
  make_task<float>(batch, width, rng, x, target);
  gated_block<float, Act> block(width, hidden, rng);
  const double initial = block.loss(x, target);
  block.gated_seconds = 0;
  int steps = 0;
  double last = initial;
  const auto start = clock_type::now();
  while (seconds_since(start) < seconds) {
    block.forward(x);
    last = block.loss_and_gradients(x, target);
    block.adam_step(++steps, 1e-3);
  }
  const double total = seconds_since(start);
  if (name == nullptr) return;
  std::printf("| %s | %.4f | %.3g | %d | %.1f%% | %.1f |\n", name, initial, last, steps,
              100 * block.gated_seconds / total, 1e6 * total / steps);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::printf("Usage: gated_ffn [--seconds S]  (training time per gate, default 2, 0.01 to 600)\n");
      return 0;
    }
    if (arg == "--seconds" && i + 1 < argc) {
      char* end = nullptr;
      seconds = std::strtod(argv[++i], &end);
      if (end == argv[i] || *end != '\0' || !(seconds >= 0.01 && seconds <= 600)) {
        std::fprintf(stderr, "gated_ffn: --seconds must be a number from 0.01 to 600, got '%s'\n", argv[i]);
        return 2;
      }
      continue;
    }
    std::fprintf(stderr, "gated_ffn: unknown option '%s' (see --help)\n", arg.c_str());
    return 2;
  }
  const double errors[] = {gradient_check<golu::GoLU<golu::exact>>(), gradient_check<golu::Swish<golu::exact>>(),
                           gradient_check<golu::GELU<golu::exact>>()};
  double worst = 0;
  for (double e : errors) worst = std::max(worst, e);
  std::printf("gradient check (double, exact level): max relative error %.2e\n", worst);
  if (!(worst < 1e-5)) {
    std::fprintf(stderr, "gated_ffn: the backward pass disagrees with finite differences\n");
    return 1;
  }
  std::printf("\nfloat, batch 256, width 64, hidden 256 (fast level), Adam, %.2g s per gate:\n\n", seconds);
  std::printf("| gate | initial loss | final loss | steps | gated unit's share of the time | us per step |\n");
  std::printf("|---|---|---|---|---|---|\n");
  // The first run of the loop pays for the memory's first touch: one untimed.
  train<golu::GoLU<golu::fast>>(nullptr, std::min(seconds, 0.2));
  train<golu::GoLU<golu::fast>>("GoGLU", seconds);
  train<golu::Swish<golu::fast>>("SwiGLU", seconds);
  train<golu::GELU<golu::fast>>("GeGLU", seconds);
  return 0;
}
