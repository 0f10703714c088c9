// Test functions for the search benchmark, each minimised over a KerasTuner search space.
//
//   branin      2-D, x1 in [-5, 10], x2 in [0, 15]; minimum 5 / (4 pi) = 0.397887...
//   hartmann6   6-D on [0, 1]^6; minimum -3.32236801141551
//   rosenbrock  4-D on [-5, 10]^4 (the domain of Surjanovic and Bingham's library, like the
//               other two); minimum 0 at (1, 1, 1, 1)
//   mixed       a model-selection space with a categorical root and conditional parameters;
//               minimum 0.1, inside the "mlp" branch (see functions.cc for the closed form)
//
// bench/search/bench_functions.py has the same functions in Python, written line for line in the
// same order, so that every tool scores a configuration identically; `kubetune_bench_search
// --evaluate` and `optuna_peer.py --check-against` test that they do.
#ifndef KUBETUNE_BENCH_SEARCH_FUNCTIONS_H_
#define KUBETUNE_BENCH_SEARCH_FUNCTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/json_text.h"
#include "search/value.h"

namespace kubetune::bench {

struct BenchmarkFunction {
  std::string name;
  // The search space as KerasTuner's HyperParameters.get_config() JSON.
  Json space_config;
  // The global minimum over the space, and a point of the space where it is attained (to the
  // precision of the stated value).
  double optimum = 0;
  search::Values argmin;
  // The loss of a configuration of the space. A parameter the function needs that is missing
  // or of the wrong kind gives NaN, which the oracle records as an invalid trial.
  double (*evaluate)(const search::Values& values) = nullptr;
};

// Every function, in a fixed order: branin, hartmann6, rosenbrock, mixed.
const std::vector<BenchmarkFunction>& BenchmarkFunctions();

// The function called `name`, or nullptr.
const BenchmarkFunction* FindBenchmarkFunction(std::string_view name);

}  // namespace kubetune::bench

#endif  // KUBETUNE_BENCH_SEARCH_FUNCTIONS_H_
