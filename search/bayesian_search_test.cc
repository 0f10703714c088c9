#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "search/model_search.h"
#include "search/oracle.h"

namespace kubetune::search {
namespace {

SearchSpace Space(const std::string& entries) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig(Json::parse("{\"space\": [" + entries + "]}"));
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? config->space : SearchSpace();
}

// Branin on x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887.
SearchSpace BraninSpace() {
  return Space(
      R"({"class_name": "Float", "config": {"name": "x1", "min_value": -5, "max_value": 10}},)"
      R"({"class_name": "Float", "config": {"name": "x2", "min_value": 0, "max_value": 15}})");
}

double Branin(const Values& v) {
  double x1 = *ValueAsDouble(*v.Find("x1")), x2 = *ValueAsDouble(*v.Find("x2"));
  double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, t = 1 / (8 * M_PI);
  return std::pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * std::cos(x1) + 10;
}

std::unique_ptr<Oracle> MakeOracle(SearchSpace space, const std::string& algorithm,
                                   int64_t max_trials, uint64_t seed,
                                   std::vector<Trial> history = {}) {
  OracleOptions options;
  options.objective = Objective::Of({{"loss", Direction::kMinimize}});
  options.max_trials = max_trials;
  options.seed = seed;
  StatusOr<std::unique_ptr<Oracle>> oracle = Oracle::Create(
      std::move(space), std::move(options), *MakeSearchAlgorithm(algorithm), std::move(history));
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return std::move(oracle).value();
}

// Runs trials one at a time against `f`; returns the best value found.
double Minimise(Oracle& oracle, double (*f)(const Values&)) {
  double best = 1e300;
  while (true) {
    TrialAssignment a = *oracle.CreateTrial("w");
    if (a.status != TrialStatus::kRunning) break;
    double y = f(a.trial->values);
    best = std::min(best, y);
    EXPECT_TRUE(oracle.UpdateTrial(a.trial->id, {{"loss", y}}, 0).ok());
    EXPECT_TRUE(oracle.EndTrial(a.trial->id, TrialStatus::kCompleted).ok());
  }
  return best;
}

TEST(BayesianSearchTest, FindsBraninsMinimumFarBetterThanRandom) {
  std::vector<double> bayes, random;
  for (uint64_t seed = 0; seed < 3; ++seed) {
    bayes.push_back(Minimise(*MakeOracle(BraninSpace(), "bayesian", 40, seed), Branin) - 0.397887);
    random.push_back(Minimise(*MakeOracle(BraninSpace(), "random", 40, seed), Branin) - 0.397887);
  }
  std::sort(bayes.begin(), bayes.end());
  std::sort(random.begin(), random.end());
  EXPECT_LT(bayes[1], 0.05);
  EXPECT_LT(bayes[1] * 10, random[1]);
}

TEST(BayesianSearchTest, DeterministicForASeedAndResumesFromHistory) {
  std::unique_ptr<Oracle> first = MakeOracle(BraninSpace(), "bayesian", 20, 7);
  for (int i = 0; i < 12; ++i) {
    TrialAssignment a = *first->CreateTrial("w");
    ASSERT_TRUE(first->UpdateTrial(a.trial->id, {{"loss", Branin(a.trial->values)}}, 0).ok());
    ASSERT_TRUE(first->EndTrial(a.trial->id, TrialStatus::kCompleted).ok());
  }
  std::unique_ptr<Oracle> same = MakeOracle(BraninSpace(), "bayesian", 20, 7);
  std::unique_ptr<Oracle> resumed = MakeOracle(BraninSpace(), "bayesian", 20, 7, first->trials());
  for (int i = 0; i < 12; ++i) {
    TrialAssignment a = *same->CreateTrial("w");
    ASSERT_TRUE(same->UpdateTrial(a.trial->id, {{"loss", Branin(a.trial->values)}}, 0).ok());
    ASSERT_TRUE(same->EndTrial(a.trial->id, TrialStatus::kCompleted).ok());
    EXPECT_EQ(a.trial->values, first->trials()[static_cast<size_t>(i)].values);
  }
  Values next_first = first->CreateTrial("w")->trial->values;
  EXPECT_EQ(resumed->CreateTrial("w")->trial->values, next_first);
  EXPECT_EQ(same->CreateTrial("w")->trial->values, next_first);
}

TEST(BayesianSearchTest, ExhaustsAFiniteSpaceWithoutRepeats) {
  SearchSpace space =
      Space(R"({"class_name": "Int", "config": {"name": "a", "min_value": 1, "max_value": 4}},)"
            R"({"class_name": "Choice", "config": {"name": "b", "values": ["x", "y", "z"]}})");
  std::unique_ptr<Oracle> oracle = MakeOracle(space, "bayesian", 0, 3);
  std::set<std::string> seen;
  while (true) {
    TrialAssignment a = *oracle->CreateTrial("w");
    if (a.status != TrialStatus::kRunning) {
      EXPECT_EQ(a.status, TrialStatus::kStopped);
      EXPECT_NE(a.reason.find("exhausted"), std::string::npos) << a.reason;
      break;
    }
    EXPECT_TRUE(seen.insert(space.Fingerprint(a.trial->values)).second);
    double y = *ValueAsDouble(*a.trial->values.Find("a"));
    ASSERT_TRUE(oracle->UpdateTrial(a.trial->id, {{"loss", y}}, 0).ok());
    ASSERT_TRUE(oracle->EndTrial(a.trial->id, TrialStatus::kCompleted).ok());
  }
  EXPECT_EQ(seen.size(), 12u);
}

TEST(BayesianSearchTest, PendingTrialsSpreadAParallelBatch) {
  // After 10 results, ask for 6 trials before any comes back: all distinct and apart.
  std::unique_ptr<Oracle> oracle = MakeOracle(BraninSpace(), "bayesian", 0, 5);
  for (int i = 0; i < 10; ++i) {
    TrialAssignment a = *oracle->CreateTrial("w");
    ASSERT_TRUE(oracle->UpdateTrial(a.trial->id, {{"loss", Branin(a.trial->values)}}, 0).ok());
    ASSERT_TRUE(oracle->EndTrial(a.trial->id, TrialStatus::kCompleted).ok());
  }
  std::vector<std::pair<double, double>> batch;
  for (int w = 0; w < 6; ++w) {
    TrialAssignment a = *oracle->CreateTrial("worker-" + std::to_string(w));
    ASSERT_EQ(a.status, TrialStatus::kRunning);
    batch.emplace_back((*ValueAsDouble(*a.trial->values.Find("x1")) + 5) / 15,
                       *ValueAsDouble(*a.trial->values.Find("x2")) / 15);
  }
  double closest = 1e9;
  for (size_t i = 0; i < batch.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      closest = std::min(
          closest, std::hypot(batch[i].first - batch[j].first, batch[i].second - batch[j].second));
    }
  }
  EXPECT_GT(closest, 1e-3);
}

TEST(BayesianSearchTest, ConditionalSuggestionsCarryExactlyTheActiveParameters) {
  SearchSpace space = Space(
      R"({"class_name": "Choice", "config": {"name": "model", "values": ["linear", "tree"]}},)"
      R"({"class_name": "Float", "config": {"name": "l2", "min_value": 1e-6, "max_value": 0.1,)"
      R"( "sampling": "log", "conditions": [{"class_name": "Parent", "config": {"name": "model",)"
      R"( "values": ["linear"]}}]}},)"
      R"({"class_name": "Int", "config": {"name": "depth", "min_value": 2, "max_value": 12,)"
      R"( "conditions": [{"class_name": "Parent", "config": {"name": "model",)"
      R"( "values": ["tree"]}}]}})");
  std::unique_ptr<Oracle> oracle = MakeOracle(space, "bayesian", 30, 2);
  while (true) {
    TrialAssignment a = *oracle->CreateTrial("w");
    if (a.status != TrialStatus::kRunning) break;
    const Values& v = a.trial->values;
    ASSERT_TRUE(space.CheckValues(v).ok()) << space.CheckValues(v).ToString();
    bool linear = std::get<std::string>(*v.Find("model")) == "linear";
    EXPECT_EQ(v.Contains("l2"), linear);
    EXPECT_EQ(v.Contains("depth"), !linear);
    double y = linear ? std::fabs(std::log10(*ValueAsDouble(*v.Find("l2"))) + 3)
                      : 1 + std::fabs(*ValueAsDouble(*v.Find("depth")) - 7);
    ASSERT_TRUE(oracle->UpdateTrial(a.trial->id, {{"loss", y}}, 0).ok());
    ASSERT_TRUE(oracle->EndTrial(a.trial->id, TrialStatus::kCompleted).ok());
  }
  EXPECT_LT(*oracle->GetBestTrials(1)[0]->score, 0.1);
}

TEST(BayesianSearchTest, RejectsUnknownSettings) {
  EXPECT_FALSE(MakeSearchAlgorithm("bayesian", Json{{"candidate", 10}}).ok());
  EXPECT_FALSE(MakeSearchAlgorithm("bayesian", Json{{"candidates", 2}}).ok());
  EXPECT_TRUE(MakeSearchAlgorithm("bayesian", Json{{"initial_trials", 8}}).ok());
}

}  // namespace
}  // namespace kubetune::search
