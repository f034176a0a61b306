// golu::dispatch from a program built with the compiler's default flags (as a
// distribution's binary is), against golu's header API built for this machine
// (-march=native, bench/dispatch_native.cpp) and against the header API built with
// the same default flags, in one run: what shipping with golu::dispatch costs, and
// what it saves. Float, 64Ki elements, default parameters, both levels.
//
//   golu_dispatch_bench --benchmark_repetitions=9 --benchmark_min_time=0.1
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <golu/dispatch.hpp>
#include <string>

#include "bench_data.hpp"
#include "dispatch_native.hpp"
#include "ratio_reporter.hpp"

namespace {

using golu_bench::data;
using golu_bench::kL2;
using golu_bench::run;

// The activations compared: GoLU and its usual peers.
const char* const names[] = {"GoLU", "Swish", "GELU"};

template <class Act>
void dispatched_forward(benchmark::State& s, Act act) {
  run<float>(s, [&](data<float>& d, std::size_t n) { golu::dispatch::forward(act, d.x.data(), d.y.data(), n); });
}
template <class Act>
void dispatched_backward(benchmark::State& s, Act act) {
  run<float>(
      s, [&](data<float>& d, std::size_t n) { golu::dispatch::backward(act, d.x.data(), d.dy.data(), d.y.data(), n); });
}
template <class Act>
void baseline_forward(benchmark::State& s, Act act) {
  run<float>(s, [&](data<float>& d, std::size_t n) { golu::forward(act, d.x.data(), d.y.data(), n); });
}
void native_forward(benchmark::State& s, golu_bench::native_case c) {
  run<float>(s, [&](data<float>& d, std::size_t n) { golu_bench::native_forward(c, d.x.data(), d.y.data(), n); });
}
void native_backward(benchmark::State& s, golu_bench::native_case c) {
  run<float>(s, [&](data<float>& d, std::size_t n) {
    golu_bench::native_backward(c, d.x.data(), d.dy.data(), d.y.data(), n);
  });
}

template <class Level>
void register_level() {
  golu::for_each_activation<Level>([](const auto& act) {
    const std::string name = act.name;
    if (name != "GoLU" && name != "Swish" && name != "GELU") return;
    const std::string tag = name + "/" + Level::name;
    const golu_bench::native_case c{name, std::is_same<Level, golu::exact>::value};
    benchmark::RegisterBenchmark(("dispatch_forward/" + tag).c_str(), dispatched_forward<std::decay_t<decltype(act)>>,
                                 act)
        ->Arg(kL2);
    benchmark::RegisterBenchmark(("native_forward/" + tag).c_str(), native_forward, c)->Arg(kL2);
    benchmark::RegisterBenchmark(("baseline_forward/" + tag).c_str(), baseline_forward<std::decay_t<decltype(act)>>,
                                 act)
        ->Arg(kL2);
    benchmark::RegisterBenchmark(("dispatch_backward/" + tag).c_str(), dispatched_backward<std::decay_t<decltype(act)>>,
                                 act)
        ->Arg(kL2);
    benchmark::RegisterBenchmark(("native_backward/" + tag).c_str(), native_backward, c)->Arg(kL2);
  });
}

}  // namespace

int main(int argc, char** argv) {
  register_level<golu::fast>();
  register_level<golu::exact>();
  return golu_bench::run_main(argc, argv, [](const golu_bench::ratio_reporter& r) {
    r.header();
    const std::string n = "/" + std::to_string(kL2);
    for (const char* level : {"fast", "exact"}) {
      for (const char* name : names) {
        const std::string tag = std::string(name) + "/" + level + n;
        const std::string what = std::string(level) + " " + name;
        r.row("float", "65,536", (what + " forward: golu::dispatch / header API -march=native").c_str(),
              r.time("dispatch_forward/" + tag) / r.time("native_forward/" + tag), "<= 1.05");
        r.row("float", "65,536", (what + " backward: golu::dispatch / header API -march=native").c_str(),
              r.time("dispatch_backward/" + tag) / r.time("native_backward/" + tag), "<= 1.05");
        r.row("float", "65,536", (what + " forward: header API, default flags / golu::dispatch").c_str(),
              r.time("baseline_forward/" + tag) / r.time("dispatch_forward/" + tag), "(gain)");
      }
    }
    std::printf("\ngolu::dispatch ran %s; the -march=native unit is %s; this unit (default flags) is %s.\n",
                golu::dispatch::isa(), golu_bench::native_target(), golu::target_name);
  });
}
