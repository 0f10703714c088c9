// `kubetune examplegen CSV --output-dir DIR`: a CSV file to TFX's Examples layout (GZIP
// TFRecord files of tf.Example in Split-train/ and Split-eval/), as TFX's CsvExampleGen writes
// it. data/examplegen.h says how columns are typed and rows split.
#include <charconv>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "data/examplegen.h"

namespace kubetune::cli {
namespace {

struct ExampleGenFlags {
  std::string input_csv;
  std::string output_dir;
  std::vector<std::string> splits;
  std::vector<std::string> missing_values;
  bool drop_missing = false;
  bool overwrite = false;
};

// "NAME:BUCKETS", e.g. "train:2".
bool ParseSplit(const std::string& text, data::SplitBuckets* split) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  int buckets = 0;
  auto [ptr, ec] = std::from_chars(begin, end, buckets);
  if (ec != std::errc() || ptr != end || begin == end) return false;
  *split = data::SplitBuckets{text.substr(0, colon), buckets};
  return true;
}

int ExampleGen(const ExampleGenFlags& flags) {
  data::ExampleGenOptions options;
  options.input_csv = flags.input_csv;
  options.output_dir = flags.output_dir;
  options.missing_values = flags.missing_values;
  options.drop_missing = flags.drop_missing;
  options.overwrite = flags.overwrite;
  if (!flags.splits.empty()) {
    options.splits.clear();
    for (const std::string& text : flags.splits) {
      data::SplitBuckets split;
      if (!ParseSplit(text, &split)) {
        std::fprintf(stderr, "--split: '%s' is not NAME:BUCKETS (e.g. train:2)\n", text.c_str());
        return 2;
      }
      options.splits.push_back(split);
    }
  }

  StatusOr<data::ExampleGenSummary> summary = data::RunExampleGen(options);
  if (!summary.ok()) {
    std::fprintf(stderr, "examplegen: %s%s\n", summary.status().ToString().c_str(),
                 summary.status().code() == StatusCode::kAlreadyExists
                     ? "; remove them or pass --overwrite"
                     : "");
    return summary.status().code() == StatusCode::kInvalidArgument ||
                   summary.status().code() == StatusCode::kAlreadyExists
               ? 2
               : 1;
  }
  std::printf("%s: %lld rows", options.input_csv.c_str(),
              static_cast<long long>(summary->rows_read));
  if (options.drop_missing) {
    std::printf(", %lld dropped for missing values", static_cast<long long>(summary->rows_dropped));
  }
  std::printf("\n");
  for (const data::ExampleGenColumn& column : summary->columns) {
    std::printf("  %-24s %-5s", column.name.c_str(),
                std::string(data::FeatureTypeName(column.type)).c_str());
    if (column.missing > 0) std::printf("  %lld missing", static_cast<long long>(column.missing));
    std::printf("\n");
  }
  for (size_t i = 0; i < options.splits.size(); ++i) {
    std::printf("%s: %lld examples\n", summary->files[i].c_str(),
                static_cast<long long>(summary->split_counts[i]));
  }
  return 0;
}

}  // namespace

void AddExampleGenCommand(CLI::App& app, std::function<int()>* run) {
  CLI::App* cmd = app.add_subcommand(
      "examplegen", "Convert a CSV file to TFX's Examples layout (GZIP TFRecord of tf.Example)");
  auto flags = std::make_shared<ExampleGenFlags>();
  cmd->add_option("csv", flags->input_csv, "The CSV file; its header row names the features")
      ->required();
  cmd->add_option("--output-dir", flags->output_dir,
                  "Where Split-<name>/data_tfrecord-00000-of-00001.gz files go")
      ->required();
  cmd->add_option("--split", flags->splits,
                  "NAME:BUCKETS, once per split; rows go to splits by hash in proportion to the "
                  "buckets (default: train:2 eval:1)");
  cmd->add_option("--missing-value", flags->missing_values,
                  "A cell text meaning 'no value' besides the empty cell, e.g. NA (repeatable)");
  cmd->add_flag("--drop-missing", flags->drop_missing,
                "Drop rows with a missing value (default: leave that feature out of the row)");
  cmd->add_flag("--overwrite", flags->overwrite, "Replace the files of existing splits");
  cmd->callback([run, flags] { *run = [flags] { return ExampleGen(*flags); }; });
}

}  // namespace kubetune::cli
