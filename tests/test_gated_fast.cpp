// Gated units at the fast level (see gated_tests.hpp).
#define GOLU_TEST_LEVEL golu::fast
#define GOLU_TEST_LEVEL_INDEPENDENT 1
#include "gated_tests.hpp"
