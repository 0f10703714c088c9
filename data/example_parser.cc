#include "data/example_parser.h"

#include <cstdint>
#include <utility>

namespace kubetune::data {
namespace {

std::string KindName(const tensorflow::Feature& feature) {
  switch (feature.kind_case()) {
    case tensorflow::Feature::kInt64List:
      return "int64";
    case tensorflow::Feature::kFloatList:
      return "float";
    case tensorflow::Feature::kBytesList:
      return "bytes";
    case tensorflow::Feature::KIND_NOT_SET:
      break;
  }
  return "no";
}

int ValueCount(const tensorflow::Feature& feature) {
  switch (feature.kind_case()) {
    case tensorflow::Feature::kInt64List:
      return feature.int64_list().value_size();
    case tensorflow::Feature::kFloatList:
      return feature.float_list().value_size();
    case tensorflow::Feature::kBytesList:
      return feature.bytes_list().value_size();
    case tensorflow::Feature::KIND_NOT_SET:
      break;
  }
  return 0;
}

}  // namespace

VocabularyBuilder::VocabularyBuilder(const ExampleSpec& spec) {
  for (const FeatureSpec& feature : spec.features) {
    if (feature.type == FeatureType::kBytes) values_[feature.name];
  }
  if (spec.label.type == FeatureType::kBytes) values_[spec.label.name];
}

void VocabularyBuilder::Add(const tensorflow::Example& example) {
  const auto& features = example.features().feature();
  for (auto& [name, values] : values_) {
    auto it = features.find(name);
    if (it == features.end() || !it->second.has_bytes_list()) continue;
    for (const std::string& value : it->second.bytes_list().value()) values.insert(value);
  }
}

Vocabularies VocabularyBuilder::Build() const {
  Vocabularies out;
  for (const auto& [name, values] : values_) out[name] = Vocabulary(values.begin(), values.end());
  return out;
}

ExampleParser::ExampleParser(ExampleSpec spec, Vocabularies vocabularies)
    : spec_(std::move(spec)), vocabularies_(std::move(vocabularies)) {
  for (const auto& [name, vocabulary] : vocabularies_) {
    auto& index = indexes_[name];
    for (size_t i = 0; i < vocabulary.size(); ++i) {
      index.emplace(vocabulary[i], static_cast<float>(i));
    }
  }
}

StatusOr<ExampleParser> ExampleParser::Create(ExampleSpec spec, Vocabularies vocabularies) {
  std::set<std::string> names;
  auto check = [&](const FeatureSpec& feature, bool is_label) -> Status {
    if (feature.name.empty()) {
      return InvalidArgumentError(is_label ? "the label has no name" : "a feature has no name");
    }
    if (!names.insert(feature.name).second) {
      return InvalidArgumentError("feature '" + feature.name + "' appears twice" +
                                  (is_label ? " (as a feature and as the label)" : ""));
    }
    if (feature.type == FeatureType::kBytes && !vocabularies.contains(feature.name)) {
      return InvalidArgumentError(std::string(is_label ? "label" : "feature") + " '" +
                                  feature.name + "' holds bytes but has no vocabulary");
    }
    return OkStatus();
  };
  for (const FeatureSpec& feature : spec.features) KT_RETURN_IF_ERROR(check(feature, false));
  KT_RETURN_IF_ERROR(check(spec.label, true));
  for (const auto& [name, vocabulary] : vocabularies) {
    for (size_t i = 1; i < vocabulary.size(); ++i) {
      if (!(vocabulary[i - 1] < vocabulary[i])) {
        return InvalidArgumentError("the vocabulary of '" + name +
                                    "' is not sorted without repeats at entry " +
                                    std::to_string(i));
      }
    }
  }
  return ExampleParser(std::move(spec), std::move(vocabularies));
}

DenseBatch ExampleParser::NewBatch() const {
  DenseBatch batch;
  batch.cols = static_cast<int>(spec_.features.size());
  for (const FeatureSpec& feature : spec_.features) batch.feature_names.push_back(feature.name);
  return batch;
}

StatusOr<float> ExampleParser::ColumnValue(const tensorflow::Example& example,
                                           const FeatureSpec& spec, bool is_label,
                                           std::string_view record) const {
  std::string what =
      std::string(record) + ": " + (is_label ? "label '" : "feature '") + spec.name + "'";
  const auto& features = example.features().feature();
  auto it = features.find(spec.name);
  if (it == features.end() || ValueCount(it->second) == 0) {
    if (!is_label && spec.default_value.has_value()) return *spec.default_value;
    return InvalidArgumentError(what + " is missing" +
                                (is_label ? "" : " and has no default value"));
  }
  const tensorflow::Feature& feature = it->second;
  std::optional<FeatureType> actual;
  if (feature.has_int64_list()) actual = FeatureType::kInt64;
  if (feature.has_float_list()) actual = FeatureType::kFloat;
  if (feature.has_bytes_list()) actual = FeatureType::kBytes;
  if (actual != spec.type) {
    return InvalidArgumentError(what + " holds " + KindName(feature) + " values, expected " +
                                std::string(FeatureTypeName(spec.type)));
  }
  int count = ValueCount(feature);
  if (count != 1) {
    return InvalidArgumentError(what + " has " + std::to_string(count) +
                                " values; a dense column takes one");
  }
  switch (spec.type) {
    case FeatureType::kInt64:
      return static_cast<float>(feature.int64_list().value(0));
    case FeatureType::kFloat:
      return feature.float_list().value(0);
    case FeatureType::kBytes: {
      const auto& index = indexes_.find(spec.name)->second;
      auto found = index.find(feature.bytes_list().value(0));
      return found != index.end() ? found->second : static_cast<float>(index.size());
    }
  }
  return InternalError(what + ": unknown feature type");
}

Status ExampleParser::Append(const tensorflow::Example& example, std::string_view record,
                             DenseBatch* batch) const {
  // Values are gathered first so that a failing example leaves the batch as it was.
  std::vector<float> row;
  row.reserve(spec_.features.size());
  for (const FeatureSpec& feature : spec_.features) {
    KT_ASSIGN_OR_RETURN(float value, ColumnValue(example, feature, false, record));
    row.push_back(value);
  }
  KT_ASSIGN_OR_RETURN(float label, ColumnValue(example, spec_.label, true, record));
  batch->features.insert(batch->features.end(), row.begin(), row.end());
  batch->labels.push_back(label);
  ++batch->rows;
  return OkStatus();
}

Status ExampleParser::AppendSerialized(std::string_view serialized, std::string_view record,
                                       DenseBatch* batch) const {
  tensorflow::Example example;
  if (serialized.size() > static_cast<size_t>(INT32_MAX) ||
      !example.ParseFromArray(serialized.data(), static_cast<int>(serialized.size()))) {
    return DataLossError(std::string(record) + ": not a serialized tf.Example (" +
                         std::to_string(serialized.size()) + " bytes)");
  }
  return Append(example, record, batch);
}

}  // namespace kubetune::data
