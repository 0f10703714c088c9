#include "data/tfx_examples.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "data/io_status.h"

namespace kubetune::data {
namespace {

namespace fs = std::filesystem;
namespace tfmd = tensorflow::metadata::v0;

Status FilesystemError(const std::error_code& error, const std::string& path,
                       std::string_view action) {
  // std::filesystem reports errno values through the generic category on POSIX.
  return IoError(error.value(), path, action);
}

// Keeps the text parser's first error with its position.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!first_.empty()) return;
    // The parser counts from zero; editors count from one.
    first_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

std::string RecordName(const std::string& path, uint64_t index, uint64_t offset) {
  return path + ": record " + std::to_string(index) + " (byte " + std::to_string(offset) + ")";
}

}  // namespace

Compression CompressionForFileName(std::string_view path) {
  return path.ends_with(".gz") ? Compression::kGzip : Compression::kNone;
}

StatusOr<std::vector<std::string>> ListSplits(const std::string& examples_dir) {
  std::error_code error;
  fs::directory_iterator it(examples_dir, error);
  if (error) return FilesystemError(error, examples_dir, "cannot list the examples directory");
  std::vector<std::string> splits;
  for (; it != fs::directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(kSplitDirectoryPrefix) && name.size() > kSplitDirectoryPrefix.size() &&
        it->is_directory(error)) {
      splits.push_back(name.substr(kSplitDirectoryPrefix.size()));
    }
  }
  if (error) return FilesystemError(error, examples_dir, "cannot list the examples directory");
  std::sort(splits.begin(), splits.end());
  return splits;
}

StatusOr<std::vector<ExampleFile>> ListSplitFiles(const std::string& examples_dir,
                                                  std::string_view split) {
  KT_ASSIGN_OR_RETURN(std::vector<std::string> splits, ListSplits(examples_dir));
  auto missing = [&](std::string_view why) {
    std::string present;
    for (const std::string& name : splits) present += (present.empty() ? "" : ", ") + name;
    return NotFoundError(examples_dir + ": split '" + std::string(split) + "' " + std::string(why) +
                         " (splits present: " + (present.empty() ? "none" : present) + ")");
  };
  if (std::find(splits.begin(), splits.end(), split) == splits.end()) {
    return missing("is missing: no directory Split-" + std::string(split));
  }
  fs::path dir = fs::path(examples_dir) / (std::string(kSplitDirectoryPrefix) + std::string(split));
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) return FilesystemError(error, dir.string(), "cannot list the split");
  std::vector<ExampleFile> files;
  for (; it != fs::directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(".") || !it->is_regular_file(error)) continue;
    files.push_back(ExampleFile{it->path().string(), CompressionForFileName(name)});
  }
  if (error) return FilesystemError(error, dir.string(), "cannot list the split");
  if (files.empty()) return missing("has no files");
  std::sort(files.begin(), files.end(),
            [](const ExampleFile& a, const ExampleFile& b) { return a.path < b.path; });
  return files;
}

StatusOr<tfmd::Schema> ReadSchema(const std::string& path) {
  std::string file = path;
  std::error_code error;
  if (fs::is_directory(path, error)) file = (fs::path(path) / "schema.pbtxt").string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return IoError(errno, file, "cannot open the schema");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return IoError(errno, file, "cannot read the schema");
  const std::string text = contents.str();

  tfmd::Schema schema;
  google::protobuf::TextFormat::Parser parser;
  FirstErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  // Real schemas carry fields (statistics comparators, annotations, ...) this subset leaves out.
  parser.AllowUnknownField(true);
  if (parser.ParseFromString(text, &schema)) return schema;
  tfmd::Schema binary;
  if (binary.ParseFromString(text)) return binary;
  return InvalidArgumentError(file + ": not a TensorFlow Metadata schema in text format (" +
                              errors.first() + ") nor in binary");
}

Status ForEachRecord(const std::vector<ExampleFile>& files, const TFRecordReaderOptions& reader,
                     const std::function<Status(std::string_view, std::string_view)>& fn) {
  std::string record;
  for (const ExampleFile& file : files) {
    TFRecordReaderOptions options = reader;
    options.compression = file.compression;
    KT_ASSIGN_OR_RETURN(std::unique_ptr<TFRecordReader> records,
                        TFRecordReader::Open(file.path, options));
    for (uint64_t index = 0;; ++index) {
      uint64_t offset = records->offset();
      Status status = records->ReadRecord(&record);
      if (status.code() == StatusCode::kOutOfRange) break;
      KT_RETURN_IF_ERROR(status);
      status = fn(record, RecordName(file.path, index, offset));
      if (status.code() == StatusCode::kCancelled) return OkStatus();
      KT_RETURN_IF_ERROR(status);
    }
  }
  return OkStatus();
}

StatusOr<TfxExamples> LoadTfxExamples(const std::string& examples_dir,
                                      const TfxLoadOptions& options) {
  if (options.inference_examples < 1) {
    return InvalidArgumentError("inference_examples must be at least 1, got " +
                                std::to_string(options.inference_examples));
  }
  std::vector<std::string> split_names = {options.train_split};
  split_names.insert(split_names.end(), options.other_splits.begin(), options.other_splits.end());
  std::set<std::string> distinct(split_names.begin(), split_names.end());
  if (distinct.size() != split_names.size()) {
    return InvalidArgumentError("a split is named twice among the training split '" +
                                options.train_split + "' and the others");
  }
  // Every split is looked up before any is read, so that a missing one fails fast.
  std::map<std::string, std::vector<ExampleFile>> files;
  for (const std::string& split : split_names) {
    KT_ASSIGN_OR_RETURN(files[split], ListSplitFiles(examples_dir, split));
  }
  TFRecordReaderOptions reader;
  reader.on_corruption = options.on_corruption;
  reader.on_skip = options.on_skip;
  const std::vector<ExampleFile>& train = files[options.train_split];

  TfxExamples out;
  if (options.schema.has_value()) {
    KT_ASSIGN_OR_RETURN(out.spec, ExampleSpecFromSchema(*options.schema, options.request));
  } else {
    std::vector<tensorflow::Example> first;
    KT_RETURN_IF_ERROR(
        ForEachRecord(train, reader, [&](std::string_view record, std::string_view name) {
          tensorflow::Example& example = first.emplace_back();
          if (record.size() > static_cast<size_t>(INT32_MAX) ||
              !example.ParseFromArray(record.data(), static_cast<int>(record.size()))) {
            return DataLossError(std::string(name) + ": not a serialized tf.Example");
          }
          return static_cast<int>(first.size()) < options.inference_examples
                     ? OkStatus()
                     : CancelledError("enough examples");
        }));
    StatusOr<ExampleSpec> spec = InferExampleSpec(first, options.request);
    if (!spec.ok()) {
      return spec.status().WithContext(examples_dir + ": split '" + options.train_split + "'");
    }
    out.spec = *std::move(spec);
  }

  VocabularyBuilder vocabulary(out.spec);
  bool has_bytes = out.spec.label.type == FeatureType::kBytes ||
                   std::any_of(out.spec.features.begin(), out.spec.features.end(),
                               [](const FeatureSpec& f) { return f.type == FeatureType::kBytes; });
  if (has_bytes) {
    // A pass over the training split alone: evaluation data must not shape the vocabulary.
    tensorflow::Example example;
    KT_RETURN_IF_ERROR(
        ForEachRecord(train, reader, [&](std::string_view record, std::string_view name) {
          if (record.size() > static_cast<size_t>(INT32_MAX) ||
              !example.ParseFromArray(record.data(), static_cast<int>(record.size()))) {
            return DataLossError(std::string(name) + ": not a serialized tf.Example");
          }
          vocabulary.Add(example);
          return OkStatus();
        }));
  }
  KT_ASSIGN_OR_RETURN(ExampleParser parser, ExampleParser::Create(out.spec, vocabulary.Build()));
  for (const std::string& split : split_names) {
    DenseBatch batch = parser.NewBatch();
    KT_RETURN_IF_ERROR(
        ForEachRecord(files[split], reader, [&](std::string_view record, std::string_view name) {
          return parser.AppendSerialized(record, name, &batch);
        }));
    out.splits[split] = std::move(batch);
  }
  out.vocabularies = parser.vocabularies();
  return out;
}

}  // namespace kubetune::data
