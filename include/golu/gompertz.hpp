// golu::GoLU, the Gompertz Linear Unit: y = alpha * x * exp(-beta * exp(-gamma * x)).
#pragma once

#include <cmath>
#include <golu/detail/dispatch.hpp>
#include <golu/detail/gompertz.hpp>
#include <stdexcept>
#include <string>

namespace golu {

// Partial derivatives of y with respect to the parameters, at one x.
template <class T>
struct GoLUParamGrad {
  T alpha, beta, gamma;
};

// The activation object. Default: alpha = beta = gamma = 1, y = x*exp(-exp(-x)),
// whose gate exp(-exp(-x)) is the standard Gumbel CDF.
//
// Accuracy (measured, see README): float, all 2^32 inputs, forward and derivative
// within 1 ULP of the exact value, apart from the derivative's zero at
// x = -W(1/beta)/gamma where its absolute error stays below 2^-38; double within
// 2 ULP forward, 4 ULP derivative (absolute 2^-55 near that zero).
// Special values: NaN -> NaN; +inf -> +inf (derivative alpha); -inf -> -0
// (derivative -0); +-0 -> +-0. Finite inputs never give NaN, and give +-inf only
// when alpha > 1 and alpha*x itself overflows.
class GoLU {
 public:
  // Valid parameters: finite, and min_parameter <= p <= max_parameter. Zero or
  // negative values break the S-shaped gate (beta <= 0 or gamma <= 0 make it
  // constant or decreasing); the range bound keeps every intermediate exponent
  // representable, which the exactness guarantees rest on.
  static constexpr double min_parameter = 0x1p-10;
  static constexpr double max_parameter = 0x1p10;

  constexpr GoLU() noexcept : params_(detail::default_params), is_default_(true) {}

  GoLU(double alpha, double beta, double gamma)
      : params_(detail::make_params(check(alpha, "alpha"), check(beta, "beta"), check(gamma, "gamma"))),
        is_default_(alpha == 1 && beta == 1 && gamma == 1) {}

  double alpha() const noexcept { return params_.alpha; }
  double beta() const noexcept { return params_.beta; }
  double gamma() const noexcept { return params_.gamma; }
  bool is_default() const noexcept { return is_default_; }

  // y for float, double, or an xsimd::batch of either.
  template <class V>
  detail::enable_if_value_t<V> operator()(const V& x) const noexcept {
    return run<value_kernels>(x);
  }

  // dy/dx = alpha*exp(-beta*t)*(1 + beta*gamma*x*t), t = exp(-gamma*x).
  template <class V>
  detail::enable_if_value_t<V> grad(const V& x) const noexcept {
    return run<derivative_kernels>(x);
  }

  // (dy/dalpha, dy/dbeta, dy/dgamma) at x, each rounded once to V's precision.
  template <class V>
  detail::enable_if_value_t<V, GoLUParamGrad<V>> param_grad(const V& x) const noexcept {
    using detail::dp_param_partials;
    using detail::sp_param_partials;
    using S = typename detail::value_traits<V>::scalar;
    if constexpr (std::is_same<V, float>::value) {
      const auto g = sp_param_partials(static_cast<double>(x), params_);
      return {static_cast<float>(g.alpha), static_cast<float>(g.beta), static_cast<float>(g.gamma)};
    } else if constexpr (std::is_same<S, float>::value) {
      const auto w = detail::widen(x);
      const auto lo = sp_param_partials(w.lo, params_), hi = sp_param_partials(w.hi, params_);
      return {detail::narrow(lo.alpha, hi.alpha), detail::narrow(lo.beta, hi.beta), detail::narrow(lo.gamma, hi.gamma)};
    } else {
      const auto g = dp_param_partials(x, params_);
      return {g.alpha, g.beta, g.gamma};
    }
  }

  const detail::gompertz_params& params() const noexcept { return params_; }

 private:
  struct value_kernels {
    template <bool General, class D>
    static D sp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::sp_value<General>(x, p);
    }
    template <bool General, class D>
    static D dp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::dp_value<General>(x, p);
    }
  };
  struct derivative_kernels {
    template <bool General, class D>
    static D sp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::sp_derivative<General>(x, p);
    }
    template <bool General, class D>
    static D dp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::dp_derivative<General>(x, p);
    }
  };

  // The default parameters take kernels with the multiplications by 1 compiled out.
  template <class Kernels, class V>
  V run(const V& x) const noexcept {
    const auto& p = params_;
    if (is_default_)
      return detail::by_tier(
          x, [&](const auto& d) { return Kernels::template sp<false>(d, p); },
          [&](const auto& d) { return Kernels::template dp<false>(d, p); });
    return detail::by_tier(
        x, [&](const auto& d) { return Kernels::template sp<true>(d, p); },
        [&](const auto& d) { return Kernels::template dp<true>(d, p); });
  }

  static double check(double v, const char* name) {
    if (!(v >= min_parameter && v <= max_parameter))
      throw std::invalid_argument(std::string("golu::GoLU: ") + name + " = " + std::to_string(v) +
                                  " is invalid; parameters must be finite and in [2^-10, 2^10] "
                                  "(zero or negative values break the S-shaped gate)");
    return v;
  }

  detail::gompertz_params params_;
  bool is_default_;
};

// Shorthands for the default GoLU, x*exp(-exp(-x)), and its derivative.
template <class V>
inline detail::enable_if_value_t<V> golu(const V& x) noexcept {
  return GoLU{}(x);
}

template <class V>
inline detail::enable_if_value_t<V> golu_grad(const V& x) noexcept {
  return GoLU{}.grad(x);
}

}  // namespace golu
