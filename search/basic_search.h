// The model-free algorithms: random, grid and quasi-random search.
//
// All three never propose a configuration that a trial already has, and stop once a finite
// space is exhausted.
#ifndef KUBETUNE_SEARCH_BASIC_SEARCH_H_
#define KUBETUNE_SEARCH_BASIC_SEARCH_H_

#include <memory>

#include "search/algorithm.h"

namespace kubetune::search {

// Uniform sampling on each parameter's scale (log, reverse_log), conditional parameters
// sampled only when active. When a finite space is nearly used up it picks among the
// configurations left, so it ends exactly when the space is exhausted.
std::unique_ptr<SearchAlgorithm> MakeRandomSearch();

// KerasTuner's grid: the first trial takes every default, then the last parameter moves
// fastest. A Float without a step gets ten evenly spaced values. While trials run and nothing
// is left to hand out it answers idle, then exhausted.
std::unique_ptr<SearchAlgorithm> MakeGridSearch();

// A scrambled Halton sequence: dimension i uses the i-th prime base with random digit
// permutations drawn from the oracle's seed. Each parameter owns one dimension and a
// conditional parameter reads its coordinate only when active, so the active parameters of
// every branch are covered evenly.
std::unique_ptr<SearchAlgorithm> MakeQuasiRandomSearch();

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_BASIC_SEARCH_H_
