#include "search/basic_search.h"

#include <array>
#include <cmath>
#include <numeric>

#include "search/space_walk.h"

namespace kubetune::search {
namespace {

// Spaces at most this large are enumerated when sampling stops finding new configurations.
constexpr size_t kEnumerateCap = 200000;
// Consecutive duplicate samples tolerated before falling back (or giving up on an infinite
// space, which in practice means a space whose continuous part is degenerate).
constexpr int kMaxCollisions = 200;

bool FiniteAndUsedUp(const SuggestRequest& request, const std::unordered_set<std::string>& tried) {
  std::optional<uint64_t> size = request.space.Cardinality();
  return size.has_value() && tried.size() >= *size;
}

class RandomSearch : public SearchAlgorithm {
 public:
  std::string_view name() const override { return "random"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    std::unordered_set<std::string> tried = TriedFingerprints(request.space, request.trials);
    if (FiniteAndUsedUp(request, tried)) {
      return Suggestion::Exhausted("search space exhausted (" + std::to_string(tried.size()) +
                                   " configurations)");
    }
    Rng rng(request.seed);
    for (int attempt = 0; attempt < kMaxCollisions; ++attempt) {
      Values values = SampleUniformly(request.space, rng);
      if (tried.count(request.space.Fingerprint(values)) == 0) return Suggestion::Run(values);
    }
    return SuggestUntried(request.space, tried, rng, kEnumerateCap);
  }
};

class GridSearch : public SearchAlgorithm {
 public:
  std::string_view name() const override { return "grid"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    std::unordered_set<std::string> tried = TriedFingerprints(request.space, request.trials);
    // The grid order is fixed, so the next trial is the first configuration not yet tried.
    std::optional<Values> current = request.space.Defaults();
    while (current.has_value()) {
      if (tried.count(request.space.Fingerprint(*current)) == 0) return Suggestion::Run(*current);
      current = NextGridCombination(request.space, *current);
    }
    bool running = std::any_of(request.trials.begin(), request.trials.end(),
                               [](const Trial& t) { return t.status == TrialStatus::kRunning; });
    if (running) return Suggestion::Idle();
    return Suggestion::Exhausted("grid exhausted (" + std::to_string(tried.size()) +
                                 " configurations)");
  }
};

constexpr std::array<uint32_t, 64> kPrimes = {
    2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,
    59,  61,  67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131,
    137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223,
    227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311};

// Radical inverse of `index` in base `base`, each digit position passed through its own
// random permutation (random-digit scrambling). Digits are taken until they no longer change
// a double, so a permuted leading zero still yields a value in [0, 1).
class ScrambledRadicalInverse {
 public:
  ScrambledRadicalInverse(uint32_t base, uint64_t seed) : base_(base) {
    Rng rng(seed);
    digits_ = static_cast<int>(std::ceil(53.0 / std::log2(static_cast<double>(base))));
    permutations_.resize(static_cast<size_t>(digits_));
    for (std::vector<uint32_t>& perm : permutations_) {
      perm.resize(base);
      std::iota(perm.begin(), perm.end(), 0u);
      for (uint32_t i = base - 1; i > 0; --i) std::swap(perm[i], perm[rng.Below(i + 1)]);
    }
  }

  double operator()(uint64_t index) const {
    double result = 0;
    double scale = 1.0 / base_;
    for (int position = 0; position < digits_; ++position) {
      uint32_t digit = static_cast<uint32_t>(index % base_);
      index /= base_;
      result += permutations_[static_cast<size_t>(position)][digit] * scale;
      scale /= base_;
    }
    return std::min(result, std::nextafter(1.0, 0.0));
  }

 private:
  uint32_t base_;
  int digits_;
  std::vector<std::vector<uint32_t>> permutations_;
};

class QuasiRandomSearch : public SearchAlgorithm {
 public:
  std::string_view name() const override { return "quasi_random"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    std::unordered_set<std::string> tried = TriedFingerprints(request.space, request.trials);
    if (FiniteAndUsedUp(request, tried)) {
      return Suggestion::Exhausted("search space exhausted (" + std::to_string(tried.size()) +
                                   " configurations)");
    }
    EnsureDimensions(request);
    // The sequence index is the trial count, skipping points that repeat a configuration; the
    // first point (index 0) is skipped because every digit maps to the same permuted value.
    uint64_t index = request.trials.size() + 1;
    for (int attempt = 0; attempt < kMaxCollisions; ++attempt, ++index) {
      Values values;
      const std::vector<HyperParameter>& params = request.space.parameters();
      for (size_t d = 0; d < params.size(); ++d) {
        if (!request.space.IsActive(params[d], values)) continue;
        values.Set(params[d].name, params[d].FromUnit(dimensions_[d](index)));
      }
      if (tried.count(request.space.Fingerprint(values)) == 0) return Suggestion::Run(values);
    }
    Rng rng(request.seed);
    return SuggestUntried(request.space, tried, rng, kEnumerateCap);
  }

 private:
  void EnsureDimensions(const SuggestRequest& request) {
    size_t d = request.space.size();
    if (dimensions_.size() == d && seed_ == request.study_seed) return;
    dimensions_.clear();
    seed_ = request.study_seed;
    for (size_t i = 0; i < d; ++i) {
      // Beyond the table, reuse primes with fresh permutations: still well spread in practice.
      uint32_t base = kPrimes[i % kPrimes.size()];
      dimensions_.emplace_back(base, MixSeed(request.study_seed, 1000 + i));
    }
  }

  uint64_t seed_ = 0;
  std::vector<ScrambledRadicalInverse> dimensions_;
};

}  // namespace

std::unique_ptr<SearchAlgorithm> MakeRandomSearch() { return std::make_unique<RandomSearch>(); }
std::unique_ptr<SearchAlgorithm> MakeGridSearch() { return std::make_unique<GridSearch>(); }
std::unique_ptr<SearchAlgorithm> MakeQuasiRandomSearch() {
  return std::make_unique<QuasiRandomSearch>();
}

}  // namespace kubetune::search
