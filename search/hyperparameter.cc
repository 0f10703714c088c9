#include "search/hyperparameter.h"

#include <algorithm>
#include <cmath>

namespace kubetune::search {
namespace {

// KerasTuner's prob_to_index: the bucket of `u` among `n` equal buckets.
uint64_t UnitToIndex(double u, uint64_t n) {
  auto index = static_cast<uint64_t>(std::floor(u * static_cast<double>(n)));
  return std::min(index, n - 1);
}

double IndexToUnit(uint64_t index, uint64_t n) {
  return (static_cast<double>(index) + 0.5) / static_cast<double>(n);
}

// Continuous map from [0, 1] onto [lo, hi] on the sampling scale.
double Scale(Sampling sampling, double lo, double hi, double u) {
  switch (sampling) {
    case Sampling::kLinear:
      return lo + u * (hi - lo);
    case Sampling::kLog:
      return lo * std::pow(hi / lo, u);
    case Sampling::kReverseLog:
      return hi + lo - lo * std::pow(hi / lo, 1.0 - u);
  }
  return lo;
}

double Unscale(Sampling sampling, double lo, double hi, double x) {
  if (hi == lo) return 0.5;
  switch (sampling) {
    case Sampling::kLinear:
      return (x - lo) / (hi - lo);
    case Sampling::kLog:
      return std::log(x / lo) / std::log(hi / lo);
    case Sampling::kReverseLog:
      return 1.0 - std::log((hi + lo - x) / lo) / std::log(hi / lo);
  }
  return 0.5;
}

// Number of values on a stepped numeric range (KerasTuner's _get_n_values). Parameters that
// SearchSpace::Create rejects (a step <= 0, min above max) still get a defined count.
uint64_t SteppedCount(const HyperParameter& hp) {
  double step = *hp.step;
  double last = hp.sampling == Sampling::kLinear
                    ? std::floor((hp.max_value - hp.min_value) / step + 1e-9)
                    : std::floor(std::log(hp.max_value / hp.min_value) / std::log(step) + 1e-8);
  if (!(last >= 0)) return 1;
  if (last >= 9.0e18) return UINT64_MAX;
  return static_cast<uint64_t>(last) + 1;
}

double SteppedValue(const HyperParameter& hp, uint64_t index) {
  double step = *hp.step;
  double i = static_cast<double>(index);
  switch (hp.sampling) {
    case Sampling::kLinear:
      return hp.min_value + i * step;
    case Sampling::kLog:
      return hp.min_value * std::pow(step, i);
    case Sampling::kReverseLog:
      return hp.max_value + hp.min_value - hp.min_value * std::pow(step, i);
  }
  return hp.min_value;
}

Value Numeric(const HyperParameter& hp, double x) {
  if (hp.type == HpType::kInt) return Value(static_cast<int64_t>(std::llround(x)));
  return Value(x);
}

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// The index of `x` among the stepped values of `hp`, or nullopt when it is not one of them.
// Computed from the sampling formula, then confirmed against the neighbouring values.
std::optional<uint64_t> SteppedIndex(const HyperParameter& hp, double x) {
  double step = *hp.step;
  double guess = 0;
  switch (hp.sampling) {
    case Sampling::kLinear:
      guess = std::round((x - hp.min_value) / step);
      break;
    case Sampling::kLog:
      guess = std::round(std::log(x / hp.min_value) / std::log(step));
      break;
    case Sampling::kReverseLog:
      guess =
          std::round(std::log((hp.max_value + hp.min_value - x) / hp.min_value) / std::log(step));
      break;
  }
  uint64_t n = SteppedCount(hp);
  if (!(guess >= -1.0 && guess <= static_cast<double>(n))) return std::nullopt;
  auto center = static_cast<int64_t>(guess);
  for (int64_t k = std::max<int64_t>(center - 1, 0); k <= center + 1; ++k) {
    if (static_cast<uint64_t>(k) >= n) break;
    double candidate = SteppedValue(hp, static_cast<uint64_t>(k));
    bool equal = hp.type == HpType::kInt ? static_cast<double>(std::llround(candidate)) == x
                                         : NearlyEqual(candidate, x);
    if (equal) return static_cast<uint64_t>(k);
  }
  return std::nullopt;
}

// True when the stated default is not one of the stepped values (grid search adds it).
bool DefaultOffStep(const HyperParameter& hp) {
  if (!hp.step.has_value() || !hp.default_value.has_value()) return false;
  std::optional<double> x = ValueAsDouble(*hp.default_value);
  return x.has_value() && !SteppedIndex(hp, *x).has_value();
}

}  // namespace

std::string_view HpTypeName(HpType type) {
  switch (type) {
    case HpType::kInt:
      return "Int";
    case HpType::kFloat:
      return "Float";
    case HpType::kChoice:
      return "Choice";
    case HpType::kBoolean:
      return "Boolean";
    case HpType::kFixed:
      return "Fixed";
  }
  return "Fixed";
}

std::string_view SamplingName(Sampling sampling) {
  switch (sampling) {
    case Sampling::kLinear:
      return "linear";
    case Sampling::kLog:
      return "log";
    case Sampling::kReverseLog:
      return "reverse_log";
  }
  return "linear";
}

bool Condition::IsSatisfiedBy(const Values& active_values) const {
  const Value* value = active_values.Find(parent);
  if (value == nullptr) return false;
  return std::any_of(values.begin(), values.end(),
                     [&](const Value& v) { return ValuesEqual(v, *value); });
}

Value HyperParameter::Default() const {
  if (default_value.has_value()) return *default_value;
  switch (type) {
    case HpType::kInt:
    case HpType::kFloat:
      return Numeric(*this, min_value);
    case HpType::kChoice:
      return choices.front();
    case HpType::kBoolean:
      return Value(false);
    case HpType::kFixed:
      return fixed_value;
  }
  return fixed_value;
}

std::optional<uint64_t> HyperParameter::Cardinality() const {
  switch (type) {
    case HpType::kInt:
    case HpType::kFloat:
      if (step.has_value()) {
        uint64_t n = SteppedCount(*this);
        return DefaultOffStep(*this) && n < UINT64_MAX ? n + 1 : n;
      }
      if (type == HpType::kFloat) return std::nullopt;
      return static_cast<uint64_t>(std::max(max_value - min_value, 0.0)) + 1;
    case HpType::kChoice:
      return choices.size();
    case HpType::kBoolean:
      return 2;
    case HpType::kFixed:
      return 1;
  }
  return 1;
}

std::vector<Value> HyperParameter::GridValues() const {
  std::vector<Value> all;
  switch (type) {
    case HpType::kInt:
    case HpType::kFloat:
      if (step.has_value()) {
        uint64_t n = SteppedCount(*this);
        for (uint64_t i = 0; i < n; ++i) all.push_back(Numeric(*this, SteppedValue(*this, i)));
      } else if (type == HpType::kInt && sampling == Sampling::kLinear) {
        for (double x = min_value; x <= max_value; x += 1) all.push_back(Numeric(*this, x));
      } else {
        for (int i = 0; i < 10; ++i) {
          Value v = FromUnit(i * 0.1 + 0.05);
          bool seen = std::any_of(all.begin(), all.end(),
                                  [&](const Value& x) { return ValuesEqual(x, v); });
          if (!seen) all.push_back(v);
        }
      }
      break;
    case HpType::kChoice:
      all = choices;
      break;
    case HpType::kBoolean:
      all = {Value(false), Value(true)};
      break;
    case HpType::kFixed:
      all = {fixed_value};
      break;
  }
  Value first = Default();
  std::vector<Value> out = {first};
  for (Value& v : all) {
    if (!ValuesEqual(v, first)) out.push_back(std::move(v));
  }
  return out;
}

Value HyperParameter::FromUnit(double u) const {
  u = std::isnan(u) ? 0.0 : std::clamp(u, 0.0, 1.0);
  switch (type) {
    case HpType::kInt:
      if (step.has_value()) {
        return Numeric(*this, SteppedValue(*this, UnitToIndex(u, SteppedCount(*this))));
      }
      // Sample on [min, max + 1) so that max_value is as likely as any other value. Rounding
      // in the log scales can land just outside the range (reverse_log at u = 0), so clamp.
      return Value(static_cast<int64_t>(std::clamp(
          std::floor(Scale(sampling, min_value, max_value + 1, u)), min_value, max_value)));
    case HpType::kFloat:
      if (step.has_value()) {
        return Numeric(*this, SteppedValue(*this, UnitToIndex(u, SteppedCount(*this))));
      }
      return Value(std::clamp(Scale(sampling, min_value, max_value, u), min_value, max_value));
    case HpType::kChoice:
      return choices[UnitToIndex(u, choices.size())];
    case HpType::kBoolean:
      return Value(u >= 0.5);
    case HpType::kFixed:
      return fixed_value;
  }
  return fixed_value;
}

double HyperParameter::ToUnit(const Value& value) const {
  switch (type) {
    case HpType::kInt:
    case HpType::kFloat: {
      double x = ValueAsDouble(value).value_or(min_value);
      if (step.has_value()) {
        uint64_t n = SteppedCount(*this);
        double index = 0;
        if (sampling == Sampling::kLinear) {
          index = std::floor((x - min_value) / *step + 1e-9);
        } else if (sampling == Sampling::kLog) {
          index = std::round(std::log(x / min_value) / std::log(*step));
        } else {
          index = std::round(std::log((max_value - x + min_value) / min_value) / std::log(*step));
        }
        if (!(index >= 0)) index = 0;  // Also a value outside the range (NaN from the log).
        return IndexToUnit(static_cast<uint64_t>(std::min(index, double(n - 1))), n);
      }
      if (type == HpType::kInt) return Unscale(sampling, min_value, max_value + 1, x + 0.5);
      return Unscale(sampling, min_value, max_value, x);
    }
    case HpType::kChoice:
      for (size_t i = 0; i < choices.size(); ++i) {
        if (ValuesEqual(choices[i], value)) return IndexToUnit(i, choices.size());
      }
      return 0.5;
    case HpType::kBoolean:
      return std::get_if<bool>(&value) != nullptr && std::get<bool>(value) ? 0.75 : 0.25;
    case HpType::kFixed:
      return 0.5;
  }
  return 0.5;
}

bool HyperParameter::Contains(const Value& value) const {
  switch (type) {
    case HpType::kInt: {
      const int64_t* i = std::get_if<int64_t>(&value);
      if (i == nullptr) return false;
      double x = static_cast<double>(*i);
      if (x < min_value || x > max_value) return false;
      if (!step.has_value()) return true;
      if (default_value.has_value() && ValuesEqual(*default_value, value)) return true;
      return SteppedIndex(*this, x).has_value();
    }
    case HpType::kFloat: {
      if (std::holds_alternative<std::string>(value) || std::holds_alternative<bool>(value)) {
        return false;
      }
      double x = *ValueAsDouble(value);
      if (std::isnan(x)) return false;
      if ((x < min_value && !NearlyEqual(x, min_value)) ||
          (x > max_value && !NearlyEqual(x, max_value))) {
        return false;
      }
      if (!step.has_value()) return true;
      std::optional<double> stated =
          default_value.has_value() ? ValueAsDouble(*default_value) : std::nullopt;
      if (stated.has_value() && NearlyEqual(*stated, x)) return true;
      return SteppedIndex(*this, x).has_value();
    }
    case HpType::kChoice:
      return std::any_of(choices.begin(), choices.end(),
                         [&](const Value& v) { return ValuesEqual(v, value); });
    case HpType::kBoolean:
      return std::holds_alternative<bool>(value);
    case HpType::kFixed:
      return ValuesEqual(fixed_value, value);
  }
  return false;
}

bool HyperParameter::IsOrdinal() const {
  return type == HpType::kInt || type == HpType::kFloat || (type == HpType::kChoice && ordered);
}

}  // namespace kubetune::search
