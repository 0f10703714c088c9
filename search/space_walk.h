// Walking a finite search space, shared by the algorithms that need to know what is left.
#ifndef KUBETUNE_SEARCH_SPACE_WALK_H_
#define KUBETUNE_SEARCH_SPACE_WALK_H_

#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "search/algorithm.h"
#include "search/search_space.h"
#include "search/trial.h"

namespace kubetune::search {

// The configuration after `values` in KerasTuner's grid order: the last active parameter
// moves first, each parameter walks its GridValues() (default first), and parameters that
// become inactive drop out. nullopt after the last configuration.
std::optional<Values> NextGridCombination(const SearchSpace& space, const Values& values);

// Every active configuration, or nullopt when there are more than `cap` (or infinitely many).
// The order is the grid's, except that an Int without a step contributes all its values (the
// grid samples ten of a log range), default first and then ascending.
std::optional<std::vector<Values>> EnumerateSpace(const SearchSpace& space, size_t cap);

// Fingerprints of every trial's values (running, failed and pending retries included).
std::unordered_set<std::string> TriedFingerprints(const SearchSpace& space,
                                                  std::span<const Trial> trials);

// A configuration drawn uniformly on each active parameter's scale, in declaration order.
Values SampleUniformly(const SearchSpace& space, Rng& rng);

// For an algorithm whose own proposals keep repeating trials: on a space of at most `cap`
// configurations, one drawn uniformly among those no trial has (exhausted when none is left);
// on a larger space, the first of `attempts` uniform draws that no trial has.
Suggestion SuggestUntried(const SearchSpace& space, const std::unordered_set<std::string>& tried,
                          Rng& rng, size_t cap = 200000, int attempts = 1000);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_SPACE_WALK_H_
