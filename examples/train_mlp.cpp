// A small MLP (2 -> width -> width -> classes) trained with Adam on a spiral data
// set it generates, once per activation from the same seed. Forward and backward
// are written by hand; the activation and its derivative come from golu::apply and
// golu::apply_grad, and a finite-difference check of the backward pass runs first.
// Run with --help for the options.
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <golu/eigen.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "example_activations.hpp"

namespace {

constexpr double pi = 3.14159265358979323846;

// std::mt19937_64's sequence is fixed by the standard, but the std distributions
// are implementation-defined; these transforms give the same data everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1p-53; }

  // Box-Muller; 1 - u is in (0, 1], so the logarithm is finite.
  double normal() {
    const double r = std::sqrt(-2 * std::log(1 - uniform()));
    return r * std::cos(2 * pi * uniform());
  }

  // [0, n) without modulo bias: draws below 2^64 mod n are rejected, which leaves a
  // multiple of n equally likely values.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t reject = (std::uint64_t{0} - n) % n;
    for (;;) {
      const std::uint64_t r = engine_();
      if (r >= reject) return r % n;
    }
  }

 private:
  std::mt19937_64 engine_;
};

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

// W1, b1, W2, b2, W3, b3 (biases as one-column matrices); gradients and Adam's
// moments have the same shape.
template <class T>
using Params = std::array<Mat<T>, 6>;

// Params<T> with T not deduced from it, so that nullptr can be passed.
template <class T>
struct NotDeduced {
  using type = Params<T>;
};

struct Data {
  Mat<float> x;  // 2 x n
  std::vector<int> label;
};

// `classes` interleaved spiral arms of 2.5 turns each, the radius uniform in
// [0, 1), with Gaussian noise in the plane. Three arms are 0.13 apart, so the noise
// (0.02) makes them overlap near the centre: accuracy stops short of 100%.
Data spirals(int classes, int per_class, Rng& rng) {
  const double turns = 2.5, noise = 0.02;
  Data d{Mat<float>(2, classes * per_class), std::vector<int>(static_cast<std::size_t>(classes * per_class))};
  for (int c = 0, j = 0; c < classes; ++c) {
    for (int i = 0; i < per_class; ++i, ++j) {
      const double r = rng.uniform();
      const double t = 2 * pi * (static_cast<double>(c) / classes + turns * r);
      d.x(0, j) = static_cast<float>(r * std::sin(t) + noise * rng.normal());
      d.x(1, j) = static_cast<float>(r * std::cos(t) + noise * rng.normal());
      d.label[static_cast<std::size_t>(j)] = c;
    }
  }
  return d;
}

// He-scaled normal weights and zero biases, drawn in double so that the float model
// and the double one of the gradient check start from the same values.
Params<double> initial_params(int width, int classes, std::uint64_t seed) {
  Rng rng(seed);
  const int in[3] = {2, width, width}, out[3] = {width, width, classes};
  Params<double> p;
  for (int l = 0; l < 3; ++l) {
    const double scale = std::sqrt(2.0 / in[l]);
    p[2 * l] = Mat<double>(out[l], in[l]);
    // Explicit loops: the order of the draws is part of the seed's meaning.
    for (int j = 0; j < in[l]; ++j)
      for (int i = 0; i < out[l]; ++i) p[2 * l](i, j) = scale * rng.normal();
    p[2 * l + 1] = Mat<double>::Zero(out[l], 1);
  }
  return p;
}

template <class T>
Params<T> cast(const Params<double>& p) {
  Params<T> q;
  for (std::size_t i = 0; i < p.size(); ++i) q[i] = p[i].cast<T>();
  return q;
}

// Mean softmax cross-entropy of the columns of `logits`; leaves dLoss/dlogits in
// `logits`. Shifting each column by its maximum keeps exp from overflowing.
template <class T>
T softmax_cross_entropy(Mat<T>& logits, const int* label) {
  const Eigen::Index n = logits.cols();
  T loss = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    auto col = logits.col(j);
    col.array() -= col.maxCoeff();
    const T target = col(label[j]);
    col = col.array().exp().matrix();
    const T sum = col.sum();
    loss += std::log(sum) - target;
    col /= sum;
    col(label[j]) -= 1;
  }
  logits /= static_cast<T>(n);
  return loss / static_cast<T>(n);
}

// Loss of the network on the columns of x; with `grad`, its gradient by
// backpropagation; with `correct`, the number of columns classified right.
template <class T, class Act>
T loss_and_grad(const Act& act, const Params<T>& p, const Mat<T>& x, const int* label,
                typename NotDeduced<T>::type* grad = nullptr, int* correct = nullptr) {
  const Mat<T> z1 = (p[0] * x).colwise() + p[1].col(0);
  const Mat<T> a1 = golu::apply(act, z1.array()).matrix();
  const Mat<T> z2 = (p[2] * a1).colwise() + p[3].col(0);
  const Mat<T> a2 = golu::apply(act, z2.array()).matrix();
  Mat<T> d = (p[4] * a2).colwise() + p[5].col(0);
  if (correct) {
    *correct = 0;
    for (Eigen::Index j = 0; j < d.cols(); ++j) {
      Eigen::Index best = 0;
      d.col(j).maxCoeff(&best);
      *correct += best == label[j];
    }
  }
  const T loss = softmax_cross_entropy(d, label);
  if (!grad) return loss;
  Params<T>& g = *grad;
  g[4] = d * a2.transpose();
  g[5] = d.rowwise().sum();
  const Mat<T> dz2 = ((p[4].transpose() * d).array() * golu::apply_grad(act, z2.array())).matrix();
  g[2] = dz2 * a1.transpose();
  g[3] = dz2.rowwise().sum();
  const Mat<T> dz1 = ((p[2].transpose() * dz2).array() * golu::apply_grad(act, z1.array())).matrix();
  g[0] = dz1 * x.transpose();
  g[1] = dz1.rowwise().sum();
  return loss;
}

// Largest relative difference between the backward pass and central differences
// of the loss, in double, over three entries of each parameter. Few points keep the
// perturbations from crossing ReLU's kink, where the difference would be right but
// not the derivative.
template <class Act>
double gradient_check(const Act& act, const Params<double>& init, const Data& train, std::uint64_t seed, int* checked) {
  constexpr int points = 8;
  Mat<double> x(2, points);
  std::vector<int> label(points);
  const Eigen::Index stride = train.x.cols() / points;
  for (int j = 0; j < points; ++j) {
    x.col(j) = train.x.col(j * stride).cast<double>();
    label[static_cast<std::size_t>(j)] = train.label[static_cast<std::size_t>(j * stride)];
  }
  Params<double> p = init, g;
  // Backward at non-zero biases, so that they are checked too.
  Rng rng(seed + 2);
  for (std::size_t i = 1; i < p.size(); i += 2)
    for (Eigen::Index r = 0; r < p[i].rows(); ++r) p[i](r, 0) = 0.1 * rng.normal();
  loss_and_grad(act, p, x, label.data(), &g);
  const double h = 1e-5;
  double worst = 0;
  *checked = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (int k = 0; k < 3; ++k, ++*checked) {
      const auto e = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(p[i].size())));
      const double saved = p[i](e);
      p[i](e) = saved + h;
      const double up = loss_and_grad(act, p, x, label.data());
      p[i](e) = saved - h;
      const double down = loss_and_grad(act, p, x, label.data());
      p[i](e) = saved;
      const double numeric = (up - down) / (2 * h), analytic = g[i](e);
      // The floor keeps gradients that are nearly zero from turning rounding noise
      // into a large relative error.
      const double rel =
          std::fabs(numeric - analytic) / std::fmax(1e-5, std::fmax(std::fabs(numeric), std::fabs(analytic)));
      worst = std::fmax(worst, rel);
    }
  }
  return worst;
}

struct Evaluation {
  double loss, accuracy;  // mean loss; accuracy in percent
};

// In slices of 1024 points, so that memory stays at width x 1024 whatever the set's size.
template <class Act>
Evaluation evaluate(const Act& act, const Params<float>& p, const Data& d) {
  const Eigen::Index n = d.x.cols(), slice = 1024;
  double loss = 0;
  long right = 0;
  for (Eigen::Index s = 0; s < n; s += slice) {
    const Eigen::Index m = std::min(slice, n - s);
    int correct = 0;
    const Mat<float> x = d.x.middleCols(s, m);
    loss += static_cast<double>(m) * loss_and_grad(act, p, x, d.label.data() + s, nullptr, &correct);
    right += correct;
  }
  return {loss / static_cast<double>(n), 100.0 * static_cast<double>(right) / static_cast<double>(n)};
}

struct Options {
  int epochs = 200;
  int width = 64;
  std::uint64_t seed = 1;
  std::string activation = "all";
  int classes = 3;
  int points = 1000;  // per class, for training and again for the held-out set
  int batch = 32;
  double lr = 0.01;
  int log_every = 0;  // 0: about ten progress lines per activation
};

struct Result {
  double loss = 0, train_accuracy = 0, test_accuracy = 0, seconds = 0;
};

template <class Act>
Result fit(const char* name, const Act& act, const Options& o, const Params<double>& init, const Data& train,
           const Data& test) {
  Params<float> p = cast<float>(init), g, m, v;
  for (std::size_t i = 0; i < p.size(); ++i) {
    m[i] = Mat<float>::Zero(p[i].rows(), p[i].cols());
    v[i] = m[i];
  }
  const Eigen::Index n = train.x.cols();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) order[static_cast<std::size_t>(j)] = j;
  Rng shuffle(o.seed + 1);  // the same batches for every activation
  Mat<float> xb(2, o.batch);
  std::vector<int> lb(static_cast<std::size_t>(o.batch));
  const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  double beta1_t = 1, beta2_t = 1;
  const int every = o.log_every > 0 ? o.log_every : std::max(1, o.epochs / 10);
  Result r;
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    // Fisher-Yates, with the bias-free draws above.
    for (std::size_t j = order.size() - 1; j > 0; --j) std::swap(order[j], order[shuffle.below(j + 1)]);
    // Whole batches only; the tail of the permutation is trained next epoch.
    for (Eigen::Index s = 0; s + o.batch <= n; s += o.batch) {
      for (int j = 0; j < o.batch; ++j) {
        const Eigen::Index k = order[static_cast<std::size_t>(s + j)];
        xb.col(j) = train.x.col(k);
        lb[static_cast<std::size_t>(j)] = train.label[static_cast<std::size_t>(k)];
      }
      loss_and_grad(act, p, xb, lb.data(), &g);
      beta1_t *= beta1;
      beta2_t *= beta2;
      // The rate falls linearly to zero over the run, so that the final figures are
      // not one sample of Adam's late-training jitter.
      const double decay = 1 - (epoch - 1 + static_cast<double>(s) / static_cast<double>(n)) / o.epochs;
      const float step = static_cast<float>(o.lr * decay * std::sqrt(1 - beta2_t) / (1 - beta1_t));
      for (std::size_t i = 0; i < p.size(); ++i) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i].cwiseAbs2();
        p[i].array() -= step * m[i].array() / (v[i].array().sqrt() + eps);
      }
    }
    if (epoch % every == 0 || epoch == o.epochs) {
      const Evaluation on_train = evaluate(act, p, train), on_test = evaluate(act, p, test);
      r.loss = on_train.loss;
      r.train_accuracy = on_train.accuracy;
      r.test_accuracy = on_test.accuracy;
      std::printf("  %-9s epoch %*d/%d  loss %.4f  train %5.1f%%  held-out %5.1f%%\n", name,
                  static_cast<int>(std::to_string(o.epochs).size()), epoch, o.epochs, r.loss, r.train_accuracy,
                  r.test_accuracy);
      std::fflush(stdout);
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

long long parse_int(const std::string& option, const std::string& text, long long lo, long long hi) {
  const char* s = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s, &end, 10);
  // strtoll would skip leading blanks and stop at trailing garbage.
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) || *end != '\0')
    throw UsageError(option + " needs a whole number, got '" + text + "'");
  if (errno == ERANGE || v < lo || v > hi)
    throw UsageError(option + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                     text);
  return v;
}

std::uint64_t parse_seed(const std::string& option, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  // strtoull accepts "-1" and wraps it; only digits are a seed.
  const bool digits = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]));
  const unsigned long long v = digits ? std::strtoull(text.c_str(), &end, 10) : 0;
  if (!digits || *end != '\0')
    throw UsageError(option + " needs a whole number between 0 and 2^64 - 1, got '" + text + "'");
  if (errno == ERANGE) throw UsageError(option + " must be below 2^64, got " + text);
  return v;
}

double parse_rate(const std::string& option, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) || *end != '\0')
    throw UsageError(option + " needs a number, got '" + text + "'");
  if (!(v > 0 && v <= 1)) throw UsageError(option + " must be in (0, 1], got " + text);
  return v;
}

std::string activation_names() {
  std::string names;
  examples::for_each_activation([&](const char* name, const auto&, bool) { names += std::string(name) + ", "; });
  return names + "all";
}

std::string paper_set() {
  std::string names;
  examples::for_each_activation([&](const char* name, const auto&, bool paper) {
    if (paper) names += (names.empty() ? "" : ", ") + std::string(name);
  });
  return names;
}

void print_help() {
  const Options d;
  std::printf(
      "Usage: train_mlp [options]\n"
      "Trains a 2-W-W-K MLP with Adam on a K-arm spiral, once per activation from the same\n"
      "initial weights and batches, after a finite-difference check of the backward pass.\n"
      "\n"
      "  --activation NAME  one of %s (default %s: %s)\n"
      "  --epochs N         passes over the training set, 1..100000 (default %d)\n"
      "  --width N          hidden units per layer, 1..4096 (default %d)\n"
      "  --seed N           seed of the data, weights and batch order, 0..2^64-1 (default %llu)\n"
      "  --classes N        spiral arms, 2..10 (default %d)\n"
      "  --points N         training points per arm, 10..100000; as many held-out ones (default %d)\n"
      "  --batch N          minibatch size, 1..number of training points (default %d)\n"
      "  --lr X             Adam's initial learning rate, in (0, 1], falling linearly to 0 (default %g)\n"
      "  --log-every N      epochs between progress lines, 1..100000 (default: a tenth of the epochs)\n"
      "  --help             this text\n"
      "Options take their value as the next argument or after '=' (--epochs=5).\n"
      "Exit status: 0 done, 1 gradient check failed, 2 bad command line.\n",
      activation_names().c_str(), d.activation.c_str(), paper_set().c_str(), d.epochs, d.width,
      static_cast<unsigned long long>(d.seed), d.classes, d.points, d.batch, d.lr);
}

// Returns false if --help was asked for.
bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string option = argv[i], value;
    if (option == "--help" || option == "-h") return false;
    const std::size_t eq = option.find('=');
    const bool inline_value = option.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inline_value) {
      value = option.substr(eq + 1);
      option.resize(eq);
    }
    const bool known = option == "--epochs" || option == "--width" || option == "--seed" || option == "--activation" ||
                       option == "--classes" || option == "--points" || option == "--batch" || option == "--lr" ||
                       option == "--log-every";
    if (!known) throw UsageError("unknown option '" + option + "'");
    if (!inline_value) {
      if (i + 1 >= argc) throw UsageError(option + " needs a value");
      value = argv[++i];
    }
    if (option == "--epochs") o.epochs = static_cast<int>(parse_int(option, value, 1, 100000));
    if (option == "--width") o.width = static_cast<int>(parse_int(option, value, 1, 4096));
    if (option == "--seed") o.seed = parse_seed(option, value);
    if (option == "--classes") o.classes = static_cast<int>(parse_int(option, value, 2, 10));
    if (option == "--points") o.points = static_cast<int>(parse_int(option, value, 10, 100000));
    if (option == "--batch") o.batch = static_cast<int>(parse_int(option, value, 1, 1000000));
    if (option == "--lr") o.lr = parse_rate(option, value);
    if (option == "--log-every") o.log_every = static_cast<int>(parse_int(option, value, 1, 100000));
    if (option == "--activation") {
      bool found = lower(value) == "all";
      examples::for_each_activation([&](const char* name, const auto&, bool) {
        if (lower(value) == lower(name)) {
          o.activation = name;
          found = true;
        }
      });
      if (!found)
        throw UsageError("--activation: unknown activation '" + value + "'; choose one of " + activation_names());
      if (lower(value) == "all") o.activation = "all";
    }
  }
  if (o.batch > o.classes * o.points)
    throw UsageError("--batch " + std::to_string(o.batch) + " is more than the " +
                     std::to_string(o.classes * o.points) + " training points");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    if (!parse(argc, argv, o)) {
      print_help();
      return 0;
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "train_mlp: %s (see train_mlp --help)\n", e.what());
    return 2;
  }
  try {
    Rng data_rng(o.seed);
    const Data train = spirals(o.classes, o.points, data_rng), test = spirals(o.classes, o.points, data_rng);
    const Params<double> init = initial_params(o.width, o.classes, o.seed);
    const auto chosen = [&](const char* name, bool paper) {
      return o.activation == "all" ? paper : o.activation == name;
    };
    std::printf(
        "%d-arm spiral, %d training and %d held-out points; MLP 2-%d-%d-%d, Adam (lr %g), batch %d, %d epochs, "
        "seed %llu\n\n",
        o.classes, o.classes * o.points, o.classes * o.points, o.width, o.width, o.classes, o.lr, o.batch, o.epochs,
        static_cast<unsigned long long>(o.seed));

    std::printf("Gradient check (double, central differences, h = 1e-5, 8 points):\n");
    bool gradients_ok = true;
    examples::for_each_activation([&](const char* name, const auto& act, bool paper) {
      if (!chosen(name, paper)) return;
      int checked = 0;
      const double err = gradient_check(act, init, train, o.seed, &checked);
      const bool ok = err <= 1e-4;
      gradients_ok = gradients_ok && ok;
      std::printf("  %-9s max relative error %.1e over %d weights and biases  %s\n", name, err, checked,
                  ok ? "ok" : "FAILED (bound 1e-4)");
    });
    if (!gradients_ok) {
      std::fprintf(stderr, "train_mlp: the backward pass disagrees with finite differences\n");
      return 1;
    }

    std::printf("\nTraining:\n");
    std::vector<std::pair<std::string, Result>> results;
    examples::for_each_activation([&](const char* name, const auto& act, bool paper) {
      if (chosen(name, paper)) results.emplace_back(name, fit(name, act, o, init, train, test));
    });

    std::printf("\n| activation | final loss | train accuracy | held-out accuracy | time (s) |\n");
    std::printf("|---|---|---|---|---|\n");
    for (const auto& [name, r] : results)
      std::printf("| %s | %.4f | %.1f%% | %.1f%% | %.2f |\n", name.c_str(), r.loss, r.train_accuracy, r.test_accuracy,
                  r.seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_mlp: %s\n", e.what());
    return 1;
  }
}
