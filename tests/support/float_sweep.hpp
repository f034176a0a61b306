// Walks float bit patterns in chunks through this build's array API and, in the
// same pass, through other instruction sets' kernels (golu::dispatch's compiled
// tables): one walk and one reference serve every target a sweep checks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <golu/array.hpp>
#include <string>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "bits.hpp"
#if GOLU_TEST_WITH_DISPATCH
#include <golu/dispatch.hpp>

#include "kernel_table.hpp"  // src/dispatch: the per-instruction-set tables
#endif

namespace golu_test {

constexpr std::size_t sweep_chunk = std::size_t(1) << 16;

// Another instruction set's kernels, run over the same inputs as this build's.
struct other_target {
  std::string isa;
  // Its results must be this build's bit for bit (both targets have FMA); else
  // its own errors are checked against the bounds.
  bool same_bits = false;
#if GOLU_TEST_WITH_DISPATCH
  const golu::dispatch::abi::kernel_table* table = nullptr;
#endif
};

// Takes the leading options off argv (argv[0] stays the program): --same-bits=<isa>
// and --bounds=<isa> (golu::dispatch's kernels for that instruction set, in the same
// pass). False, with a FAIL line, for an instruction set this build or this CPU
// lacks: a sweep asked for a target never skips it silently.
inline bool take_targets(int& argc, char**& argv, std::vector<other_target>& out) {
  while (argc > 1 && std::strncmp(argv[1], "--", 2) == 0) {
    const std::string arg = argv[1];
    other_target t;
    if (arg.rfind("--same-bits=", 0) == 0) {
      t.isa = arg.substr(12);
      t.same_bits = true;
    } else if (arg.rfind("--bounds=", 0) == 0) {
      t.isa = arg.substr(9);
    } else {
      std::printf("unknown option %s: FAIL\n", arg.c_str());
      return false;
    }
#if GOLU_TEST_WITH_DISPATCH
    t.table = golu::dispatch::abi::kernels_if_available(t.isa.c_str());
    if (t.table == nullptr) {
      std::printf("%s: golu::dispatch has no kernels for %s on this CPU: FAIL\n", arg.c_str(), t.isa.c_str());
      return false;
    }
#else
    std::printf("%s: this tool was built without golu::dispatch: FAIL\n", arg.c_str());
    return false;
#endif
    out.push_back(t);
    --argc;
    ++argv;
    argv[0] = argv[-1];  // the program's name stays first
  }
  return true;
}

// y = act(x) and g = act.grad(x) over one chunk.
struct results {
  std::vector<float> y = std::vector<float>(sweep_chunk), g = std::vector<float>(sweep_chunk);
};

inline const float* ones() {
  static const std::vector<float> v(sweep_chunk, 1.0f);
  return v.data();
}

// Through this build's array API (forward and backward with dy = 1).
template <class Act>
void evaluate(const Act& act, const float* x, std::size_t n, results& r) {
  golu::forward(act, x, r.y.data(), n);
  golu::backward(act, x, ones(), r.g.data(), n);
}

// Through another target's kernels.
template <class Act>
void evaluate(const other_target& t, const Act& act, const float* x, std::size_t n, results& r) {
#if GOLU_TEST_WITH_DISPATCH
  const golu::dispatch::abi::activation a = golu::dispatch::abi::describe(act);
  t.table->f32.forward(a, x, r.y.data(), n);
  t.table->f32.backward(a, x, ones(), r.g.data(), n);
#else
  (void)t, (void)act, (void)x, (void)n, (void)r;
#endif
}

// Inputs whose results differ between two targets (NaNs match any NaN), and the first.
struct bit_mismatches {
  std::uint64_t count = 0;
  float x = 0;
  void compare(const float* in, const float* a, const float* b, std::size_t n) {
    if (std::memcmp(a, b, n * sizeof(float)) == 0) return;
    for (std::size_t i = 0; i < n; ++i)
      if (!same_bits(a[i], b[i]) && count++ == 0) x = in[i];
  }
  void merge(const bit_mismatches& o) {
    if (count == 0) x = o.x;
    count += o.count;
  }
};

// Notes y's values at the inputs among x[0, n) whose bit patterns are multiples of
// every (x holds consecutive bit patterns when stride is 1).
inline void note_multiples(float_digest& d, std::uint32_t every, const float* x, const float* y, std::size_t n,
                           std::uint64_t stride) {
  if (n == 0) return;
  std::uint32_t first;
  std::memcpy(&first, &x[0], sizeof first);
  if (stride == 1) {
    for (std::size_t i = (every - first % every) % every; i < n; i += every) d.note(x[i], y[i]);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t b;
    std::memcpy(&b, &x[i], sizeof b);
    if (b % every == 0) d.note(x[i], y[i]);
  }
}

// Writes a sweep's digests to $GOLU_TEST_DIGEST_FILE when it is set (the file
// tools/run_tests.sh compares across targets); false, with a FAIL line, if it cannot.
inline bool write_digest_file(const std::string& digests) {
  const char* path = std::getenv("GOLU_TEST_DIGEST_FILE");
  if (path == nullptr || *path == '\0') return true;
  std::FILE* f = std::fopen(path, "w");
  bool ok = f != nullptr && std::fputs(digests.c_str(), f) >= 0;
  if (f != nullptr) ok = std::fclose(f) == 0 && ok;
  if (!ok) std::printf("cannot write the digests to %s: FAIL\n", path);
  return ok;
}

// visit(x, n) for every chunk of the bit patterns begin, begin + stride, ... below
// end, or for every parts-th chunk from the part-th on (one thread's share: the
// chunks interleave, so that threads meet the slow ranges alike).
template <class Visit>
void for_each_chunk(std::uint64_t begin, std::uint64_t end, std::uint64_t stride, Visit&& visit, unsigned part = 0,
                    unsigned parts = 1) {
  std::vector<float> x(sweep_chunk);
  const std::uint64_t step = sweep_chunk * stride;
  for (std::uint64_t base = begin + part * step; base < end; base += parts * step) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(sweep_chunk, (end - base + stride - 1) / stride));
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t bits = static_cast<std::uint32_t>(base + i * stride);
      std::memcpy(&x[i], &bits, sizeof(float));
    }
    visit(static_cast<const float*>(x.data()), n);
  }
}

}  // namespace golu_test
