// A search space: hyperparameters in declaration order, read from and written to the JSON of
// KerasTuner's HyperParameters.get_config():
//
//   {"space": [{"class_name": "Int", "config": {"name": "units", "default": null,
//               "conditions": [], "min_value": 8, "max_value": 64, "step": 8,
//               "sampling": "linear"}}, ...],
//    "values": {"units": 8, ...}}
//
// Parsing validates the whole space and reports every problem, each naming its parameter.
// Writing uses KerasTuner's key order, so a config that KerasTuner wrote comes back unchanged.
#ifndef KUBETUNE_SEARCH_SEARCH_SPACE_H_
#define KUBETUNE_SEARCH_SEARCH_SPACE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_text.h"
#include "base/status.h"
#include "search/hyperparameter.h"
#include "search/value.h"

namespace kubetune::search {

// A reserved scope of value names: entries that a search algorithm adds to a trial's values
// for the trainer, which are not parameters of the space. KerasTuner's Hyperband uses it
// (tuner/epochs, tuner/initial_epoch, tuner/trial_id, ...; see multi_fidelity.h). A name in
// the scope that the space does not declare is kept by Complete, accepted with any value by
// CheckValues and ParseHyperParametersConfig, part of the Fingerprint, and written to the
// "values" (not the "space") of get_config() JSON, as KerasTuner writes it.
inline constexpr std::string_view kTunerScope = "tuner/";

// True when `name` is in the tuner/ scope.
inline bool InTunerScope(std::string_view name) { return name.starts_with(kTunerScope); }

// `values` without its tuner/ entries.
Values WithoutTunerScope(const Values& values);

// Thread-compatible: immutable after construction, so concurrent const use is safe.
class SearchSpace {
 public:
  SearchSpace() = default;

  // Validates `parameters`; on failure returns kInvalidArgument whose message has one line per
  // problem, each starting with the parameter's name.
  static StatusOr<SearchSpace> Create(std::vector<HyperParameter> parameters);

  const std::vector<HyperParameter>& parameters() const { return parameters_; }
  size_t size() const { return parameters_.size(); }
  const HyperParameter* Find(std::string_view name) const;

  // True when every condition of `hp` holds for `values` (which holds active values only).
  bool IsActive(const HyperParameter& hp, const Values& values) const;

  // The active subset of `values`, in declaration order, with defaults for active parameters
  // that `values` lacks; then the tuner/ entries of `values` (see kTunerScope), in their order.
  Values Complete(const Values& values) const;

  // The defaults of every active parameter (the first trial of a grid search).
  Values Defaults() const { return Complete(Values()); }

  // OK when `values` gives a legal value to each active parameter and names nothing else but
  // tuner/ entries (any value).
  Status CheckValues(const Values& values) const;

  // The number of distinct active configurations, or nullopt when it is infinite or above
  // `cap`.
  std::optional<uint64_t> Cardinality(uint64_t cap = uint64_t{1} << 40) const;

  // A canonical text of the active values, equal for configurations that Python deems equal.
  // The tuner/ entries count too (in name order), so a trial that continues another (same
  // values, different tuner/ values) is not a duplicate of it.
  std::string Fingerprint(const Values& values) const;

 private:
  explicit SearchSpace(std::vector<HyperParameter> parameters)
      : parameters_(std::move(parameters)) {}

  std::vector<HyperParameter> parameters_;
};

// A parsed get_config() document.
struct HyperParametersConfig {
  SearchSpace space;
  Values values;
};

// Reads get_config() JSON. "values" may be absent (an empty map). Every problem is reported in
// one kInvalidArgument status, a line each.
StatusOr<HyperParametersConfig> ParseHyperParametersConfig(const Json& config);
StatusOr<HyperParametersConfig> ParseHyperParametersConfig(std::string_view text);
// Text too: without these a std::string or a literal converts equally well to Json and to
// std::string_view, and the call is ambiguous.
inline StatusOr<HyperParametersConfig> ParseHyperParametersConfig(const std::string& text) {
  return ParseHyperParametersConfig(std::string_view(text));
}
inline StatusOr<HyperParametersConfig> ParseHyperParametersConfig(const char* text) {
  return ParseHyperParametersConfig(std::string_view(text));
}

// Writes get_config() JSON: the whole space, and the active entries of `values` (tuner/ ones
// included) in their order.
Json HyperParametersToConfig(const SearchSpace& space, const Values& values);

// One space entry, {"class_name": ..., "config": {...}}, with KerasTuner's key order.
Json HyperParameterToConfig(const HyperParameter& hp);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_SEARCH_SPACE_H_
