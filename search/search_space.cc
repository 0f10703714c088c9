#include "search/search_space.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_set>

namespace kubetune::search {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

// Collects the problems of one document; each line names where it is.
class Problems {
 public:
  void Add(std::string where, std::string what) { lines_.push_back(where + ": " + what); }
  bool empty() const { return lines_.empty(); }
  size_t size() const { return lines_.size(); }
  Status ToStatus() const {
    std::string message;
    for (const std::string& line : lines_) {
      if (!message.empty()) message += '\n';
      message += line;
    }
    return InvalidArgumentError(message);
  }

 private:
  std::vector<std::string> lines_;
};

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// A bound, step or default as the message should show it: an Int's without a ".0".
std::string NumberText(double x, bool integer = false) {
  return integer ? ValueToString(Value(static_cast<int64_t>(x))) : ValueToString(Value(x));
}

std::optional<Sampling> ParseSampling(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (name == "linear") return Sampling::kLinear;
  if (name == "log") return Sampling::kLog;
  if (name == "reverse_log") return Sampling::kReverseLog;
  return std::nullopt;
}

const std::vector<std::string>& AllowedKeys(HpType type) {
  static const std::vector<std::string> kNumeric = {
      "name", "default", "conditions", "min_value", "max_value", "step", "sampling"};
  static const std::vector<std::string> kChoice = {"name", "default", "conditions", "values",
                                                   "ordered"};
  static const std::vector<std::string> kBoolean = {"name", "default", "conditions"};
  static const std::vector<std::string> kFixed = {"name", "conditions", "value"};
  switch (type) {
    case HpType::kInt:
    case HpType::kFloat:
      return kNumeric;
    case HpType::kChoice:
      return kChoice;
    case HpType::kBoolean:
      return kBoolean;
    case HpType::kFixed:
      return kFixed;
  }
  return kFixed;
}

std::vector<std::string> RequiredKeys(HpType type) {
  switch (type) {
    case HpType::kInt:
    case HpType::kFloat:
      return {"name", "min_value", "max_value"};
    case HpType::kChoice:
      return {"name", "values"};
    case HpType::kBoolean:
      return {"name"};
    case HpType::kFixed:
      return {"name", "value"};
  }
  return {"name"};
}

std::optional<HpType> ParseHpType(const std::string& name) {
  for (HpType t :
       {HpType::kInt, HpType::kFloat, HpType::kChoice, HpType::kBoolean, HpType::kFixed}) {
    if (HpTypeName(t) == name) return t;
  }
  return std::nullopt;
}

// Reads a JSON number that must be finite; integral when `integer` is set.
std::optional<double> ReadNumber(const Json& json, bool integer, const std::string& where,
                                 const std::string& key, Problems& problems) {
  if (!json.is_number()) {
    problems.Add(where, key + " must be a number, got " + json.dump());
    return std::nullopt;
  }
  double x = json.get<double>();
  if (!std::isfinite(x)) {
    problems.Add(where, key + " must be finite");
    return std::nullopt;
  }
  if (integer && (x != std::floor(x) || std::fabs(x) > kMaxExactInteger)) {
    problems.Add(where, key + " must be an integer, got " + json.dump());
    return std::nullopt;
  }
  return x;
}

// KerasTuner standardises a list of values on the type of its first element; a Choice must not
// mix types. Booleans in a Choice become integers, as KerasTuner writes them.
std::optional<std::vector<Value>> ReadValueList(const Json& json, bool bools_as_ints,
                                                const std::string& where, const std::string& key,
                                                Problems& problems) {
  if (!json.is_array() || json.empty()) {
    problems.Add(where, key + " must be a non-empty list");
    return std::nullopt;
  }
  std::vector<Value> out;
  std::optional<size_t> kind;
  for (const Json& item : json) {
    StatusOr<Value> value = ValueFromJson(item);
    if (!value.ok()) {
      problems.Add(where, key + ": " + value.status().message());
      return std::nullopt;
    }
    if (kind.has_value() && *kind != value->index()) {
      problems.Add(where, key + " mixes types: " + json.dump());
      return std::nullopt;
    }
    kind = value->index();
    if (bools_as_ints && std::holds_alternative<bool>(*value)) {
      *value = Value(int64_t{std::get<bool>(*value)});
    }
    out.push_back(std::move(value).value());
  }
  return out;
}

std::vector<Condition> ReadConditions(const Json& json, const std::string& where,
                                      Problems& problems) {
  std::vector<Condition> out;
  if (json.is_null()) return out;
  if (!json.is_array()) {
    problems.Add(where, "conditions must be a list");
    return out;
  }
  for (const Json& item : json) {
    if (!item.is_object() || item.value("class_name", Json()) != "Parent" ||
        !item.contains("config") || !item["config"].is_object()) {
      problems.Add(where,
                   "a condition must be {\"class_name\": \"Parent\", \"config\": {...}}, got " +
                       item.dump());
      continue;
    }
    const Json& config = item["config"];
    if (!config.contains("name") || !config["name"].is_string()) {
      problems.Add(where, "a condition has no parent name");
      continue;
    }
    for (const auto& [key, unused] : config.items()) {
      if (key != "name" && key != "values") {
        problems.Add(where, "unknown condition key " + Quote(key));
      }
    }
    Condition condition;
    condition.parent = config["name"].get<std::string>();
    std::optional<std::vector<Value>> values =
        ReadValueList(config.value("values", Json()), false, where,
                      "condition on " + Quote(condition.parent) + " values", problems);
    if (!values.has_value()) continue;
    condition.values = std::move(*values);
    out.push_back(std::move(condition));
  }
  return out;
}

void ReadNumeric(const Json& config, HyperParameter& hp, const std::string& where,
                 Problems& problems) {
  bool integer = hp.type == HpType::kInt;
  std::optional<double> lo = ReadNumber(config["min_value"], integer, where, "min_value", problems);
  std::optional<double> hi = ReadNumber(config["max_value"], integer, where, "max_value", problems);
  if (!lo.has_value() || !hi.has_value()) return;
  hp.min_value = *lo;
  hp.max_value = *hi;

  Json sampling = config.value("sampling", Json());
  if (!sampling.is_null()) {
    std::optional<Sampling> parsed =
        sampling.is_string() ? ParseSampling(sampling.get<std::string>()) : std::nullopt;
    if (!parsed.has_value()) {
      problems.Add(where,
                   "sampling must be one of linear, log, reverse_log; got " + sampling.dump());
      return;
    }
    hp.sampling = *parsed;
  }

  Json step = config.value("step", Json());
  if (!step.is_null()) {
    std::optional<double> s = ReadNumber(step, integer, where, "step", problems);
    if (!s.has_value()) return;
    hp.step = *s;
    hp.step_is_integer = step.is_number_integer() && std::fabs(*s) <= kMaxExactInteger;
  } else if (integer && hp.sampling == Sampling::kLinear) {
    hp.step = 1;  // KerasTuner's Int with linear sampling always has a step.
  }

  if (hp.min_value > hp.max_value) {
    problems.Add(where, "min_value " + NumberText(hp.min_value, integer) +
                            " is greater than max_value " + NumberText(hp.max_value, integer));
  }
  bool logarithmic = hp.sampling != Sampling::kLinear;
  if (logarithmic && hp.min_value <= 0) {
    problems.Add(where, std::string(SamplingName(hp.sampling)) +
                            " sampling needs min_value > 0, got " +
                            NumberText(hp.min_value, integer));
  }
  if (hp.step.has_value()) {
    if (!logarithmic && *hp.step <= 0) {
      problems.Add(where, "step must be > 0, got " + NumberText(*hp.step, integer));
    } else if (logarithmic && *hp.step <= 1) {
      problems.Add(where, "step must be > 1 with " + std::string(SamplingName(hp.sampling)) +
                              " sampling (it is a factor), got " + NumberText(*hp.step, integer));
    }
  }

  Json def = config.value("default", Json());
  if (!def.is_null()) {
    std::optional<double> d = ReadNumber(def, integer, where, "default", problems);
    if (!d.has_value()) return;
    if (*d < hp.min_value || *d > hp.max_value) {
      problems.Add(where, "default " + NumberText(*d, integer) + " is outside [" +
                              NumberText(hp.min_value, integer) + ", " +
                              NumberText(hp.max_value, integer) + "]");
    }
    // KerasTuner keeps a Float's default as given: an int default stays an int, in the config
    // and in the values it hands out.
    bool int_default = integer || (def.is_number_integer() && std::fabs(*d) <= kMaxExactInteger);
    hp.default_value = int_default ? Value(static_cast<int64_t>(*d)) : Value(*d);
  } else if (!integer) {
    hp.default_value = Value(hp.min_value);  // KerasTuner writes a Float's default filled in.
  }
}

void ReadChoice(const Json& config, HyperParameter& hp, const std::string& where,
                Problems& problems) {
  std::optional<std::vector<Value>> choices =
      ReadValueList(config["values"], true, where, "values", problems);
  if (!choices.has_value()) {
    if (config["values"].is_array() && config["values"].empty()) {
      // ReadValueList said the list is empty; nothing else to check.
    }
    return;
  }
  hp.choices = std::move(*choices);
  for (size_t i = 0; i < hp.choices.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (ValuesEqual(hp.choices[i], hp.choices[j])) {
        problems.Add(where, "values lists " + ValueToString(hp.choices[i]) + " twice");
      }
    }
  }
  bool numeric = !std::holds_alternative<std::string>(hp.choices.front());
  Json ordered = config.value("ordered", Json());
  if (ordered.is_null()) {
    hp.ordered = numeric;
  } else if (!ordered.is_boolean()) {
    problems.Add(where, "ordered must be true or false, got " + ordered.dump());
  } else {
    hp.ordered = ordered.get<bool>();
    if (hp.ordered && !numeric) problems.Add(where, "ordered must be false for string values");
  }

  Json def = config.value("default", Json());
  if (def.is_null()) {
    hp.default_value = hp.choices.front();
    return;
  }
  StatusOr<Value> value = ValueFromJson(def);
  if (!value.ok()) {
    problems.Add(where, "default: " + value.status().message());
    return;
  }
  auto match = std::find_if(hp.choices.begin(), hp.choices.end(),
                            [&](const Value& v) { return ValuesEqual(v, *value); });
  if (match == hp.choices.end() ||
      std::holds_alternative<std::string>(*value) != std::holds_alternative<std::string>(*match)) {
    problems.Add(where,
                 "default " + def.dump() + " is not one of values " + config["values"].dump());
    return;
  }
  // KerasTuner standardises a default on the type of str and int values only; with float values
  // it keeps the default as given (Choice("rate", [0.0, 0.5], default=0) writes 0 back).
  hp.default_value = std::holds_alternative<double>(*match) ? *value : *match;
}

std::optional<HyperParameter> ReadParameter(const Json& entry, size_t index, Problems& problems) {
  std::string where = "space[" + std::to_string(index) + "]";
  if (!entry.is_object()) {
    problems.Add(where, "must be an object, got " + entry.dump());
    return std::nullopt;
  }
  for (const auto& [key, unused] : entry.items()) {
    if (key != "class_name" && key != "config") problems.Add(where, "unknown key " + Quote(key));
  }
  if (!entry.contains("class_name") || !entry["class_name"].is_string()) {
    problems.Add(where, "missing key 'class_name'");
    return std::nullopt;
  }
  std::string class_name = entry["class_name"].get<std::string>();
  const Json& config = entry.contains("config") ? entry["config"] : Json();
  if (!config.is_object()) {
    problems.Add(where, "missing key 'config' (an object)");
    return std::nullopt;
  }
  if (config.contains("name") && config["name"].is_string() &&
      !config["name"].get<std::string>().empty()) {
    where = Quote(config["name"].get<std::string>());
  }
  std::optional<HpType> type = ParseHpType(class_name);
  if (!type.has_value()) {
    problems.Add(where, "unknown class_name " + Quote(class_name) +
                            " (expected Int, Float, Choice, Boolean or Fixed)");
    return std::nullopt;
  }

  size_t before = 0;
  for (const std::string& key : RequiredKeys(*type)) {
    if (!config.contains(key)) {
      problems.Add(where, "missing key " + Quote(key) + " for " + class_name);
      ++before;
    }
  }
  const std::vector<std::string>& allowed = AllowedKeys(*type);
  for (const auto& [key, unused] : config.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      problems.Add(where, "unknown key " + Quote(key) + " for " + class_name);
    }
  }
  if (before > 0) return std::nullopt;
  if (!config["name"].is_string() || config["name"].get<std::string>().empty()) {
    problems.Add(where, "name must be a non-empty string");
    return std::nullopt;
  }

  HyperParameter hp;
  hp.type = *type;
  hp.name = config["name"].get<std::string>();
  hp.conditions = ReadConditions(config.value("conditions", Json()), where, problems);
  switch (hp.type) {
    case HpType::kInt:
    case HpType::kFloat:
      ReadNumeric(config, hp, where, problems);
      break;
    case HpType::kChoice:
      ReadChoice(config, hp, where, problems);
      break;
    case HpType::kBoolean: {
      Json def = config.value("default", Json());
      if (def.is_null()) {
        hp.default_value = Value(false);
      } else if (!def.is_boolean()) {
        problems.Add(where, "default must be true or false, got " + def.dump());
      } else {
        hp.default_value = Value(def.get<bool>());
      }
      break;
    }
    case HpType::kFixed: {
      StatusOr<Value> value = ValueFromJson(config["value"]);
      if (!value.ok()) {
        problems.Add(where, "value: " + value.status().message());
      } else {
        hp.fixed_value = std::move(value).value();
      }
      break;
    }
  }
  return hp;
}

// Whether the parent can take a value equal to `v` by Python equality (True matches 1, 2.0
// matches the Int 2). Constant time, whatever the parent's number of values.
bool TakesValue(const HyperParameter& parent, const Value& v) {
  if (parent.Contains(v)) return true;
  if (std::holds_alternative<std::string>(v)) return false;
  double x = *ValueAsDouble(v);
  switch (parent.type) {
    case HpType::kInt:
      return x == std::floor(x) && std::fabs(x) <= kMaxExactInteger &&
             parent.Contains(Value(static_cast<int64_t>(x)));
    case HpType::kFloat:
      return parent.Contains(Value(x));
    case HpType::kBoolean:
      return x == 0 || x == 1;
    case HpType::kChoice:
    case HpType::kFixed:
      return false;  // Contains already compares with Python equality.
  }
  return false;
}

// Checks one parameter on its own: what the search relies on (a usable range, step and
// default, a non-empty Choice). The JSON reader reports the same problems in its own words;
// this guards spaces built in code.
void CheckParameter(const HyperParameter& hp, Problems& problems) {
  std::string where = Quote(hp.name);
  if (hp.name.empty()) problems.Add("a parameter", "name must be a non-empty string");
  switch (hp.type) {
    case HpType::kInt:
    case HpType::kFloat: {
      bool integer = hp.type == HpType::kInt;
      bool logarithmic = hp.sampling != Sampling::kLinear;
      if (!std::isfinite(hp.min_value) || !std::isfinite(hp.max_value)) {
        problems.Add(where, "min_value and max_value must be finite");
        return;
      }
      if (integer &&
          (hp.min_value != std::floor(hp.min_value) || hp.max_value != std::floor(hp.max_value) ||
           std::fabs(hp.min_value) > kMaxExactInteger ||
           std::fabs(hp.max_value) > kMaxExactInteger)) {
        problems.Add(where, "min_value and max_value must be integers");
      }
      if (hp.min_value > hp.max_value) {
        problems.Add(where, "min_value " + NumberText(hp.min_value, integer) +
                                " is greater than max_value " + NumberText(hp.max_value, integer));
      }
      if (logarithmic && hp.min_value <= 0) {
        problems.Add(where, std::string(SamplingName(hp.sampling)) +
                                " sampling needs min_value > 0, got " +
                                NumberText(hp.min_value, integer));
      }
      if (hp.step.has_value()) {
        double step = *hp.step;
        if (!std::isfinite(step) || (integer && step != std::floor(step))) {
          problems.Add(where,
                       "step must be a finite " + std::string(integer ? "integer" : "number"));
        } else if (!logarithmic && step <= 0) {
          problems.Add(where, "step must be > 0, got " + NumberText(step, integer));
        } else if (logarithmic && step <= 1) {
          problems.Add(where, "step must be > 1 with " + std::string(SamplingName(hp.sampling)) +
                                  " sampling (it is a factor), got " + NumberText(step, integer));
        }
      }
      if (hp.default_value.has_value()) {
        const Value& d = *hp.default_value;
        bool typed = integer
                         ? std::holds_alternative<int64_t>(d)
                         : std::holds_alternative<int64_t>(d) || std::holds_alternative<double>(d);
        std::optional<double> x = ValueAsDouble(d);
        if (!typed || !(*x >= hp.min_value && *x <= hp.max_value)) {
          problems.Add(where, "default " + ValueToString(d) + " is not a number in [" +
                                  NumberText(hp.min_value, integer) + ", " +
                                  NumberText(hp.max_value, integer) + "]");
        }
      }
      return;
    }
    case HpType::kChoice:
      if (hp.choices.empty()) {
        problems.Add(where, "values must be a non-empty list");
      } else if (hp.default_value.has_value() && !hp.Contains(*hp.default_value)) {
        problems.Add(where,
                     "default " + ValueToString(*hp.default_value) + " is not one of values");
      }
      return;
    case HpType::kBoolean:
      if (hp.default_value.has_value() && !std::holds_alternative<bool>(*hp.default_value)) {
        problems.Add(where,
                     "default must be true or false, got " + ValueToString(*hp.default_value));
      }
      return;
    case HpType::kFixed:
      return;
  }
}

// Checks names and conditions across the space. Condition values are not checked against a
// parent listed in `broken` (one with problems of its own, already reported).
void CheckStructure(const std::vector<HyperParameter>& parameters,
                    const std::set<std::string>& broken, Problems& problems) {
  std::set<std::string> declared;
  for (const HyperParameter& hp : parameters) {
    std::string where = Quote(hp.name);
    for (const Condition& condition : hp.conditions) {
      if (condition.parent == hp.name) {
        problems.Add(where, "is conditioned on itself");
        continue;
      }
      if (declared.count(condition.parent) == 0) {
        bool later =
            std::any_of(parameters.begin(), parameters.end(),
                        [&](const HyperParameter& p) { return p.name == condition.parent; });
        problems.Add(where,
                     later ? "parent " + Quote(condition.parent) + " must be declared before it"
                           : "unknown parent " + Quote(condition.parent));
        continue;
      }
      if (broken.count(condition.parent) != 0) continue;
      const HyperParameter& parent =
          *std::find_if(parameters.begin(), parameters.end(),
                        [&](const HyperParameter& p) { return p.name == condition.parent; });
      for (const Value& v : condition.values) {
        if (!TakesValue(parent, v)) {
          problems.Add(where, "condition value " + ValueToString(v) + " is not a value of parent " +
                                  Quote(condition.parent));
        }
      }
    }
    if (!declared.insert(hp.name).second) problems.Add(where, "duplicate name");
  }
}

// Saturating arithmetic for counting configurations: results stop at `limit`.
uint64_t SaturatingAdd(uint64_t a, uint64_t b, uint64_t limit) {
  return a >= limit || b >= limit - a ? limit : a + b;
}
uint64_t SaturatingMul(uint64_t a, uint64_t b, uint64_t limit) {
  if (a == 0 || b == 0) return 0;
  return a > limit / b ? limit : std::min(limit, a * b);
}

}  // namespace

Values WithoutTunerScope(const Values& values) {
  Values out;
  for (const auto& [name, value] : values) {
    if (!InTunerScope(name)) out.Set(name, value);
  }
  return out;
}

StatusOr<SearchSpace> SearchSpace::Create(std::vector<HyperParameter> parameters) {
  Problems problems;
  std::set<std::string> broken;
  for (const HyperParameter& hp : parameters) {
    size_t before = problems.size();
    CheckParameter(hp, problems);
    if (problems.size() != before) broken.insert(hp.name);
  }
  CheckStructure(parameters, broken, problems);
  if (!problems.empty()) return problems.ToStatus();
  return SearchSpace(std::move(parameters));
}

const HyperParameter* SearchSpace::Find(std::string_view name) const {
  for (const HyperParameter& hp : parameters_) {
    if (hp.name == name) return &hp;
  }
  return nullptr;
}

bool SearchSpace::IsActive(const HyperParameter& hp, const Values& values) const {
  return std::all_of(hp.conditions.begin(), hp.conditions.end(),
                     [&](const Condition& c) { return c.IsSatisfiedBy(values); });
}

Values SearchSpace::Complete(const Values& values) const {
  // Parents precede children, so one pass in declaration order settles activity.
  Values out;
  for (const HyperParameter& hp : parameters_) {
    if (!IsActive(hp, out)) continue;
    const Value* given = values.Find(hp.name);
    out.Set(hp.name, given != nullptr ? *given : hp.Default());
  }
  for (const auto& [name, value] : values) {
    if (InTunerScope(name) && Find(name) == nullptr) out.Set(name, value);
  }
  return out;
}

Status SearchSpace::CheckValues(const Values& values) const {
  Problems problems;
  for (const auto& [name, value] : values) {
    const HyperParameter* hp = Find(name);
    if (hp == nullptr) {
      if (InTunerScope(name)) continue;
      problems.Add("values." + name, "not a parameter of the space");
    } else if (!hp->Contains(value)) {
      problems.Add("values." + name, ValueToString(value) + " is not a legal " +
                                         std::string(HpTypeName(hp->type)) + " value");
    }
  }
  Values active = Complete(values);
  for (const auto& [name, value] : values) {
    if (Find(name) != nullptr && !active.Contains(name)) {
      problems.Add("values." + name, "is set but its conditions do not hold");
    }
  }
  for (const auto& [name, value] : active) {
    if (!values.Contains(name)) {
      problems.Add("values." + name, "is missing (the parameter is active)");
    }
  }
  return problems.empty() ? OkStatus() : problems.ToStatus();
}

std::optional<uint64_t> SearchSpace::Cardinality(uint64_t cap) const {
  for (const HyperParameter& hp : parameters_) {
    if (!hp.Cardinality().has_value()) return std::nullopt;
  }
  // Counts saturate at `limit`, one past the cap.
  const uint64_t limit = cap == UINT64_MAX ? cap : cap + 1;
  // The condition values that name each parent, each once (by Python equality) and each one the
  // parent can take.
  std::map<std::string, std::vector<Value>> named;
  for (const HyperParameter& hp : parameters_) {
    for (const Condition& condition : hp.conditions) {
      const HyperParameter* parent = Find(condition.parent);
      std::vector<Value>& list = named[condition.parent];
      for (const Value& v : condition.values) {
        bool seen = std::any_of(list.begin(), list.end(),
                                [&](const Value& x) { return ValuesEqual(x, v); });
        if (!seen && parent != nullptr && TakesValue(*parent, v)) list.push_back(v);
      }
    }
  }
  // Walks the parameters in order. A parameter no condition names multiplies the count of the
  // rest. A parent branches once per condition value that names it, and once more for all its
  // other values together: those satisfy no condition on it, exactly as if it were absent.
  Values current;
  std::function<uint64_t(size_t)> count = [&](size_t index) -> uint64_t {
    if (index == parameters_.size()) return 1;
    const HyperParameter& hp = parameters_[index];
    if (!IsActive(hp, current)) return count(index + 1);
    uint64_t n = *hp.Cardinality();
    auto it = named.find(hp.name);
    if (it == named.end()) return SaturatingMul(n, count(index + 1), limit);
    uint64_t total = 0;
    for (const Value& v : it->second) {
      current.Set(hp.name, v);
      total = SaturatingAdd(total, count(index + 1), limit);
    }
    current.Erase(hp.name);
    uint64_t others = n - std::min<uint64_t>(n, it->second.size());
    if (others > 0) {
      total = SaturatingAdd(total, SaturatingMul(others, count(index + 1), limit), limit);
    }
    return total;
  };
  uint64_t total = count(0);
  if (total > cap) return std::nullopt;
  return total;
}

std::string SearchSpace::Fingerprint(const Values& values) const {
  Values active = Complete(values);
  std::string out;
  // Parameters in declaration order, then tuner/ entries in name order: their order in
  // `values` depends on who wrote them.
  std::vector<std::pair<std::string_view, const Value*>> tuner;
  auto append = [&out](std::string_view name, const Value& value) {
    out += name;
    out += '=';
    // Numbers print as doubles so that 1 and 1.0 (equal in Python) share a fingerprint.
    std::optional<double> number = ValueAsDouble(value);
    out += number.has_value() ? PythonFloatRepr(*number) : "s:" + std::get<std::string>(value);
    out += '\x1f';
  };
  for (const auto& [name, value] : active) {
    if (InTunerScope(name) && Find(name) == nullptr) {
      tuner.emplace_back(name, &value);
    } else {
      append(name, value);
    }
  }
  std::sort(tuner.begin(), tuner.end());
  for (const auto& [name, value] : tuner) append(name, *value);
  return out;
}

StatusOr<HyperParametersConfig> ParseHyperParametersConfig(const Json& config) {
  Problems problems;
  if (!config.is_object()) return InvalidArgumentError("config must be a JSON object");
  for (const auto& [key, unused] : config.items()) {
    if (key != "space" && key != "values") problems.Add("config", "unknown key " + Quote(key));
  }
  if (!config.contains("space") || !config["space"].is_array()) {
    problems.Add("config", "missing key 'space' (a list of hyperparameters)");
    return problems.ToStatus();
  }
  std::vector<HyperParameter> parameters;
  std::set<std::string> broken;
  for (size_t i = 0; i < config["space"].size(); ++i) {
    size_t before = problems.size();
    std::optional<HyperParameter> hp = ReadParameter(config["space"][i], i, problems);
    if (!hp.has_value()) continue;
    if (problems.size() != before) broken.insert(hp->name);
    parameters.push_back(std::move(*hp));
  }
  CheckStructure(parameters, broken, problems);

  Values values;
  if (config.contains("values")) {
    StatusOr<Values> parsed = Values::FromJson(config["values"]);
    if (!parsed.ok()) {
      problems.Add("config", parsed.status().message());
    } else {
      values = std::move(parsed).value();
    }
  }
  if (!problems.empty()) return problems.ToStatus();

  KT_ASSIGN_OR_RETURN(SearchSpace space, SearchSpace::Create(std::move(parameters)));
  // Inactive entries are tolerated (KerasTuner drops them on write); wrong ones are not.
  Problems value_problems;
  for (const auto& [name, value] : values) {
    const HyperParameter* hp = space.Find(name);
    if (hp == nullptr) {
      if (InTunerScope(name)) continue;
      value_problems.Add("values." + name, "not a parameter of the space");
    } else if (!hp->Contains(value)) {
      value_problems.Add("values." + name, ValueToString(value) + " is not a legal " +
                                               std::string(HpTypeName(hp->type)) + " value of " +
                                               Quote(name));
    }
  }
  if (!value_problems.empty()) return value_problems.ToStatus();
  return HyperParametersConfig{std::move(space), std::move(values)};
}

StatusOr<HyperParametersConfig> ParseHyperParametersConfig(std::string_view text) {
  KT_ASSIGN_OR_RETURN(Json json, ParseJson(text));
  return ParseHyperParametersConfig(json);
}

Json HyperParameterToConfig(const HyperParameter& hp) {
  Json config = Json::object();
  config["name"] = hp.name;
  if (hp.type != HpType::kFixed) {
    config["default"] = hp.default_value.has_value() ? ValueToJson(*hp.default_value) : Json();
  }
  Json conditions = Json::array();
  for (const Condition& condition : hp.conditions) {
    Json values = Json::array();
    for (const Value& v : condition.values) values.push_back(ValueToJson(v));
    conditions.push_back(Json{{"class_name", "Parent"},
                              {"config", Json{{"name", condition.parent}, {"values", values}}}});
  }
  config["conditions"] = conditions;
  switch (hp.type) {
    case HpType::kInt:
      config["min_value"] = static_cast<int64_t>(hp.min_value);
      config["max_value"] = static_cast<int64_t>(hp.max_value);
      config["step"] = hp.step.has_value() ? Json(static_cast<int64_t>(*hp.step)) : Json();
      config["sampling"] = SamplingName(hp.sampling);
      break;
    case HpType::kFloat:
      config["min_value"] = hp.min_value;
      config["max_value"] = hp.max_value;
      if (!hp.step.has_value()) {
        config["step"] = Json();
      } else if (hp.step_is_integer) {
        config["step"] = static_cast<int64_t>(*hp.step);
      } else {
        config["step"] = *hp.step;
      }
      config["sampling"] = SamplingName(hp.sampling);
      break;
    case HpType::kChoice: {
      Json values = Json::array();
      for (const Value& v : hp.choices) values.push_back(ValueToJson(v));
      config["values"] = values;
      config["ordered"] = hp.ordered;
      break;
    }
    case HpType::kBoolean:
      break;
    case HpType::kFixed:
      config["value"] = ValueToJson(hp.fixed_value);
      break;
  }
  return Json{{"class_name", HpTypeName(hp.type)}, {"config", config}};
}

Json HyperParametersToConfig(const SearchSpace& space, const Values& values) {
  Json entries = Json::array();
  for (const HyperParameter& hp : space.parameters()) entries.push_back(HyperParameterToConfig(hp));
  // Keep the caller's order, dropping what is inactive, as KerasTuner's get_config does.
  Values active = space.Complete(values);
  Json out_values = Json::object();
  for (const auto& [name, value] : values) {
    if (active.Contains(name)) out_values[name] = ValueToJson(value);
  }
  return Json{{"space", entries}, {"values", out_values}};
}

}  // namespace kubetune::search
