// Entry points of bench/dispatch_native.cpp (built with -march=native).
#pragma once

#include <cstddef>
#include <string>

namespace golu_bench {

struct native_case {
  std::string name;  // an activation's name, e.g. "GoLU"
  bool exact;
};

void native_forward(const native_case& c, const float* x, float* y, std::size_t n);
void native_backward(const native_case& c, const float* x, const float* dy, float* dx, std::size_t n);
const char* native_target();

}  // namespace golu_bench
