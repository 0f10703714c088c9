// "auto": the documented default that picks between the GP, the grid and TPE (model_search.h).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "search/model_search.h"

namespace kubetune::search {
namespace {

constexpr int64_t kGpMaxTrials = 200;
constexpr int kGpMaxParameters = 20;

class AutoSearch : public SearchAlgorithm {
 public:
  std::string_view name() const override { return "auto"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    // The choice depends on the space and the budget alone, so an oracle rebuilt from its
    // trials makes the same one.
    if (!chosen_ || space_ != &request.space || max_trials_ != request.max_trials) {
      std::string_view name = ChooseAlgorithm(request.space, request.max_trials);
      StatusOr<std::unique_ptr<SearchAlgorithm>> made = MakeSearchAlgorithm(name);
      // The three candidates take no settings here, so building one cannot fail.
      if (!made.ok()) return Suggestion::Exhausted(made.status().ToString());
      chosen_ = std::move(made).value();
      space_ = &request.space;
      max_trials_ = request.max_trials;
    }
    return chosen_->Suggest(request);
  }

  // None of the candidates stops trials early, so before the first suggestion there is
  // nothing to ask.
  bool ShouldStop(const Trial& trial, const SuggestRequest& request) override {
    return chosen_ ? chosen_->ShouldStop(trial, request) : false;
  }

 private:
  std::unique_ptr<SearchAlgorithm> chosen_;
  const SearchSpace* space_ = nullptr;
  int64_t max_trials_ = 0;
};

}  // namespace

std::string_view ChooseAlgorithm(const SearchSpace& space, int64_t max_trials) {
  if (max_trials <= 0) return "tpe";
  int tunable = 0;
  for (const HyperParameter& hp : space.parameters()) tunable += hp.type != HpType::kFixed;
  if (max_trials <= kGpMaxTrials && tunable <= kGpMaxParameters) return "bayesian";
  std::optional<uint64_t> size = space.Cardinality();
  if (size.has_value() && *size <= static_cast<uint64_t>(max_trials)) return "grid";
  return "tpe";
}

std::unique_ptr<SearchAlgorithm> MakeAutoSearch() { return std::make_unique<AutoSearch>(); }

}  // namespace kubetune::search
