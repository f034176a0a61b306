// Gated units at the exact level (see gated_tests.hpp).
#define GOLU_TEST_LEVEL golu::exact
#define GOLU_TEST_LEVEL_INDEPENDENT 0
#include "gated_tests.hpp"
