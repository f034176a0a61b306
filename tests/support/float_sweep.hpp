// Walks a range of float bit patterns in chunks through an activation's array API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <golu/array.hpp>
#include <vector>
#if GOLU_TEST_DISPATCH
#include <golu/dispatch.hpp>
#endif

namespace golu_test {

// The array API under test: the header one, or golu::dispatch's compiled kernels
// (a tool built with GOLU_TEST_DISPATCH, run once per instruction set).
#if GOLU_TEST_DISPATCH
namespace api = golu::dispatch;
constexpr bool through_dispatch = true;
#else
namespace api = golu;
constexpr bool through_dispatch = false;
#endif

// For every chunk of the bit patterns begin, begin + stride, ... below end: x holds
// the floats, y = act(x) and g = act.grad(x), both from api::forward/backward;
// visit(x, y, g, n).
template <class Act, class Visit>
void sweep_floats(const Act& act, std::uint64_t begin, std::uint64_t end, Visit&& visit, std::uint64_t stride = 1) {
  constexpr std::size_t chunk = 1 << 16;
  std::vector<float> x(chunk), y(chunk), g(chunk), ones(chunk, 1.0f);
  for (std::uint64_t base = begin; base < end; base += chunk * stride) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, (end - base + stride - 1) / stride));
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t bits = static_cast<std::uint32_t>(base + i * stride);
      std::memcpy(&x[i], &bits, sizeof(float));
    }
    api::forward(act, x.data(), y.data(), n);
    api::backward(act, x.data(), ones.data(), g.data(), n);
    visit(x.data(), y.data(), g.data(), n);
  }
}

}  // namespace golu_test
