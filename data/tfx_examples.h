// TFX's Examples artifact: the directory ExampleGen writes and Trainer and Tuner read.
//
//   <examples>/Split-train/data_tfrecord-00000-of-00001.gz
//   <examples>/Split-eval/...
//
// Any split name may appear (Split-<name>), each holding TFRecord files of serialized
// tf.Example: GZIP-compressed when the name ends in ".gz" (as ExampleGen writes them),
// uncompressed otherwise. Optionally a TensorFlow Metadata schema (SchemaGen's schema.pbtxt)
// gives each feature's type; without one, types are inferred from the first training examples.
//
// Thread-safety: the functions share no state and may be called concurrently.
#ifndef KUBETUNE_DATA_TFX_EXAMPLES_H_
#define KUBETUNE_DATA_TFX_EXAMPLES_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "data/compressed_file.h"
#include "data/example_parser.h"
#include "data/example_spec.h"
#include "data/tfrecord_reader.h"
#include "tensorflow_metadata/schema.pb.h"

namespace kubetune::data {

inline constexpr std::string_view kSplitDirectoryPrefix = "Split-";

struct ExampleFile {
  std::string path;
  Compression compression = Compression::kNone;
};

// GZIP for a name ending in ".gz", NONE otherwise.
Compression CompressionForFileName(std::string_view path);

// The split names in `examples_dir` (the <name> of each Split-<name> directory), sorted.
// Errors: kNotFound when the directory does not exist; other I/O errors as io_status.h.
StatusOr<std::vector<std::string>> ListSplits(const std::string& examples_dir);

// The files of one split, sorted by name; names starting with '.' are left out.
// Errors: kNotFound naming the split, and the splits there are, when it is missing or holds no
// files; I/O errors as io_status.h.
StatusOr<std::vector<ExampleFile>> ListSplitFiles(const std::string& examples_dir,
                                                  std::string_view split);

// Reads a schema in text format (as SchemaGen writes schema.pbtxt) or binary. A directory stands
// for the schema.pbtxt in it (SchemaGen's output artifact). Text fields this subset of the
// schema does not declare are skipped.
// Errors: I/O as io_status.h; kInvalidArgument naming the file, with the text parser's
// line:column, when it is neither format.
StatusOr<tensorflow::metadata::v0::Schema> ReadSchema(const std::string& path);

// Calls `fn(record, name)` for each record of `files` in order, where `name` is
// "<path>: record <i> (byte <offset>)" for messages. `reader` gives the corruption policy (its
// compression is taken from each file). Returns the first error of a reader or of fn (iteration
// stops there); kCancelled from fn stops early and counts as success.
Status ForEachRecord(const std::vector<ExampleFile>& files, const TFRecordReaderOptions& reader,
                     const std::function<Status(std::string_view, std::string_view)>& fn);

struct TfxLoadOptions {
  // The label and the feature columns (example_spec.h).
  SpecRequest request;
  // Feature types; without a schema they are inferred from the first `inference_examples`
  // examples of the training split.
  std::optional<tensorflow::metadata::v0::Schema> schema;
  int inference_examples = 100;
  // Vocabularies of bytes features are built from this split alone.
  std::string train_split = "train";
  std::vector<std::string> other_splits = {"eval"};
  CorruptionPolicy on_corruption = CorruptionPolicy::kFail;
  // kSkip only: each corrupt record passed over (tfrecord_reader.h).
  std::function<void(const Status&)> on_skip;
};

struct TfxExamples {
  ExampleSpec spec;
  Vocabularies vocabularies;
  // Split name -> its rows, for the training split and each of other_splits.
  std::map<std::string, DenseBatch> splits;
};

// Loads the training split and the others into dense batches (example_parser.h).
// Errors: those of ListSplitFiles (a missing split, named), ForEachRecord (corrupt records,
// naming file and offset), InferExampleSpec / ExampleSpecFromSchema, and the parser (naming
// the record and the key); kInvalidArgument when inference_examples < 1 or a split is named
// twice.
StatusOr<TfxExamples> LoadTfxExamples(const std::string& examples_dir,
                                      const TfxLoadOptions& options);

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_TFX_EXAMPLES_H_
