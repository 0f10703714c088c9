#include "data/examplegen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "data/testing.h"
#include "data/tfx_examples.h"

namespace kubetune::data {
namespace {

using ::kubetune::data::testing::ReadFileOrDie;
using ::kubetune::data::testing::ScratchDir;
using ::kubetune::data::testing::WriteFileOrDie;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Reads every record of one split back, raw and parsed.
struct SplitRecords {
  std::vector<std::string> raw;
  std::vector<tensorflow::Example> examples;
};

SplitRecords ReadSplit(const std::string& dir, const std::string& split) {
  SplitRecords out;
  auto files = ListSplitFiles(dir, split);
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  if (!files.ok()) return out;
  Status status = ForEachRecord(*files, {}, [&](std::string_view record, std::string_view) {
    out.raw.emplace_back(record);
    EXPECT_TRUE(
        out.examples.emplace_back().ParseFromArray(record.data(), static_cast<int>(record.size())));
    return OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

class ExampleGenTest : public ::testing::Test {
 protected:
  ExampleGenOptions Options(const std::string& csv_text) {
    WriteFileOrDie(dir_.File("in.csv"), csv_text);
    ExampleGenOptions options;
    options.input_csv = dir_.File("in.csv");
    options.output_dir = dir_.File("out");
    return options;
  }

  ScratchDir dir_;
};

TEST(SplitIndexTest, MatchesTfxPartitionFunction) {
  // int(hashlib.sha256(key).hexdigest(), 16) % total, then bisect over cumulative buckets, as
  // computed by Python for these keys.
  std::array<int, 2> two_to_one = {2, 1};
  EXPECT_EQ(SplitIndexForExample("", two_to_one), 0u);       // bucket 1
  EXPECT_EQ(SplitIndexForExample("hello", two_to_one), 0u);  // bucket 0
  EXPECT_EQ(SplitIndexForExample(std::string("\0\1\2\3\4\5\6\7\x08\t", 10), two_to_one),
            1u);  // bucket 2
  std::array<int, 3> eight_one_one = {8, 1, 1};
  EXPECT_EQ(SplitIndexForExample("", eight_one_one), 2u);         // bucket 9
  EXPECT_EQ(SplitIndexForExample("penguin", eight_one_one), 1u);  // bucket 8
  EXPECT_EQ(SplitIndexForExample("hello", eight_one_one), 0u);    // bucket 0
}

TEST_F(ExampleGenTest, InfersTypesAndWritesTfxLayout) {
  std::string csv = "species,culmen_length_mm,body_mass_g,island,note\n";
  for (int i = 0; i < 600; ++i) {
    csv += std::to_string(i % 3) + "," + std::to_string(35 + i % 20) + "." +
           std::to_string(i % 10) + "," + std::to_string(3000 + i) + "," +
           (i % 2 == 0 ? "Dream" : "Biscoe") + "," + (i % 5 == 0 ? "" : "n" + std::to_string(i)) +
           "\n";
  }
  auto summary = RunExampleGen(Options(csv));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_EQ(summary->columns.size(), 5u);
  EXPECT_EQ(summary->columns[0].type, FeatureType::kInt64);
  EXPECT_EQ(summary->columns[1].type, FeatureType::kFloat);
  EXPECT_EQ(summary->columns[2].type, FeatureType::kInt64);
  EXPECT_EQ(summary->columns[3].type, FeatureType::kBytes);
  EXPECT_EQ(summary->columns[4].type, FeatureType::kBytes);
  EXPECT_EQ(summary->columns[4].missing, 120);
  EXPECT_EQ(summary->rows_read, 600);
  EXPECT_THAT(summary->files,
              ElementsAre(dir_.File("out/Split-train/data_tfrecord-00000-of-00001.gz"),
                          dir_.File("out/Split-eval/data_tfrecord-00000-of-00001.gz")));
  // 2:1 by hash: 400 expected in train; a binomial's standard deviation here is about 12.
  ASSERT_EQ(summary->split_counts.size(), 2u);
  EXPECT_EQ(summary->split_counts[0] + summary->split_counts[1], 600);
  EXPECT_NEAR(summary->split_counts[0], 400, 50);

  SplitRecords train = ReadSplit(dir_.File("out"), "train");
  SplitRecords eval = ReadSplit(dir_.File("out"), "eval");
  EXPECT_EQ(static_cast<int64_t>(train.raw.size()), summary->split_counts[0]);
  EXPECT_EQ(static_cast<int64_t>(eval.raw.size()), summary->split_counts[1]);
  // Each record went where the partition function sends it.
  std::array<int, 2> buckets = {2, 1};
  for (const std::string& record : train.raw) EXPECT_EQ(SplitIndexForExample(record, buckets), 0u);
  for (const std::string& record : eval.raw) EXPECT_EQ(SplitIndexForExample(record, buckets), 1u);
  // Values and missing cells: the CSV's first row (i = 0), in whichever split it went to.
  std::vector<tensorflow::Example> all = train.examples;
  all.insert(all.end(), eval.examples.begin(), eval.examples.end());
  auto first_row = std::find_if(all.begin(), all.end(), [](const tensorflow::Example& e) {
    return e.features().feature().at("body_mass_g").int64_list().value(0) == 3000;
  });
  ASSERT_NE(first_row, all.end());
  const tensorflow::Example& first = *first_row;
  const auto& features = first.features().feature();
  EXPECT_EQ(features.at("body_mass_g").int64_list().value(0), 3000);
  EXPECT_FLOAT_EQ(features.at("culmen_length_mm").float_list().value(0), 35.0f);
  EXPECT_EQ(features.at("island").bytes_list().value(0), "Dream");
  EXPECT_FALSE(features.contains("note"));

  // The same input gives the same bytes.
  ExampleGenOptions again = Options(csv);
  again.output_dir = dir_.File("again");
  ASSERT_TRUE(RunExampleGen(again).ok());
  EXPECT_EQ(ReadFileOrDie(dir_.File("again/Split-train/data_tfrecord-00000-of-00001.gz")),
            ReadFileOrDie(summary->files[0]));
}

TEST_F(ExampleGenTest, MissingTokensDropAndCustomSplits) {
  ExampleGenOptions options = Options("a,b\n1,NA\n2,2.5\n,3\n4,4\n");
  options.missing_values = {"NA"};
  options.drop_missing = true;
  options.splits = {{"train", 1}, {"eval", 1}, {"test", 1}};
  auto summary = RunExampleGen(options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_read, 4);
  EXPECT_EQ(summary->rows_dropped, 2);
  EXPECT_EQ(summary->columns[1].type, FeatureType::kFloat);
  EXPECT_EQ(summary->split_counts[0] + summary->split_counts[1] + summary->split_counts[2], 2);
  auto splits = ListSplits(options.output_dir);
  ASSERT_TRUE(splits.ok());
  EXPECT_THAT(*splits, ElementsAre("eval", "test", "train"));
}

TEST_F(ExampleGenTest, MalformedCsvNamesFileAndLine) {
  auto summary = RunExampleGen(Options("a,b\n1,2\n3\n"));
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            dir_.File("in.csv") + ":3: the row has 1 fields, the header has 2");
  summary = RunExampleGen(Options("a,a\n1,2\n"));
  EXPECT_EQ(summary.status().message(),
            dir_.File("in.csv") + ":1: column 2: 'a' names two columns");
  summary = RunExampleGen(Options(""));
  EXPECT_THAT(summary.status().message(), HasSubstr("the file is empty"));
  // Nothing was written.
  EXPECT_FALSE(std::filesystem::exists(dir_.File("out")));
}

TEST_F(ExampleGenTest, ExistingOutputNeedsOverwrite) {
  ExampleGenOptions options = Options("a,b\n1,2\n");
  ASSERT_TRUE(RunExampleGen(options).ok());
  auto again = RunExampleGen(options);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(again.status().message(), HasSubstr("Split-train already holds files"));
  options.overwrite = true;
  EXPECT_TRUE(RunExampleGen(options).ok());
}

TEST_F(ExampleGenTest, BadOptions) {
  ExampleGenOptions options = Options("a\n1\n");
  options.splits = {{"train", 2}, {"train", 1}};
  EXPECT_EQ(RunExampleGen(options).status().message(), "split 'train' is given twice");
  options.splits = {{"../up", 1}};
  EXPECT_THAT(RunExampleGen(options).status().message(), HasSubstr("must be letters"));
  options.splits = {{"train", 0}};
  EXPECT_THAT(RunExampleGen(options).status().message(), HasSubstr("needs >= 1"));
  options.splits = {};
  EXPECT_EQ(RunExampleGen(options).status().code(), StatusCode::kInvalidArgument);
  options = Options("a\n1\n");
  options.input_csv = dir_.File("absent.csv");
  EXPECT_EQ(RunExampleGen(options).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kubetune::data
