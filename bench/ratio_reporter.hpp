// A console reporter that also keeps each benchmark's median time (or its only
// time, without repetitions), so that a run can end with ratios between rows
// measured side by side.
#pragma once

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace golu_bench {

class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      const std::string name = r.run_name.str();
      if (seen_.insert(name).second) order_.push_back(name);
      if (r.error_occurred) continue;  // no time: its ratios print as nan
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median") {
        median_[name] = r.GetAdjustedRealTime();
      } else if (r.run_type == Run::RT_Iteration && !median_.count(name)) {
        single_[name] = r.GetAdjustedRealTime();
      }
    }
  }

  // Median real time of the named run (as Google Benchmark names it), or NaN.
  double time(const std::string& name) const {
    auto it = median_.find(name);
    if (it != median_.end()) return it->second;
    auto jt = single_.find(name);
    return jt != single_.end() ? jt->second : NAN;
  }

  // Every run's name, in the order the runs were reported.
  const std::vector<std::string>& names() const { return order_; }

  static void header() { std::printf("\n| type | size | measured | ratio | goal |\n|---|---|---|---|---|\n"); }
  static void row(const char* type, const char* size, const char* what, double ratio, const char* goal) {
    std::printf("| %s | %s | %s | %.3f | %s |\n", type, size, what, ratio, goal);
  }

 private:
  std::map<std::string, double> median_, single_;
  std::vector<std::string> order_;
  std::set<std::string> seen_;
};

// Runs the registered benchmarks with the reporter, then `summary(reporter)`.
template <class Summary>
int run_main(int argc, char** argv, Summary&& summary) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  summary(reporter);
  benchmark::Shutdown();
  return 0;
}

}  // namespace golu_bench
