// golu: the Gompertz Linear Unit, y = x * exp(-exp(-x)), for C++.
// Das, Safari, Adriaensen, Hutter (2025), arXiv 2502.03654.
#pragma once

#include <golu/array.hpp>
#include <golu/config.hpp>
#include <golu/gated.hpp>
#include <golu/gompertz.hpp>
