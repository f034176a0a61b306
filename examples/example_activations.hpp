// The activations the examples compare: golu's one list. train_mlp,
// activation_stats and plot_activations all walk it.
#pragma once

#include <golu/activation_list.hpp>
#include <golu/golu.hpp>
#include <string>

namespace examples {

// Calls f(name, activation, in_paper_set) for each activation of golu's list
// (golu/activation_list.hpp), in its order. in_paper_set marks the comparison the
// GoLU paper makes (GoLU, GELU, Swish, Mish, ReLU), which train_mlp trains by default.
template <class F>
void for_each_activation(F&& f) {
  golu::for_each_activation([&](const auto& act) {
    const std::string name = act.name;
    f(act.name, act, name == "GoLU" || name == "GELU" || name == "Swish" || name == "Mish" || name == "ReLU");
  });
}

}  // namespace examples
