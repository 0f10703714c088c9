#include "data/example_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/example_spec.h"
#include "data/testing.h"
#include "data/tfrecord_reader.h"

namespace kubetune::data {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace tfmd = tensorflow::metadata::v0;

tensorflow::Example MakeExample(std::optional<int64_t> age, std::optional<float> height,
                                std::optional<std::string> city,
                                std::optional<std::string> species) {
  tensorflow::Example example;
  auto& features = *example.mutable_features()->mutable_feature();
  if (age) features["age"].mutable_int64_list()->add_value(*age);
  if (height) features["height"].mutable_float_list()->add_value(*height);
  if (city) features["city"].mutable_bytes_list()->add_value(*city);
  if (species) features["species"].mutable_bytes_list()->add_value(*species);
  return example;
}

ExampleSpec PeopleSpec() {
  ExampleSpec spec;
  spec.features = {{"age", FeatureType::kInt64, std::nullopt},
                   {"height", FeatureType::kFloat, std::nullopt},
                   {"city", FeatureType::kBytes, std::nullopt}};
  spec.label = {"species", FeatureType::kBytes, std::nullopt};
  return spec;
}

Vocabularies PeopleVocabularies() {
  return {{"city", {"Lisbon", "Oslo", "Paris"}}, {"species", {"Adelie", "Chinstrap", "Gentoo"}}};
}

ExampleParser MakeParser(ExampleSpec spec = PeopleSpec()) {
  StatusOr<ExampleParser> parser = ExampleParser::Create(std::move(spec), PeopleVocabularies());
  EXPECT_TRUE(parser.ok()) << parser.status().ToString();
  return *std::move(parser);
}

TEST(ExampleParserTest, ParsesEachTypeIntoRowMajorColumns) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  EXPECT_EQ(batch.cols, 3);
  EXPECT_THAT(batch.feature_names, ElementsAre("age", "height", "city"));
  ASSERT_TRUE(parser
                  .AppendSerialized(MakeExample(42, 1.75f, "Oslo", "Gentoo").SerializeAsString(),
                                    "r0", &batch)
                  .ok());
  ASSERT_TRUE(parser.Append(MakeExample(-3, 0.5f, "Lisbon", "Adelie"), "r1", &batch).ok());
  EXPECT_EQ(batch.rows, 2);
  EXPECT_THAT(batch.features, ElementsAre(42.0f, 1.75f, 1.0f, -3.0f, 0.5f, 0.0f));
  EXPECT_THAT(batch.labels, ElementsAre(2.0f, 0.0f));
  EXPECT_EQ(batch.at(1, 1), 0.5f);
}

TEST(ExampleParserTest, AnUnknownBytesValueGetsTheOutOfVocabularyIndex) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  ASSERT_TRUE(parser.Append(MakeExample(1, 1.0f, "Tokyo", "Emperor"), "r", &batch).ok());
  EXPECT_EQ(batch.at(0, 2), 3.0f);
  EXPECT_THAT(batch.labels, ElementsAre(3.0f));
}

TEST(ExampleParserTest, AMissingValueTakesTheDefault) {
  ExampleSpec spec = PeopleSpec();
  spec.features[1].default_value = -1.0f;
  ExampleParser parser = MakeParser(spec);
  DenseBatch batch = parser.NewBatch();
  ASSERT_TRUE(parser.Append(MakeExample(7, std::nullopt, "Paris", "Adelie"), "r", &batch).ok());
  // A feature present with an empty list counts as missing too.
  tensorflow::Example empty_list = MakeExample(8, std::nullopt, "Paris", "Adelie");
  (*empty_list.mutable_features()->mutable_feature())["height"].mutable_float_list();
  ASSERT_TRUE(parser.Append(empty_list, "r", &batch).ok());
  EXPECT_THAT(batch.features, ElementsAre(7.0f, -1.0f, 2.0f, 8.0f, -1.0f, 2.0f));
}

TEST(ExampleParserTest, AMissingValueWithoutDefaultNamesTheKeyAndRecord) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  Status status = parser.Append(MakeExample(7, std::nullopt, "Paris", "Adelie"),
                                "train.gz: record 12 (byte 400)", &batch);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "train.gz: record 12 (byte 400): feature 'height' is missing and has no default value");
  EXPECT_EQ(batch.rows, 0);
}

TEST(ExampleParserTest, AMissingLabelIsAnError) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  Status status = parser.Append(MakeExample(7, 1.0f, "Paris", std::nullopt), "rec", &batch);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rec: label 'species' is missing");
}

TEST(ExampleParserTest, AValueOfTheWrongTypeNamesTheKey) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  tensorflow::Example example = MakeExample(7, std::nullopt, "Paris", "Adelie");
  (*example.mutable_features()->mutable_feature())["height"].mutable_bytes_list()->add_value("x");
  Status status = parser.Append(example, "rec 3", &batch);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rec 3: feature 'height' holds bytes values, expected float");

  example = MakeExample(std::nullopt, 1.0f, "Paris", "Adelie");
  (*example.mutable_features()->mutable_feature())["age"].mutable_float_list()->add_value(7.5f);
  status = parser.Append(example, "rec 4", &batch);
  EXPECT_EQ(status.message(), "rec 4: feature 'age' holds float values, expected int64");
  EXPECT_EQ(batch.rows, 0);
}

TEST(ExampleParserTest, SeveralValuesAreRefused) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  tensorflow::Example example = MakeExample(7, 1.0f, "Paris", "Adelie");
  (*example.mutable_features()->mutable_feature())["age"].mutable_int64_list()->add_value(8);
  Status status = parser.Append(example, "rec", &batch);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("feature 'age' has 2 values"));
}

TEST(ExampleParserTest, BytesThatAreNotAnExampleAreDataLoss) {
  ExampleParser parser = MakeParser();
  DenseBatch batch = parser.NewBatch();
  Status status = parser.AppendSerialized("\xff\xff\xff", "rec 9", &batch);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("rec 9: not a serialized tf.Example"));
}

TEST(ExampleParserTest, CreateChecksTheSpec) {
  ExampleSpec spec = PeopleSpec();
  EXPECT_EQ(ExampleParser::Create(spec, {}).status().message(),
            "feature 'city' holds bytes but has no vocabulary");
  spec.features.push_back({"species", FeatureType::kFloat, std::nullopt});
  EXPECT_THAT(ExampleParser::Create(spec, PeopleVocabularies()).status().message(),
              HasSubstr("'species' appears twice"));
  spec = PeopleSpec();
  EXPECT_EQ(ExampleParser::Create(spec, {{"city", {"b", "a"}}, {"species", {}}}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ExampleParserTest, ReadsAnExampleThatTensorFlowWrote) {
  // Record 3 of data/testdata/tensorflow_written.tfrecord: age 42, height 1.75, city "Lisbon".
  auto reader = TFRecordReader::Open(testing::TestDataDir() + "/tensorflow_written.tfrecord");
  ASSERT_TRUE(reader.ok());
  std::string record;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE((*reader)->ReadRecord(&record).ok());
  ExampleSpec spec;
  spec.features = {{"city", FeatureType::kBytes, std::nullopt},
                   {"height", FeatureType::kFloat, std::nullopt}};
  spec.label = {"age", FeatureType::kInt64, std::nullopt};
  auto parser = ExampleParser::Create(spec, {{"city", {"Lisbon"}}});
  ASSERT_TRUE(parser.ok());
  DenseBatch batch = parser->NewBatch();
  ASSERT_TRUE(parser->AppendSerialized(record, "tf", &batch).ok());
  EXPECT_THAT(batch.features, ElementsAre(0.0f, 1.75f));
  EXPECT_THAT(batch.labels, ElementsAre(42.0f));
}

TEST(VocabularyBuilderTest, CollectsSortedDistinctBytesValues) {
  VocabularyBuilder builder(PeopleSpec());
  builder.Add(MakeExample(1, 1.0f, "Paris", "Gentoo"));
  builder.Add(MakeExample(1, 1.0f, "Lisbon", "Adelie"));
  builder.Add(MakeExample(1, 1.0f, "Paris", std::nullopt));
  Vocabularies vocabularies = builder.Build();
  EXPECT_THAT(vocabularies["city"], ElementsAre("Lisbon", "Paris"));
  EXPECT_THAT(vocabularies["species"], ElementsAre("Adelie", "Gentoo"));
  EXPECT_FALSE(vocabularies.contains("age"));
}

TEST(InferExampleSpecTest, AllButTheLabelSortedByName) {
  std::vector<tensorflow::Example> examples = {MakeExample(1, std::nullopt, "Oslo", "Adelie"),
                                               MakeExample(2, 1.5f, std::nullopt, "Gentoo")};
  StatusOr<ExampleSpec> spec = InferExampleSpec(examples, {"species", {}, 0.0f});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->features.size(), 3u);
  EXPECT_EQ(spec->features[0].name, "age");
  EXPECT_EQ(spec->features[0].type, FeatureType::kInt64);
  EXPECT_EQ(spec->features[1].name, "city");
  EXPECT_EQ(spec->features[1].type, FeatureType::kBytes);
  EXPECT_EQ(spec->features[2].name, "height");
  EXPECT_EQ(spec->features[2].type, FeatureType::kFloat);
  EXPECT_EQ(spec->features[2].default_value, 0.0f);
  EXPECT_EQ(spec->label.name, "species");
  EXPECT_EQ(spec->label.type, FeatureType::kBytes);
}

TEST(InferExampleSpecTest, ExplicitKeysKeepTheirOrder) {
  std::vector<tensorflow::Example> examples = {MakeExample(1, 2.0f, "Oslo", "Adelie")};
  StatusOr<ExampleSpec> spec = InferExampleSpec(examples, {"species", {"height", "age"}, {}});
  ASSERT_TRUE(spec.ok());
  ASSERT_EQ(spec->features.size(), 2u);
  EXPECT_EQ(spec->features[0].name, "height");
  EXPECT_EQ(spec->features[1].name, "age");
}

TEST(InferExampleSpecTest, Errors) {
  std::vector<tensorflow::Example> examples = {MakeExample(1, 2.0f, "Oslo", "Adelie")};
  EXPECT_EQ(InferExampleSpec({}, {"species", {}, {}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(InferExampleSpec(examples, {"label", {}, {}}).status().message(),
            "label 'label' is not in the first 1 examples");
  EXPECT_EQ(InferExampleSpec(examples, {"species", {"weight"}, {}}).status().message(),
            "feature 'weight' is not in the first 1 examples");
  EXPECT_EQ(InferExampleSpec(examples, {"species", {"species"}, {}}).status().message(),
            "feature 'species' is also the label");
  tensorflow::Example other = MakeExample(std::nullopt, 2.0f, "Oslo", "Adelie");
  (*other.mutable_features()->mutable_feature())["age"].mutable_float_list()->add_value(1.5f);
  examples.push_back(other);
  EXPECT_EQ(InferExampleSpec(examples, {"species", {}, {}}).status().message(),
            "feature 'age' holds int64 values in one example and float values in example 1");
}

TEST(ExampleSpecFromSchemaTest, TypesComeFromTheSchema) {
  tfmd::Schema schema;
  auto add = [&](const std::string& name, tfmd::FeatureType type) {
    tfmd::Feature* feature = schema.add_feature();
    feature->set_name(name);
    feature->set_type(type);
    return feature;
  };
  add("species", tfmd::BYTES);
  add("body_mass_g", tfmd::INT);
  add("culmen_length_mm", tfmd::FLOAT);
  add("old", tfmd::FLOAT)->set_lifecycle_stage(tfmd::DEPRECATED);
  add("nested", tfmd::STRUCT)->set_lifecycle_stage(tfmd::DISABLED);
  StatusOr<ExampleSpec> spec = ExampleSpecFromSchema(schema, {"species", {}, {}});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->features.size(), 2u);
  EXPECT_EQ(spec->features[0].name, "body_mass_g");
  EXPECT_EQ(spec->features[0].type, FeatureType::kInt64);
  EXPECT_EQ(spec->features[1].name, "culmen_length_mm");
  EXPECT_EQ(spec->features[1].type, FeatureType::kFloat);
  EXPECT_EQ(spec->label.type, FeatureType::kBytes);

  // A deprecated feature is still taken when asked for by name; a STRUCT one cannot be.
  spec = ExampleSpecFromSchema(schema, {"species", {"old"}, {}});
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->features[0].name, "old");
  EXPECT_EQ(ExampleSpecFromSchema(schema, {"species", {"nested"}, {}}).status().message(),
            "feature 'nested' has schema type STRUCT, which no dense column can hold");
  EXPECT_EQ(ExampleSpecFromSchema(schema, {"sex", {}, {}}).status().message(),
            "label 'sex' is not in the schema");
}

}  // namespace
}  // namespace kubetune::data
