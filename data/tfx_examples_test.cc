#include "data/tfx_examples.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/testing.h"
#include "data/tfrecord_writer.h"

namespace kubetune::data {
namespace {

using ::kubetune::data::testing::ReadFileOrDie;
using ::kubetune::data::testing::ScratchDir;
using ::kubetune::data::testing::WriteFileOrDie;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace tfmd = tensorflow::metadata::v0;

tensorflow::Example Penguin(std::optional<float> culmen, int64_t mass, const std::string& island,
                            int64_t species) {
  tensorflow::Example example;
  auto& features = *example.mutable_features()->mutable_feature();
  if (culmen) features["culmen_length_mm"].mutable_float_list()->add_value(*culmen);
  features["body_mass_g"].mutable_int64_list()->add_value(mass);
  features["island"].mutable_bytes_list()->add_value(island);
  features["species"].mutable_int64_list()->add_value(species);
  return example;
}

void WriteExamples(const std::string& path, const std::vector<tensorflow::Example>& examples) {
  TFRecordWriterOptions options;
  options.compression = CompressionForFileName(path);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  auto writer = TFRecordWriter::Open(path, options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (const auto& example : examples)
    ASSERT_TRUE((*writer)->Write(example.SerializeAsString()).ok());
  ASSERT_TRUE((*writer)->Close().ok());
}

// Split-train: two files (one GZIP) and a hidden file; Split-eval: one file with an island the
// training split never shows.
class TfxExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteExamples(dir_.File("Split-train/data_tfrecord-00000-of-00002.gz"),
                  {Penguin(39.1f, 3750, "Torgersen", 0), Penguin(46.5f, 3500, "Dream", 1)});
    WriteExamples(dir_.File("Split-train/data_tfrecord-00001-of-00002"),
                  {Penguin(50.0f, 5000, "Biscoe", 2)});
    WriteFileOrDie(dir_.File("Split-train/.hidden"), "not records");
    WriteExamples(dir_.File("Split-eval/data_tfrecord-00000-of-00001.gz"),
                  {Penguin(40.0f, 4000, "Anvers", 0)});
  }

  TfxLoadOptions Options() const {
    TfxLoadOptions options;
    options.request.label_key = "species";
    return options;
  }

  ScratchDir dir_;
};

TEST_F(TfxExamplesTest, DiscoversSplitsAndFiles) {
  std::filesystem::create_directories(dir_.File("Split-test"));
  std::filesystem::create_directories(dir_.File("not-a-split"));
  auto splits = ListSplits(dir_.path());
  ASSERT_TRUE(splits.ok());
  EXPECT_THAT(*splits, ElementsAre("eval", "test", "train"));

  auto files = ListSplitFiles(dir_.path(), "train");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, dir_.File("Split-train/data_tfrecord-00000-of-00002.gz"));
  EXPECT_EQ((*files)[0].compression, Compression::kGzip);
  EXPECT_EQ((*files)[1].compression, Compression::kNone);
}

TEST_F(TfxExamplesTest, AMissingSplitIsNamed) {
  auto files = ListSplitFiles(dir_.path(), "validation");
  EXPECT_EQ(files.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(files.status().message(),
            dir_.path() +
                ": split 'validation' is missing: no directory Split-validation "
                "(splits present: eval, train)");
  std::filesystem::create_directories(dir_.File("Split-empty"));
  EXPECT_THAT(ListSplitFiles(dir_.path(), "empty").status().message(),
              HasSubstr("split 'empty' has no files"));
  EXPECT_EQ(ListSplits(dir_.File("nope")).status().code(), StatusCode::kNotFound);

  TfxLoadOptions options = Options();
  options.other_splits = {"eval", "test"};
  auto loaded = LoadTfxExamples(dir_.path(), options);
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(loaded.status().message(), HasSubstr("split 'test' is missing"));
}

TEST_F(TfxExamplesTest, LoadsWithInferredTypesAndATrainingVocabulary) {
  auto loaded = LoadTfxExamples(dir_.path(), Options());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const DenseBatch& train = loaded->splits.at("train");
  EXPECT_THAT(train.feature_names, ElementsAre("body_mass_g", "culmen_length_mm", "island"));
  EXPECT_EQ(train.rows, 3);
  // Islands, sorted: Biscoe 0, Dream 1, Torgersen 2.
  EXPECT_THAT(train.features, ElementsAre(3750, 39.1f, 2, 3500, 46.5f, 1, 5000, 50.0f, 0));
  EXPECT_THAT(train.labels, ElementsAre(0, 1, 2));
  EXPECT_THAT(loaded->vocabularies.at("island"), ElementsAre("Biscoe", "Dream", "Torgersen"));
  // Anvers is not in the training split: the out-of-vocabulary index.
  const DenseBatch& eval = loaded->splits.at("eval");
  EXPECT_THAT(eval.features, ElementsAre(4000, 40.0f, 3));
}

TEST_F(TfxExamplesTest, ParserErrorsNameTheRecord) {
  WriteExamples(dir_.File("Split-eval/data_tfrecord-00000-of-00001.gz"),
                {Penguin(40.0f, 4000, "Dream", 0), Penguin(std::nullopt, 4100, "Dream", 1)});
  auto loaded = LoadTfxExamples(dir_.path(), Options());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("Split-eval/data_tfrecord-00000-of-00001.gz: record 1 (byte "));
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("feature 'culmen_length_mm' is missing and has no default value"));

  TfxLoadOptions options = Options();
  options.request.default_value = -1.0f;
  loaded = LoadTfxExamples(dir_.path(), options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->splits.at("eval").at(1, 1), -1.0f);
}

TEST_F(TfxExamplesTest, CorruptRecordsFailOrAreSkipped) {
  std::string path = dir_.File("Split-train/data_tfrecord-00001-of-00002");
  std::string bytes = ReadFileOrDie(path);
  bytes[bytes.size() - 1] ^= 1;  // the data checksum of its only record
  WriteFileOrDie(path, bytes);
  auto loaded = LoadTfxExamples(dir_.path(), Options());
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(loaded.status().message(), HasSubstr(path + ": corrupt record at byte 0"));

  TfxLoadOptions options = Options();
  options.on_corruption = CorruptionPolicy::kSkip;
  int skipped = 0;
  options.on_skip = [&](const Status&) { ++skipped; };
  loaded = LoadTfxExamples(dir_.path(), options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->splits.at("train").rows, 2);
  EXPECT_GE(skipped, 1);
}

TEST_F(TfxExamplesTest, TypesFromASchema) {
  // SchemaGen's text format, with a field this subset does not declare (skew_comparator).
  WriteFileOrDie(dir_.File("schema/schema.pbtxt"), R"pb(
    feature {
      name: "body_mass_g"
      type: INT
      presence { min_fraction: 1.0 min_count: 1 }
      shape { dim { size: 1 } }
    }
    feature { name: "culmen_length_mm" type: FLOAT }
    feature {
      name: "island"
      type: BYTES
      domain: "island"
      skew_comparator { infinity_norm { threshold: 0.01 } }
    }
    feature { name: "species" type: INT }
    string_domain { name: "island" value: "Biscoe" value: "Dream" value: "Torgersen" }
  )pb");
  auto schema = ReadSchema(dir_.File("schema"));
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->feature_size(), 4);
  EXPECT_EQ(schema->feature(2).domain(), "island");

  TfxLoadOptions options = Options();
  options.schema = *schema;
  options.request.feature_keys = {"culmen_length_mm", "body_mass_g"};
  auto loaded = LoadTfxExamples(dir_.path(), options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_THAT(loaded->splits.at("train").feature_names,
              ElementsAre("culmen_length_mm", "body_mass_g"));
  EXPECT_EQ(loaded->spec.features[1].type, FeatureType::kInt64);

  // A schema that disagrees with the data: the parser names the key.
  (*schema->mutable_feature(1)).set_type(tfmd::INT);
  options.schema = *schema;
  loaded = LoadTfxExamples(dir_.path(), options);
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("feature 'culmen_length_mm' holds float values, expected int64"));
}

TEST(ReadSchemaTest, BinaryAndBrokenSchemas) {
  ScratchDir dir;
  tfmd::Schema schema;
  tfmd::Feature* feature = schema.add_feature();
  feature->set_name("x");
  feature->set_type(tfmd::FLOAT);
  WriteFileOrDie(dir.File("schema.pb"), schema.SerializeAsString());
  auto read = ReadSchema(dir.File("schema.pb"));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->feature(0).name(), "x");

  WriteFileOrDie(dir.File("broken.pbtxt"), "feature {\n  name: \"x\"\n  type: NUMBER\n}\n");
  read = ReadSchema(dir.File("broken.pbtxt"));
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(read.status().message(), HasSubstr("broken.pbtxt: not a TensorFlow Metadata schema"));
  EXPECT_THAT(read.status().message(), HasSubstr(":1: Unknown enumeration value of \"NUMBER\""));

  EXPECT_EQ(ReadSchema(dir.File("absent.pbtxt")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kubetune::data
