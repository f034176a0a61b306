// Each activation and its derivative on [-5, 5] as CSV (x, then NAME and NAME_grad
// for each), through the array API. tools/plot_activations.py draws it:
//   golu_plot_activations activations.csv && tools/plot_activations.py activations.csv activations.png
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "example_activations.hpp"

int main(int argc, char** argv) {
  if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')) {
    const bool help = argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0);
    if (!help) std::fprintf(stderr, "plot_activations: unexpected argument '%s'\n", argv[argc > 2 ? 2 : 1]);
    std::fprintf(help ? stdout : stderr,
                 "Usage: plot_activations [FILE]\n"
                 "Writes each activation and its derivative on [-5, 5] (step 0.01) as CSV to FILE,\n"
                 "or to standard output without FILE or with '-'.\n");
    return help ? 0 : 2;
  }

  constexpr int points = 1001;
  std::vector<double> x(points), ones(points, 1.0);
  // Multiples of 0.01 from integers, so the grid has no accumulated rounding.
  for (int i = 0; i < points; ++i) x[static_cast<std::size_t>(i)] = (i - 500) / 100.0;

  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
  examples::for_each_activation([&](const char* name, const auto& act, bool) {
    std::vector<double> y(points), dy(points);
    golu::forward(act, x.data(), y.data(), x.size());
    // backward with an upstream gradient of 1 gives the derivative itself.
    golu::backward(act, x.data(), ones.data(), dy.data(), x.size());
    names.push_back(name);
    columns.push_back(std::move(y));
    columns.push_back(std::move(dy));
  });

  const bool to_stdout = argc < 2 || std::strcmp(argv[1], "-") == 0;
  std::FILE* out = to_stdout ? stdout : std::fopen(argv[1], "w");
  if (!out) {
    std::fprintf(stderr, "plot_activations: cannot write %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  std::fprintf(out, "x");
  for (const std::string& n : names) std::fprintf(out, ",%s,%s_grad", n.c_str(), n.c_str());
  std::fprintf(out, "\n");
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::fprintf(out, "%.2f", x[i]);
    for (const auto& c : columns) std::fprintf(out, ",%.9g", c[i]);
    std::fprintf(out, "\n");
  }
  if (to_stdout) std::fflush(out);
  const bool failed = std::ferror(out) != 0;
  if ((!to_stdout && std::fclose(out) != 0) || failed) {
    std::fprintf(stderr, "plot_activations: writing %s failed\n", to_stdout ? "standard output" : argv[1]);
    return 1;
  }
  return 0;
}
