// Walking a finite search space, shared by the algorithms that need to know what is left.
#ifndef KUBETUNE_SEARCH_SPACE_WALK_H_
#define KUBETUNE_SEARCH_SPACE_WALK_H_

#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

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

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_SPACE_WALK_H_
