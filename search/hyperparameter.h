// One hyperparameter of a search space, in KerasTuner's five types.
//
// The fields mirror KerasTuner's get_config() so that a config read and written back is
// unchanged. Int bounds and steps are held as doubles and are exact up to 2^53.
#ifndef KUBETUNE_SEARCH_HYPERPARAMETER_H_
#define KUBETUNE_SEARCH_HYPERPARAMETER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/value.h"

namespace kubetune::search {

enum class HpType { kInt, kFloat, kChoice, kBoolean, kFixed };
enum class Sampling { kLinear, kLog, kReverseLog };

// KerasTuner's class_name ("Int", "Float", ...) and sampling name ("linear", ...).
std::string_view HpTypeName(HpType type);
std::string_view SamplingName(Sampling sampling);

// Active when the parent is active and its value is one of `values` (KerasTuner's Parent).
struct Condition {
  std::string parent;
  std::vector<Value> values;

  bool IsSatisfiedBy(const Values& active_values) const;
};

struct HyperParameter {
  HpType type = HpType::kFixed;
  std::string name;
  // All must hold for the parameter to be active; nested scopes list every ancestor.
  std::vector<Condition> conditions;

  // Int and Float.
  double min_value = 0;
  double max_value = 0;
  // Linear: the distance between values; log and reverse_log: a factor > 1. Unset: continuous.
  std::optional<double> step;
  // KerasTuner keeps a Float's step as the user gave it, so an int step (10) is written back as
  // an int, not as 10.0.
  bool step_is_integer = false;
  Sampling sampling = Sampling::kLinear;

  // The default as the config states it. Int leaves it unset (null) unless given. A Float's
  // default keeps the JSON type it was given in (KerasTuner writes "default": 4 back as 4).
  std::optional<Value> default_value;

  // Choice.
  std::vector<Value> choices;
  bool ordered = false;

  // Fixed.
  Value fixed_value;

  // The value used when nothing else is known: the stated default, else KerasTuner's rule
  // (min_value, the first choice, false, the fixed value).
  Value Default() const;

  // How many values the parameter can take, or nullopt for a Float without a step. A stated
  // default that is off the step grid counts as one more value (grid search tries it).
  std::optional<uint64_t> Cardinality() const;

  // The values grid search walks: the default first, then the rest in KerasTuner's order
  // (ascending; a reverse_log step runs from max_value down). A Float without a step, and an
  // Int with log or reverse_log sampling and no step, get ten evenly spaced values, as
  // KerasTuner's grid does.
  std::vector<Value> GridValues() const;

  // Maps u in [0, 1) to a value, uniformly on the sampling scale (KerasTuner's prob_to_value).
  Value FromUnit(double u) const;

  // The inverse of FromUnit: a discrete value maps to the centre of its bucket.
  double ToUnit(const Value& value) const;

  // True when `value` is one this parameter can take (type, range and step, or the default).
  // Constant time, whatever the number of values.
  bool Contains(const Value& value) const;

  // True for numeric parameters whose values have an order (Int, Float, ordered Choice).
  bool IsOrdinal() const;
};

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_HYPERPARAMETER_H_
