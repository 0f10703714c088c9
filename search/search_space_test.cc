#include "search/search_space.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace kubetune::search {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The exact output of keras-tuner 1.4.8's json.dumps(hp.get_config()) for a space with every
// type, sampling and condition kind.
constexpr char kKerasTunerDocument[] =
    R"json({"space": [{"class_name": "Int", "config": {"name": "a", "default": null, )json"
    R"json("conditions": [], "min_value": 1, "max_value": 10, "step": 1, )json"
    R"json("sampling": "linear"}}, {"class_name": "Int", "config": {"name": "b", )json"
    R"json("default": null, "conditions": [], "min_value": 1, "max_value": 100, )json"
    R"json("step": null, "sampling": "log"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "c", "default": 0.0001, "conditions": [], )json"
    R"json("min_value": 0.0001, "max_value": 0.1, "step": null, "sampling": "log"}}, )json"
    R"json({"class_name": "Float", "config": {"name": "d", "default": 0.0, )json"
    R"json("conditions": [], "min_value": 0.0, "max_value": 1.0, "step": 0.1, )json"
    R"json("sampling": "linear"}}, {"class_name": "Float", "config": {"name": "r", )json"
    R"json("default": 0.1, "conditions": [], "min_value": 0.1, "max_value": 0.9, )json"
    R"json("step": null, "sampling": "reverse_log"}}, {"class_name": "Choice", )json"
    R"json("config": {"name": "e", "default": 1, "conditions": [], "values": [1, 2, 3], )json"
    R"json("ordered": true}}, {"class_name": "Choice", "config": {"name": "f", )json"
    R"json("default": "x", "conditions": [], "values": ["x", "y"], "ordered": false}}, )json"
    R"json({"class_name": "Choice", "config": {"name": "g", "default": 1, "conditions": [], )json"
    R"json("values": [1, 0], "ordered": true}}, {"class_name": "Choice", )json"
    R"json("config": {"name": "g2", "default": 0.5, "conditions": [], "values": [0.5, )json"
    R"json(0.25], "ordered": false}}, {"class_name": "Boolean", "config": {"name": "h", )json"
    R"json("default": false, "conditions": []}}, {"class_name": "Fixed", )json"
    R"json("config": {"name": "i", "conditions": [], "value": "hello"}}, )json"
    R"json({"class_name": "Fixed", "config": {"name": "i2", "conditions": [], )json"
    R"json("value": 3.0}}, {"class_name": "Int", "config": {"name": "j", "default": null, )json"
    R"json("conditions": [{"class_name": "Parent", "config": {"name": "f", )json"
    R"json("values": ["x"]}}], "min_value": 1, "max_value": 3, "step": 1, )json"
    R"json("sampling": "linear"}}, {"class_name": "Float", "config": {"name": "k", )json"
    R"json("default": 0.0, "conditions": [{"class_name": "Parent", "config": {"name": "f", )json"
    R"json("values": ["x"]}}, {"class_name": "Parent", "config": {"name": "j", )json"
    R"json("values": [1, 2]}}], "min_value": 0.0, "max_value": 1.0, "step": null, )json"
    R"json("sampling": "linear"}}, {"class_name": "Int", "config": {"name": "block/units", )json"
    R"json("default": 16, "conditions": [], "min_value": 8, "max_value": 64, "step": 8, )json"
    R"json("sampling": "linear"}}], "values": {"a": 1, "b": 1, "c": 0.0001, "d": 0.0, )json"
    R"json("r": 0.1, "e": 1, "f": "x", "g": 1, "g2": 0.5, "h": false, "i": "hello", )json"
    R"json("i2": 3.0, "j": 1, "k": 0.0, "block/units": 16}})json";

// More keras-tuner 1.4.8 output: Floats given an int step or default (KerasTuner writes them
// back as ints), Int steps in every sampling with a default off the reverse_log step grid,
// non-ASCII names and values, and nested conditions with values in non-declaration order.
constexpr char kFloatsConfig[] =
    R"json({"space": [{"class_name": "Float", "config": {"name": "dropout", "default": 0.0, )json"
    R"json("conditions": [], "min_value": 0.0, "max_value": 0.5, "step": null, )json"
    R"json("sampling": "linear"}}, {"class_name": "Float", "config": {"name": "momentum", )json"
    R"json("default": 0.9, "conditions": [], "min_value": 0.5, "max_value": 0.99, )json"
    R"json("step": null, "sampling": "linear"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "ratio", "default": 0.1, "conditions": [], "min_value": 0.1, )json"
    R"json("max_value": 0.9, "step": 0.1, "sampling": "linear"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "lr", "default": 1e-05, "conditions": [], "min_value": 1e-05, )json"
    R"json("max_value": 0.1, "step": null, "sampling": "log"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "decay", "default": 0.01, "conditions": [], )json"
    R"json("min_value": 0.0001, "max_value": 1.0, "step": 10, "sampling": "log"}}, )json"
    R"json({"class_name": "Float", "config": {"name": "beta", "default": 0.99, )json"
    R"json("conditions": [], "min_value": 0.9, "max_value": 0.9999, "step": null, )json"
    R"json("sampling": "reverse_log"}}, {"class_name": "Float", "config": {"name": "gamma", )json"
    R"json("default": 1.0, "conditions": [], "min_value": 1.0, "max_value": 8.0, )json"
    R"json("step": 2.0, "sampling": "reverse_log"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "clip", "default": 4, "conditions": [], "min_value": 0.0, )json"
    R"json("max_value": 10.0, "step": 2, "sampling": "linear"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "scale", "default": 100000.0, "conditions": [], )json"
    R"json("min_value": 1e-07, "max_value": 1e+16, "step": null, "sampling": "log"}}], )json"
    R"json("values": {"dropout": 0.0, "momentum": 0.9, "ratio": 0.1, "lr": 1e-05, )json"
    R"json("decay": 0.01, "beta": 0.99, "gamma": 1.0, "clip": 4, "scale": 100000.0}})json";

constexpr char kIntsValuesConfig[] =
    R"json({"space": [{"class_name": "Int", "config": {"name": "units", "default": null, )json"
    R"json("conditions": [], "min_value": 8, "max_value": 64, "step": 8, )json"
    R"json("sampling": "linear"}}, {"class_name": "Int", "config": {"name": "layers", )json"
    R"json("default": 4, "conditions": [], "min_value": 1, "max_value": 10, "step": 1, )json"
    R"json("sampling": "linear"}}, {"class_name": "Int", "config": {"name": "offset", )json"
    R"json("default": 0, "conditions": [], "min_value": -5, "max_value": 5, "step": 5, )json"
    R"json("sampling": "linear"}}, {"class_name": "Int", "config": {"name": "filters", )json"
    R"json("default": null, "conditions": [], "min_value": 1, "max_value": 256, "step": 2, )json"
    R"json("sampling": "log"}}, {"class_name": "Int", "config": {"name": "batch", )json"
    R"json("default": 32, "conditions": [], "min_value": 2, "max_value": 1024, )json"
    R"json("step": null, "sampling": "log"}}, {"class_name": "Int", )json"
    R"json("config": {"name": "patience", "default": null, "conditions": [], )json"
    R"json("min_value": 1, "max_value": 100, "step": null, "sampling": "reverse_log"}}, )json"
    R"json({"class_name": "Int", "config": {"name": "kernel", "default": 9, )json"
    R"json("conditions": [], "min_value": 3, "max_value": 27, "step": 3, )json"
    R"json("sampling": "reverse_log"}}, {"class_name": "Int", "config": {"name": "seed", )json"
    R"json("default": null, "conditions": [], "min_value": 7, "max_value": 7, "step": 1, )json"
    R"json("sampling": "linear"}}], "values": {"units": 40, "offset": -5, "filters": 64, )json"
    R"json("batch": 1000, "patience": 97, "kernel": 21, "seed": 7, "layers": 4}})json";

constexpr char kTextConfig[] =
    R"json({"space": [{"class_name": "Choice", "config": {"name": "tokenizer", )json"
    R"json("default": "wordpiece", "conditions": [], "values": ["wordpiece", )json"
    R"json("gr\u00f6\u00dfe", "\u65e5\u672c\u8a9e", "quote\"back\\slash"], )json"
    R"json("ordered": false}}, {"class_name": "Fixed", )json"
    R"json("config": {"name": "\u00fcn\u00efcode/note", "conditions": [], )json"
    R"json("value": "tab\there\nnewline"}}, {"class_name": "Int", )json"
    R"json("config": {"name": "\u00fcn\u00efcode/\u03b7", "default": null, )json"
    R"json("conditions": [], "min_value": 1, "max_value": 4, "step": 1, )json"
    R"json("sampling": "linear"}}], "values": {"tokenizer": "wordpiece", )json"
    R"json("\u00fcn\u00efcode/note": "tab\there\nnewline", "\u00fcn\u00efcode/\u03b7": 1}})json";

constexpr char kConditionalValuesConfig[] =
    R"json({"space": [{"class_name": "Choice", "config": {"name": "model", )json"
    R"json("default": "mlp", "conditions": [], "values": ["mlp", "cnn", "rnn"], )json"
    R"json("ordered": false}}, {"class_name": "Int", "config": {"name": "mlp_units", )json"
    R"json("default": null, "conditions": [{"class_name": "Parent", )json"
    R"json("config": {"name": "model", "values": ["mlp"]}}], "min_value": 32, )json"
    R"json("max_value": 512, "step": 32, "sampling": "linear"}}, {"class_name": "Float", )json"
    R"json("config": {"name": "mlp_dropout", "default": 0.0, )json"
    R"json("conditions": [{"class_name": "Parent", "config": {"name": "model", )json"
    R"json("values": ["mlp"]}}], "min_value": 0.0, "max_value": 0.5, "step": 0.25, )json"
    R"json("sampling": "linear"}}, {"class_name": "Int", "config": {"name": "conv_layers", )json"
    R"json("default": 2, "conditions": [{"class_name": "Parent", )json"
    R"json("config": {"name": "model", "values": ["cnn"]}}], "min_value": 1, )json"
    R"json("max_value": 4, "step": 1, "sampling": "linear"}}, {"class_name": "Boolean", )json"
    R"json("config": {"name": "conv_residual", "default": false, )json"
    R"json("conditions": [{"class_name": "Parent", "config": {"name": "model", )json"
    R"json("values": ["cnn"]}}, {"class_name": "Parent", "config": {"name": "conv_layers", )json"
    R"json("values": [3, 4]}}]}}, {"class_name": "Choice", )json"
    R"json("config": {"name": "conv_shortcut", "default": "identity", )json"
    R"json("conditions": [{"class_name": "Parent", "config": {"name": "model", )json"
    R"json("values": ["cnn"]}}, {"class_name": "Parent", "config": {"name": "conv_layers", )json"
    R"json("values": [3, 4]}}, {"class_name": "Parent", "config": {"name": "conv_residual", )json"
    R"json("values": [true]}}], "values": ["identity", "projection"], "ordered": false}}, )json"
    R"json({"class_name": "Choice", "config": {"name": "rnn_or_cnn_width", "default": 64, )json"
    R"json("conditions": [{"class_name": "Parent", "config": {"name": "model", )json"
    R"json("values": ["cnn", "rnn"]}}], "values": [64, 128], "ordered": true}}, )json"
    R"json({"class_name": "Float", "config": {"name": "lr", "default": 0.0001, )json"
    R"json("conditions": [], "min_value": 0.0001, "max_value": 0.01, "step": null, )json"
    R"json("sampling": "log"}}], "values": {"model": "cnn", "conv_layers": 3, )json"
    R"json("conv_residual": true, "conv_shortcut": "projection", "rnn_or_cnn_width": 64, )json"
    R"json("lr": 0.0001}})json";

std::string RoundTrip(std::string_view text) {
  StatusOr<HyperParametersConfig> config = ParseHyperParametersConfig(text);
  if (!config.ok()) return "error: " + config.status().ToString();
  return DumpPythonJson(HyperParametersToConfig(config->space, config->values));
}

HyperParametersConfig Parse(std::string_view text) {
  StatusOr<HyperParametersConfig> config = ParseHyperParametersConfig(text);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? *std::move(config) : HyperParametersConfig{};
}

SearchSpace ParseSpace(const std::string& entries) {
  return Parse("{\"space\": [" + entries + "]}").space;
}

// The error message for a space made of `entries`, or "OK".
std::string SpaceError(const std::string& entries, const std::string& values = "{}") {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig("{\"space\": [" + entries + "], \"values\": " + values + "}");
  if (config.ok()) return "OK";
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  return config.status().message();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string ValuesText(const Values& values) { return DumpPythonJson(values.ToJson()); }

Values ValuesOf(const std::string& json) { return *Values::FromJson(*ParseJson(json)); }

constexpr char kIntA[] =
    R"({"class_name": "Int", "config": {"name": "a", "min_value": 1, "max_value": 10}})";

// model: a, b or c; units (model a); bn (model a or b); act (model a and units 2 or 3).
constexpr char kConditionalSpace[] = R"(
  {"class_name": "Choice", "config": {"name": "model", "values": ["a", "b", "c"]}},
  {"class_name": "Int", "config": {"name": "units", "min_value": 1, "max_value": 3, "conditions":
    [{"class_name": "Parent", "config": {"name": "model", "values": ["a"]}}]}},
  {"class_name": "Boolean", "config": {"name": "bn", "conditions":
    [{"class_name": "Parent", "config": {"name": "model", "values": ["a", "b"]}}]}},
  {"class_name": "Choice", "config": {"name": "act", "values": ["x", "y"], "conditions":
    [{"class_name": "Parent", "config": {"name": "model", "values": ["a"]}},
     {"class_name": "Parent", "config": {"name": "units", "values": [2, 3]}}]}})";

TEST(ConfigRoundTripTest, KerasTunerDocumentComesBackByteForByte) {
  EXPECT_EQ(RoundTrip(kKerasTunerDocument), kKerasTunerDocument);
}

TEST(ConfigRoundTripTest, MoreKerasTunerDocumentsComeBackByteForByte) {
  EXPECT_EQ(RoundTrip(kFloatsConfig), kFloatsConfig);
  EXPECT_EQ(RoundTrip(kIntsValuesConfig), kIntsValuesConfig);
  EXPECT_EQ(RoundTrip(kTextConfig), kTextConfig);
  EXPECT_EQ(RoundTrip(kConditionalValuesConfig), kConditionalValuesConfig);
}

TEST(ConfigRoundTripTest, ParsedTypesMatchTheDocument) {
  HyperParametersConfig config = Parse(kKerasTunerDocument);
  const SearchSpace& space = config.space;
  ASSERT_EQ(space.size(), 15u);
  EXPECT_EQ(space.Find("a")->type, HpType::kInt);
  EXPECT_EQ(space.Find("a")->step, 1.0);
  EXPECT_FALSE(space.Find("a")->default_value.has_value());
  EXPECT_EQ(space.Find("b")->sampling, Sampling::kLog);
  EXPECT_FALSE(space.Find("b")->step.has_value());
  EXPECT_EQ(space.Find("r")->sampling, Sampling::kReverseLog);
  EXPECT_EQ(space.Find("g")->choices.size(), 2u);
  EXPECT_TRUE(space.Find("g")->ordered);
  EXPECT_FALSE(space.Find("f")->ordered);
  EXPECT_TRUE(std::holds_alternative<double>(space.Find("i2")->fixed_value));
  ASSERT_EQ(space.Find("k")->conditions.size(), 2u);
  EXPECT_EQ(space.Find("k")->conditions[1].parent, "j");
  EXPECT_EQ(space.Find("block/units")->name, "block/units");
  EXPECT_EQ(config.values.size(), 15u);
}

TEST(ConfigNormalizationTest, IntLinearWithoutStepGetsStepOne) {
  EXPECT_EQ(
      RoundTrip(R"({"space": [{"class_name": "Int", "config": {"name": "n", "default": null, )"
                R"("conditions": [], "min_value": 1, "max_value": 3, "step": null, )"
                R"("sampling": "linear"}}]})"),
      R"({"space": [{"class_name": "Int", "config": {"name": "n", "default": null, )"
      R"("conditions": [], "min_value": 1, "max_value": 3, "step": 1, "sampling": "linear"}}], )"
      R"("values": {}})");
}

TEST(ConfigNormalizationTest, MissingKeysGetKerasTunersDefaults) {
  EXPECT_EQ(
      RoundTrip(
          R"({"space": [)"
          R"({"class_name": "Int", "config": {"name": "n", "min_value": 1, "max_value": 3}}, )"
          R"({"class_name": "Float", "config": {"name": "x", "min_value": 0.5, "max_value": 1}}, )"
          R"({"class_name": "Choice", "config": {"name": "c", "values": ["p", "q"]}}, )"
          R"({"class_name": "Choice", "config": {"name": "u", "values": [8, 16]}}, )"
          R"({"class_name": "Boolean", "config": {"name": "b"}}, )"
          R"({"class_name": "Fixed", "config": {"name": "f", "value": 1}}]})"),
      R"({"space": [)"
      R"({"class_name": "Int", "config": {"name": "n", "default": null, "conditions": [], )"
      R"("min_value": 1, "max_value": 3, "step": 1, "sampling": "linear"}}, )"
      R"({"class_name": "Float", "config": {"name": "x", "default": 0.5, "conditions": [], )"
      R"("min_value": 0.5, "max_value": 1.0, "step": null, "sampling": "linear"}}, )"
      R"({"class_name": "Choice", "config": {"name": "c", "default": "p", "conditions": [], )"
      R"("values": ["p", "q"], "ordered": false}}, )"
      R"({"class_name": "Choice", "config": {"name": "u", "default": 8, "conditions": [], )"
      R"("values": [8, 16], "ordered": true}}, )"
      R"({"class_name": "Boolean", "config": {"name": "b", "default": false, )"
      R"("conditions": []}}, )"
      R"({"class_name": "Fixed", "config": {"name": "f", "conditions": [], "value": 1}}], )"
      R"("values": {}})");
}

TEST(ConfigNormalizationTest, BooleanChoiceBecomesIntegers) {
  EXPECT_EQ(RoundTrip(R"({"space": [{"class_name": "Choice", "config": {"name": "use_bias", )"
                      R"("default": true, "values": [true, false]}}], )"
                      R"("values": {"use_bias": true}})"),
            R"({"space": [{"class_name": "Choice", "config": {"name": "use_bias", "default": 1, )"
            R"("conditions": [], "values": [1, 0], "ordered": true}}], )"
            R"("values": {"use_bias": true}})");
  SearchSpace space =
      ParseSpace(R"({"class_name": "Choice", "config": {"name": "c", "values": [true, false]}})");
  EXPECT_EQ(DumpPythonJson(ValueToJson(space.parameters()[0].Default())), "1");
}

TEST(ConfigNormalizationTest, SamplingNamesAreCaseInsensitive) {
  SearchSpace space = ParseSpace(
      R"({"class_name": "Float", "config": {"name": "lr", "min_value": 0.001, "max_value": 0.1, )"
      R"("sampling": "LOG"}})");
  EXPECT_EQ(space.parameters()[0].sampling, Sampling::kLog);
  EXPECT_THAT(DumpPythonJson(HyperParameterToConfig(space.parameters()[0])),
              HasSubstr(R"("sampling": "log")"));
}

TEST(ConfigNormalizationTest, ChoiceDefaultTakesTheTypeOfTheValues) {
  SearchSpace space = ParseSpace(
      R"({"class_name": "Choice", "config": {"name": "c", "default": 2.0, "values": [1, 2]}})");
  EXPECT_EQ(DumpPythonJson(HyperParameterToConfig(space.parameters()[0])["config"]["default"]),
            "2");
}

TEST(ConfigNormalizationTest, ValuesKeyMayBeMissing) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig(std::string("{\"space\": [") + kIntA + "]}");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->values.empty());
  EXPECT_THAT(DumpPythonJson(HyperParametersToConfig(config->space, config->values)),
              HasSubstr(R"("values": {})"));
}

TEST(ConfigNormalizationTest, InactiveValuesAreDroppedOnWrite) {
  HyperParametersConfig config =
      Parse(std::string("{\"space\": [") + kConditionalSpace +
            R"(], "values": {"model": "b", "units": 2, "bn": true, "act": "y"}})");
  EXPECT_EQ(config.values.size(), 4u);  // Tolerated on read...
  Json written = HyperParametersToConfig(config.space, config.values);
  EXPECT_EQ(DumpPythonJson(written["values"]), R"({"model": "b", "bn": true})");  // ...not written.
}

TEST(ConfigNormalizationTest, WrittenValuesKeepTheCallersOrderAndOmitNothingElse) {
  SearchSpace space = ParseSpace(kConditionalSpace);
  Values values = ValuesOf(R"({"bn": false, "model": "a"})");
  EXPECT_EQ(DumpPythonJson(HyperParametersToConfig(space, values)["values"]),
            R"({"bn": false, "model": "a"})");
}

TEST(ConfigErrorTest, MinAboveMax) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": )"
                         R"({"name": "a", "min_value": 10, "max_value": 1}})"),
              AllOf(HasSubstr("'a'"), HasSubstr("min_value 10 is greater than max_value 1")));
  EXPECT_THAT(SpaceError(R"({"class_name": "Float", "config": )"
                         R"({"name": "x", "min_value": 0.5, "max_value": 0.25}})"),
              HasSubstr("'x': min_value 0.5 is greater than max_value 0.25"));
}

TEST(ConfigErrorTest, LogarithmicSamplingNeedsAPositiveMinimum) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Float", "config": {"name": "lr", "min_value": 0, )"
                         R"("max_value": 1, "sampling": "log"}})"),
              HasSubstr("'lr': log sampling needs min_value > 0, got 0.0"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "p", "min_value": -2, )"
                         R"("max_value": 10, "sampling": "reverse_log"}})"),
              HasSubstr("'p': reverse_log sampling needs min_value > 0, got -2"));
}

TEST(ConfigErrorTest, StepMustBePositiveAndALogStepAboveOne) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Float", "config": {"name": "d", "min_value": 0, )"
                         R"("max_value": 1, "step": 0}})"),
              HasSubstr("'d': step must be > 0, got 0.0"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "n", "min_value": 0, )"
                         R"("max_value": 9, "step": -3}})"),
              HasSubstr("'n': step must be > 0, got -3"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "f", "min_value": 1, )"
                         R"("max_value": 256, "step": 1, "sampling": "log"}})"),
              HasSubstr("'f': step must be > 1 with log sampling"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Float", "config": {"name": "g", "min_value": 1, )"
                         R"("max_value": 8, "step": 0.5, "sampling": "reverse_log"}})"),
              HasSubstr("'g': step must be > 1 with reverse_log sampling"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "h", "min_value": 1, )"
                         R"("max_value": 9, "step": 1.5}})"),
              HasSubstr("'h': step must be an integer"));
}

TEST(ConfigErrorTest, DuplicateNames) {
  EXPECT_THAT(SpaceError(std::string(kIntA) + ", " + kIntA), HasSubstr("'a': duplicate name"));
}

TEST(ConfigErrorTest, UnknownParent) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "j", "min_value": 1, )"
                         R"("max_value": 3, "conditions": [{"class_name": "Parent", )"
                         R"("config": {"name": "nope", "values": [1]}}]}})"),
              HasSubstr("'j': unknown parent 'nope'"));
}

TEST(ConfigErrorTest, ParentDeclaredAfterItsChild) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "j", "min_value": 1, )"
                         R"("max_value": 3, "conditions": [{"class_name": "Parent", )"
                         R"("config": {"name": "f", "values": ["x"]}}]}}, )"
                         R"({"class_name": "Choice", "config": {"name": "f", "values": ["x"]}})"),
              HasSubstr("'j': parent 'f' must be declared before it"));
}

TEST(ConfigErrorTest, ConditionValueTheParentCannotTake) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "f", "values": ["x"]}}, )"
                         R"({"class_name": "Int", "config": {"name": "j", "min_value": 1, )"
                         R"("max_value": 3, "conditions": [{"class_name": "Parent", )"
                         R"("config": {"name": "f", "values": ["z"]}}]}})"),
              HasSubstr("'j': condition value z is not a value of parent 'f'"));
}

TEST(ConfigErrorTest, BadChoices) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "values": []}})"),
              HasSubstr("'e': values must be a non-empty list"));
  EXPECT_THAT(
      SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "values": [1, "a"]}})"),
      HasSubstr("'e': values mixes types"));
  EXPECT_THAT(
      SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "values": [1, 2.5]}})"),
      HasSubstr("'e': values mixes types"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "e", )"
                         R"("values": ["a", "b"], "ordered": true}})"),
              HasSubstr("'e': ordered must be false for string values"));
  EXPECT_THAT(
      SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "values": [1, 1.0]}})"),
      HasSubstr("'e': values mixes types"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "values": [1, 1]}})"),
              HasSubstr("'e': values lists 1 twice"));
}

TEST(ConfigErrorTest, UnknownClassName) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Integer", "config": {"name": "a"}})"),
              HasSubstr("'a': unknown class_name 'Integer'"));
}

TEST(ConfigErrorTest, MissingKeys) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "a", "min_value": 1}})"),
              HasSubstr("'a': missing key 'max_value' for Int"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Fixed", "config": {"name": "i"}})"),
              HasSubstr("'i': missing key 'value' for Fixed"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "c"}})"),
              HasSubstr("'c': missing key 'values' for Choice"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Boolean", "config": {}})"),
              HasSubstr("space[0]: missing key 'name' for Boolean"));
  EXPECT_THAT(SpaceError(R"({"config": {"name": "a"}})"), HasSubstr("space[0]: missing key"));
}

TEST(ConfigErrorTest, UnknownKeys) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "a", "min_value": 1, )"
                         R"("max_value": 3, "maximum": 4}})"),
              HasSubstr("'a': unknown key 'maximum' for Int"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Fixed", "config": {"name": "i", "value": 1, )"
                         R"("default": 1}})"),
              HasSubstr("'i': unknown key 'default' for Fixed"));
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig(R"({"space": [], "values": {}, "extra": 1})");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("unknown key 'extra'"));
}

TEST(ConfigErrorTest, DefaultsOutsideTheRange) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "a", "min_value": 1, )"
                         R"("max_value": 10, "default": 11}})"),
              HasSubstr("'a': default 11 is outside [1, 10]"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Float", "config": {"name": "c", "min_value": 0, )"
                         R"("max_value": 1, "default": 2.5}})"),
              HasSubstr("'c': default 2.5 is outside [0.0, 1.0]"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "default": 4, )"
                         R"("values": [1, 2, 3]}})"),
              HasSubstr("'e': default 4 is not one of values [1,2,3]"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Choice", "config": {"name": "e", "default": "1", )"
                         R"("values": [1, 2, 3]}})"),
              HasSubstr("'e': default \"1\" is not one of values"));
}

TEST(ConfigErrorTest, NonBooleanBooleanDefault) {
  EXPECT_THAT(SpaceError(R"({"class_name": "Boolean", "config": {"name": "h", "default": 1}})"),
              HasSubstr("'h': default must be true or false, got 1"));
}

TEST(ConfigErrorTest, EveryProblemIsReportedOnItsOwnLine) {
  std::string message = SpaceError(
      R"({"class_name": "Int", "config": {"name": "a", "min_value": 10, "max_value": 1}}, )"
      R"({"class_name": "Choice", "config": {"name": "e", "values": []}}, )"
      R"({"class_name": "Boolean", "config": {"name": "h", "default": "no"}}, )"
      R"({"class_name": "Fixed", "config": {"name": "i"}}, )"
      R"({"class_name": "Boolean", "config": {"name": "h"}})");
  std::vector<std::string> lines = Lines(message);
  ASSERT_EQ(lines.size(), 5u) << message;
  EXPECT_THAT(lines[0], HasSubstr("'a': min_value 10 is greater than max_value 1"));
  EXPECT_THAT(lines[1], HasSubstr("'e': values must be a non-empty list"));
  EXPECT_THAT(lines[2], HasSubstr("'h': default must be true or false"));
  EXPECT_THAT(lines[3], HasSubstr("'i': missing key 'value'"));
  EXPECT_THAT(lines[4], HasSubstr("'h': duplicate name"));
}

TEST(ConfigErrorTest, ABrokenParentIsReportedOnceAndItsChildrenAreNotChecked) {
  // The step of 0 would make the parent's value count infinite; checking the child's condition
  // values against it must not hang or add noise.
  std::string message = SpaceError(
      R"({"class_name": "Int", "config": {"name": "p", "min_value": 1, "max_value": 9, )"
      R"("step": 0}}, )"
      R"({"class_name": "Boolean", "config": {"name": "q", "conditions": [{"class_name": )"
      R"("Parent", "config": {"name": "p", "values": [2]}}]}})");
  EXPECT_EQ(Lines(message).size(), 1u) << message;
  EXPECT_THAT(message, HasSubstr("'p': step must be > 0"));
}

TEST(ConfigErrorTest, BadValues) {
  EXPECT_THAT(SpaceError(kIntA, R"({"a": 11})"),
              HasSubstr("values.a: 11 is not a legal Int value of 'a'"));
  EXPECT_THAT(SpaceError(kIntA, R"({"zz": 1})"),
              HasSubstr("values.zz: not a parameter of the space"));
  EXPECT_THAT(SpaceError(kIntA, R"({"a": [1]})"), HasSubstr("values.a"));
}

TEST(ConfigErrorTest, MalformedDocuments) {
  EXPECT_FALSE(ParseHyperParametersConfig("{\"space\": [").ok());
  EXPECT_FALSE(ParseHyperParametersConfig("[]").ok());
  StatusOr<HyperParametersConfig> no_space = ParseHyperParametersConfig("{\"values\": {}}");
  ASSERT_FALSE(no_space.ok());
  EXPECT_THAT(no_space.status().message(), HasSubstr("missing key 'space'"));
  EXPECT_THAT(SpaceError(R"({"class_name": "Int", "config": {"name": "a", "min_value": 1, )"
                         R"("max_value": 3, "conditions": [{"class_name": "Child"}]}})"),
              HasSubstr("'a': a condition must be"));
}

TEST(SearchSpaceCreateTest, AcceptsASpaceBuiltInCode) {
  HyperParameter units;
  units.type = HpType::kInt;
  units.name = "units";
  units.min_value = 8;
  units.max_value = 64;
  units.step = 8;
  HyperParameter dropout;
  dropout.type = HpType::kFloat;
  dropout.name = "dropout";
  dropout.max_value = 0.5;
  dropout.conditions = {Condition{"units", {Value(int64_t{64})}}};
  StatusOr<SearchSpace> space = SearchSpace::Create({units, dropout});
  ASSERT_TRUE(space.ok()) << space.status().ToString();
  EXPECT_EQ(space->size(), 2u);
  EXPECT_EQ(space->Find("dropout"), &space->parameters()[1]);
  EXPECT_EQ(space->Find("nope"), nullptr);
}

TEST(SearchSpaceCreateTest, RejectsParametersTheSearchCannotUse) {
  HyperParameter inverted;
  inverted.type = HpType::kInt;
  inverted.name = "inverted";
  inverted.min_value = 5;
  inverted.max_value = 1;
  HyperParameter zero_step;
  zero_step.type = HpType::kFloat;
  zero_step.name = "zero_step";
  zero_step.max_value = 1;
  zero_step.step = 0;
  HyperParameter log_from_zero;
  log_from_zero.type = HpType::kFloat;
  log_from_zero.name = "log_from_zero";
  log_from_zero.max_value = 1;
  log_from_zero.sampling = Sampling::kLog;
  HyperParameter empty_choice;
  empty_choice.type = HpType::kChoice;
  empty_choice.name = "empty_choice";
  HyperParameter far_default;
  far_default.type = HpType::kInt;
  far_default.name = "far_default";
  far_default.max_value = 3;
  far_default.default_value = Value(int64_t{7});
  StatusOr<SearchSpace> space =
      SearchSpace::Create({inverted, zero_step, log_from_zero, empty_choice, far_default});
  ASSERT_FALSE(space.ok());
  EXPECT_EQ(space.status().code(), StatusCode::kInvalidArgument);
  std::vector<std::string> lines = Lines(space.status().message());
  ASSERT_EQ(lines.size(), 5u) << space.status().message();
  EXPECT_THAT(lines[0], HasSubstr("'inverted': min_value 5 is greater than max_value 1"));
  EXPECT_THAT(lines[1], HasSubstr("'zero_step': step must be > 0"));
  EXPECT_THAT(lines[2], HasSubstr("'log_from_zero': log sampling needs min_value > 0"));
  EXPECT_THAT(lines[3], HasSubstr("'empty_choice': values must be a non-empty list"));
  EXPECT_THAT(lines[4], HasSubstr("'far_default': default 7"));
}

TEST(SearchSpaceCreateTest, RejectsStructuralProblems) {
  HyperParameter a;
  a.type = HpType::kBoolean;
  a.name = "a";
  HyperParameter orphan = a;
  orphan.name = "orphan";
  orphan.conditions = {Condition{"ghost", {Value(true)}}};
  StatusOr<SearchSpace> space = SearchSpace::Create({a, a, orphan});
  ASSERT_FALSE(space.ok());
  EXPECT_THAT(space.status().message(), HasSubstr("'a': duplicate name"));
  EXPECT_THAT(space.status().message(), HasSubstr("'orphan': unknown parent 'ghost'"));
}

TEST(IsActiveTest, NestedConditionsAreAnded) {
  SearchSpace space = Parse(kConditionalValuesConfig).space;
  const HyperParameter& shortcut = *space.Find("conv_shortcut");
  EXPECT_TRUE(space.IsActive(
      shortcut, ValuesOf(R"({"model": "cnn", "conv_layers": 3, "conv_residual": true})")));
  EXPECT_FALSE(space.IsActive(
      shortcut, ValuesOf(R"({"model": "cnn", "conv_layers": 2, "conv_residual": true})")));
  EXPECT_FALSE(space.IsActive(
      shortcut, ValuesOf(R"({"model": "rnn", "conv_layers": 3, "conv_residual": true})")));
  EXPECT_FALSE(space.IsActive(shortcut, ValuesOf(R"({"model": "cnn", "conv_layers": 4})")));
  EXPECT_TRUE(space.IsActive(*space.Find("lr"), Values()));
  // Condition values compare as Python does: True matches a parent value of 1.
  EXPECT_TRUE(space.IsActive(
      shortcut, ValuesOf(R"({"model": "cnn", "conv_layers": 4.0, "conv_residual": 1})")));
}

TEST(CompleteTest, FillsActiveDefaultsAndDropsInactiveValues) {
  SearchSpace space = Parse(kConditionalValuesConfig).space;
  EXPECT_EQ(ValuesText(space.Defaults()),
            R"({"model": "mlp", "mlp_units": 32, "mlp_dropout": 0.0, "lr": 0.0001})");
  EXPECT_EQ(ValuesText(space.Complete(ValuesOf(R"({"conv_layers": 3, "model": "cnn"})"))),
            R"({"model": "cnn", "conv_layers": 3, "conv_residual": false, )"
            R"("rnn_or_cnn_width": 64, "lr": 0.0001})");
  EXPECT_EQ(ValuesText(space.Complete(
                ValuesOf(R"({"model": "rnn", "conv_layers": 3, "mlp_units": 64, "lr": 0.001})"))),
            R"({"model": "rnn", "rnn_or_cnn_width": 64, "lr": 0.001})");
}

TEST(CheckValuesTest, AcceptsACompleteActiveConfiguration) {
  SearchSpace space = Parse(kConditionalValuesConfig).space;
  EXPECT_TRUE(space.CheckValues(space.Defaults()).ok());
  EXPECT_TRUE(space
                  .CheckValues(ValuesOf(R"({"model": "cnn", "conv_layers": 4, )"
                                        R"("conv_residual": true, "conv_shortcut": "projection", )"
                                        R"("rnn_or_cnn_width": 128, "lr": 0.005})"))
                  .ok());
}

TEST(CheckValuesTest, ReportsEveryProblemByName) {
  SearchSpace space = Parse(kConditionalValuesConfig).space;
  Status status = space.CheckValues(ValuesOf(
      R"({"model": "mlp", "mlp_units": 33, "mlp_dropout": 0.0, "conv_layers": 2, "zz": 1})"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("values.mlp_units: 33 is not a legal Int value"));
  EXPECT_THAT(status.message(), HasSubstr("values.zz: not a parameter of the space"));
  EXPECT_THAT(status.message(), HasSubstr("values.conv_layers: is set but its conditions"));
  EXPECT_THAT(status.message(), HasSubstr("values.lr: is missing"));
  EXPECT_THAT(status.message(), Not(HasSubstr("values.model")));
}

TEST(CheckValuesTest, ReportsMissingActiveParameters) {
  SearchSpace space = ParseSpace(kConditionalSpace);
  Status status = space.CheckValues(ValuesOf(R"({"model": "a", "units": 2})"));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("values.bn: is missing"));
  EXPECT_THAT(status.message(), HasSubstr("values.act: is missing"));
  EXPECT_TRUE(space.CheckValues(ValuesOf(R"({"model": "c"})")).ok());
}

TEST(SpaceCardinalityTest, MultipliesIndependentParameters) {
  SearchSpace penguin = ParseSpace(
      R"({"class_name": "Choice", "config": {"name": "learning_rate", "values": [0.01, 0.001]}}, )"
      R"({"class_name": "Int", "config": {"name": "num_layers", "min_value": 1, "max_value": 3}})");
  EXPECT_EQ(penguin.Cardinality(), 6u);
  EXPECT_EQ(penguin.Cardinality(6), 6u);
  EXPECT_EQ(penguin.Cardinality(5), std::nullopt);
  EXPECT_EQ(SearchSpace().Cardinality(), 1u);
}

TEST(SpaceCardinalityTest, InfiniteWithAContinuousFloat) {
  EXPECT_EQ(Parse(kKerasTunerDocument).space.Cardinality(), std::nullopt);
  EXPECT_EQ(Parse(kConditionalValuesConfig).space.Cardinality(), std::nullopt);
}

TEST(SpaceCardinalityTest, CountsOnlyActiveConfigurations) {
  // model a: units 1 -> bn (2); units 2 or 3 -> bn x act (4 each): 10. model b: bn (2). c: 1.
  EXPECT_EQ(ParseSpace(kConditionalSpace).Cardinality(), 13u);
  EXPECT_EQ(ParseSpace(kConditionalSpace).Cardinality(12), std::nullopt);
}

TEST(SpaceCardinalityTest, CountsEveryValueOfAnUnsteppedLogIntInABranch) {
  // f = x: b takes 20 values (not the grid's ten samples); f = y: 1.
  SearchSpace space = ParseSpace(
      R"({"class_name": "Choice", "config": {"name": "f", "values": ["x", "y"]}}, )"
      R"({"class_name": "Int", "config": {"name": "b", "min_value": 1, "max_value": 20, )"
      R"("sampling": "log", "conditions": [{"class_name": "Parent", "config": {"name": "f", )"
      R"("values": ["x"]}}]}})");
  EXPECT_EQ(space.Cardinality(), 21u);
}

TEST(SpaceCardinalityTest, ConditionsOnAnyValueOfAnUnsteppedLogInt) {
  SearchSpace space = ParseSpace(
      R"({"class_name": "Int", "config": {"name": "p", "min_value": 1, "max_value": 100, )"
      R"("sampling": "log"}}, )"
      R"({"class_name": "Boolean", "config": {"name": "q", "conditions": [{"class_name": )"
      R"("Parent", "config": {"name": "p", "values": [37, 38]}}]}}, )"
      R"({"class_name": "Boolean", "config": {"name": "r", "conditions": [{"class_name": )"
      R"("Parent", "config": {"name": "p", "values": [50.0]}}]}})");
  // p = 37 or 38: q doubles the count; p = 50 (as 50.0): r does; the other 97 values: 1 each.
  EXPECT_EQ(space.Cardinality(), 97u + 2 * 2 + 2);
  EXPECT_TRUE(space.IsActive(space.parameters()[1], ValuesOf(R"({"p": 38})")));
  EXPECT_TRUE(space.IsActive(space.parameters()[2], ValuesOf(R"({"p": 50})")));
}

TEST(SpaceCardinalityTest, LargeConditionalSpacesAreCountedQuickly) {
  std::string entries =
      R"({"class_name": "Choice", "config": {"name": "m", "values": ["a", "b"]}})";
  for (int i = 0; i < 4; ++i) {
    entries += R"(, {"class_name": "Int", "config": {"name": "n)" + std::to_string(i) +
               R"(", "min_value": 1, "max_value": 1000, "conditions": [{"class_name": "Parent", )"
               R"("config": {"name": "m", "values": ["a"]}}]}})";
  }
  SearchSpace space = ParseSpace(entries);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(space.Cardinality(), uint64_t{1000000000000} + 1);
  EXPECT_EQ(space.Cardinality(1000), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(FingerprintTest, EqualForPythonEqualConfigurations) {
  SearchSpace space =
      ParseSpace(R"({"class_name": "Choice", "config": {"name": "w", "values": [1.0, 2.0]}}, )"
                 R"({"class_name": "Choice", "config": {"name": "s", "values": ["1", "2"]}})");
  EXPECT_EQ(space.Fingerprint(ValuesOf(R"({"w": 1, "s": "1"})")),
            space.Fingerprint(ValuesOf(R"({"w": 1.0, "s": "1"})")));
  EXPECT_EQ(space.Fingerprint(ValuesOf(R"({"w": 1, "s": "1"})")),
            space.Fingerprint(ValuesOf(R"({"s": "1", "w": true})")));
  EXPECT_NE(space.Fingerprint(ValuesOf(R"({"w": 1, "s": "1"})")),
            space.Fingerprint(ValuesOf(R"({"w": 1, "s": "2"})")));
  EXPECT_NE(space.Fingerprint(ValuesOf(R"({"w": 2, "s": "1"})")),
            space.Fingerprint(ValuesOf(R"({"w": 1, "s": "1"})")));
}

TEST(FingerprintTest, IgnoresInactiveValuesAndFillsDefaults) {
  SearchSpace space = ParseSpace(kConditionalSpace);
  EXPECT_EQ(space.Fingerprint(ValuesOf(R"({"model": "b", "units": 3, "bn": false})")),
            space.Fingerprint(ValuesOf(R"({"model": "b"})")));
  EXPECT_NE(space.Fingerprint(ValuesOf(R"({"model": "b", "bn": true})")),
            space.Fingerprint(ValuesOf(R"({"model": "b"})")));
}

}  // namespace
}  // namespace kubetune::search
