#include "search/value.h"

#include <algorithm>
#include <cmath>

namespace kubetune::search {

std::optional<double> ValueAsDouble(const Value& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? 1.0 : 0.0;
  if (const int64_t* i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
  if (const double* d = std::get_if<double>(&value)) return *d;
  return std::nullopt;
}

bool ValuesEqual(const Value& a, const Value& b) {
  const std::string* sa = std::get_if<std::string>(&a);
  const std::string* sb = std::get_if<std::string>(&b);
  if (sa != nullptr || sb != nullptr) return sa != nullptr && sb != nullptr && *sa == *sb;
  // Python compares numbers by their exact values: integers exactly, and an integer with a
  // float exactly too (2**53 + 1 != 2.0**53), not after rounding the integer to a double.
  auto as_int = [](const Value& v) {
    return std::holds_alternative<bool>(v) ? int64_t{std::get<bool>(v)} : std::get<int64_t>(v);
  };
  const double* da = std::get_if<double>(&a);
  const double* db = std::get_if<double>(&b);
  if (da != nullptr && db != nullptr) return *da == *db;
  if (da == nullptr && db == nullptr) return as_int(a) == as_int(b);
  double d = da != nullptr ? *da : *db;
  int64_t i = as_int(da != nullptr ? b : a);
  // Doubles in [-2^63, 2^63) convert to int64_t exactly when they are integral.
  if (!(d >= -0x1p63 && d < 0x1p63) || d != std::floor(d)) return false;
  return static_cast<int64_t>(d) == i;
}

Json ValueToJson(const Value& value) {
  return std::visit([](const auto& v) { return Json(v); }, value);
}

StatusOr<Value> ValueFromJson(const Json& json) {
  switch (json.type()) {
    case Json::value_t::boolean:
      return Value(json.get<bool>());
    case Json::value_t::number_integer:
      return Value(json.get<int64_t>());
    case Json::value_t::number_unsigned:
      if (json.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return InvalidArgumentError("integer " + json.dump() + " does not fit in 64 bits");
      }
      return Value(static_cast<int64_t>(json.get<uint64_t>()));
    case Json::value_t::number_float:
      return Value(json.get<double>());
    case Json::value_t::string:
      return Value(json.get<std::string>());
    default:
      return InvalidArgumentError("expected a bool, number or string, got " +
                                  std::string(json.type_name()));
  }
}

std::string ValueToString(const Value& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "True" : "False";
  if (const int64_t* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&value)) {
    std::string repr = PythonFloatRepr(*d);
    return repr == "NaN" ? "nan" : repr == "Infinity" ? "inf" : repr == "-Infinity" ? "-inf" : repr;
  }
  return std::get<std::string>(value);
}

void Values::Set(std::string_view name, Value value) {
  for (auto& [key, existing] : entries_) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::string(name), std::move(value));
}

const Value* Values::Find(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (key == name) return &value;
  }
  return nullptr;
}

void Values::Erase(std::string_view name) {
  std::erase_if(entries_, [&](const auto& entry) { return entry.first == name; });
}

Json Values::ToJson() const {
  Json out = Json::object();
  for (const auto& [key, value] : entries_) out[key] = ValueToJson(value);
  return out;
}

StatusOr<Values> Values::FromJson(const Json& json) {
  if (!json.is_object()) return InvalidArgumentError("values must be a JSON object");
  Values out;
  for (const auto& [key, item] : json.items()) {
    StatusOr<Value> value = ValueFromJson(item);
    if (!value.ok()) return value.status().WithContext("values." + key);
    out.Set(key, std::move(value).value());
  }
  return out;
}

bool operator==(const Values& a, const Values& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [key, value] : a) {
    const Value* other = b.Find(key);
    if (other == nullptr || !ValuesEqual(value, *other)) return false;
  }
  return true;
}

}  // namespace kubetune::search
