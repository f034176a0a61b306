// One unit of the mixed-ISA program, compiled three times (ODR_UNIT = run_sse2,
// run_avx2, run_avx512), each with its own instruction-set flags and -O0, so that
// every golu call stays an out-of-line call to a weak symbol the linker could
// merge across units. Each unit calls the public header API, float and double.
#include "odr_unit.hpp"

#include <cstring>
#include <golu/activations.hpp>
#include <golu/golu.hpp>

namespace {
bool same(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}
}  // namespace

odr::report odr::ODR_UNIT() {
  report r{};
  r.target = golu::target_name;
  r.float_lanes = xsimd::batch<float>::size;
  float x[count], ones[count];
  double xd[count], onesd[count];
  for (std::size_t i = 0; i < count; ++i) {
    x[i] = static_cast<float>(input(i));
    xd[i] = input(i);
    ones[i] = 1;
    onesd[i] = 1;
  }
  golu::forward(golu::GoLU{}, x, r.y_fast, count);
  golu::backward(golu::GoLU{}, x, ones, r.g_fast, count);
  golu::forward(golu::GoLU<golu::exact>{}, x, r.y_exact, count);
  golu::backward(golu::GoLU<golu::exact>{}, x, ones, r.g_exact, count);
  golu::forward(golu::GoLU{}, xd, r.yd_fast, count);
  golu::backward(golu::GoLU<golu::exact>{}, xd, onesd, r.gd_exact, count);
  const auto pg = golu::param_grad(golu::GoLU{1.5, 0.75, 1.25}, x, ones, count);
  r.pg_alpha = pg.alpha;
  r.pg_beta = pg.beta;
  r.pg_gamma = pg.gamma;
  r.scalar_matches_array = true;
  for (std::size_t i = 0; i < count; ++i)
    r.scalar_matches_array = r.scalar_matches_array && same(golu::golu(x[i]), r.y_fast[i]) &&
                             same(golu::golu_grad(x[i]), r.g_fast[i]) &&
                             same(golu::golu<golu::exact>(x[i]), r.y_exact[i]);
  return r;
}
