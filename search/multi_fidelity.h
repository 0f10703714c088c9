// Multi-fidelity algorithms: train many configurations briefly, continue the promising ones.
//
// Both write KerasTuner's Hyperband values into each trial's values, under the reserved tuner/
// scope (search_space.h), so a trainer written for KerasTuner's Hyperband runs unchanged:
//   tuner/epochs          the epoch to train up to (cumulative)
//   tuner/initial_epoch   the epoch to start from (0 for a new configuration)
//   tuner/bracket         the bracket the trial was created in (ASHA: always 0)
//   tuner/round           the round (ASHA: the rung) within it
//   tuner/trial_id        set when the trial continues another: that trial's id, whose
//                         checkpoint the trainer loads
// A continued trial has the same hyperparameter values as the trial it continues. The state of
// either algorithm is read back from these values, so an oracle rebuilt from the trials
// continues where it left off.
//
// Only trials that end COMPLETED are ranked and continued: a failed trial, or one stopped
// early, is never continued (KerasTuner treats failures the same way).
#ifndef KUBETUNE_SEARCH_MULTI_FIDELITY_H_
#define KUBETUNE_SEARCH_MULTI_FIDELITY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/json_text.h"
#include "base/status.h"
#include "search/algorithm.h"
#include "search/trial.h"
#include "search/value.h"

namespace kubetune::search {

inline constexpr std::string_view kTunerEpochs = "tuner/epochs";
inline constexpr std::string_view kTunerInitialEpoch = "tuner/initial_epoch";
inline constexpr std::string_view kTunerBracket = "tuner/bracket";
inline constexpr std::string_view kTunerRound = "tuner/round";
inline constexpr std::string_view kTunerTrialId = "tuner/trial_id";

// KerasTuner's Hyperband (HyperbandOracle in KerasTuner 1.4), schedule for schedule: the same
// brackets, round sizes, epochs and promotions for the same scores, and the same tuner/
// values. Brackets run from the most aggressive (bracket B-1, where B is the number of times
// max_epochs can be divided by factor while it stays >= 1) down to bracket 0; bracket b has b+1
// rounds. Round 0 trials are new random configurations (never one an earlier trial had);
// a later round continues the best COMPLETED trial of the round before once more of them have
// completed than that round throws away. As in KerasTuner:
//  - while a bracket waits for running trials, the next bracket starts; only the last bracket
//    of the last iteration answers idle, and the search ends when it has nothing more to run;
//  - tuner/bracket is the bracket most recently started, which for a trial continuing an
//    older, still unfinished bracket is not the bracket it belongs to.
//
// Settings: {"max_epochs": int >= 1 (required), "factor": int >= 2 (default 3),
// "hyperband_iterations": int >= 1 (default 1)}. kInvalidArgument names the setting at fault.
StatusOr<std::unique_ptr<SearchAlgorithm>> MakeHyperband(const Json& settings);

// Asynchronous successive halving (Li et al., 2018). Rung k trains up to
// min_epochs * factor^k epochs, for every such number below max_epochs, and the last rung
// trains up to max_epochs. Whenever a worker asks, it continues the best trial not yet continued
// from the highest rung whose top 1/factor holds one (ranked among the rung's COMPLETED trials,
// ties to the earlier trial), and otherwise starts a new random configuration in rung 0, so
// workers never wait while anything can start. tuner/bracket is 0 and tuner/round the rung.
// It ends when nothing can be continued, no trial runs and the space has no new configuration
// left (with an infinite space: at the oracle's max_trials).
//
// Settings: {"max_epochs": int >= 1 (required), "min_epochs": int in [1, max_epochs]
// (default 1), "factor": int >= 2 (default 3)}. kInvalidArgument names the setting at fault.
StatusOr<std::unique_ptr<SearchAlgorithm>> MakeAsha(const Json& settings);

// Shared by the two algorithms.

// The integer value `name` holds, or nullopt when it is absent or not an integer.
std::optional<int64_t> IntValue(const Values& values, std::string_view name);

// A new random configuration (random search over the trials' values without their tuner/
// entries, so no configuration is tried twice), with tuner/ values for a first run up to
// `epochs` in `bracket` and `round`. Idle when the space is used up while trials run (one may
// still be continued), exhausted when it is used up and none runs.
Suggestion NewConfiguration(const SuggestRequest& request, int64_t epochs, int64_t bracket,
                            int64_t round);

// The values of `parent` continued from `initial_epoch` up to `epochs`.
Values ContinueTrial(const Trial& parent, int64_t epochs, int64_t initial_epoch, int64_t bracket,
                     int64_t round);

// Reads the integer settings of `algorithm`: each key of `settings` (an object, or null for
// none) must be one of `bounds`, an integer within its [min, max]; the result holds the keys
// given. kInvalidArgument names the setting ("hyperband.factor must be ...").
struct IntSetting {
  std::string_view name;
  int64_t min;
  int64_t max;
};
StatusOr<std::map<std::string, int64_t, std::less<>>> ReadIntSettings(
    const Json& settings, std::string_view algorithm, std::span<const IntSetting> bounds);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_MULTI_FIDELITY_H_
