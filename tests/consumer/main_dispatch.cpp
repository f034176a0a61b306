#include <cmath>
#include <cstdio>
#include <cstring>
#include <golu/dispatch.hpp>

int main() {
  float x[5] = {-2.f, -0.5f, 0.f, 1.f, 3.f}, y[5];
  golu::dispatch::forward(golu::GoLU{}, x, y, 5);
  // GoLU(1) = exp(-1/e) = 0.6922006...
  const char* isa = golu::dispatch::isa();
  const bool ok = std::fabs(y[3] - 0.69220063f) < 1e-6f && y[2] == 0.f && std::strlen(isa) > 0;
  std::printf("consumer_dispatch (%s): golu(1) = %.7f %s\n", isa, y[3], ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
