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

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

template <template <class> class... Acts>
struct activation_templates {
  static constexpr std::size_t size = sizeof...(Acts);
  // std::tuple of every activation at one level (default-constructed: default parameters).
  template <class Level>
  using at_level = std::tuple<Acts<Level>...>;
};

using all_activations = activation_templates<GoLU, GELU, GELUTanh, Swish, Mish, ReLU, LeakyReLU, ELU>;

// f(act) for every activation at Level with its default parameters, in list order.
template <class Level = fast, class F>
void for_each_activation(F&& f) {
  std::apply([&](const auto&... act) { (f(act), ...); }, typename all_activations::template at_level<Level>{});
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
