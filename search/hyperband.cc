// KerasTuner's HyperbandOracle, rebuilt from the trials on every call.
//
// KerasTuner keeps its brackets (the trial ids of each round) in the oracle's state; here they
// are replayed from the tuner/ values of the trials, which record the same facts: a round 0
// trial joins the newest bracket until that bracket's first round is full (KerasTuner starts a
// bracket only when every open one has its first round full), and a later-round trial joins
// the bracket of the trial it continues.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/multi_fidelity.h"

namespace kubetune::search {
namespace {

constexpr int64_t kMaxSetting = 2147483647;

struct HyperbandSettings {
  int64_t max_epochs = 0;
  int64_t factor = 3;
  int64_t iterations = 1;
};

int64_t IntPow(int64_t base, int64_t exponent) {
  int64_t out = 1;
  for (int64_t i = 0; i < exponent; ++i) out *= base;
  return out;
}

// One bracket as KerasTuner keeps it: the trials of each round, in creation order.
struct Bracket {
  int64_t number = 0;
  int64_t iteration = 0;
  std::vector<std::vector<const Trial*>> rounds;
};

class Hyperband : public SearchAlgorithm {
 public:
  explicit Hyperband(HyperbandSettings settings) : settings_(settings) {
    // KerasTuner's _get_num_brackets, in the same floating-point steps.
    double epochs = static_cast<double>(settings_.max_epochs);
    while (epochs >= 1) {
      epochs = epochs / static_cast<double>(settings_.factor);
      ++num_brackets_;
    }
  }

  std::string_view name() const override { return "hyperband"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    std::vector<Bracket> brackets = Replay(request.trials);
    // KerasTuner labels every trial with the bracket it started last.
    const int64_t current = brackets.back().number;
    for (const Bracket& bracket : brackets) {
      const int64_t b = bracket.number;
      const int64_t last = static_cast<int64_t>(bracket.rounds.size()) - 1;
      if (static_cast<int64_t>(bracket.rounds[last].size()) == Size(b, last)) continue;
      if (static_cast<int64_t>(bracket.rounds[0].size()) < Size(b, 0)) {
        return NewConfiguration(request, Epochs(b, 0), current, 0);
      }
      for (int64_t r = 1; r <= last; ++r) {
        std::set<std::string_view> selected;
        for (const Trial* trial : bracket.rounds[r]) selected.insert(ParentId(*trial));
        // The best completed trial of the previous round not yet continued; ties go to the
        // earlier trial, as Python's stable sort gives them.
        const Trial* best = nullptr;
        int64_t candidates = 0;
        for (const Trial* trial : bracket.rounds[r - 1]) {
          if (selected.count(trial->id) > 0) continue;
          if (trial->status != TrialStatus::kCompleted || !trial->score.has_value()) continue;
          ++candidates;
          if (best == nullptr || request.objective.Better(*trial->score, *best->score)) {
            best = trial;
          }
        }
        // More are ready than the round throws away, so the best of them is surely kept.
        if (candidates > Size(b, r - 1) - Size(b, r)) {
          return Suggestion::Run(ContinueTrial(*best, Epochs(b, r), Epochs(b, r - 1), current, r));
        }
      }
    }
    // Nothing in the open brackets can run now: start the next bracket, unless that would
    // begin another iteration than asked for.
    int64_t next = current - 1;
    int64_t iteration = brackets.back().iteration;
    if (next < 0) {
      next = num_brackets_ - 1;
      ++iteration;
    }
    if (iteration >= settings_.iterations) {
      bool running = std::any_of(request.trials.begin(), request.trials.end(),
                                 [](const Trial& t) { return t.status == TrialStatus::kRunning; });
      if (running) return Suggestion::Idle();
      return Suggestion::Exhausted("hyperband finished " + std::to_string(settings_.iterations) +
                                   " iteration(s) of " + std::to_string(num_brackets_) +
                                   " bracket(s)");
    }
    return NewConfiguration(request, Epochs(next, 0), next, 0);
  }

 private:
  // KerasTuner's _get_size: trials in round `r` of bracket `b`, so that every bracket spends
  // about the same number of epochs.
  int64_t Size(int64_t b, int64_t r) const {
    double bracket0_end_size = std::ceil(1 + std::log(static_cast<double>(settings_.max_epochs)) /
                                                 std::log(static_cast<double>(settings_.factor)));
    double bracket_end_size = bracket0_end_size / static_cast<double>(b + 1);
    return static_cast<int64_t>(
        std::ceil(bracket_end_size * static_cast<double>(IntPow(settings_.factor, b - r))));
  }

  // KerasTuner's _get_epochs: the epoch a trial of round `r` of bracket `b` trains up to.
  int64_t Epochs(int64_t b, int64_t r) const {
    return static_cast<int64_t>(std::ceil(static_cast<double>(settings_.max_epochs) /
                                          static_cast<double>(IntPow(settings_.factor, b - r))));
  }

  static std::string_view ParentId(const Trial& trial) {
    const Value* id = trial.values.Find(kTunerTrialId);
    if (id == nullptr || !std::holds_alternative<std::string>(*id)) return {};
    return std::get<std::string>(*id);
  }

  Bracket NewBracket(int64_t number, int64_t iteration) const {
    return Bracket{number, iteration, std::vector<std::vector<const Trial*>>(number + 1)};
  }

  // KerasTuner's brackets, from the trials in creation order. Trials without tuner/ values, or
  // with values that fit no bracket, are left out (they only count as tried configurations).
  std::vector<Bracket> Replay(std::span<const Trial> trials) const {
    std::vector<Bracket> brackets = {NewBracket(num_brackets_ - 1, 0)};
    std::map<std::string_view, size_t> bracket_of;  // trial id -> its bracket
    for (const Trial& trial : trials) {
      std::optional<int64_t> round = IntValue(trial.values, kTunerRound);
      if (!round.has_value() || *round < 0) continue;
      if (*round == 0) {
        const Bracket& newest = brackets.back();
        if (static_cast<int64_t>(newest.rounds[0].size()) >= Size(newest.number, 0)) {
          int64_t number = newest.number - 1;
          int64_t iteration = newest.iteration;
          if (number < 0) {
            number = num_brackets_ - 1;
            ++iteration;
          }
          brackets.push_back(NewBracket(number, iteration));
        }
        brackets.back().rounds[0].push_back(&trial);
        bracket_of[trial.id] = brackets.size() - 1;
        continue;
      }
      auto parent = bracket_of.find(ParentId(trial));
      if (parent == bracket_of.end()) continue;
      size_t index = parent->second;
      Bracket& bracket = brackets[index];
      if (*round >= static_cast<int64_t>(bracket.rounds.size())) continue;
      bracket.rounds[*round].push_back(&trial);
      bracket_of[trial.id] = index;
    }
    return brackets;
  }

  HyperbandSettings settings_;
  int64_t num_brackets_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<SearchAlgorithm>> MakeHyperband(const Json& settings) {
  static constexpr IntSetting kBounds[] = {{"max_epochs", 1, kMaxSetting},
                                           {"factor", 2, kMaxSetting},
                                           {"hyperband_iterations", 1, kMaxSetting}};
  KT_ASSIGN_OR_RETURN(auto given, ReadIntSettings(settings, "hyperband", kBounds));
  HyperbandSettings s;
  auto max_epochs = given.find("max_epochs");
  if (max_epochs == given.end()) {
    return InvalidArgumentError("hyperband.max_epochs is required (an integer >= 1)");
  }
  s.max_epochs = max_epochs->second;
  if (auto it = given.find("factor"); it != given.end()) s.factor = it->second;
  if (auto it = given.find("hyperband_iterations"); it != given.end()) s.iterations = it->second;
  return std::unique_ptr<SearchAlgorithm>(new Hyperband(s));
}

}  // namespace kubetune::search
