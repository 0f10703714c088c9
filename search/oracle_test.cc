#include "search/oracle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace kubetune::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

SearchSpace Space(const std::string& entries) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig("{\"space\": [" + entries + "]}");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? config->space : SearchSpace();
}

// 4 x 3 x 2 = 24 configurations.
SearchSpace FiniteSpace() {
  return Space(
      R"({"class_name": "Choice", "config": {"name": "opt", "values": ["a", "b", "c", "d"]}}, )"
      R"({"class_name": "Int", "config": {"name": "units", "min_value": 8, "max_value": 24, )"
      R"("step": 8}}, )"
      R"({"class_name": "Boolean", "config": {"name": "bn"}})");
}

SearchSpace ContinuousSpace() {
  return Space(R"({"class_name": "Float", "config": {"name": "lr", "min_value": 0.0001, )"
               R"("max_value": 0.1, "sampling": "log"}}, )"
               R"({"class_name": "Int", "config": {"name": "layers", "min_value": 1, )"
               R"("max_value": 4}})");
}

OracleOptions Options(int64_t max_trials = 0, int max_retries = 0, int max_failures = 3) {
  OracleOptions options;
  options.objective = *Objective::FromName("val_loss");
  options.max_trials = max_trials;
  options.max_retries_per_trial = max_retries;
  options.max_consecutive_failed_trials = max_failures;
  options.seed = 17;
  return options;
}

std::unique_ptr<Oracle> MakeOracle(SearchSpace space, OracleOptions options,
                                   const std::string& algorithm = "random",
                                   std::vector<Trial> history = {}) {
  StatusOr<std::unique_ptr<Oracle>> oracle = Oracle::Create(
      std::move(space), std::move(options), *MakeSearchAlgorithm(algorithm), std::move(history));
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return oracle.ok() ? std::move(oracle).value() : nullptr;
}

Trial Start(Oracle& oracle, const std::string& worker) {
  StatusOr<TrialAssignment> assignment = oracle.CreateTrial(worker);
  EXPECT_TRUE(assignment.ok());
  EXPECT_EQ(assignment->status, TrialStatus::kRunning) << assignment->reason;
  return assignment->trial.value_or(Trial());
}

Trial Complete(Oracle& oracle, const std::string& id, double val_loss) {
  EXPECT_TRUE(oracle.UpdateTrial(id, {{"val_loss", val_loss}}, 0).ok());
  StatusOr<Trial> ended = oracle.EndTrial(id, TrialStatus::kCompleted);
  EXPECT_TRUE(ended.ok()) << ended.status().ToString();
  return ended.ok() ? *ended : Trial();
}

std::string Text(const Values& values) { return DumpPythonJson(values.ToJson()); }

std::vector<std::string> Ids(const std::vector<const Trial*>& trials) {
  std::vector<std::string> out;
  for (const Trial* t : trials) out.push_back(t->id);
  return out;
}

TEST(OracleCreateTest, RejectsBadOptions) {
  auto create = [](OracleOptions options, bool with_algorithm = true) {
    return Oracle::Create(FiniteSpace(), std::move(options),
                          with_algorithm ? *MakeSearchAlgorithm("random") : nullptr)
        .status();
  };
  EXPECT_EQ(create(Options(), false).code(), StatusCode::kInvalidArgument);
  OracleOptions no_objective = Options();
  no_objective.objective = Objective();
  EXPECT_EQ(create(no_objective).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(create(Options(-1)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(create(Options(0, -1)).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(create(Options()).ok());
}

TEST(OracleCreateTest, RejectsHistoryThatDoesNotFitTheSpace) {
  Trial alien;
  alien.id = "0003";
  alien.status = TrialStatus::kCompleted;
  alien.values.Set("opt", Value(std::string("z")));
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(FiniteSpace(), Options(), *MakeSearchAlgorithm("random"), {alien});
  ASSERT_FALSE(oracle.ok());
  EXPECT_EQ(oracle.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(oracle.status().message(), HasSubstr("trial 0003"));
}

TEST(TrialIdTest, PaddedToTheWidthOfMaxTrials) {
  std::unique_ptr<Oracle> ten = MakeOracle(FiniteSpace(), Options(10));
  EXPECT_EQ(Start(*ten, "a").id, "00");
  EXPECT_EQ(Start(*ten, "b").id, "01");
  std::unique_ptr<Oracle> hundred = MakeOracle(FiniteSpace(), Options(100));
  EXPECT_EQ(Start(*hundred, "a").id, "000");
  std::unique_ptr<Oracle> five = MakeOracle(FiniteSpace(), Options(5));
  EXPECT_EQ(Start(*five, "a").id, "0");
  // Unbounded: KerasTuner pads to len(str(None)), four digits.
  std::unique_ptr<Oracle> unbounded = MakeOracle(FiniteSpace(), Options(0));
  EXPECT_EQ(Start(*unbounded, "a").id, "0000");
  EXPECT_EQ(Start(*unbounded, "b").id, "0001");
}

TEST(CreateTrialTest, AWorkerThatAsksAgainGetsItsRunningTrialBack) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  Trial first = Start(*oracle, "w1");
  Trial again = Start(*oracle, "w1");
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(Text(again.values), Text(first.values));
  EXPECT_EQ(again.attempts, 1);
  EXPECT_EQ(oracle->trials().size(), 1u);
  Trial other = Start(*oracle, "w2");
  EXPECT_NE(other.id, first.id);
  EXPECT_EQ(other.worker_id, "w2");
  EXPECT_NE(oracle->space().Fingerprint(other.values), oracle->space().Fingerprint(first.values));
}

TEST(CreateTrialTest, NewTrialsHoldCompleteValues) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  Trial trial = Start(*oracle, "w");
  EXPECT_TRUE(oracle->space().CheckValues(trial.values).ok());
  EXPECT_EQ(trial.status, TrialStatus::kRunning);
  EXPECT_EQ(oracle->GetTrial(trial.id)->worker_id, "w");
  EXPECT_EQ(oracle->GetTrial("nope"), nullptr);
}

TEST(RetryTest, InvalidTrialsAreRetriedThenFail) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options(0, 2));
  Trial trial = Start(*oracle, "w1");
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.5}}, 0).ok());
  StatusOr<Trial> ended = oracle->EndTrial(trial.id, TrialStatus::kInvalid, "OOM");
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, TrialStatus::kInvalid);
  EXPECT_EQ(ended->message, "OOM");

  for (int attempt = 2; attempt <= 3; ++attempt) {
    Trial retry = Start(*oracle, "w" + std::to_string(attempt));
    EXPECT_EQ(retry.id, trial.id);
    EXPECT_EQ(Text(retry.values), Text(trial.values));
    EXPECT_EQ(retry.attempts, attempt);
    EXPECT_TRUE(retry.metrics.empty());
    EXPECT_EQ(retry.worker_id, "w" + std::to_string(attempt));
    ended = oracle->EndTrial(retry.id, TrialStatus::kInvalid, "OOM again");
    ASSERT_TRUE(ended.ok());
    EXPECT_EQ(ended->status, attempt <= 2 ? TrialStatus::kInvalid : TrialStatus::kFailed);
  }
  EXPECT_EQ(oracle->trials().size(), 1u);
  EXPECT_EQ(Start(*oracle, "w4").id, "0001");  // No retry left: a new trial.
}

TEST(RetryTest, WithoutRetriesAnInvalidTrialFails) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  Trial trial = Start(*oracle, "w");
  EXPECT_EQ(oracle->EndTrial(trial.id, TrialStatus::kInvalid)->status, TrialStatus::kFailed);
  EXPECT_EQ(Start(*oracle, "w").id, "0001");
}

TEST(RetryTest, RetriesComeBeforeNewTrialsLastInFirstOut) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options(0, 1));
  Trial a = Start(*oracle, "wa");
  Trial b = Start(*oracle, "wb");
  ASSERT_TRUE(oracle->EndTrial(a.id, TrialStatus::kInvalid).ok());
  ASSERT_TRUE(oracle->EndTrial(b.id, TrialStatus::kInvalid).ok());
  EXPECT_EQ(Start(*oracle, "x").id, b.id);
  EXPECT_EQ(Start(*oracle, "y").id, a.id);
  EXPECT_EQ(Start(*oracle, "z").id, "0002");
}

TEST(EndTrialTest, ANanObjectiveMakesTheTrialInvalid) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options(0, 1));
  Trial trial = Start(*oracle, "w");
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", kNan}}, 0).ok());
  StatusOr<Trial> ended = oracle->EndTrial(trial.id, TrialStatus::kCompleted);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, TrialStatus::kInvalid);
  EXPECT_FALSE(ended->score.has_value());
  EXPECT_THAT(ended->message, HasSubstr("NaN"));
  // Retried; a second NaN exhausts the retries.
  Trial retry = Start(*oracle, "w2");
  EXPECT_EQ(retry.id, trial.id);
  ASSERT_TRUE(oracle->UpdateTrial(retry.id, {{"val_loss", kNan}}, 0).ok());
  EXPECT_EQ(oracle->EndTrial(retry.id, TrialStatus::kCompleted)->status, TrialStatus::kFailed);
  EXPECT_TRUE(oracle->GetBestTrials(10).empty());
}

TEST(EndTrialTest, AMissingObjectiveMetricMakesTheTrialInvalidWithAMessage) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options(0, 1));
  Trial trial = Start(*oracle, "w");
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"loss", 0.5}}, 0).ok());
  StatusOr<Trial> ended = oracle->EndTrial(trial.id, TrialStatus::kCompleted);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, TrialStatus::kInvalid);
  EXPECT_THAT(ended->message, HasSubstr("no value reported for objective val_loss"));

  std::unique_ptr<Oracle> no_retries = MakeOracle(FiniteSpace(), Options());
  Trial other = Start(*no_retries, "w");
  StatusOr<Trial> failed = no_retries->EndTrial(other.id, TrialStatus::kCompleted);
  EXPECT_EQ(failed->status, TrialStatus::kFailed);
  EXPECT_THAT(failed->message, HasSubstr("val_loss"));
}

TEST(EndTrialTest, ScoresTheBestStep) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  Trial trial = Start(*oracle, "w");
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.9}}, 0).ok());
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.3}}, 1).ok());
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.4}}, 2).ok());
  StatusOr<Trial> ended = oracle->EndTrial(trial.id, TrialStatus::kCompleted);
  EXPECT_EQ(ended->status, TrialStatus::kCompleted);
  EXPECT_EQ(ended->score, 0.3);
  EXPECT_EQ(ended->best_step, 1);
}

TEST(EndTrialTest, AStoppedTrialKeepsItsScore) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  Trial trial = Start(*oracle, "w");
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.7}}, 0).ok());
  StatusOr<Trial> ended = oracle->EndTrial(trial.id, TrialStatus::kStopped);
  EXPECT_EQ(ended->status, TrialStatus::kStopped);
  EXPECT_EQ(ended->score, 0.7);
  EXPECT_THAT(Ids(oracle->GetBestTrials(1)), ElementsAre(trial.id));
}

TEST(UpdateTrialTest, ErrorsForUnknownAndEndedTrials) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  EXPECT_EQ(oracle->UpdateTrial("9999", {{"val_loss", 1}}, 0).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(oracle->EndTrial("9999", TrialStatus::kCompleted).status().code(),
            StatusCode::kNotFound);
  Trial trial = Start(*oracle, "w");
  EXPECT_EQ(oracle->EndTrial(trial.id, TrialStatus::kRunning).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(oracle->EndTrial(trial.id, TrialStatus::kIdle).status().code(),
            StatusCode::kInvalidArgument);
  Complete(*oracle, trial.id, 0.5);
  StatusOr<TrialStatus> late = oracle->UpdateTrial(trial.id, {{"val_loss", 1}}, 1);
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().message(), HasSubstr("COMPLETED"));
  EXPECT_EQ(oracle->EndTrial(trial.id, TrialStatus::kCompleted).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(UpdateTrialTest, RecordsMetricsAndAReportAgainForAStepReplacesIt) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options());
  Trial trial = Start(*oracle, "w");
  EXPECT_EQ(oracle->UpdateTrial(trial.id, {{"val_loss", 0.9}, {"loss", 1.0}}, 0).value(),
            TrialStatus::kRunning);
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.8}}, 1).ok());
  ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_loss", 0.7}}, 1).ok());
  const Trial* recorded = oracle->GetTrial(trial.id);
  ASSERT_EQ(recorded->metrics.at("val_loss").size(), 2u);
  EXPECT_EQ(recorded->metrics.at("val_loss")[1].value, 0.7);
  EXPECT_EQ(recorded->metrics.at("loss").size(), 1u);
}

TEST(StopTest, MaxTrialsStopsCreation) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options(3));
  for (int i = 0; i < 3; ++i) Complete(*oracle, Start(*oracle, "w").id, 1.0 + i);
  StatusOr<TrialAssignment> next = oracle->CreateTrial("w");
  EXPECT_EQ(next->status, TrialStatus::kStopped);
  EXPECT_THAT(next->reason, HasSubstr("3 trials"));
  EXPECT_EQ(oracle->trials().size(), 3u);
  EXPECT_TRUE(oracle->IsFinished());
}

TEST(StopTest, AtTheBudgetWithRetriesPossibleOthersWaitForRunningTrials) {
  std::unique_ptr<Oracle> oracle = MakeOracle(FiniteSpace(), Options(1, 1));
  Trial trial = Start(*oracle, "w1");
  EXPECT_EQ(oracle->CreateTrial("w2")->status, TrialStatus::kIdle);
  ASSERT_TRUE(oracle->EndTrial(trial.id, TrialStatus::kInvalid).ok());
  EXPECT_EQ(Start(*oracle, "w2").id, trial.id);  // The retry still runs.
  Complete(*oracle, trial.id, 0.5);
  EXPECT_EQ(oracle->CreateTrial("w2")->status, TrialStatus::kStopped);
  EXPECT_TRUE(oracle->IsFinished());
}

TEST(StopTest, ConsecutiveFailuresEndTheSearch) {
  std::unique_ptr<Oracle> oracle = MakeOracle(ContinuousSpace(), Options(0, 0, 3));
  for (int i = 0; i < 3; ++i) {
    Trial trial = Start(*oracle, "w");
    ASSERT_TRUE(oracle->EndTrial(trial.id, TrialStatus::kFailed, "boom " + trial.id).ok());
  }
  StatusOr<TrialAssignment> next = oracle->CreateTrial("w");
  EXPECT_EQ(next->status, TrialStatus::kStopped);
  EXPECT_THAT(next->reason, HasSubstr("3 consecutive trials failed"));
  EXPECT_THAT(next->reason, HasSubstr("boom 0002"));
  EXPECT_EQ(oracle->stop_reason(), next->reason);
  EXPECT_TRUE(oracle->IsFinished());
}

TEST(StopTest, ASuccessResetsTheFailureCount) {
  std::unique_ptr<Oracle> oracle = MakeOracle(ContinuousSpace(), Options(0, 0, 2));
  ASSERT_TRUE(oracle->EndTrial(Start(*oracle, "w").id, TrialStatus::kFailed).ok());
  Complete(*oracle, Start(*oracle, "w").id, 0.5);
  ASSERT_TRUE(oracle->EndTrial(Start(*oracle, "w").id, TrialStatus::kFailed).ok());
  EXPECT_EQ(oracle->CreateTrial("w")->status, TrialStatus::kRunning);
}

TEST(StopTest, ZeroDisablesTheFailureCheck) {
  std::unique_ptr<Oracle> oracle = MakeOracle(ContinuousSpace(), Options(0, 0, 0));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(oracle->EndTrial(Start(*oracle, "w").id, TrialStatus::kFailed).ok());
  }
  EXPECT_EQ(oracle->CreateTrial("w")->status, TrialStatus::kRunning);
}

TEST(GetBestTrialsTest, BestFirstTiesByCreation) {
  std::unique_ptr<Oracle> oracle = MakeOracle(ContinuousSpace(), Options());
  std::vector<double> losses = {0.5, 0.2, 0.5, 0.9, 0.2};
  for (double loss : losses) Complete(*oracle, Start(*oracle, "w").id, loss);
  ASSERT_TRUE(oracle->EndTrial(Start(*oracle, "w").id, TrialStatus::kFailed).ok());
  Start(*oracle, "running");
  EXPECT_THAT(Ids(oracle->GetBestTrials(10)), ElementsAre("0001", "0004", "0000", "0002", "0003"));
  EXPECT_THAT(Ids(oracle->GetBestTrials(2)), ElementsAre("0001", "0004"));
  EXPECT_TRUE(oracle->GetBestTrials(0).empty());
}

TEST(GetBestTrialsTest, MaximizedObjectivesRankHighestFirst) {
  OracleOptions options = Options();
  options.objective = *Objective::FromName("val_accuracy");
  std::unique_ptr<Oracle> oracle = MakeOracle(ContinuousSpace(), options);
  for (double accuracy : {0.5, 0.9, 0.7}) {
    Trial trial = Start(*oracle, "w");
    ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"val_accuracy", accuracy}}, 0).ok());
    ASSERT_TRUE(oracle->EndTrial(trial.id, TrialStatus::kCompleted).ok());
  }
  EXPECT_THAT(Ids(oracle->GetBestTrials(3)), ElementsAre("0001", "0002", "0000"));
}

// One call to an oracle and what it answered, as text, so that two oracles can be compared.
std::string Ask(Oracle& oracle, const std::string& worker) {
  StatusOr<TrialAssignment> assignment = oracle.CreateTrial(worker);
  if (!assignment.ok()) return assignment.status().ToString();
  std::string out(TrialStatusName(assignment->status));
  if (assignment->trial.has_value()) {
    const Trial& t = *assignment->trial;
    out += " " + t.id + " " + Text(t.values) + " attempt " + std::to_string(t.attempts);
  }
  return out + (assignment->reason.empty() ? "" : " (" + assignment->reason + ")");
}

std::string Finish(Oracle& oracle, const std::string& id, TrialStatus status, double loss) {
  if (!std::isnan(loss)) {
    StatusOr<TrialStatus> updated = oracle.UpdateTrial(id, {{"val_loss", loss}}, 0);
    if (!updated.ok()) return updated.status().ToString();
  }
  StatusOr<Trial> ended = oracle.EndTrial(id, status);
  if (!ended.ok()) return ended.status().ToString();
  return std::string(TrialStatusName(ended->status));
}

// Drives an oracle the same way each time: workers ask for trials, finish them in a fixed
// pattern, and the whole exchange is recorded until the search stops.
std::vector<std::string> Continue(Oracle& oracle) {
  std::vector<std::string> log;
  log.push_back(Ask(oracle, "w3"));  // Restarted mid-trial: wants trial 3 back.
  log.push_back(Finish(oracle, oracle.trials()[3].id, TrialStatus::kCompleted, 0.3));
  log.push_back(Ask(oracle, "w9"));  // The retry of trial 2.
  log.push_back(Finish(oracle, oracle.trials()[2].id, TrialStatus::kCompleted, 0.2));
  for (int i = 0; i < 40; ++i) {
    std::string answer = Ask(oracle, "w" + std::to_string(10 + i));
    log.push_back(answer);
    if (answer.rfind("RUNNING", 0) != 0) break;
    const Trial& latest = oracle.trials().back();
    log.push_back(Finish(oracle, latest.id, TrialStatus::kCompleted, 1.0 / (i + 2)));
  }
  log.push_back(Finish(oracle, oracle.trials()[4].id, TrialStatus::kCompleted, 0.4));
  log.push_back(Ask(oracle, "w4"));
  return log;
}

TEST(RestartTest, AnOracleRebuiltFromItsTrialsContinuesIdentically) {
  for (const char* algorithm : {"random", "grid", "quasi_random"}) {
    SCOPED_TRACE(algorithm);
    std::unique_ptr<Oracle> original = MakeOracle(FiniteSpace(), Options(20, 1), algorithm);
    std::vector<Trial> started;
    for (int w = 0; w < 5; ++w) started.push_back(Start(*original, "w" + std::to_string(w)));
    Complete(*original, started[0].id, 0.5);
    Complete(*original, started[1].id, 0.6);
    ASSERT_EQ(Finish(*original, started[2].id, TrialStatus::kInvalid, kNan), "INVALID");
    // Trials 3 and 4 are still running.

    // The history as a store would hold it: JSON, in any order.
    std::vector<Trial> history;
    for (const Trial& trial : original->trials()) {
      StatusOr<Trial> back = TrialFromJson(*ParseJson(DumpPythonJson(TrialToJson(trial))));
      ASSERT_TRUE(back.ok()) << back.status().ToString();
      history.push_back(*back);
    }
    std::reverse(history.begin(), history.end());
    std::unique_ptr<Oracle> restarted =
        MakeOracle(FiniteSpace(), Options(20, 1), algorithm, std::move(history));
    ASSERT_EQ(restarted->trials().size(), 5u);
    EXPECT_EQ(restarted->trials()[0].id, "00");

    std::vector<std::string> expected = Continue(*original);
    std::vector<std::string> actual = Continue(*restarted);
    EXPECT_EQ(actual, expected);

    // The exchange itself is what a restart should give: trial 3 back to w3, trial 2 retried,
    // then new trials; nothing already tried comes again.
    EXPECT_EQ(expected[0], "RUNNING 03 " + Text(started[3].values) + " attempt 1");
    EXPECT_EQ(expected[2], "RUNNING 02 " + Text(started[2].values) + " attempt 2");
    EXPECT_EQ(expected[4].substr(0, 10), "RUNNING 05");
    std::set<std::string> seen;
    for (const Trial& trial : restarted->trials()) {
      EXPECT_TRUE(seen.insert(restarted->space().Fingerprint(trial.values)).second)
          << trial.id << " repeats " << Text(trial.values);
    }
    EXPECT_EQ(restarted->trials().size(), 20u);
    EXPECT_TRUE(restarted->IsFinished());
  }
}

TEST(RestartTest, FailureHistoryCarriesOver) {
  std::unique_ptr<Oracle> original = MakeOracle(ContinuousSpace(), Options(0, 0, 2));
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(original->EndTrial(Start(*original, "w").id, TrialStatus::kFailed, "bad").ok());
  }
  std::unique_ptr<Oracle> restarted =
      MakeOracle(ContinuousSpace(), Options(0, 0, 2), "random", original->trials());
  StatusOr<TrialAssignment> next = restarted->CreateTrial("w");
  EXPECT_EQ(next->status, TrialStatus::kStopped);
  EXPECT_THAT(next->reason, HasSubstr("2 consecutive trials failed"));
}

}  // namespace
}  // namespace kubetune::search
