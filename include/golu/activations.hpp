// The usual activations, in the same framework as golu::GoLU: value and gradient
// for float, double and xsimd batches, the array API (golu::forward/backward) and
// the Eigen adapters (golu::apply/apply_grad), with GoLU's special-value rules:
// NaN propagates; no finite input gives NaN or inf; the limits at +-inf are right;
// gradients stay finite at any |x| (no sigmoid, softplus or Mish overflow).
//
// One file per activation (golu/activations/<name>.hpp): its parameters and their
// checks, both accuracy levels, and its cost for Eigen. Every activation has the
// shape of detail/elementwise.hpp: a class template over golu::fast (the default)
// and golu::exact, whose
//  - fast level (fast_value, fast_derivative) is written once over V = float,
//    double or an xsimd batch of either and computed in that width, on the native
//    exponential of detail/native.hpp;
//  - exact level (value, derivative) is written once over D = double or
//    xsimd::batch<double, A> and a compute precision (detail/compute_precision.hpp):
//    float results computed in double and rounded once, double results with
//    double-double parts; an activation whose fast kernels are exact (ReLU) says
//    so (fast_is_exact) and runs them at both levels;
//  - accuracy contract is bounds<T>() (golu/bounds.hpp), per level and format,
//    which the tests and the accuracy tools check.
// As in the GoLU kernels, every product that feeds a sum is an explicit fma, so
// compilers that contract a*b + c (GCC does by default) cannot make scalar and
// SIMD results differ. golu/activation_list.hpp lists them all for the tests,
// benchmarks and examples.
#pragma once

#include <golu/activations/elu.hpp>
#include <golu/activations/gelu.hpp>
#include <golu/activations/gelu_tanh.hpp>
#include <golu/activations/leaky_relu.hpp>
#include <golu/activations/mish.hpp>
#include <golu/activations/quick_gelu.hpp>
#include <golu/activations/relu.hpp>
#include <golu/activations/swish.hpp>
