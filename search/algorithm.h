// The search-algorithm seam: given the space and every trial so far, propose the next values.
//
// An algorithm is a pure function of its inputs: no I/O, no clock, no threads. Whatever it
// remembers between calls must be derivable from the trials, so that an oracle rebuilt from
// the trial history alone continues exactly where it left off.
#ifndef KUBETUNE_SEARCH_ALGORITHM_H_
#define KUBETUNE_SEARCH_ALGORITHM_H_

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>

#include "base/json_text.h"
#include "base/status.h"
#include "search/objective.h"
#include "search/search_space.h"
#include "search/trial.h"

namespace kubetune::search {

struct SuggestRequest {
  const SearchSpace& space;
  const Objective& objective;
  // Every trial created so far, in creation order, running ones included.
  std::span<const Trial> trials;
  // A seed for this suggestion, derived by the oracle from its own seed and the trial count.
  uint64_t seed = 0;
  // The oracle's own seed, for state that must stay fixed across a search.
  uint64_t study_seed = 0;
  // The oracle's trial budget; 0 when it has none.
  int64_t max_trials = 0;
};

struct Suggestion {
  enum class Kind {
    kValues,     // run `values`
    kIdle,       // nothing to propose until a running trial ends
    kExhausted,  // the search is over; `reason` says why
  };
  Kind kind = Kind::kExhausted;
  Values values;
  std::string reason;

  static Suggestion Run(Values values) { return {Kind::kValues, std::move(values), ""}; }
  static Suggestion Idle() { return {Kind::kIdle, {}, ""}; }
  static Suggestion Exhausted(std::string reason) {
    return {Kind::kExhausted, {}, std::move(reason)};
  }
};

// Not thread-safe: the oracle calls one algorithm from one thread at a time.
class SearchAlgorithm {
 public:
  virtual ~SearchAlgorithm() = default;

  // The name a job selects it by ("random", "grid", "quasi_random").
  virtual std::string_view name() const = 0;

  virtual Suggestion Suggest(const SuggestRequest& request) = 0;

  // Asked after each intermediate report of a running trial; true stops it early.
  virtual bool ShouldStop(const Trial& trial, const SuggestRequest& request) { return false; }
};

// Builds the algorithm `name` with its `settings` (a JSON object; null for the defaults).
// Unknown names or settings are kInvalidArgument naming them.
StatusOr<std::unique_ptr<SearchAlgorithm>> MakeSearchAlgorithm(std::string_view name,
                                                               const Json& settings = Json());

// A deterministic generator for one suggestion, with portable uniform doubles.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  // Uniform in [0, 1).
  double Uniform();
  // Uniform integer in [0, n).
  uint64_t Below(uint64_t n);
  // Standard normal (Box-Muller on Uniform(), so identical on every platform).
  double Normal();
  uint64_t Next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

// SplitMix64: mixes a seed and a counter into a well-spread 64-bit seed.
uint64_t MixSeed(uint64_t seed, uint64_t counter);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_ALGORITHM_H_
