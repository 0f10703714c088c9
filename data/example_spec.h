// Which tf.Example features become which columns of a dense batch, and of what type: given
// explicitly, inferred from the first examples, or read from a TensorFlow Metadata schema.
//
// Thread-safety: values and pure functions.
#ifndef KUBETUNE_DATA_EXAMPLE_SPEC_H_
#define KUBETUNE_DATA_EXAMPLE_SPEC_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "tensorflow/example.pb.h"
#include "tensorflow_metadata/schema.pb.h"

namespace kubetune::data {

// The tf.train.Feature list a feature's values are stored in.
enum class FeatureType { kInt64, kFloat, kBytes };

// "int64", "float" or "bytes".
std::string_view FeatureTypeName(FeatureType type);

struct FeatureSpec {
  std::string name;
  FeatureType type = FeatureType::kFloat;
  // The column's value in a row whose example lacks the feature (or has it with no values);
  // nullopt makes that an error. For a bytes feature it is the column value itself, not a
  // string to look up. Ignored for the label: a missing label is always an error.
  std::optional<float> default_value;
};

struct ExampleSpec {
  // The feature columns, in column order.
  std::vector<FeatureSpec> features;
  FeatureSpec label;
};

// What InferExampleSpec and ExampleSpecFromSchema are to select.
struct SpecRequest {
  std::string label_key;
  // The feature columns in this order; empty: every feature except the label, sorted by name.
  std::vector<std::string> feature_keys;
  // Given to every feature as FeatureSpec::default_value.
  std::optional<float> default_value;
};

// Infers each feature's type from the value list it uses in `examples` (typically the first
// hundred of the training split). An empty list still tells the type; a feature with no list
// set counts as absent.
// Errors (kInvalidArgument, naming the key): no examples; the label or a requested feature
// absent from every example; a feature stored in different lists in different examples.
StatusOr<ExampleSpec> InferExampleSpec(std::span<const tensorflow::Example> examples,
                                       const SpecRequest& request);

// Takes each feature's type from `schema` (INT, FLOAT, BYTES). "Every feature" here leaves out
// those the schema marks as not in use (deprecated, or a lifecycle stage of PLANNED, ALPHA,
// DEPRECATED, DEBUG_ONLY, DISABLED or VALIDATION_DERIVED), as TensorFlow Data Validation does;
// a feature requested by name is taken whatever its stage.
// Errors (kInvalidArgument, naming the key): the label or a requested feature not in the
// schema; a feature whose type is TYPE_UNKNOWN or STRUCT (no dense column can hold it).
StatusOr<ExampleSpec> ExampleSpecFromSchema(const tensorflow::metadata::v0::Schema& schema,
                                            const SpecRequest& request);

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_EXAMPLE_SPEC_H_
