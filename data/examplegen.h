// CSV to TFX's Examples layout, as TFX's CsvExampleGen does it:
//
//   <output>/Split-train/data_tfrecord-00000-of-00001.gz
//   <output>/Split-eval/data_tfrecord-00000-of-00001.gz
//
// GZIP-compressed TFRecord files of tf.Example, one example per CSV row (tfx_examples.h reads
// them back; so do TensorFlow and TFX).
//
// Columns: the header row names the features. A column whose values all parse as integers
// becomes an int64 feature, else one whose values all parse as numbers a float feature, else a
// bytes feature; missing cells do not count (a column with no values at all is bytes). This
// takes a first pass over the file; the second writes.
//
// Missing values: an empty cell, or one equal to a `missing_values` token (e.g. "NA"), leaves
// the feature out of that row's example, as CsvExampleGen does; with `drop_missing` the row is
// dropped instead.
//
// Splits: each split has a number of hash buckets (default train 2, eval 1). A row goes to the
// split whose bucket range holds SHA-256(its serialized example) mod the bucket total, the rule
// of TFX's ExampleGen (with deterministic serialization), so the split is deterministic and
// the same example lands in the same split as under TFX. Rows keep their CSV order within a
// split.
//
// Thread-safety: RunExampleGen shares no state between calls; calls writing the same output
// directory must not overlap.
#ifndef KUBETUNE_DATA_EXAMPLEGEN_H_
#define KUBETUNE_DATA_EXAMPLEGEN_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "data/example_spec.h"

namespace kubetune::data {

struct SplitBuckets {
  std::string name;
  int buckets = 1;
};

struct ExampleGenOptions {
  std::string input_csv;
  std::string output_dir;
  std::vector<SplitBuckets> splits = {{"train", 2}, {"eval", 1}};
  // Cell texts that mean "no value", besides the empty cell.
  std::vector<std::string> missing_values;
  bool drop_missing = false;
  // Replace the files of splits that already exist in output_dir.
  bool overwrite = false;
};

struct ExampleGenColumn {
  std::string name;
  FeatureType type = FeatureType::kBytes;
  int64_t missing = 0;  // cells with no value
};

struct ExampleGenSummary {
  std::vector<ExampleGenColumn> columns;
  int64_t rows_read = 0;
  int64_t rows_dropped = 0;
  // Examples written per split, in the order of ExampleGenOptions::splits.
  std::vector<int64_t> split_counts;
  // The files written, one per split.
  std::vector<std::string> files;
};

// Converts options.input_csv into options.output_dir (created if needed).
// Errors: kInvalidArgument "<file>:<line>: ..." for a malformed CSV (a row with a different
// number of fields than the header, an empty or repeated column name, a broken quote), and for
// bad options (no splits, an empty, repeated or unsafe split name, buckets < 1);
// kAlreadyExists naming the split directory when it holds files and overwrite is false; I/O
// errors as io_status.h. Files are written under temporary names and renamed at the end, so a
// failed run leaves no partial split file behind.
StatusOr<ExampleGenSummary> RunExampleGen(const ExampleGenOptions& options);

// The index of the split that `serialized_example` goes to, given each split's bucket count:
// bisect(cumulative buckets, int(sha256(serialized_example)) % total), as TFX's _PartitionFn.
// `buckets` must be non-empty with every entry >= 1.
size_t SplitIndexForExample(std::string_view serialized_example, std::span<const int> buckets);

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_EXAMPLEGEN_H_
