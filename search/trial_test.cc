#include "search/trial.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace kubetune::search {
namespace {

using ::testing::HasSubstr;

constexpr TrialStatus kAllStatuses[] = {TrialStatus::kRunning,   TrialStatus::kIdle,
                                        TrialStatus::kInvalid,   TrialStatus::kStopped,
                                        TrialStatus::kCompleted, TrialStatus::kFailed};

Trial WithMetrics(std::map<std::string, std::vector<MetricPoint>> metrics) {
  Trial trial;
  trial.id = "00";
  trial.metrics = std::move(metrics);
  return trial;
}

TEST(TrialStatusTest, NamesAreKerasTunersAndParseBack) {
  EXPECT_EQ(TrialStatusName(TrialStatus::kRunning), "RUNNING");
  EXPECT_EQ(TrialStatusName(TrialStatus::kIdle), "IDLE");
  EXPECT_EQ(TrialStatusName(TrialStatus::kInvalid), "INVALID");
  EXPECT_EQ(TrialStatusName(TrialStatus::kStopped), "STOPPED");
  EXPECT_EQ(TrialStatusName(TrialStatus::kCompleted), "COMPLETED");
  EXPECT_EQ(TrialStatusName(TrialStatus::kFailed), "FAILED");
  for (TrialStatus status : kAllStatuses) {
    EXPECT_EQ(ParseTrialStatus(TrialStatusName(status)), status);
  }
  EXPECT_EQ(ParseTrialStatus("completed"), std::nullopt);
  EXPECT_EQ(ParseTrialStatus(""), std::nullopt);
}

TEST(TrialTest, FinalStatusesAndResults) {
  Trial trial;
  for (TrialStatus status : kAllStatuses) {
    trial.status = status;
    bool final = status == TrialStatus::kCompleted || status == TrialStatus::kFailed ||
                 status == TrialStatus::kStopped;
    EXPECT_EQ(trial.IsFinal(), final) << TrialStatusName(status);
    EXPECT_FALSE(trial.HasResult()) << "no score yet";
  }
  trial.score = 0.5;
  trial.status = TrialStatus::kCompleted;
  EXPECT_TRUE(trial.HasResult());
  trial.status = TrialStatus::kStopped;
  EXPECT_TRUE(trial.HasResult());
  trial.status = TrialStatus::kFailed;
  EXPECT_FALSE(trial.HasResult());
  trial.status = TrialStatus::kRunning;
  EXPECT_FALSE(trial.HasResult());
}

TEST(TrialTest, MetricsAtTakesTheLatestValueUpToTheStep) {
  Trial trial = WithMetrics({{"loss", {{0, 0.9}, {1, 0.5}, {2, 0.7}}}, {"acc", {{1, 0.6}}}});
  std::map<std::string, double> at0 = trial.MetricsAt(0);
  EXPECT_EQ(at0.size(), 1u);
  EXPECT_EQ(at0["loss"], 0.9);
  std::map<std::string, double> at1 = trial.MetricsAt(1);
  EXPECT_EQ(at1["loss"], 0.5);
  EXPECT_EQ(at1["acc"], 0.6);
  std::map<std::string, double> all = trial.MetricsAt();
  EXPECT_EQ(all["loss"], 0.7);
  EXPECT_EQ(all["acc"], 0.6);
}

TEST(ScoreTrialTest, PicksTheBestStepForAMinimizedMetric) {
  Trial trial = WithMetrics({{"val_loss", {{0, 0.9}, {1, 0.4}, {2, 0.6}}}});
  ScoreTrial(*Objective::FromName("val_loss"), trial);
  EXPECT_EQ(trial.score, 0.4);
  EXPECT_EQ(trial.best_step, 1);
}

TEST(ScoreTrialTest, PicksTheBestStepForAMaximizedMetric) {
  Trial trial = WithMetrics({{"val_accuracy", {{0, 0.5}, {1, 0.7}, {2, 0.9}, {3, 0.8}}}});
  ScoreTrial(*Objective::FromName("val_accuracy"), trial);
  EXPECT_EQ(trial.score, 0.9);
  EXPECT_EQ(trial.best_step, 2);
}

TEST(ScoreTrialTest, TiesKeepTheEarlierStep) {
  Trial trial = WithMetrics({{"loss", {{0, 0.5}, {1, 0.3}, {2, 0.3}}}});
  ScoreTrial(*Objective::FromName("loss"), trial);
  EXPECT_EQ(trial.best_step, 1);
}

TEST(ScoreTrialTest, MultiObjectiveUsesOnlyStepsWithEveryMetric) {
  Objective objective = *Objective::FromJson(*ParseJson(R"(["val_loss", "val_accuracy"])"));
  // Step 1 lacks val_accuracy; step 2 (0.5 - 0.75 = -0.25) beats step 0 (1.0 - 0.5 = 0.5).
  Trial trial = WithMetrics(
      {{"val_loss", {{0, 1.0}, {1, 0.1}, {2, 0.5}}}, {"val_accuracy", {{0, 0.5}, {2, 0.75}}}});
  ScoreTrial(objective, trial);
  EXPECT_EQ(trial.score, -0.25);
  EXPECT_EQ(trial.best_step, 2);
}

TEST(ScoreTrialTest, NoScoreWithoutTheObjectiveMetric) {
  Trial trial = WithMetrics({{"loss", {{0, 0.5}}}});
  trial.score = 1.0;
  trial.best_step = 7;
  ScoreTrial(*Objective::FromName("val_loss"), trial);
  EXPECT_FALSE(trial.score.has_value());
  EXPECT_FALSE(trial.best_step.has_value());
}

TEST(ScoreTrialTest, ANanObjectiveMakesTheScoreNan) {
  Trial trial = WithMetrics(
      {{"val_loss", {{0, 0.5}, {1, std::numeric_limits<double>::quiet_NaN()}, {2, 0.1}}}});
  ScoreTrial(*Objective::FromName("val_loss"), trial);
  ASSERT_TRUE(trial.score.has_value());
  EXPECT_TRUE(std::isnan(*trial.score));
  EXPECT_EQ(trial.best_step, 1);
}

Trial SampleTrial() {
  Trial trial;
  trial.id = "07";
  trial.values.Set("units", Value(int64_t{32}));
  trial.values.Set("lr", Value(0.001));
  trial.values.Set("act", Value(std::string("relu")));
  trial.values.Set("bn", Value(true));
  trial.status = TrialStatus::kCompleted;
  trial.worker_id = "tuner-1";
  trial.attempts = 2;
  trial.metrics = {{"val_loss", {{0, 0.5}, {1, 0.25}}}, {"loss", {{1, 0.125}}}};
  trial.score = 0.25;
  trial.best_step = 1;
  trial.message = "done";
  return trial;
}

TEST(TrialJsonTest, WritesEveryField) {
  EXPECT_EQ(DumpPythonJson(TrialToJson(SampleTrial())),
            R"({"trial_id": "07", "status": "COMPLETED", )"
            R"("values": {"units": 32, "lr": 0.001, "act": "relu", "bn": true}, )"
            R"("worker_id": "tuner-1", "attempts": 2, )"
            R"("metrics": {"loss": [[1, 0.125]], "val_loss": [[0, 0.5], [1, 0.25]]}, )"
            R"("score": 0.25, "best_step": 1, "message": "done"})");
}

TEST(TrialJsonTest, RoundTripsThroughJsonAndText) {
  Trial original = SampleTrial();
  StatusOr<Trial> back = TrialFromJson(TrialToJson(original));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(DumpPythonJson(TrialToJson(*back)), DumpPythonJson(TrialToJson(original)));
  EXPECT_TRUE(back->values == original.values);
  EXPECT_TRUE(std::holds_alternative<int64_t>(*back->values.Find("units")));

  StatusOr<Trial> from_text = TrialFromJson(*ParseJson(DumpPythonJson(TrialToJson(original), 2)));
  ASSERT_TRUE(from_text.ok()) << from_text.status().ToString();
  EXPECT_EQ(DumpPythonJson(TrialToJson(*from_text)), DumpPythonJson(TrialToJson(original)));
}

TEST(TrialJsonTest, RoundTripsARunningTrialWithoutAScore) {
  Trial trial;
  trial.id = "0003";
  trial.worker_id = "w";
  StatusOr<Trial> back = TrialFromJson(TrialToJson(trial));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, TrialStatus::kRunning);
  EXPECT_FALSE(back->score.has_value());
  EXPECT_FALSE(back->best_step.has_value());
  EXPECT_EQ(back->attempts, 1);
  EXPECT_TRUE(back->metrics.empty());
}

TEST(TrialJsonTest, OptionalFieldsMayBeMissing) {
  StatusOr<Trial> trial =
      TrialFromJson(*ParseJson(R"({"trial_id": "1", "status": "FAILED", "values": {}})"));
  ASSERT_TRUE(trial.ok()) << trial.status().ToString();
  EXPECT_EQ(trial->status, TrialStatus::kFailed);
  EXPECT_EQ(trial->attempts, 1);
  EXPECT_EQ(trial->worker_id, "");
}

TEST(TrialJsonTest, RejectsMalformedRecords) {
  for (const char* text :
       {R"({"status": "RUNNING", "values": {}})", R"({"trial_id": "1", "values": {}})",
        R"({"trial_id": "1", "status": "DONE", "values": {}})",
        R"({"trial_id": "1", "status": "RUNNING", "values": {"a": null}})",
        R"({"trial_id": "1", "status": "RUNNING", "values": {}, "metrics": {"m": [[0]]}})",
        R"({"trial_id": 1, "status": "RUNNING", "values": {}})", "[]"}) {
    StatusOr<Trial> trial = TrialFromJson(*ParseJson(text));
    EXPECT_FALSE(trial.ok()) << text;
    EXPECT_EQ(trial.status().code(), StatusCode::kInvalidArgument) << text;
  }
  EXPECT_THAT(TrialFromJson(*ParseJson(R"({"trial_id": "1", "status": "DONE", "values": {}})"))
                  .status()
                  .message(),
              HasSubstr("unknown status"));
}

}  // namespace
}  // namespace kubetune::search
