#include "data/example_spec.h"

#include <algorithm>
#include <map>
#include <set>

namespace kubetune::data {
namespace {

namespace tfmd = tensorflow::metadata::v0;

std::optional<FeatureType> TypeOfFeature(const tensorflow::Feature& feature) {
  switch (feature.kind_case()) {
    case tensorflow::Feature::kInt64List:
      return FeatureType::kInt64;
    case tensorflow::Feature::kFloatList:
      return FeatureType::kFloat;
    case tensorflow::Feature::kBytesList:
      return FeatureType::kBytes;
    case tensorflow::Feature::KIND_NOT_SET:
      break;
  }
  return std::nullopt;
}

bool InUse(const tfmd::Feature& feature) {
  if (feature.deprecated()) return false;
  switch (feature.lifecycle_stage()) {
    case tfmd::UNKNOWN_STAGE:
    case tfmd::BETA:
    case tfmd::PRODUCTION:
      return true;
    default:
      return false;
  }
}

// Builds the spec from a name -> type map, checking that the label and every requested key
// are in it. `source` says where the types came from, for messages.
StatusOr<ExampleSpec> Select(const std::map<std::string, FeatureType>& types,
                             const std::vector<std::string>& all_keys, const SpecRequest& request,
                             std::string_view source) {
  if (request.label_key.empty()) return InvalidArgumentError("no label key given");
  auto label = types.find(request.label_key);
  if (label == types.end()) {
    return InvalidArgumentError("label '" + request.label_key + "' is not in " +
                                std::string(source));
  }
  ExampleSpec spec;
  spec.label = FeatureSpec{request.label_key, label->second, std::nullopt};
  std::vector<std::string> keys = request.feature_keys;
  if (keys.empty()) {
    for (const std::string& key : all_keys) {
      if (key != request.label_key) keys.push_back(key);
    }
  }
  std::set<std::string> seen;
  for (const std::string& key : keys) {
    if (key == request.label_key) {
      return InvalidArgumentError("feature '" + key + "' is also the label");
    }
    if (!seen.insert(key).second) {
      return InvalidArgumentError("feature '" + key + "' is requested twice");
    }
    auto type = types.find(key);
    if (type == types.end()) {
      return InvalidArgumentError("feature '" + key + "' is not in " + std::string(source));
    }
    spec.features.push_back(FeatureSpec{key, type->second, request.default_value});
  }
  if (spec.features.empty()) {
    return InvalidArgumentError("no features besides the label '" + request.label_key + "' in " +
                                std::string(source));
  }
  return spec;
}

}  // namespace

std::string_view FeatureTypeName(FeatureType type) {
  switch (type) {
    case FeatureType::kInt64:
      return "int64";
    case FeatureType::kFloat:
      return "float";
    case FeatureType::kBytes:
      return "bytes";
  }
  return "float";
}

StatusOr<ExampleSpec> InferExampleSpec(std::span<const tensorflow::Example> examples,
                                       const SpecRequest& request) {
  if (examples.empty()) return InvalidArgumentError("no examples to infer feature types from");
  std::map<std::string, FeatureType> types;
  for (size_t i = 0; i < examples.size(); ++i) {
    for (const auto& [key, feature] : examples[i].features().feature()) {
      std::optional<FeatureType> type = TypeOfFeature(feature);
      if (!type.has_value()) continue;
      auto [it, inserted] = types.emplace(key, *type);
      if (!inserted && it->second != *type) {
        return InvalidArgumentError(
            "feature '" + key + "' holds " + std::string(FeatureTypeName(it->second)) +
            " values in one example and " + std::string(FeatureTypeName(*type)) +
            " values in example " + std::to_string(i));
      }
    }
  }
  std::vector<std::string> keys;
  for (const auto& [key, type] : types) keys.push_back(key);  // std::map: sorted by name
  return Select(types, keys, request, "the first " + std::to_string(examples.size()) + " examples");
}

StatusOr<ExampleSpec> ExampleSpecFromSchema(const tfmd::Schema& schema,
                                            const SpecRequest& request) {
  std::map<std::string, FeatureType> types;
  std::vector<std::string> in_use;
  for (const tfmd::Feature& feature : schema.feature()) {
    FeatureType type;
    switch (feature.type()) {
      case tfmd::INT:
        type = FeatureType::kInt64;
        break;
      case tfmd::FLOAT:
        type = FeatureType::kFloat;
        break;
      case tfmd::BYTES:
        type = FeatureType::kBytes;
        break;
      default: {
        // Only an error when the feature is wanted: a schema may describe more than is read.
        bool wanted = feature.name() == request.label_key ||
                      std::find(request.feature_keys.begin(), request.feature_keys.end(),
                                feature.name()) != request.feature_keys.end() ||
                      (request.feature_keys.empty() && InUse(feature));
        if (wanted) {
          return InvalidArgumentError("feature '" + feature.name() + "' has schema type " +
                                      tfmd::FeatureType_Name(feature.type()) +
                                      ", which no dense column can hold");
        }
        continue;
      }
    }
    types[feature.name()] = type;
    if (InUse(feature)) in_use.push_back(feature.name());
  }
  std::sort(in_use.begin(), in_use.end());
  return Select(types, in_use, request, "the schema");
}

}  // namespace kubetune::data
