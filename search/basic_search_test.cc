#include "search/basic_search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/oracle.h"
#include "search/space_walk.h"

namespace kubetune::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* const kAlgorithms[] = {"random", "grid", "quasi_random"};

SearchSpace Space(const std::string& entries) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig("{\"space\": [" + entries + "]}");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? config->space : SearchSpace();
}

// Choice a [x, y] and Int n 1..3 with default 2: six configurations.
SearchSpace TwoByThree() {
  return Space(R"({"class_name": "Choice", "config": {"name": "a", "values": ["x", "y"]}}, )"
               R"({"class_name": "Int", "config": {"name": "n", "default": 2, "min_value": 1, )"
               R"("max_value": 3}})");
}

// model a, b or c; units (model a); bn (model a or b); act (model a and units 2 or 3): 13.
SearchSpace Conditional() {
  return Space(R"(
    {"class_name": "Choice", "config": {"name": "model", "values": ["a", "b", "c"]}},
    {"class_name": "Int", "config": {"name": "units", "min_value": 1, "max_value": 3,
      "conditions": [{"class_name": "Parent", "config": {"name": "model", "values": ["a"]}}]}},
    {"class_name": "Boolean", "config": {"name": "bn", "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["a", "b"]}}]}},
    {"class_name": "Choice", "config": {"name": "act", "values": ["x", "y"], "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["a"]}},
       {"class_name": "Parent", "config": {"name": "units", "values": [2, 3]}}]}})");
}

// The conditional space with a continuous Float in the "a" branch: infinitely many.
SearchSpace ConditionalWithFloat() {
  return Space(R"(
    {"class_name": "Choice", "config": {"name": "model", "values": ["a", "b"]}},
    {"class_name": "Float", "config": {"name": "lr", "min_value": 0.0001, "max_value": 0.1,
      "sampling": "log", "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["a"]}}]}},
    {"class_name": "Int", "config": {"name": "depth", "min_value": 1, "max_value": 8,
      "conditions": [{"class_name": "Parent", "config": {"name": "model", "values": ["b"]}}]}},
    {"class_name": "Choice", "config": {"name": "width", "values": [16, 32], "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["b"]}},
       {"class_name": "Parent", "config": {"name": "depth", "values": [4, 5, 6, 7, 8]}}]}},
    {"class_name": "Float", "config": {"name": "dropout", "min_value": 0.0, "max_value": 0.5}})");
}

std::unique_ptr<Oracle> MakeOracle(const SearchSpace& space, const std::string& algorithm,
                                   uint64_t seed = 1, int64_t max_trials = 0) {
  OracleOptions options;
  options.objective = *Objective::FromName("loss");
  options.seed = seed;
  options.max_trials = max_trials;
  StatusOr<std::unique_ptr<SearchAlgorithm>> made = MakeSearchAlgorithm(algorithm);
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(space, std::move(options), std::move(made).value());
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return std::move(oracle).value();
}

struct RunResult {
  std::vector<Values> values;  // Of each trial, in order.
  TrialStatus last = TrialStatus::kRunning;
  std::string reason;
};

// One worker runs trials one at a time until the oracle stops or `limit` trials have run.
RunResult RunTrials(Oracle& oracle, size_t limit = 10000) {
  RunResult run;
  while (run.values.size() < limit) {
    StatusOr<TrialAssignment> assignment = oracle.CreateTrial("worker");
    EXPECT_TRUE(assignment.ok());
    run.last = assignment->status;
    run.reason = assignment->reason;
    if (assignment->status != TrialStatus::kRunning) break;
    const Trial& trial = *assignment->trial;
    run.values.push_back(trial.values);
    EXPECT_TRUE(oracle.UpdateTrial(trial.id, {{"loss", 1.0}}, 0).ok());
    EXPECT_TRUE(oracle.EndTrial(trial.id, TrialStatus::kCompleted).ok());
  }
  return run;
}

std::vector<std::string> Texts(const std::vector<Values>& values) {
  std::vector<std::string> out;
  for (const Values& v : values) out.push_back(DumpPythonJson(v.ToJson()));
  return out;
}

std::set<std::string> DistinctFingerprints(const SearchSpace& space,
                                           const std::vector<Values>& values) {
  std::set<std::string> out;
  for (const Values& v : values) out.insert(space.Fingerprint(v));
  return out;
}

// The L2-star discrepancy of points in [0, 1]^2 (Warnock's formula): lower is more even.
double L2StarDiscrepancy(const std::vector<std::pair<double, double>>& points) {
  double n = static_cast<double>(points.size());
  double sum1 = 0;
  double sum2 = 0;
  for (const auto& [x, y] : points) sum1 += (1 - x * x) * (1 - y * y);
  for (const auto& [xi, yi] : points) {
    for (const auto& [xj, yj] : points) sum2 += (1 - std::max(xi, xj)) * (1 - std::max(yi, yj));
  }
  return std::sqrt(1.0 / 9 - sum1 / (2 * n) + sum2 / (n * n));
}

std::vector<std::pair<double, double>> UnitSquarePoints(const std::string& algorithm, uint64_t seed,
                                                        size_t count) {
  SearchSpace space =
      Space(R"({"class_name": "Float", "config": {"name": "x", "min_value": 0, "max_value": 1}}, )"
            R"({"class_name": "Float", "config": {"name": "y", "min_value": 0, "max_value": 1}})");
  std::unique_ptr<Oracle> oracle = MakeOracle(space, algorithm, seed);
  std::vector<std::pair<double, double>> points;
  for (const Values& v : RunTrials(*oracle, count).values) {
    points.emplace_back(std::get<double>(*v.Find("x")), std::get<double>(*v.Find("y")));
  }
  return points;
}

TEST(MakeSearchAlgorithmTest, BuildsEachAlgorithmByName) {
  for (const char* name : kAlgorithms) {
    StatusOr<std::unique_ptr<SearchAlgorithm>> algorithm = MakeSearchAlgorithm(name);
    ASSERT_TRUE(algorithm.ok()) << name;
    EXPECT_EQ((*algorithm)->name(), name);
    EXPECT_TRUE(MakeSearchAlgorithm(name, Json::object()).ok()) << name;
  }
}

TEST(MakeSearchAlgorithmTest, RejectsUnknownNamesAndSettings) {
  StatusOr<std::unique_ptr<SearchAlgorithm>> unknown = MakeSearchAlgorithm("bayesian_magic");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("'bayesian_magic'"));

  StatusOr<std::unique_ptr<SearchAlgorithm>> setting =
      MakeSearchAlgorithm("random", Json{{"num_initial_points", 3}});
  ASSERT_FALSE(setting.ok());
  EXPECT_THAT(setting.status().message(), HasSubstr("'num_initial_points'"));
  EXPECT_FALSE(MakeSearchAlgorithm("grid", Json::array({1})).ok());
}

TEST(RngTest, IsDeterministicAndInRange) {
  Rng a(7);
  Rng b(7);
  Rng c(8);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    double u = a.Uniform();
    EXPECT_EQ(u, b.Uniform());
    differs = differs || u != c.Uniform();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
    EXPECT_LT(a.Below(3), 3u);
    b.Below(3);
    c.Below(3);
  }
  EXPECT_TRUE(differs);
  EXPECT_NE(MixSeed(1, 0), MixSeed(1, 1));
  EXPECT_NE(MixSeed(1, 0), MixSeed(2, 0));
}

TEST(BasicSearchTest, SameSeedSameSequence) {
  SearchSpace space = ConditionalWithFloat();
  for (const char* algorithm : kAlgorithms) {
    std::unique_ptr<Oracle> first = MakeOracle(space, algorithm, 42);
    std::unique_ptr<Oracle> second = MakeOracle(space, algorithm, 42);
    EXPECT_EQ(Texts(RunTrials(*first, 30).values), Texts(RunTrials(*second, 30).values))
        << algorithm;
  }
}

TEST(BasicSearchTest, DifferentSeedsGiveDifferentSequences) {
  SearchSpace space = ConditionalWithFloat();
  for (const char* algorithm : {"random", "quasi_random"}) {
    std::unique_ptr<Oracle> first = MakeOracle(space, algorithm, 1);
    std::unique_ptr<Oracle> second = MakeOracle(space, algorithm, 2);
    EXPECT_NE(Texts(RunTrials(*first, 10).values), Texts(RunTrials(*second, 10).values))
        << algorithm;
  }
}

TEST(BasicSearchTest, ExhaustsAFiniteSpaceExactlyWithoutDuplicates) {
  SearchSpace space = TwoByThree();
  for (const char* algorithm : kAlgorithms) {
    std::unique_ptr<Oracle> oracle = MakeOracle(space, algorithm);
    RunResult run = RunTrials(*oracle);
    EXPECT_EQ(run.values.size(), 6u) << algorithm;
    EXPECT_EQ(DistinctFingerprints(space, run.values).size(), 6u) << algorithm;
    EXPECT_EQ(run.last, TrialStatus::kStopped) << algorithm;
    EXPECT_THAT(run.reason, HasSubstr("exhausted")) << algorithm;
    EXPECT_THAT(oracle->stop_reason(), HasSubstr("exhausted")) << algorithm;
    EXPECT_TRUE(oracle->IsFinished()) << algorithm;
    // Asking again after the end keeps answering STOPPED.
    EXPECT_EQ(oracle->CreateTrial("late")->status, TrialStatus::kStopped) << algorithm;
  }
}

TEST(BasicSearchTest, ExhaustsAConditionalSpaceWithoutDuplicates) {
  SearchSpace space = Conditional();
  for (const char* algorithm : kAlgorithms) {
    std::unique_ptr<Oracle> oracle = MakeOracle(space, algorithm, 3);
    RunResult run = RunTrials(*oracle);
    EXPECT_EQ(run.values.size(), 13u) << algorithm;
    EXPECT_EQ(DistinctFingerprints(space, run.values).size(), 13u) << algorithm;
    EXPECT_THAT(run.reason, HasSubstr("exhausted")) << algorithm;
  }
}

TEST(BasicSearchTest, SamplersUseEveryValueOfAnUnsteppedLogInt) {
  // x: b takes all 20 values, not only the ten a grid would sample; y: 1. Random and
  // quasi-random must try all 21 before they stop.
  SearchSpace space =
      Space(R"({"class_name": "Choice", "config": {"name": "f", "values": ["x", "y"]}}, )"
            R"({"class_name": "Int", "config": {"name": "b", "min_value": 1, "max_value": 20, )"
            R"("sampling": "log", "conditions": [{"class_name": "Parent", "config": {"name": "f", )"
            R"("values": ["x"]}}]}})");
  for (const char* algorithm : {"random", "quasi_random"}) {
    std::unique_ptr<Oracle> oracle = MakeOracle(space, algorithm, 5);
    RunResult run = RunTrials(*oracle);
    EXPECT_EQ(run.values.size(), 21u) << algorithm;
    EXPECT_EQ(DistinctFingerprints(space, run.values).size(), 21u) << algorithm;
    EXPECT_THAT(run.reason, HasSubstr("exhausted")) << algorithm;
  }
}

TEST(BasicSearchTest, SuggestionsAreLegalAndHoldExactlyTheActiveParameters) {
  for (const SearchSpace& space : {Conditional(), ConditionalWithFloat()}) {
    for (const char* algorithm : kAlgorithms) {
      std::unique_ptr<Oracle> oracle = MakeOracle(space, algorithm, 11);
      RunResult run = RunTrials(*oracle, 60);
      ASSERT_FALSE(run.values.empty());
      for (const Values& values : run.values) {
        std::string text = DumpPythonJson(values.ToJson());
        EXPECT_TRUE(space.CheckValues(values).ok())
            << algorithm << " " << text << ": " << space.CheckValues(values).ToString();
        for (const HyperParameter& hp : space.parameters()) {
          EXPECT_EQ(values.Contains(hp.name), space.IsActive(hp, values))
              << algorithm << " " << hp.name << " in " << text;
        }
      }
    }
  }
}

TEST(GridSearchTest, FollowsKerasTunersOrder) {
  // Defaults first; the last parameter moves fastest, its default first, then its other
  // values in order (GridSearchOracle._get_next_combination). keras-tuner 1.4.8 gives exactly
  // this sequence for the same space.
  std::unique_ptr<Oracle> oracle = MakeOracle(TwoByThree(), "grid");
  EXPECT_THAT(
      Texts(RunTrials(*oracle).values),
      ElementsAre(R"({"a": "x", "n": 2})", R"({"a": "x", "n": 1})", R"({"a": "x", "n": 3})",
                  R"({"a": "y", "n": 2})", R"({"a": "y", "n": 1})", R"({"a": "y", "n": 3})"));
}

TEST(GridSearchTest, WalksConditionalParametersOnlyWhereActive) {
  // The sequence keras-tuner 1.4.8's GridSearchOracle gives for the same space.
  std::unique_ptr<Oracle> oracle = MakeOracle(Conditional(), "grid");
  EXPECT_THAT(Texts(RunTrials(*oracle).values),
              ElementsAre(R"({"model": "a", "units": 1, "bn": false})",
                          R"({"model": "a", "units": 1, "bn": true})",
                          R"({"model": "a", "units": 2, "bn": false, "act": "x"})",
                          R"({"model": "a", "units": 2, "bn": false, "act": "y"})",
                          R"({"model": "a", "units": 2, "bn": true, "act": "x"})",
                          R"({"model": "a", "units": 2, "bn": true, "act": "y"})",
                          R"({"model": "a", "units": 3, "bn": false, "act": "x"})",
                          R"({"model": "a", "units": 3, "bn": false, "act": "y"})",
                          R"({"model": "a", "units": 3, "bn": true, "act": "x"})",
                          R"({"model": "a", "units": 3, "bn": true, "act": "y"})",
                          R"({"model": "b", "bn": false})", R"({"model": "b", "bn": true})",
                          R"({"model": "c"})"));
}

TEST(GridSearchTest, ContinuousFloatsGetTenValuesAfterTheDefault) {
  std::unique_ptr<Oracle> oracle = MakeOracle(
      Space(R"({"class_name": "Float", "config": {"name": "x", "min_value": 0, "max_value": 1}})"),
      "grid");
  RunResult run = RunTrials(*oracle);
  ASSERT_EQ(run.values.size(), 11u);
  EXPECT_EQ(std::get<double>(*run.values[0].Find("x")), 0.0);
  EXPECT_NEAR(std::get<double>(*run.values[1].Find("x")), 0.05, 1e-12);
  EXPECT_NEAR(std::get<double>(*run.values[10].Find("x")), 0.95, 1e-12);
}

TEST(GridSearchTest, IdleWhileTheLastTrialsRunThenStopped) {
  SearchSpace space = Space(R"({"class_name": "Boolean", "config": {"name": "b"}})");
  std::unique_ptr<Oracle> oracle = MakeOracle(space, "grid");
  StatusOr<TrialAssignment> first = oracle->CreateTrial("w1");
  StatusOr<TrialAssignment> second = oracle->CreateTrial("w2");
  ASSERT_EQ(first->status, TrialStatus::kRunning);
  ASSERT_EQ(second->status, TrialStatus::kRunning);
  EXPECT_EQ(oracle->CreateTrial("w3")->status, TrialStatus::kIdle);
  ASSERT_TRUE(oracle->UpdateTrial(first->trial->id, {{"loss", 1}}, 0).ok());
  ASSERT_TRUE(oracle->EndTrial(first->trial->id, TrialStatus::kCompleted).ok());
  EXPECT_EQ(oracle->CreateTrial("w3")->status, TrialStatus::kIdle);
  EXPECT_FALSE(oracle->IsFinished());
  ASSERT_TRUE(oracle->EndTrial(second->trial->id, TrialStatus::kFailed, "crashed").ok());
  StatusOr<TrialAssignment> last = oracle->CreateTrial("w3");
  EXPECT_EQ(last->status, TrialStatus::kStopped);
  EXPECT_THAT(last->reason, HasSubstr("exhausted"));
  EXPECT_TRUE(oracle->IsFinished());
}

TEST(QuasiRandomSearchTest, CoversAOneDimensionalRangeEvenly) {
  SearchSpace space =
      Space(R"({"class_name": "Float", "config": {"name": "x", "min_value": 0, "max_value": 1}})");
  for (uint64_t seed : {1, 2, 3}) {
    std::unique_ptr<Oracle> oracle = MakeOracle(space, "quasi_random", seed);
    std::vector<int> bins(16, 0);
    for (const Values& v : RunTrials(*oracle, 16).values) {
      double x = std::get<double>(*v.Find("x"));
      ASSERT_GE(x, 0.0);
      ASSERT_LT(x, 1.0);
      ++bins[static_cast<size_t>(x * 16)];
    }
    EXPECT_THAT(bins, ::testing::Each(1)) << "seed " << seed;
  }
}

TEST(QuasiRandomSearchTest, IsMoreEvenThanRandomInTwoDimensions) {
  double quasi = 0;
  double random = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    quasi += L2StarDiscrepancy(UnitSquarePoints("quasi_random", seed, 64));
    random += L2StarDiscrepancy(UnitSquarePoints("random", seed, 64));
  }
  EXPECT_LT(quasi, 0.5 * random) << "quasi " << quasi / 4 << " random " << random / 4;
}

TEST(QuasiRandomSearchTest, RespectsConditionsAndCoversEveryBranch) {
  SearchSpace space = ConditionalWithFloat();
  std::unique_ptr<Oracle> oracle = MakeOracle(space, "quasi_random", 9);
  std::set<std::string> models;
  int wide = 0;
  for (const Values& v : RunTrials(*oracle, 64).values) {
    ASSERT_TRUE(space.CheckValues(v).ok()) << DumpPythonJson(v.ToJson());
    std::string model = std::get<std::string>(*v.Find("model"));
    models.insert(model);
    EXPECT_EQ(v.Contains("lr"), model == "a");
    EXPECT_EQ(v.Contains("depth"), model == "b");
    if (v.Contains("width")) ++wide;
  }
  EXPECT_EQ(models, (std::set<std::string>{"a", "b"}));
  EXPECT_GT(wide, 0);
}

TEST(RandomSearchTest, SamplesLogRangesUniformlyPerDecade) {
  SearchSpace space = Space(R"({"class_name": "Float", "config": {"name": "lr", )"
                            R"("min_value": 0.0001, "max_value": 1, "sampling": "log"}})");
  std::unique_ptr<Oracle> oracle = MakeOracle(space, "random", 4);
  std::vector<int> decades(4, 0);
  for (const Values& v : RunTrials(*oracle, 400).values) {
    double lr = std::get<double>(*v.Find("lr"));
    ++decades[std::min<size_t>(3, static_cast<size_t>(std::log10(lr) + 4))];
  }
  for (int count : decades) {
    EXPECT_GT(count, 60);
    EXPECT_LT(count, 140);
  }
}

TEST(SpaceWalkTest, EnumerationFollowsTheGridAndMatchesTheCardinality) {
  SearchSpace space = Conditional();
  std::optional<std::vector<Values>> all = EnumerateSpace(space, 1000);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), *space.Cardinality());
  std::unique_ptr<Oracle> oracle = MakeOracle(space, "grid");
  EXPECT_EQ(Texts(*all), Texts(RunTrials(*oracle).values));
  EXPECT_FALSE(EnumerateSpace(space, 12).has_value());
  EXPECT_FALSE(EnumerateSpace(ConditionalWithFloat(), 1000).has_value());
}

TEST(SpaceWalkTest, NextGridCombinationEndsAfterTheLast) {
  SearchSpace space = TwoByThree();
  Values last;
  last.Set("a", Value(std::string("y")));
  last.Set("n", Value(int64_t{3}));
  EXPECT_EQ(NextGridCombination(space, last), std::nullopt);
  Values first = space.Defaults();
  std::optional<Values> next = NextGridCombination(space, first);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(DumpPythonJson(next->ToJson()), R"({"a": "x", "n": 1})");
}

}  // namespace
}  // namespace kubetune::search
