#include "search/multi_fidelity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "search/basic_search.h"
#include "search/search_space.h"

namespace kubetune::search {

std::optional<int64_t> IntValue(const Values& values, std::string_view name) {
  const Value* value = values.Find(name);
  if (value == nullptr) return std::nullopt;
  if (const auto* i = std::get_if<int64_t>(value)) return *i;
  // A trial read back from JSON written by another tool may hold 3.0 for 3.
  if (const auto* d = std::get_if<double>(value)) {
    if (*d == std::floor(*d) && std::fabs(*d) < 9007199254740992.0) {
      return static_cast<int64_t>(*d);
    }
  }
  return std::nullopt;
}

Suggestion NewConfiguration(const SuggestRequest& request, int64_t epochs, int64_t bracket,
                            int64_t round) {
  // Random search sees each trial's configuration without its tuner/ values, so a continued
  // trial counts as the configuration it continues and nothing is started twice.
  std::vector<Trial> plain;
  plain.reserve(request.trials.size());
  for (const Trial& trial : request.trials) {
    Trial copy;
    copy.id = trial.id;
    copy.status = trial.status;
    copy.values = WithoutTunerScope(trial.values);
    plain.push_back(std::move(copy));
  }
  SuggestRequest inner{request.space, request.objective,  plain,
                       request.seed,  request.study_seed, request.max_trials};
  Suggestion suggestion = MakeRandomSearch()->Suggest(inner);
  if (suggestion.kind != Suggestion::Kind::kValues) {
    // A running trial may still complete and be continued.
    bool running = std::any_of(request.trials.begin(), request.trials.end(),
                               [](const Trial& t) { return t.status == TrialStatus::kRunning; });
    return running ? Suggestion::Idle() : suggestion;
  }
  suggestion.values.Set(kTunerEpochs, epochs);
  suggestion.values.Set(kTunerInitialEpoch, int64_t{0});
  suggestion.values.Set(kTunerBracket, bracket);
  suggestion.values.Set(kTunerRound, round);
  return suggestion;
}

Values ContinueTrial(const Trial& parent, int64_t epochs, int64_t initial_epoch, int64_t bracket,
                     int64_t round) {
  // KerasTuner copies the parent's values, tuner/ entries included, and overwrites these; the
  // order of the entries is therefore the same as in KerasTuner.
  Values values = parent.values;
  values.Set(kTunerEpochs, epochs);
  values.Set(kTunerInitialEpoch, initial_epoch);
  values.Set(kTunerBracket, bracket);
  values.Set(kTunerRound, round);
  values.Set(kTunerTrialId, parent.id);
  return values;
}

StatusOr<std::map<std::string, int64_t, std::less<>>> ReadIntSettings(
    const Json& settings, std::string_view algorithm, std::span<const IntSetting> bounds) {
  std::map<std::string, int64_t, std::less<>> out;
  if (settings.is_null()) return out;
  std::string prefix(algorithm);
  if (!settings.is_object()) return InvalidArgumentError(prefix + " settings must be an object");
  for (const auto& [key, value] : settings.items()) {
    auto bound = std::find_if(bounds.begin(), bounds.end(),
                              [&](const IntSetting& b) { return b.name == key; });
    if (bound == bounds.end()) {
      std::string expected;
      for (size_t i = 0; i < bounds.size(); ++i) {
        expected += (i == 0 ? "" : i + 1 == bounds.size() ? " or " : ", ");
        expected += bounds[i].name;
      }
      return InvalidArgumentError(prefix + " has no setting '" + key + "' (expected " + expected +
                                  ")");
    }
    // An upper bound this large only guards the arithmetic; it is not worth a mention.
    std::string range =
        bound->max >= std::numeric_limits<int32_t>::max()
            ? ">= " + std::to_string(bound->min)
            : "in [" + std::to_string(bound->min) + ", " + std::to_string(bound->max) + "]";
    std::string problem =
        prefix + "." + key + " must be an integer " + range + ", got " + value.dump();
    if (!value.is_number_integer()) return InvalidArgumentError(problem);
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return InvalidArgumentError(problem);
    }
    int64_t x = value.get<int64_t>();
    if (x < bound->min || x > bound->max) return InvalidArgumentError(problem);
    out[key] = x;
  }
  return out;
}

}  // namespace kubetune::search
