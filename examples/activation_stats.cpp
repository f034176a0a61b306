// The GoLU paper's variance claim, made measurable: for X ~ N(0, 1), the mean and
// variance of each activation's output, by quadrature (not sampling, so the
// figures are exact to the digits printed), the slope at 0 and the minimum. Ends
// with checks against closed forms (ReLU's moments, GoLU's minimum at -W(1) and
// slope 1/e); exit status 1 if one fails.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "example_activations.hpp"

namespace {

constexpr double pi = 3.14159265358979323846;

// Gauss-Legendre rule on [-1, 1]: the roots of P_n by Newton's method from the
// usual cosine estimates, weights 2 / ((1 - x^2) P_n'(x)^2).
struct Rule {
  std::vector<double> x, w;
};

Rule gauss_legendre(int n) {
  Rule r{std::vector<double>(static_cast<std::size_t>(n)), std::vector<double>(static_cast<std::size_t>(n))};
  for (int i = 0; i < n; ++i) {
    double x = std::cos(pi * (i + 0.75) / (n + 0.5)), dp = 0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p0 = 1, p1 = x;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = n * (x * p1 - p0) / (x * x - 1);
      const double step = p1 / dp;
      x -= step;
      if (std::fabs(step) <= 1e-17) break;
    }
    r.x[static_cast<std::size_t>(i)] = x;
    r.w[static_cast<std::size_t>(i)] = 2 / ((1 - x * x) * dp * dp);
  }
  return r;
}

// Neumaier's compensated sum: thousands of terms, and the convergence test below
// compares results to 1e-15, so plain summation's rounding would be noticed.
class Sum {
 public:
  void add(double v) {
    const double t = s_ + v;
    c_ += std::fabs(s_) >= std::fabs(v) ? (s_ - t) + v : (v - t) + s_;
    s_ = t;
  }
  double value() const { return s_ + c_; }

 private:
  double s_ = 0, c_ = 0;
};

double normal_pdf(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2 * pi);
}

// Beyond |x| = 40 the density is below 1e-347: zero in double.
constexpr double half_width = 40;
constexpr double tolerance = 1e-15;
constexpr int rule_points = 20;
constexpr long max_panels = 1L << 14;

struct Integral {
  double value;
  long panels;  // per half of the range
};

// Integral of g over [-40, 40], split at 0 (ReLU, LeakyReLU and ELU have their
// kinks there, so every panel's integrand is smooth), in composite Gauss-Legendre
// with the panels doubled until two successive results agree to `tolerance`.
template <class G>
Integral integrate(const Rule& rule, const G& g) {
  const auto composite = [&](long panels) {
    Sum sum;
    const double h = half_width / static_cast<double>(panels);
    for (long p = -panels; p < panels; ++p) {
      const double mid = (static_cast<double>(p) + 0.5) * h;
      for (std::size_t i = 0; i < rule.x.size(); ++i) sum.add(0.5 * h * rule.w[i] * g(mid + 0.5 * h * rule.x[i]));
    }
    return sum.value();
  };
  double previous = composite(1);
  for (long panels = 2; panels <= max_panels; panels *= 2) {
    const double current = composite(panels);
    if (std::fabs(current - previous) <= tolerance * std::fabs(current)) return {current, panels};
    previous = current;
  }
  throw std::runtime_error("quadrature did not converge to " + std::to_string(tolerance) + " with " +
                           std::to_string(max_panels) + " panels");
}

struct Row {
  std::string name;
  double mean, variance, slope_left, slope_right;
  enum { at_point, flat, none } minimum;
  double argmin, min;  // for `none`, min is the infimum f(-inf)
  long panels;
};

// Where grad turns from negative to non-negative on a grid over [-20, 0], bisected
// down to adjacent doubles; the lowest such point if there are several.
template <class Act>
void find_minimum(const Act& act, Row& row) {
  constexpr int steps = 20 * 128;
  const auto x_at = [](int i) { return -20 + i / 128.0; };
  bool all_zero = true, all_positive = true;
  row.minimum = Row::none;
  double g0 = act.grad(x_at(0));
  for (int i = 0; i < steps; ++i) {
    const double g1 = act.grad(x_at(i + 1));
    all_zero = all_zero && g0 == 0;
    all_positive = all_positive && g0 > 0;
    if (g0 < 0 && g1 >= 0) {
      double lo = x_at(i), hi = x_at(i + 1);
      for (;;) {
        const double mid = lo + 0.5 * (hi - lo);
        if (mid <= lo || mid >= hi) break;
        (act.grad(mid) < 0 ? lo : hi) = mid;
      }
      if (row.minimum != Row::at_point || act(hi) < row.min) {
        row.minimum = Row::at_point;
        row.argmin = hi;
        row.min = act(hi);
      }
    }
    g0 = g1;
  }
  if (row.minimum == Row::at_point) return;
  if (all_zero) {
    row.minimum = Row::flat;
    row.min = act(-1.0);
  } else if (all_positive) {
    row.min = act(-std::numeric_limits<double>::infinity());
  } else {
    throw std::runtime_error(row.name + ": no minimum found and grad not of one sign on [-20, 0]");
  }
}

template <class Act>
Row stats(const char* name, const Act& act, const Rule& rule) {
  Row row{};
  row.name = name;
  const Integral mean = integrate(rule, [&](double x) { return act(x) * normal_pdf(x); });
  const Integral variance = integrate(rule, [&](double x) {
    const double d = act(x) - mean.value;
    return d * d * normal_pdf(x);
  });
  row.mean = mean.value;
  row.variance = variance.value;
  row.panels = std::max(mean.panels, variance.panels);
  // One-sided: ReLU and LeakyReLU have kinks at 0, and grad(0) is then a convention.
  const double tiny = std::numeric_limits<double>::denorm_min();
  row.slope_left = act.grad(-tiny);
  row.slope_right = act.grad(tiny);
  find_minimum(act, row);
  return row;
}

std::string fixed(double v, int decimals = 12) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string general(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool check(const char* what, double got, double want, double bound) {
  const double rel = std::fabs(got - want) / std::fabs(want);
  const bool ok = rel <= bound;
  std::printf("  %-47s %.16f, exact %.16f, relative difference %.1e  %s\n", what, got, want, rel, ok ? "ok" : "FAILED");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    const bool help = std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0;
    std::FILE* out = help ? stdout : stderr;
    if (!help) std::fprintf(stderr, "activation_stats: unexpected argument '%s'\n", argv[1]);
    std::fprintf(out,
                 "Usage: activation_stats\n"
                 "Prints, for X ~ N(0, 1), the mean and variance of each activation's output (by\n"
                 "quadrature), its slope at 0 and its minimum, as a Markdown table, then checks\n"
                 "them against closed forms. Exit status: 0 ok, 1 a check failed, 2 bad arguments.\n");
    return help ? 0 : 2;
  }
  try {
    const Rule rule = gauss_legendre(rule_points);
    std::vector<Row> rows;
    examples::for_each_activation(
        [&](const char* name, const auto& act, bool) { rows.push_back(stats(name, act, rule)); });

    std::printf("For X ~ N(0, 1):\n\n");
    std::printf("| activation | E[f(X)] | Var[f(X)] | f'(0) | argmin f | min f |\n");
    std::printf("|---|---|---|---|---|---|\n");
    long panels = 0;
    for (const Row& r : rows) {
      panels = std::max(panels, r.panels);
      const std::string slope = r.slope_left == r.slope_right
                                    ? fixed(r.slope_right)
                                    : general(r.slope_left) + " left, " + general(r.slope_right) + " right";
      std::string argmin, min;
      switch (r.minimum) {
        case Row::at_point:
          argmin = fixed(r.argmin);
          min = fixed(r.min);
          break;
        case Row::flat:
          argmin = "all x <= 0";
          min = general(r.min);
          break;
        case Row::none:
          argmin = "none (increasing)";
          min = "-> " + general(r.min) + " as x -> -inf";
          break;
      }
      std::printf("| %s | %s | %s | %s | %s | %s |\n", r.name.c_str(), fixed(r.mean).c_str(), fixed(r.variance).c_str(),
                  slope.c_str(), argmin.c_str(), min.c_str());
    }
    std::printf(
        "\nE and Var: composite %d-point Gauss-Legendre on [-40, 0] and [0, 40], panels doubled\n"
        "until two successive results agree to %.0e relative (at most %ld panels per half).\n"
        "f'(0): the library's grad just left and right of 0. Minimum: where grad changes sign,\n"
        "bisected to adjacent doubles.\n",
        rule_points, tolerance, panels);

    // Closed forms. GELU: E[X Phi(X)] = E[phi(X)] = 1/(2 sqrt(pi)) by Stein's lemma;
    // E[X^2 Phi(X)^2] = E[Phi(X)^2] + 2 E[X phi(X) Phi(X)] (the same lemma), where
    // E[Phi(X)^2] = 1/3 (two standard normals both below a third: correlation 1/2)
    // and the second term is 1/(2 pi sqrt(3)) after one integration by parts. The
    // GoLU minimum: grad = 0 where 1 + x e^-x = 0, x = -W(1) (the omega constant),
    // and there e^-x = 1/W(1).
    const auto find = [&](const char* name) -> const Row& {
      for (const Row& r : rows)
        if (r.name == name) return r;
      throw std::runtime_error(std::string("no row for ") + name);
    };
    const Row &relu = find("ReLU"), &gelu = find("GELU"), &golu_row = find("GoLU");
    const double omega = 0.56714329040978387300;
    std::printf("\nChecks:\n");
    bool ok = check("integral of the normal density", integrate(rule, normal_pdf).value, 1, 1e-15);
    ok = check("ReLU mean, 1/sqrt(2 pi)", relu.mean, 1 / std::sqrt(2 * pi), 1e-14) && ok;
    ok = check("ReLU variance, 1/2 - 1/(2 pi)", relu.variance, 0.5 - 1 / (2 * pi), 1e-14) && ok;
    ok = check("GELU mean, 1/(2 sqrt(pi))", gelu.mean, 1 / (2 * std::sqrt(pi)), 1e-14) && ok;
    ok = check("GELU variance, 1/3 + 1/(2 pi sqrt 3) - 1/(4 pi)", gelu.variance,
               1.0 / 3 + 1 / (2 * pi * std::sqrt(3.0)) - 1 / (4 * pi), 1e-14) &&
         ok;
    ok = check("GoLU argmin, -W(1)", golu_row.argmin, -omega, 1e-14) && ok;
    ok = check("GoLU min, -W(1) exp(-1/W(1))", golu_row.min, -omega * std::exp(-1 / omega), 1e-14) && ok;
    ok = check("GoLU f'(0), 1/e", golu_row.slope_right, std::exp(-1.0), 1e-15) && ok;
    std::printf("%s\n", ok ? "all checks ok" : "CHECKS FAILED");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "activation_stats: %s\n", e.what());
    return 1;
  }
}
