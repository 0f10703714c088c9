// Asynchronous successive halving: promotions are decided on whatever has completed so far, so
// no worker waits for a rung to fill.
#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "search/multi_fidelity.h"

namespace kubetune::search {
namespace {

constexpr int64_t kMaxSetting = 2147483647;

class Asha : public SearchAlgorithm {
 public:
  Asha(int64_t max_epochs, int64_t min_epochs, int64_t factor) : factor_(factor) {
    for (int64_t epochs = min_epochs; epochs < max_epochs; epochs *= factor) {
      rungs_.push_back(epochs);
    }
    rungs_.push_back(max_epochs);
  }

  std::string_view name() const override { return "asha"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    const size_t num_rungs = rungs_.size();
    std::vector<std::vector<const Trial*>> rungs(num_rungs);
    // Trials some trial continues (running or not): each is continued once.
    std::set<std::string_view> continued;
    for (const Trial& trial : request.trials) {
      std::optional<int64_t> rung = IntValue(trial.values, kTunerRound);
      if (!rung.has_value() || *rung < 0 || *rung >= static_cast<int64_t>(num_rungs)) continue;
      rungs[static_cast<size_t>(*rung)].push_back(&trial);
      const Value* parent = trial.values.Find(kTunerTrialId);
      if (parent != nullptr && std::holds_alternative<std::string>(*parent)) {
        continued.insert(std::get<std::string>(*parent));
      }
    }
    // The highest rung first: finishing good configurations beats starting new ones.
    for (size_t k = num_rungs - 1; k-- > 0;) {
      std::vector<const Trial*> completed;
      for (const Trial* trial : rungs[k]) {
        if (trial->status == TrialStatus::kCompleted && trial->score.has_value()) {
          completed.push_back(trial);
        }
      }
      std::stable_sort(completed.begin(), completed.end(), [&](const Trial* a, const Trial* b) {
        return request.objective.Better(*a->score, *b->score);
      });
      size_t top = completed.size() / static_cast<size_t>(factor_);
      for (size_t i = 0; i < top; ++i) {
        if (continued.count(completed[i]->id) > 0) continue;
        return Suggestion::Run(
            ContinueTrial(*completed[i], rungs_[k + 1], rungs_[k], 0, static_cast<int64_t>(k + 1)));
      }
    }
    Suggestion fresh = NewConfiguration(request, rungs_[0], 0, 0);
    if (fresh.kind == Suggestion::Kind::kExhausted) {
      fresh.reason = "no trial left to continue, and " + fresh.reason;
    }
    return fresh;
  }

 private:
  int64_t factor_;
  // The epoch each rung trains up to.
  std::vector<int64_t> rungs_;
};

}  // namespace

StatusOr<std::unique_ptr<SearchAlgorithm>> MakeAsha(const Json& settings) {
  static constexpr IntSetting kBounds[] = {
      {"max_epochs", 1, kMaxSetting}, {"min_epochs", 1, kMaxSetting}, {"factor", 2, kMaxSetting}};
  KT_ASSIGN_OR_RETURN(auto given, ReadIntSettings(settings, "asha", kBounds));
  auto max_epochs = given.find("max_epochs");
  if (max_epochs == given.end()) {
    return InvalidArgumentError("asha.max_epochs is required (an integer >= 1)");
  }
  int64_t min_epochs = 1;
  int64_t factor = 3;
  if (auto it = given.find("min_epochs"); it != given.end()) min_epochs = it->second;
  if (auto it = given.find("factor"); it != given.end()) factor = it->second;
  if (min_epochs > max_epochs->second) {
    return InvalidArgumentError("asha.min_epochs (" + std::to_string(min_epochs) +
                                ") must not exceed asha.max_epochs (" +
                                std::to_string(max_epochs->second) + ")");
  }
  return std::unique_ptr<SearchAlgorithm>(new Asha(max_epochs->second, min_epochs, factor));
}

}  // namespace kubetune::search
