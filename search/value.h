// Hyperparameter values and value maps, with Python's equality rules.
//
// A KerasTuner value is a bool, an int, a float or a string. Comparisons follow Python, because
// KerasTuner's conditions do: 1 == 1.0 == True, and a string equals only a string.
#ifndef KUBETUNE_SEARCH_VALUE_H_
#define KUBETUNE_SEARCH_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/json_text.h"
#include "base/status.h"

namespace kubetune::search {

using Value = std::variant<bool, int64_t, double, std::string>;

// Python's == between two values.
bool ValuesEqual(const Value& a, const Value& b);

// The value as a JSON scalar (a float stays a float: 3.0 is written "3.0").
Json ValueToJson(const Value& value);

// Reads a JSON scalar; null, arrays and objects are kInvalidArgument.
StatusOr<Value> ValueFromJson(const Json& json);

// The value as Python's str() would print it ("0.001", "True", "relu").
std::string ValueToString(const Value& value);

// The value as a double, when it is numeric or a bool.
std::optional<double> ValueAsDouble(const Value& value);

// An insertion-ordered map from hyperparameter names to values (Python's dict order).
// Thread-compatible: concurrent const access is safe.
class Values {
 public:
  Values() = default;

  // Sets `name` to `value`; a new name goes last, an existing one keeps its place.
  void Set(std::string_view name, Value value);
  // The value of `name`, or nullptr.
  const Value* Find(std::string_view name) const;
  bool Contains(std::string_view name) const { return Find(name) != nullptr; }
  void Erase(std::string_view name);

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

  // {"name": value, ...} in order.
  Json ToJson() const;
  static StatusOr<Values> FromJson(const Json& json);

  // Python equality of the two dicts (order ignored).
  friend bool operator==(const Values& a, const Values& b);

 private:
  std::vector<std::pair<std::string, Value>> entries_;
};

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_VALUE_H_
