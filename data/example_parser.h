// Serialized tf.Example records to dense float batches, the input of a native trainer.
//
// Each feature of the spec (example_spec.h) becomes one float column and must hold at most one
// value per example:
//   int64  the value as a float (exact up to 2^24);
//   float  the value;
//   bytes  the value's index in the feature's vocabulary (categorical strings). A vocabulary is
//          the sorted distinct values of the feature in the training split (VocabularyBuilder);
//          a value missing from it (seen only in another split) gets the index
//          vocabulary.size(): one out-of-vocabulary bucket.
// The label becomes a float the same way (a bytes label, e.g. "Adelie", its vocabulary index).
// A feature with no value takes the spec's default_value, or is an error when there is none.
// Features with several values (fixed-length vectors, variable-length lists) are refused:
// Kubetune's trainers want one column per feature.
//
// Thread-safety: an ExampleParser is immutable after Create and may be used from many threads;
// a VocabularyBuilder or DenseBatch by one thread at a time.
#ifndef KUBETUNE_DATA_EXAMPLE_PARSER_H_
#define KUBETUNE_DATA_EXAMPLE_PARSER_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "data/example_spec.h"
#include "tensorflow/example.pb.h"

namespace kubetune::data {

struct DenseBatch {
  std::vector<float> features;  // row-major: rows x cols
  std::vector<float> labels;    // one per row
  int rows = 0;
  int cols = 0;
  std::vector<std::string> feature_names;  // one per column

  float at(int row, int col) const { return features[static_cast<size_t>(row) * cols + col]; }
};

// A bytes feature's known values, sorted; a value's index is its position.
using Vocabulary = std::vector<std::string>;
// Feature (or label) name -> its vocabulary.
using Vocabularies = std::map<std::string, Vocabulary>;

// Collects the vocabularies of a spec's bytes features (and of a bytes label) from examples.
class VocabularyBuilder {
 public:
  explicit VocabularyBuilder(const ExampleSpec& spec);

  // Adds the values of `example`'s bytes features. Values in lists of another type are left for
  // the parser to refuse.
  void Add(const tensorflow::Example& example);

  // The vocabularies; a feature with no values seen has an empty one.
  Vocabularies Build() const;

 private:
  std::map<std::string, std::set<std::string>> values_;
};

class ExampleParser {
 public:
  // Errors (kInvalidArgument, naming the feature): an empty or repeated name, the label among
  // the features, a bytes feature (or bytes label) without a vocabulary.
  static StatusOr<ExampleParser> Create(ExampleSpec spec, Vocabularies vocabularies = {});

  // A batch with no rows and this spec's columns.
  DenseBatch NewBatch() const;

  // Parses one serialized tf.Example and appends its row to `batch` (which NewBatch made).
  // `record` names the record in messages, e.g. "Split-eval/data.gz: record 7 (byte 913)".
  // Errors, each naming the record: kDataLoss when the bytes are not a tf.Example;
  // kInvalidArgument naming the key for a missing value with no default, a value of the wrong
  // type, or more than one value. On error `batch` is unchanged.
  Status AppendSerialized(std::string_view serialized, std::string_view record,
                          DenseBatch* batch) const;
  // As AppendSerialized, for an example already parsed.
  Status Append(const tensorflow::Example& example, std::string_view record,
                DenseBatch* batch) const;

  const ExampleSpec& spec() const { return spec_; }
  const Vocabularies& vocabularies() const { return vocabularies_; }

 private:
  ExampleParser(ExampleSpec spec, Vocabularies vocabularies);

  // The column value of `spec`'s feature in `example`, or an error.
  StatusOr<float> ColumnValue(const tensorflow::Example& example, const FeatureSpec& spec,
                              bool is_label, std::string_view record) const;

  ExampleSpec spec_;
  Vocabularies vocabularies_;
  // Value -> index, for each vocabulary.
  std::map<std::string, std::unordered_map<std::string, float>, std::less<>> indexes_;
};

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_EXAMPLE_PARSER_H_
