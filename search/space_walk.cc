#include "search/space_walk.h"

#include <functional>

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

namespace {

// Every value of a parameter with a finite Cardinality(), default first. Only an Int without a
// step has more values than its grid (which samples ten of a log range); the rest go up.
std::vector<Value> AllValues(const HyperParameter& hp) {
  if (hp.type != HpType::kInt || hp.step.has_value()) return hp.GridValues();
  Value first = hp.Default();
  std::vector<Value> out = {first};
  for (auto x = static_cast<int64_t>(hp.min_value); x <= static_cast<int64_t>(hp.max_value); ++x) {
    if (!ValuesEqual(Value(x), first)) out.push_back(Value(x));
  }
  return out;
}

}  // namespace

std::optional<std::vector<Values>> EnumerateSpace(const SearchSpace& space, size_t cap) {
  std::optional<uint64_t> size = space.Cardinality(cap);
  if (!size.has_value()) return std::nullopt;
  std::vector<Values> out;
  out.reserve(*size);
  // Depth first in declaration order: the last active parameter moves fastest, as in the grid.
  const std::vector<HyperParameter>& params = space.parameters();
  Values current;
  std::function<void(size_t)> walk = [&](size_t index) {
    if (index == params.size()) {
      out.push_back(current);
      return;
    }
    const HyperParameter& hp = params[index];
    if (!space.IsActive(hp, current)) {
      walk(index + 1);
      return;
    }
    for (const Value& v : AllValues(hp)) {
      current.Set(hp.name, v);
      walk(index + 1);
    }
    current.Erase(hp.name);
  };
  walk(0);
  return out;
}

std::unordered_set<std::string> TriedFingerprints(const SearchSpace& space,
                                                  std::span<const Trial> trials) {
  std::unordered_set<std::string> out;
  for (const Trial& trial : trials) out.insert(space.Fingerprint(trial.values));
  return out;
}

Values SampleUniformly(const SearchSpace& space, Rng& rng) {
  Values values;
  for (const HyperParameter& hp : space.parameters()) {
    if (space.IsActive(hp, values)) values.Set(hp.name, hp.FromUnit(rng.Uniform()));
  }
  return values;
}

Suggestion SuggestUntried(const SearchSpace& space, const std::unordered_set<std::string>& tried,
                          Rng& rng, size_t cap, int attempts) {
  std::optional<std::vector<Values>> all = EnumerateSpace(space, cap);
  if (all.has_value()) {
    std::vector<const Values*> left;
    for (const Values& v : *all) {
      if (tried.count(space.Fingerprint(v)) == 0) left.push_back(&v);
    }
    if (left.empty()) {
      return Suggestion::Exhausted("search space exhausted (" + std::to_string(all->size()) +
                                   " configurations)");
    }
    return Suggestion::Run(*left[rng.Below(left.size())]);
  }
  for (int attempt = 0; attempt < attempts; ++attempt) {
    Values values = SampleUniformly(space, rng);
    if (tried.count(space.Fingerprint(values)) == 0) return Suggestion::Run(std::move(values));
  }
  return Suggestion::Exhausted("no new configuration found after " + std::to_string(attempts) +
                               " random samples");
}

}  // namespace kubetune::search
