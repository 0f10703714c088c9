#include "search/objective.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

namespace kubetune::search {
namespace {

using ::testing::HasSubstr;

Objective FromJsonText(const std::string& text) {
  StatusOr<Objective> objective = Objective::FromJson(*ParseJson(text));
  EXPECT_TRUE(objective.ok()) << text << ": " << objective.status().ToString();
  return objective.ok() ? *objective : Objective();
}

Status FromJsonError(const std::string& text) {
  return Objective::FromJson(*ParseJson(text)).status();
}

TEST(InferDirectionTest, LossesAndErrorsAreMinimized) {
  for (const char* name :
       {"loss", "val_loss", "mean_squared_error", "val_mean_absolute_error", "mse", "mae", "mape",
        "msle", "categorical_crossentropy", "val_binary_crossentropy", "custom_loss"}) {
    EXPECT_EQ(InferDirection(name), Direction::kMinimize) << name;
  }
}

TEST(InferDirectionTest, AccuraciesAndAucsAreMaximized) {
  for (const char* name :
       {"acc", "val_acc", "accuracy", "val_accuracy", "val_sparse_categorical_accuracy",
        "binary_accuracy", "auc", "val_auc", "pr_auc", "precision", "recall"}) {
    EXPECT_EQ(InferDirection(name), Direction::kMaximize) << name;
  }
}

TEST(InferDirectionTest, AmbiguousNamesAreNotGuessed) {
  for (const char* name : {"val_foo", "foo", "f1_score", "throughput", "val_", ""}) {
    EXPECT_EQ(InferDirection(name), std::nullopt) << name;
  }
}

TEST(ObjectiveTest, FromNameInfersTheDirection) {
  StatusOr<Objective> loss = Objective::FromName("val_loss");
  ASSERT_TRUE(loss.ok());
  ASSERT_EQ(loss->metrics().size(), 1u);
  EXPECT_EQ(loss->metrics()[0].name, "val_loss");
  EXPECT_EQ(loss->direction(), Direction::kMinimize);
  StatusOr<Objective> accuracy = Objective::FromName("val_accuracy");
  ASSERT_TRUE(accuracy.ok());
  EXPECT_EQ(accuracy->direction(), Direction::kMaximize);
}

TEST(ObjectiveTest, FromNameRejectsAnAmbiguousName) {
  StatusOr<Objective> objective = Objective::FromName("val_throughput");
  ASSERT_FALSE(objective.ok());
  EXPECT_EQ(objective.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(objective.status().message(), HasSubstr("'val_throughput'"));
  EXPECT_THAT(objective.status().message(), HasSubstr("min or max"));
}

TEST(ObjectiveTest, ExplicitDirectionsWinOverInference) {
  EXPECT_EQ(FromJsonText(R"({"name": "val_loss", "direction": "max"})").direction(),
            Direction::kMaximize);
  EXPECT_EQ(FromJsonText(R"({"name": "throughput", "direction": "maximize"})").direction(),
            Direction::kMaximize);
  EXPECT_EQ(FromJsonText(R"({"name": "latency", "direction": "min"})").direction(),
            Direction::kMinimize);
  EXPECT_EQ(FromJsonText(R"({"name": "latency", "direction": "minimize"})").direction(),
            Direction::kMinimize);
  EXPECT_EQ(FromJsonText(R"({"name": "val_auc", "direction": null})").direction(),
            Direction::kMaximize);
  EXPECT_EQ(FromJsonText(R"({"name": "val_auc"})").direction(), Direction::kMaximize);
}

TEST(ObjectiveTest, FromJsonRejectsMalformedObjectives) {
  EXPECT_THAT(FromJsonError(R"({"name": "x", "direction": "up"})").message(),
              HasSubstr("direction must be min or max"));
  EXPECT_THAT(FromJsonError(R"({"name": "val_loss", "weight": 2})").message(),
              HasSubstr("unknown objective key 'weight'"));
  EXPECT_THAT(FromJsonError(R"({"name": "throughput"})").message(), HasSubstr("throughput"));
  EXPECT_THAT(FromJsonError("[]").message(), HasSubstr("empty"));
  EXPECT_EQ(FromJsonError("3").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromJsonError(R"({"direction": "min"})").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromJsonError(R"(["val_loss", "mystery"])").code(), StatusCode::kInvalidArgument);
}

TEST(ObjectiveTest, SingleMetricScoreIsTheMetric) {
  Objective objective = *Objective::FromName("val_loss");
  EXPECT_EQ(objective.Score({{"val_loss", 0.25}, {"loss", 0.1}}), 0.25);
  EXPECT_EQ(objective.Score({{"loss", 0.1}}), std::nullopt);
}

TEST(ObjectiveTest, MultiObjectiveScoreHasKerasTunersSign) {
  // KerasTuner's MultiObjective: the minimized metrics minus the maximized ones, minimized.
  Objective objective = FromJsonText(R"(["val_loss", "val_accuracy"])");
  ASSERT_EQ(objective.metrics().size(), 2u);
  EXPECT_EQ(objective.direction(), Direction::kMinimize);
  EXPECT_EQ(objective.Score({{"val_loss", 1.0}, {"val_accuracy", 0.25}}), 0.75);
  EXPECT_EQ(objective.Score({{"val_loss", 1.0}}), std::nullopt);
  // Lower loss and higher accuracy are both better.
  double base = *objective.Score({{"val_loss", 1.0}, {"val_accuracy", 0.25}});
  EXPECT_TRUE(
      objective.Better(*objective.Score({{"val_loss", 0.5}, {"val_accuracy", 0.25}}), base));
  EXPECT_TRUE(objective.Better(*objective.Score({{"val_loss", 1.0}, {"val_accuracy", 0.5}}), base));
  EXPECT_FALSE(
      objective.Better(*objective.Score({{"val_loss", 2.0}, {"val_accuracy", 0.5}}), base));
}

TEST(ObjectiveTest, MultiObjectiveWithOnlyMaximizedMetrics) {
  Objective objective =
      Objective::Of({{"auc", Direction::kMaximize}, {"val_accuracy", Direction::kMaximize}});
  EXPECT_EQ(objective.Score({{"auc", 0.75}, {"val_accuracy", 0.5}}), -1.25);
  EXPECT_TRUE(objective.Better(-1.5, -1.25));
}

TEST(ObjectiveTest, BetterIsStrictAndFollowsTheDirection) {
  Objective min = *Objective::FromName("loss");
  EXPECT_TRUE(min.Better(0.1, 0.2));
  EXPECT_FALSE(min.Better(0.2, 0.1));
  EXPECT_FALSE(min.Better(0.1, 0.1));
  Objective max = *Objective::FromName("accuracy");
  EXPECT_TRUE(max.Better(0.9, 0.8));
  EXPECT_FALSE(max.Better(0.8, 0.9));
  EXPECT_FALSE(max.Better(0.9, 0.9));
}

TEST(ObjectiveTest, ToStringAndToJson) {
  Objective single = *Objective::FromName("val_loss");
  EXPECT_EQ(single.ToString(), "val_loss (min)");
  EXPECT_EQ(DumpPythonJson(single.ToJson()), R"({"name": "val_loss", "direction": "min"})");

  Objective multi = FromJsonText(R"([{"name": "val_auc", "direction": "max"}, "val_loss"])");
  EXPECT_EQ(multi.ToString(), "val_auc (max) + val_loss (min)");
  EXPECT_EQ(
      DumpPythonJson(multi.ToJson()),
      R"([{"name": "val_auc", "direction": "max"}, {"name": "val_loss", "direction": "min"}])");
  // ToJson reads back as the same objective.
  Objective again = FromJsonText(DumpPythonJson(multi.ToJson()));
  EXPECT_EQ(again.ToString(), multi.ToString());
}

}  // namespace
}  // namespace kubetune::search
