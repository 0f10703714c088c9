#include "data/examplegen.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <memory>
#include <set>
#include <system_error>

#include "data/csv_reader.h"
#include "data/io_status.h"
#include "data/tfrecord_writer.h"
#include "data/tfx_examples.h"
#include "tensorflow/example.pb.h"

namespace kubetune::data {
namespace {

namespace fs = std::filesystem;

// The name TFX's ExampleGen gives the single shard of each split.
constexpr std::string_view kShardName = "data_tfrecord-00000-of-00001.gz";

bool ParseInt64(std::string_view text, int64_t* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

bool ParseNumber(std::string_view text, double* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

bool SafeSplitName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Protobuf's deterministic serialization: map entries (the features) sorted by key, as
// Python's SerializeToString(deterministic=True) writes them.
std::string SerializeDeterministically(const tensorflow::Example& example) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    example.SerializeToCodedStream(&coded);
  }
  return out;
}

// Per-column counters of the type-inference pass.
struct ColumnState {
  bool any_value = false;
  bool all_int = true;
  bool all_number = true;
  int64_t missing = 0;
};

class MissingCells {
 public:
  explicit MissingCells(const std::vector<std::string>& tokens)
      : tokens_(tokens.begin(), tokens.end()) {}
  bool operator()(const std::string& cell) const { return cell.empty() || tokens_.contains(cell); }

 private:
  std::set<std::string> tokens_;
};

Status CheckOptions(const ExampleGenOptions& options) {
  if (options.input_csv.empty()) return InvalidArgumentError("no input CSV file given");
  if (options.output_dir.empty()) return InvalidArgumentError("no output directory given");
  if (options.splits.empty()) return InvalidArgumentError("no output splits given");
  std::set<std::string> names;
  for (const SplitBuckets& split : options.splits) {
    if (!SafeSplitName(split.name)) {
      return InvalidArgumentError("split name '" + split.name +
                                  "' must be letters, digits, '_' or '-'");
    }
    if (!names.insert(split.name).second) {
      return InvalidArgumentError("split '" + split.name + "' is given twice");
    }
    if (split.buckets < 1) {
      return InvalidArgumentError("split '" + split.name + "' has " +
                                  std::to_string(split.buckets) + " hash buckets; it needs >= 1");
    }
  }
  return OkStatus();
}

// Reads the header and infers every column's type (the first pass).
Status InferColumns(const ExampleGenOptions& options, const MissingCells& is_missing,
                    ExampleGenSummary* summary) {
  KT_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(options.input_csv));
  std::vector<std::string> fields;
  KT_ASSIGN_OR_RETURN(bool has_header, csv->Next(&fields));
  if (!has_header) {
    return InvalidArgumentError(options.input_csv + ": the file is empty; it needs a header row");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string at =
        options.input_csv + ":" + std::to_string(csv->line()) + ": column " + std::to_string(i + 1);
    if (fields[i].empty()) return InvalidArgumentError(at + " has no name in the header");
    if (!names.insert(fields[i]).second) {
      return InvalidArgumentError(at + ": '" + fields[i] + "' names two columns");
    }
    summary->columns.push_back(ExampleGenColumn{fields[i], FeatureType::kBytes, 0});
  }
  std::vector<ColumnState> state(fields.size());
  while (true) {
    KT_ASSIGN_OR_RETURN(bool more, csv->Next(&fields));
    if (!more) break;
    if (fields.size() != state.size()) {
      return InvalidArgumentError(options.input_csv + ":" + std::to_string(csv->line()) +
                                  ": the row has " + std::to_string(fields.size()) +
                                  " fields, the header has " + std::to_string(state.size()));
    }
    ++summary->rows_read;
    for (size_t i = 0; i < fields.size(); ++i) {
      ColumnState& column = state[i];
      if (is_missing(fields[i])) {
        ++column.missing;
        continue;
      }
      column.any_value = true;
      int64_t integer;
      double number;
      if (column.all_int && !ParseInt64(fields[i], &integer)) column.all_int = false;
      if (column.all_number && !column.all_int && !ParseNumber(fields[i], &number)) {
        column.all_number = false;
      }
    }
  }
  for (size_t i = 0; i < state.size(); ++i) {
    ExampleGenColumn& column = summary->columns[i];
    column.missing = state[i].missing;
    if (!state[i].any_value) {
      column.type = FeatureType::kBytes;
    } else if (state[i].all_int) {
      column.type = FeatureType::kInt64;
    } else if (state[i].all_number) {
      column.type = FeatureType::kFloat;
    } else {
      column.type = FeatureType::kBytes;
    }
  }
  return OkStatus();
}

// Makes <output>/Split-<name> ready to take a new shard.
Status PrepareSplitDirectory(const fs::path& dir, bool overwrite) {
  std::error_code error;
  if (fs::exists(dir, error)) {
    bool has_files = !fs::is_empty(dir, error);
    if (error) return IoError(error.value(), dir.string(), "cannot list");
    if (has_files && !overwrite) {
      return AlreadyExistsError(dir.string() + " already holds files");
    }
    if (has_files) {
      fs::remove_all(dir, error);
      if (error) return IoError(error.value(), dir.string(), "cannot remove");
    }
  }
  fs::create_directories(dir, error);
  if (error) return IoError(error.value(), dir.string(), "cannot create");
  return OkStatus();
}

}  // namespace

size_t SplitIndexForExample(std::string_view serialized_example, std::span<const int> buckets) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(serialized_example.data(), serialized_example.size(), digest, &digest_size,
             EVP_sha256(), nullptr);
  uint64_t total = 0;
  for (int b : buckets) total += static_cast<uint64_t>(b);
  // The digest as one big-endian number, reduced modulo the total a byte at a time.
  uint64_t bucket = 0;
  for (unsigned int i = 0; i < digest_size; ++i) bucket = (bucket * 256 + digest[i]) % total;
  uint64_t cumulative = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    cumulative += static_cast<uint64_t>(buckets[i]);
    if (bucket < cumulative) return i;
  }
  return buckets.size() - 1;
}

StatusOr<ExampleGenSummary> RunExampleGen(const ExampleGenOptions& options) {
  KT_RETURN_IF_ERROR(CheckOptions(options));
  const MissingCells is_missing(options.missing_values);
  ExampleGenSummary summary;
  KT_RETURN_IF_ERROR(InferColumns(options, is_missing, &summary));

  std::vector<int> buckets;
  std::vector<std::string> final_paths;
  std::vector<std::string> temp_paths;
  for (const SplitBuckets& split : options.splits) {
    fs::path dir = fs::path(options.output_dir) / (std::string(kSplitDirectoryPrefix) + split.name);
    KT_RETURN_IF_ERROR(PrepareSplitDirectory(dir, options.overwrite));
    buckets.push_back(split.buckets);
    final_paths.push_back((dir / kShardName).string());
    // A hidden name: readers of the layout (tfx_examples.h) pass over it until it is renamed.
    temp_paths.push_back((dir / ("." + std::string(kShardName) + ".tmp")).string());
  }
  auto remove_temps = [&] {
    std::error_code ignored;
    for (const std::string& path : temp_paths) fs::remove(path, ignored);
  };

  std::vector<std::unique_ptr<TFRecordWriter>> writers;
  TFRecordWriterOptions writer_options;
  writer_options.compression = Compression::kGzip;
  for (const std::string& path : temp_paths) {
    StatusOr<std::unique_ptr<TFRecordWriter>> writer = TFRecordWriter::Open(path, writer_options);
    if (!writer.ok()) {
      remove_temps();
      return writer.status();
    }
    writers.push_back(*std::move(writer));
  }
  summary.split_counts.assign(options.splits.size(), 0);

  Status status = [&]() -> Status {
    KT_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(options.input_csv));
    std::vector<std::string> fields;
    KT_ASSIGN_OR_RETURN(bool has_header, csv->Next(&fields));
    if (!has_header) return DataLossError(options.input_csv + ": the file changed while read");
    tensorflow::Example example;
    while (true) {
      KT_ASSIGN_OR_RETURN(bool more, csv->Next(&fields));
      if (!more) break;
      if (fields.size() != summary.columns.size()) {
        return DataLossError(options.input_csv + ":" + std::to_string(csv->line()) +
                             ": the file changed while read");
      }
      if (options.drop_missing && std::any_of(fields.begin(), fields.end(), is_missing)) {
        ++summary.rows_dropped;
        continue;
      }
      example.Clear();
      auto& features = *example.mutable_features()->mutable_feature();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (is_missing(fields[i])) continue;
        const ExampleGenColumn& column = summary.columns[i];
        tensorflow::Feature& feature = features[column.name];
        int64_t integer = 0;
        double number = 0;
        switch (column.type) {
          case FeatureType::kInt64:
            if (!ParseInt64(fields[i], &integer)) {
              return DataLossError(options.input_csv + ":" + std::to_string(csv->line()) +
                                   ": the file changed while read");
            }
            feature.mutable_int64_list()->add_value(integer);
            break;
          case FeatureType::kFloat:
            if (!ParseNumber(fields[i], &number)) {
              return DataLossError(options.input_csv + ":" + std::to_string(csv->line()) +
                                   ": the file changed while read");
            }
            feature.mutable_float_list()->add_value(static_cast<float>(number));
            break;
          case FeatureType::kBytes:
            feature.mutable_bytes_list()->add_value(fields[i]);
            break;
        }
      }
      std::string serialized = SerializeDeterministically(example);
      size_t split = SplitIndexForExample(serialized, buckets);
      KT_RETURN_IF_ERROR(writers[split]->Write(serialized));
      ++summary.split_counts[split];
    }
    for (auto& writer : writers) KT_RETURN_IF_ERROR(writer->Close());
    for (size_t i = 0; i < temp_paths.size(); ++i) {
      std::error_code error;
      fs::rename(temp_paths[i], final_paths[i], error);
      if (error) return IoError(error.value(), final_paths[i], "cannot rename into place");
    }
    return OkStatus();
  }();
  if (!status.ok()) {
    writers.clear();
    remove_temps();
    return status;
  }
  summary.files = final_paths;
  return summary;
}

}  // namespace kubetune::data
