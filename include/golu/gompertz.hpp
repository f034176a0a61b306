// golu::GoLU, the Gompertz Linear Unit: y = alpha * x * exp(-beta * exp(-gamma * x)).
#pragma once

#include <cmath>
#include <golu/bounds.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/gompertz.hpp>
#include <golu/detail/gompertz_exact_float.hpp>
#include <golu/detail/gompertz_fast.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>
#include <stdexcept>
#include <string>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// Partial derivatives of y with respect to the parameters, at one x.
template <class T>
struct GoLUParamGrad {
  T alpha, beta, gamma;
};

// The activation object, at accuracy level Level (golu::fast by default:
// golu::GoLU{} and golu::GoLU{alpha, beta, gamma} are fast, golu::GoLU<golu::exact>
// exact). Default parameters alpha = beta = gamma = 1: y = x*exp(-exp(-x)), whose
// gate exp(-exp(-x)) is the standard Gumbel CDF.
//
// Accuracy: bounds<T>() below is the contract (measured: docs/accuracy.md). Default
// parameters, float, FMA targets, exact level: the float-float kernel
// (detail/gompertz_exact_float.hpp); otherwise the exact level computes in double (float)
// or double-double. The fast level (detail/gompertz_fast.hpp) computes in the data's
// width; general parameters meet the same bounds (float: every 61st input of 17 sets,
// golu_general_float; double: MPFR samples). The parameter partials are computed in
// double at both levels.
// Special values, both levels: NaN -> NaN; +inf -> +inf (derivative alpha); -inf
// -> -0 (derivative -0); +-0 -> +-0. Finite inputs never give NaN, and give +-inf
// only when alpha > 1 and alpha*x itself overflows.
template <class Level = fast>
class GoLU {
  static_assert(is_level_v<Level>, "golu::GoLU<Level>: Level must be golu::fast or golu::exact");

 public:
  using level = Level;
  static constexpr const char* name = "GoLU";
  static constexpr detail::packet_cost cost{23, 47, 45, 120};  // fast float, fast double, exact float, exact double

  // The accuracy contract (golu/bounds.hpp). Fast: forward and derivative within 8 ULP x
  // max(1, kappa). Exact: float within 1 ULP, double within 2 ULP forward and 4 derivative;
  // within 2^-8 / gamma of the derivative's zero, x = -W(1 / beta) / gamma, its error is
  // absolute instead: 2^-26 x alpha (float), 2^-55 x alpha (double). Parameter partials
  // (normal results): 8 ULP, times max(1, their kappa) for fast double (float's are computed
  // in double at both levels).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    constexpr bool single = sizeof(T) <= 4;
    if (std::is_same<Level, fast>::value)
      return {{8, error_scale::kappa}, {8, error_scale::kappa}, {8, single ? error_scale::none : error_scale::kappa}};
    return {{single ? 1.0 : 2.0}, {single ? 1.0 : 4.0, error_scale::none, 0x1p-8, single ? 0x1p-26 : 0x1p-55}, {8}};
  }

  // Valid parameters: finite, and min_parameter <= p <= max_parameter. Zero or
  // negative values break the S-shaped gate (beta <= 0 or gamma <= 0 make it
  // constant or decreasing); the range bound keeps every intermediate exponent
  // representable, which the exactness guarantees rest on.
  static constexpr double min_parameter = 0x1p-10;
  static constexpr double max_parameter = 0x1p10;

  constexpr GoLU() noexcept
      : params_(detail::default_params), fast_(detail::default_fast_gompertz), is_default_(true) {}

  GoLU(double alpha, double beta, double gamma)
      : GoLU(detail::make_params(check(alpha, "alpha"), check(beta, "beta"), check(gamma, "gamma")),
             alpha == 1 && beta == 1 && gamma == 1) {}

  double alpha() const noexcept { return params_.alpha; }
  double beta() const noexcept { return params_.beta; }
  double gamma() const noexcept { return params_.gamma; }
  bool is_default() const noexcept { return is_default_; }
  // The parameters as plain data and back (golu::dispatch); the defaults rebuild GoLU{}.
  detail::parameter_values parameters() const noexcept { return {{alpha(), beta(), gamma()}}; }
  static GoLU from_parameters(const detail::parameter_values& p) {
    if (p == detail::parameter_values{{1, 1, 1}}) return GoLU{};
    return GoLU{p.v[0], p.v[1], p.v[2]};
  }

  // y for float, double, or an xsimd::batch of either. The fast level is forced
  // inline: GCC otherwise leaves one call per vector in the array loops (measured
  // 1.5x slower); the exact level's larger kernels measured faster left to GCC.
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, fast>::value, int> = 0>
  GOLU_ALWAYS_INLINE detail::enable_if_value_t<V> operator()(const V& x) const noexcept {
    const auto& p = fast_.template get<detail::native::scalar_t<V>>();
    if (is_default_) return detail::fast_gompertz_value<false>(x, p);
    if (fast_.split) return detail::fast_gompertz_value<true, V, true, true, false>(x, p);
    return fast_.f.band.on ? detail::fast_gompertz_value<true, V, true, false, true>(x, p)
                           : detail::fast_gompertz_value<true, V, true, false, false>(x, p);
  }
  // The exact level's float results for the default parameters come from the
  // float-float kernel where the target has FMA (detail/gompertz_exact_float.hpp),
  // else from the double path, as do double results and general parameters.
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, exact>::value, int> = 0>
  GOLU_ALWAYS_INLINE detail::enable_if_value_t<V> operator()(const V& x) const noexcept {
    if constexpr (float_float<V>()) {
      if (is_default_) return detail::exact_float::value(x);
    }
    return run<value_kernels>(x);
  }

  // dy/dx = alpha*exp(-beta*t)*(1 + beta*gamma*x*t), t = exp(-gamma*x).
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, fast>::value, int> = 0>
  GOLU_ALWAYS_INLINE detail::enable_if_value_t<V> grad(const V& x) const noexcept {
    const auto& p = fast_.template get<detail::native::scalar_t<V>>();
    if (is_default_) return detail::fast_gompertz_derivative<false>(x, p);
    if (fast_.split) return detail::fast_gompertz_derivative<true, V, true, false>(x, p);
    return fast_.f.band.on ? detail::fast_gompertz_derivative<true, V, false, true>(x, p)
                           : detail::fast_gompertz_derivative<true, V, false, false>(x, p);
  }
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, exact>::value, int> = 0>
  GOLU_ALWAYS_INLINE detail::enable_if_value_t<V> grad(const V& x) const noexcept {
    if constexpr (float_float<V>()) {
      if (is_default_) return detail::exact_float::derivative(x);
    }
    return run<derivative_kernels>(x);
  }

  // Whether the exact level's default float results of V come from the float-float kernel.
  template <class V>
  static constexpr bool float_float() noexcept {
    return std::is_same<detail::native::scalar_t<V>, float>::value && detail::native::fused<V>();
  }

  // (dy/dalpha, dy/dbeta, dy/dgamma) at x, computed in double and rounded once to
  // V's precision.
  template <class V>
  detail::enable_if_value_t<V, GoLUParamGrad<V>> param_grad(const V& x) const noexcept {
    using S = typename detail::value_traits<V>::scalar;
    if constexpr (std::is_same<V, float>::value) {
      const auto g = float_partials(static_cast<double>(x));
      return {static_cast<float>(g.alpha), static_cast<float>(g.beta), static_cast<float>(g.gamma)};
    } else if constexpr (std::is_same<S, float>::value) {
      const auto w = detail::widen(x);
      const auto lo = float_partials(w.lo), hi = float_partials(w.hi);
      return {detail::narrow(lo.alpha, hi.alpha), detail::narrow(lo.beta, hi.beta), detail::narrow(lo.gamma, hi.gamma)};
    } else {
      const auto g = double_partials(x);
      return {g.alpha, g.beta, g.gamma};
    }
  }

  const detail::gompertz_params& params() const noexcept { return params_; }
  const detail::fast_gompertz& fast_params() const noexcept { return fast_; }

 private:
  GoLU(const detail::gompertz_params& p, bool is_default) noexcept
      : params_(p),
        fast_(is_default ? detail::default_fast_gompertz : detail::make_fast_gompertz(p.alpha, p.beta, p.gamma)),
        is_default_(is_default) {}

  // Partials in double for float results (x widened) and for double results.
  template <class D>
  auto float_partials(const D& x) const noexcept {
    if constexpr (std::is_same<Level, exact>::value) {
      return detail::sp_param_partials(x, params_);
    } else {
      return fast_.split ? detail::fast_gompertz_param_partials<true>(x, fast_.d)
                         : detail::fast_gompertz_param_partials<false>(x, fast_.d);
    }
  }
  template <class D>
  auto double_partials(const D& x) const noexcept {
    if constexpr (std::is_same<Level, exact>::value) {
      return detail::dp_param_partials(x, params_);
    } else {
      return fast_.split ? detail::fast_gompertz_param_partials<true>(x, fast_.d)
                         : detail::fast_gompertz_param_partials<false>(x, fast_.d);
    }
  }

  struct value_kernels {
    template <bool General, class D>
    GOLU_ALWAYS_INLINE static D sp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::sp_value<General>(x, p);
    }
    template <bool General, class D>
    GOLU_ALWAYS_INLINE static D dp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::dp_value<General>(x, p);
    }
  };
  struct derivative_kernels {
    template <bool General, class D>
    GOLU_ALWAYS_INLINE static D sp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::sp_derivative<General>(x, p);
    }
    template <bool General, class D>
    GOLU_ALWAYS_INLINE static D dp(const D& x, const detail::gompertz_params& p) noexcept {
      return detail::dp_derivative<General>(x, p);
    }
  };

  // The default parameters take kernels with the multiplications by 1 compiled out.
  template <class Kernels, class V>
  GOLU_ALWAYS_INLINE V run(const V& x) const noexcept {
    const auto& p = params_;
    if (is_default_)
      return detail::by_precision(
          x, [&](const auto& d) GOLU_LAMBDA_INLINE { return Kernels::template sp<false>(d, p); },
          [&](const auto& d) GOLU_LAMBDA_INLINE { return Kernels::template dp<false>(d, p); });
    return detail::by_precision(
        x, [&](const auto& d) GOLU_LAMBDA_INLINE { return Kernels::template sp<true>(d, p); },
        [&](const auto& d) GOLU_LAMBDA_INLINE { return Kernels::template dp<true>(d, p); });
  }

  static double check(double v, const char* name) {
    return detail::check_parameter(v, min_parameter, max_parameter, "GoLU", name,
                                   "zero or negative values break the S-shaped gate");
  }

  detail::gompertz_params params_;
  detail::fast_gompertz fast_;
  bool is_default_;
};

// Shorthands for the default GoLU, x*exp(-exp(-x)), and its derivative.
namespace detail {

// The fast GoLU with general parameters and its kernel choices fixed at compile
// time, for loops (see with_fixed_kernel): GCC does not unswitch the loops on
// them. SignFromX: see fast_gompertz_value; Split: fast_gompertz::split; Band: the
// float band (fast_band::on). (The default parameters have default_gompertz, below.)
template <bool SignFromX = true, bool Split = false, bool Band = false>
struct fast_gompertz_kernel {
  fast_gompertz p;
  template <class V>
  GOLU_ALWAYS_INLINE V operator()(const V& x) const noexcept {
    return fast_gompertz_value<true, V, SignFromX, Split, Band>(x, p.template get<native::scalar_t<V>>());
  }
  template <class V>
  GOLU_ALWAYS_INLINE V grad(const V& x) const noexcept {
    return fast_gompertz_derivative<true, V, Split, Band>(x, p.template get<native::scalar_t<V>>());
  }
};

// Calls f with an object that computes what act computes (the same bits), with
// any choice between kernels made once, before the loop f runs: act's own
// fixed_kernel(f) where it has one (found at instantiation, so an activation
// declared after this header can provide it), else act itself.
template <class Act, class F, class = void>
struct has_fixed_kernel : std::false_type {};
template <class Act, class F>
struct has_fixed_kernel<Act, F, std::void_t<decltype(std::declval<const Act&>().fixed_kernel(std::declval<F&>()))>>
    : std::true_type {};

template <class Act, class F>
decltype(auto) with_fixed_kernel(const Act& act, F&& f) {
  if constexpr (has_fixed_kernel<Act, F>::value) {
    return act.fixed_kernel(f);
  } else {
    return f(act);
  }
}
// The default GoLU, x*exp(-exp(-x)), with its parameters known at compile time:
// the kernels read default_fast_gompertz's constants, so there is no object to
// carry and no branch per call. Used by the loops (with_fixed_kernel) and by
// golu::golu(expr) in Eigen, where a GoLU object in the functor measured 1.11-1.13x
// golu::forward (its 624-byte fast parameters and the default/split branches per packet).
// The exact level's float results come from the float-float kernel where fused.
template <class Level>
struct default_gompertz {
  static_assert(is_level_v<Level>, "golu::detail::default_gompertz<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  static constexpr const char* name = "GoLU";
  static constexpr packet_cost cost = GoLU<Level>::cost;
  template <class V>
  GOLU_ALWAYS_INLINE V operator()(const V& x) const noexcept {
    if constexpr (std::is_same<Level, fast>::value) {
      return fast_gompertz_value<false>(x, default_fast_gompertz.template get<native::scalar_t<V>>());
    } else if constexpr (GoLU<exact>::float_float<V>()) {
      return exact_float::value(x);
    } else {
      return GoLU<exact>{}(x);
    }
  }
  template <class V>
  GOLU_ALWAYS_INLINE V grad(const V& x) const noexcept {
    if constexpr (std::is_same<Level, fast>::value) {
      return fast_gompertz_derivative<false>(x, default_fast_gompertz.template get<native::scalar_t<V>>());
    } else if constexpr (GoLU<exact>::float_float<V>()) {
      return exact_float::derivative(x);
    } else {
      return GoLU<exact>{}.grad(x);
    }
  }
};
template <class F>
decltype(auto) with_fixed_kernel(const GoLU<exact>& act, F&& f) {
  if (act.is_default()) return f(default_gompertz<exact>{});
  return f(act);
}

template <class F>
decltype(auto) with_fixed_kernel(const GoLU<fast>& act, F&& f) {
  if (act.is_default()) return f(default_gompertz<fast>{});
  const detail::fast_gompertz& p = act.fast_params();
  if (p.f.band.on) return f(fast_gompertz_kernel<false, false, true>{p});  // b <= 2: x_lo < 0
  if (!p.split) return f(fast_gompertz_kernel<false, false>{p});           // b <= 4: x_lo < 0
  if (p.f.x_lo < 0 && p.d.x_lo < 0) return f(fast_gompertz_kernel<false, true>{p});
  return f(fast_gompertz_kernel<true, true>{p});
}

}  // namespace detail

// golu::golu(x) is the fast level, golu::golu<golu::exact>(x) the exact one.
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> golu(const V& x) noexcept {
  return GoLU<Level>{}(x);
}

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> golu_grad(const V& x) noexcept {
  return GoLU<Level>{}.grad(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
