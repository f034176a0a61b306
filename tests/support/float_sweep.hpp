// Walks a range of float bit patterns in chunks through an activation's array API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <golu/array.hpp>
#include <string>
#include <vector>
#include <xsimd/xsimd.hpp>
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

// A sweep tool's start: the instruction set its arrays run on (through
// golu::dispatch, which must be the one GOLU_ISA asks for, else nullptr: a tool
// capped to one target must not silently sweep another), and a leading
// --digests-only taken off argv (digests_only set).
inline const char* sweep_start(int& argc, char**& argv, bool& digests_only) {
  const char* isa = xsimd::default_arch::name();
#if GOLU_TEST_DISPATCH
  isa = golu::dispatch::isa();
  if (const char* cap = std::getenv("GOLU_ISA"); cap != nullptr && std::strcmp(cap, isa) != 0) {
    std::printf("GOLU_ISA=%s, but golu::dispatch runs %s: FAIL\n", cap, isa);
    return nullptr;
  }
#endif
  if (argc > 1 && std::strcmp(argv[1], "--digests-only") == 0) {
    digests_only = true;
    --argc;
    ++argv;
  }
  return isa;
}

// Writes a sweep's digests to $GOLU_TEST_DIGEST_FILE when it is set (the file the
// same-bits tests compare); false, with a FAIL line, if it cannot.
inline bool write_digest_file(const std::string& digests) {
  const char* path = std::getenv("GOLU_TEST_DIGEST_FILE");
  if (path == nullptr || *path == '\0') return true;
  std::FILE* f = std::fopen(path, "w");
  bool ok = f != nullptr && std::fputs(digests.c_str(), f) >= 0;
  if (f != nullptr) ok = std::fclose(f) == 0 && ok;
  if (!ok) std::printf("cannot write the digests to %s: FAIL\n", path);
  return ok;
}

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
