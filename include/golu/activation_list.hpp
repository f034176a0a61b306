// The one list of golu's activations, as class templates over the accuracy level:
// tests, benchmarks and examples iterate it, so that an activation added here is
// tested, benchmarked and shown everywhere.
//
//   golu::for_each_activation<golu::exact>([](const auto& act) { ... act.name ... });
#pragma once

#include <cstddef>
#include <golu/activations.hpp>
#include <golu/gompertz.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>
#include <tuple>
#include <type_traits>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

template <template <class> class... Acts>
struct activation_templates {
  static constexpr std::size_t size = sizeof...(Acts);
  // std::tuple of every activation at one level (default-constructed: default parameters).
  template <class Level>
  using at_level = std::tuple<Acts<Level>...>;
  // The position of an activation object's template in the list, -1 if not listed:
  // golu::dispatch's kind of an activation.
  template <class Act>
  static constexpr int index_of() noexcept {
    return position(static_cast<const Act*>(nullptr));
  }

 private:
  template <template <class> class T, class L>
  static constexpr int position(const T<L>*) noexcept {
    constexpr bool same[] = {std::is_same<T<L>, Acts<L>>::value...};
    for (int i = 0; i < int(size); ++i)
      if (same[i]) return i;
    return -1;
  }
  static constexpr int position(const void*) noexcept { return -1; }
};

using all_activations = activation_templates<GoLU, GELU, GELUTanh, Swish, Mish, ReLU, LeakyReLU, ELU, QuickGELU>;

// f(act) for every activation at Level with its default parameters, in list order.
template <class Level = fast, class F>
void for_each_activation(F&& f) {
  std::apply([&](const auto&... act) { (f(act), ...); }, typename all_activations::template at_level<Level>{});
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
