// The activations the examples compare. train_mlp, activation_stats and
// plot_activations all walk this one list, so a new activation is one line here.
#pragma once

#include <golu/activations.hpp>
#include <golu/golu.hpp>

namespace examples {

// Calls f(name, activation, in_paper_set) for each activation, in table order.
// in_paper_set marks the comparison the GoLU paper makes (GoLU, GELU, Swish, Mish,
// ReLU), which train_mlp trains by default.
template <class F>
void for_each_activation(F&& f) {
  f("GoLU", golu::GoLU{}, true);
  f("GELU", golu::GELU{}, true);
  f("GELUTanh", golu::GELUTanh{}, false);
  f("Swish", golu::Swish{}, true);
  f("Mish", golu::Mish{}, true);
  f("ReLU", golu::ReLU{}, true);
  f("LeakyReLU", golu::LeakyReLU{}, false);
  f("ELU", golu::ELU{}, false);
}

}  // namespace examples
