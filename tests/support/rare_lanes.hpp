// The rare-lane check that test_golu.cpp and test_activations.cpp share: vectors
// built from `ordinary` lanes with one `rare` lane at every position, each lane's
// value and derivative against the scalar result (which path a vector took must
// never show in a result).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <ios>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "bits.hpp"

namespace golu_test {

// Returns the number of vectors checked; stops at the first mismatch (a gtest failure).
template <class T, class Act>
int check_rare_lanes(const Act& act, const std::vector<T>& rare, const std::vector<T>& ordinary) {
  using B = xsimd::batch<T>;
  int vectors = 0;
  for (const T r : rare) {
    for (std::size_t pos = 0; pos < B::size; ++pos) {
      for (std::size_t first = 0; first < ordinary.size(); first += B::size - 1) {
        alignas(64) T in[B::size];
        for (std::size_t k = 0, j = first; k < B::size; ++k) in[k] = k == pos ? r : ordinary[j++ % ordinary.size()];
        const B x = B::load_aligned(in), y = act(x), g = act.grad(x);
        ++vectors;
        for (std::size_t k = 0; k < B::size; ++k) {
          EXPECT_TRUE(same_bits(y.get(k), act(in[k]))) << std::hexfloat << in[k] << " beside " << r << " at " << pos;
          EXPECT_TRUE(same_bits(g.get(k), act.grad(in[k]))) << std::hexfloat << in[k] << " beside " << r;
          if (::testing::Test::HasFailure()) return vectors;
        }
      }
    }
  }
  return vectors;
}

}  // namespace golu_test
