// The header-only reference for bench/dispatch.cpp: golu's array API compiled for
// the build machine (-march=native), in its own unit; its golu code lives in that
// target's namespace, apart from the baseline code of dispatch.cpp.
#include "dispatch_native.hpp"

#include <golu/activation_list.hpp>
#include <golu/golu.hpp>
#include <string>

namespace golu_bench {

void native_forward(const native_case& c, const float* x, float* y, std::size_t n) {
  golu::for_each_activation<golu::fast>([&](const auto& act) {
    if (c.name == std::string(act.name) && !c.exact) golu::forward(act, x, y, n);
  });
  golu::for_each_activation<golu::exact>([&](const auto& act) {
    if (c.name == std::string(act.name) && c.exact) golu::forward(act, x, y, n);
  });
}

void native_backward(const native_case& c, const float* x, const float* dy, float* dx, std::size_t n) {
  golu::for_each_activation<golu::fast>([&](const auto& act) {
    if (c.name == std::string(act.name) && !c.exact) golu::backward(act, x, dy, dx, n);
  });
  golu::for_each_activation<golu::exact>([&](const auto& act) {
    if (c.name == std::string(act.name) && c.exact) golu::backward(act, x, dy, dx, n);
  });
}

const char* native_target() {
  return golu::target_name;
}

}  // namespace golu_bench
