#include "search/algorithm.h"

#include <cmath>

#include "search/basic_search.h"
#include "search/model_search.h"
#include "search/multi_fidelity.h"

namespace kubetune::search {

uint64_t MixSeed(uint64_t seed, uint64_t counter) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (counter + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) : engine_(MixSeed(seed, 0)) {}

double Rng::Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Rng::Normal() {
  double u1 = 1.0 - Uniform();  // in (0, 1], so the logarithm is finite
  double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

uint64_t Rng::Below(uint64_t n) {
  // Rejection sampling keeps the draw unbiased and identical on every platform.
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x = engine_();
  while (x >= limit) x = engine_();
  return x % n;
}

StatusOr<std::unique_ptr<SearchAlgorithm>> MakeSearchAlgorithm(std::string_view name,
                                                               const Json& settings) {
  bool no_settings = settings.is_null() || (settings.is_object() && settings.empty());
  auto reject_settings = [&]() -> Status {
    if (no_settings) return OkStatus();
    if (!settings.is_object()) return InvalidArgumentError("algorithm settings must be an object");
    return InvalidArgumentError("algorithm '" + std::string(name) + "' has no setting '" +
                                settings.begin().key() + "'");
  };
  if (name == "random") {
    KT_RETURN_IF_ERROR(reject_settings());
    return MakeRandomSearch();
  }
  if (name == "grid") {
    KT_RETURN_IF_ERROR(reject_settings());
    return MakeGridSearch();
  }
  if (name == "quasi_random") {
    KT_RETURN_IF_ERROR(reject_settings());
    return MakeQuasiRandomSearch();
  }
  if (name == "bayesian") return MakeBayesianSearch(settings);
  if (name == "tpe") return MakeTpeSearch(settings);
  if (name == "auto") {
    KT_RETURN_IF_ERROR(reject_settings());
    return MakeAutoSearch();
  }
  if (name == "hyperband") return MakeHyperband(settings);
  if (name == "asha") return MakeAsha(settings);
  return InvalidArgumentError(
      "unknown algorithm '" + std::string(name) +
      "' (expected random, grid, quasi_random, bayesian, tpe, auto, hyperband or asha)");
}

}  // namespace kubetune::search
