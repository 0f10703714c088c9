#include "search/space_walk.h"

namespace kubetune::search {

std::optional<Values> NextGridCombination(const SearchSpace& space, const Values& values) {
  // Work on a full assignment: inactive parameters hold their defaults while we walk.
  Values current = values;
  const std::vector<HyperParameter>& params = space.parameters();
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    const HyperParameter& hp = *it;
    if (space.IsActive(hp, current)) {
      std::vector<Value> grid = hp.GridValues();
      const Value* value = current.Find(hp.name);
      size_t index = 0;
      if (value != nullptr) {
        while (index < grid.size() && !ValuesEqual(grid[index], *value)) ++index;
      }
      if (index + 1 < grid.size()) {
        current.Set(hp.name, grid[index + 1]);
        return space.Complete(current);
      }
    }
    current.Set(hp.name, hp.Default());
  }
  return std::nullopt;
}

std::optional<std::vector<Values>> EnumerateSpace(const SearchSpace& space, size_t cap) {
  std::optional<uint64_t> size = space.Cardinality(cap);
  if (!size.has_value()) return std::nullopt;
  std::vector<Values> out;
  out.reserve(*size);
  std::optional<Values> current = space.Defaults();
  while (current.has_value()) {
    out.push_back(*current);
    current = NextGridCombination(space, *current);
  }
  return out;
}

std::unordered_set<std::string> TriedFingerprints(const SearchSpace& space,
                                                  std::span<const Trial> trials) {
  std::unordered_set<std::string> out;
  for (const Trial& trial : trials) out.insert(space.Fingerprint(trial.values));
  return out;
}

}  // namespace kubetune::search
