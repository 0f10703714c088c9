#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/model_search.h"
#include "search/oracle.h"

namespace kubetune::search {
namespace {

using ::testing::HasSubstr;

SearchSpace Space(const std::string& entries) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig(Json::parse("{\"space\": [" + entries + "]}"));
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? config->space : SearchSpace();
}

SearchSpace UnitSquare() {
  return Space(
      R"({"class_name": "Float", "config": {"name": "x", "min_value": 0, "max_value": 1}},)"
      R"({"class_name": "Float", "config": {"name": "y", "min_value": 0, "max_value": 1}})");
}

// A bowl with its minimum 0 at (0.3, 0.7).
double Quadratic(const Values& v) {
  double x = *ValueAsDouble(*v.Find("x")), y = *ValueAsDouble(*v.Find("y"));
  return (x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7);
}

// model a, b or c; units (model a); bn (model a or b); act (model a and units 2 or 3): 13.
SearchSpace FiniteConditional() {
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

// Three branches with continuous, log-scaled, stepped and categorical parameters, a nested
// condition and an unconditional parameter declared last.
SearchSpace MixedConditional() {
  return Space(R"(
    {"class_name": "Choice", "config": {"name": "model", "values": ["linear", "tree", "mlp"]}},
    {"class_name": "Float", "config": {"name": "l2", "min_value": 1e-6, "max_value": 0.1,
      "sampling": "log", "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["linear"]}}]}},
    {"class_name": "Int", "config": {"name": "depth", "min_value": 2, "max_value": 12,
      "conditions": [{"class_name": "Parent", "config": {"name": "model", "values": ["tree"]}}]}},
    {"class_name": "Choice", "config": {"name": "criterion", "values": ["gini", "entropy"],
      "conditions": [{"class_name": "Parent", "config": {"name": "model", "values": ["tree"]}}]}},
    {"class_name": "Int", "config": {"name": "units", "min_value": 16, "max_value": 512,
      "sampling": "log", "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["mlp"]}}]}},
    {"class_name": "Int", "config": {"name": "layers", "min_value": 1, "max_value": 4,
      "conditions": [{"class_name": "Parent", "config": {"name": "model", "values": ["mlp"]}}]}},
    {"class_name": "Float", "config": {"name": "width", "min_value": 0.5, "max_value": 2,
      "step": 0.25, "conditions":
      [{"class_name": "Parent", "config": {"name": "model", "values": ["mlp"]}},
       {"class_name": "Parent", "config": {"name": "layers", "values": [3, 4]}}]}},
    {"class_name": "Fixed", "config": {"name": "seed", "value": 42}},
    {"class_name": "Float", "config": {"name": "dropout", "min_value": 0, "max_value": 0.5}})");
}

double MixedLoss(const Values& v) {
  const std::string& model = std::get<std::string>(*v.Find("model"));
  double dropout = *ValueAsDouble(*v.Find("dropout"));
  double loss = std::fabs(dropout - 0.2);
  if (model == "linear") return loss + 1 + std::fabs(std::log10(*ValueAsDouble(*v.Find("l2"))) + 3);
  if (model == "tree") return loss + 0.5 + std::fabs(*ValueAsDouble(*v.Find("depth")) - 7) / 10;
  double units = *ValueAsDouble(*v.Find("units"));
  loss += std::fabs(std::log2(units / 128)) / 4;
  if (v.Contains("width")) loss += std::fabs(*ValueAsDouble(*v.Find("width")) - 1.25);
  return loss;
}

std::unique_ptr<Oracle> MakeOracle(SearchSpace space, const std::string& algorithm,
                                   int64_t max_trials, uint64_t seed, const Json& settings = Json(),
                                   std::vector<Trial> history = {},
                                   Direction direction = Direction::kMinimize) {
  OracleOptions options;
  options.objective = Objective::Of({{"loss", direction}});
  options.max_trials = max_trials;
  options.seed = seed;
  StatusOr<std::unique_ptr<SearchAlgorithm>> algo = MakeSearchAlgorithm(algorithm, settings);
  EXPECT_TRUE(algo.ok()) << algo.status().ToString();
  StatusOr<std::unique_ptr<Oracle>> oracle = Oracle::Create(
      std::move(space), std::move(options), std::move(algo).value(), std::move(history));
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return std::move(oracle).value();
}

void Complete(Oracle& oracle, const Trial& trial, double loss) {
  ASSERT_TRUE(oracle.UpdateTrial(trial.id, {{"loss", loss}}, 0).ok());
  ASSERT_TRUE(oracle.EndTrial(trial.id, TrialStatus::kCompleted).ok());
}

// Runs trials one at a time until the oracle stops or `limit` trials ran; returns each
// trial's values and the last answer.
struct SearchRun {
  std::vector<Values> values;
  TrialAssignment last;
  double best = 1e300;
};

SearchRun Minimise(Oracle& oracle, const std::function<double(const Values&)>& f,
                   size_t limit = 100000) {
  SearchRun run;
  while (run.values.size() < limit) {
    StatusOr<TrialAssignment> a = oracle.CreateTrial("w");
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    run.last = *a;
    if (a->status != TrialStatus::kRunning) break;
    run.values.push_back(a->trial->values);
    double y = f(a->trial->values);
    run.best = std::min(run.best, y);
    Complete(oracle, *a->trial, y);
  }
  return run;
}

size_t DistinctCount(const SearchSpace& space, const std::vector<Values>& values) {
  std::set<std::string> seen;
  for (const Values& v : values) seen.insert(space.Fingerprint(v));
  return seen.size();
}

// The active parameter names of a configuration, in order.
std::vector<std::string> Names(const Values& values) {
  std::vector<std::string> out;
  for (const auto& [name, value] : values) out.push_back(name);
  return out;
}

TEST(TpeSearchTest, DeterministicForASeedAndResumesFromHistory) {
  std::unique_ptr<Oracle> first = MakeOracle(MixedConditional(), "tpe", 0, 7);
  SearchRun run = Minimise(*first, MixedLoss, 30);
  std::unique_ptr<Oracle> same = MakeOracle(MixedConditional(), "tpe", 0, 7);
  EXPECT_EQ(Minimise(*same, MixedLoss, 30).values, run.values);
  std::unique_ptr<Oracle> resumed =
      MakeOracle(MixedConditional(), "tpe", 0, 7, Json(), first->trials());
  Values next = first->CreateTrial("w")->trial->values;
  EXPECT_EQ(resumed->CreateTrial("w")->trial->values, next);
  EXPECT_EQ(same->CreateTrial("w")->trial->values, next);

  std::unique_ptr<Oracle> other = MakeOracle(MixedConditional(), "tpe", 0, 8);
  EXPECT_NE(Minimise(*other, MixedLoss, 30).values, run.values);
}

TEST(TpeSearchTest, NeverRepeatsAndExhaustsAFiniteSpace) {
  // 4 x 3 = 12 configurations; the model starts after 3 results and keeps wanting a = 1, so
  // later suggestions must step past the tried ones.
  SearchSpace space =
      Space(R"({"class_name": "Int", "config": {"name": "a", "min_value": 1, "max_value": 4}},)"
            R"({"class_name": "Choice", "config": {"name": "b", "values": ["x", "y", "z"]}})");
  for (uint64_t seed = 0; seed < 3; ++seed) {
    std::unique_ptr<Oracle> oracle =
        MakeOracle(space, "tpe", 0, seed, Json{{"n_startup_trials", 3}});
    SearchRun run = Minimise(*oracle, [](const Values& v) { return *ValueAsDouble(*v.Find("a")); });
    std::set<std::string> seen;
    for (const Values& v : run.values) EXPECT_TRUE(seen.insert(space.Fingerprint(v)).second);
    EXPECT_EQ(seen.size(), 12u);
    EXPECT_EQ(run.last.status, TrialStatus::kStopped);
    EXPECT_THAT(run.last.reason, HasSubstr("exhausted"));
  }
}

TEST(TpeSearchTest, NeverRepeatsOnAFineGridAndExhaustsAConditionalSpace) {
  // A stepped Float with 5 values and a Boolean: the best candidate is usually tried already.
  SearchSpace grid =
      Space(R"({"class_name": "Float", "config": {"name": "x", "min_value": 0, "max_value": 1,)"
            R"( "step": 0.25}},)"
            R"({"class_name": "Boolean", "config": {"name": "on"}})");
  std::unique_ptr<Oracle> oracle = MakeOracle(grid, "tpe", 0, 4, Json{{"n_startup_trials", 2}});
  SearchRun run = Minimise(*oracle, [](const Values& v) { return *ValueAsDouble(*v.Find("x")); });
  EXPECT_EQ(run.values.size(), 10u);
  EXPECT_EQ(DistinctCount(grid, run.values), 10u);
  EXPECT_THAT(run.last.reason, HasSubstr("exhausted"));

  // One candidate per draw: the model's few draws soon hit only tried values, and the rest of
  // the range is picked from what is left.
  SearchSpace line =
      Space(R"({"class_name": "Int", "config": {"name": "n", "min_value": 0, "max_value": 59}})");
  oracle = MakeOracle(line, "tpe", 0, 6, Json{{"n_startup_trials", 2}, {"n_ei_candidates", 1}});
  run = Minimise(*oracle, [](const Values& v) { return *ValueAsDouble(*v.Find("n")); });
  EXPECT_EQ(DistinctCount(line, run.values), 60u);
  EXPECT_EQ(run.values.size(), 60u);
  EXPECT_THAT(run.last.reason, HasSubstr("exhausted"));

  SearchSpace conditional = FiniteConditional();
  oracle = MakeOracle(conditional, "tpe", 0, 5, Json{{"n_startup_trials", 4}});
  run = Minimise(*oracle, [](const Values& v) { return v.size() * 1.0; });
  std::set<std::string> seen;
  for (const Values& v : run.values) {
    EXPECT_TRUE(conditional.CheckValues(v).ok());
    EXPECT_TRUE(seen.insert(conditional.Fingerprint(v)).second);
  }
  EXPECT_EQ(seen.size(), 13u);
  EXPECT_EQ(run.last.status, TrialStatus::kStopped);
}

TEST(TpeSearchTest, ConditionalSuggestionsCarryExactlyTheActiveParameters) {
  SearchSpace space = MixedConditional();
  std::set<std::string> models;
  for (uint64_t seed = 0; seed < 3; ++seed) {
    std::unique_ptr<Oracle> oracle = MakeOracle(space, "tpe", 80, seed);
    SearchRun run = Minimise(*oracle, MixedLoss);
    ASSERT_EQ(run.values.size(), 80u);
    for (const Values& v : run.values) {
      ASSERT_TRUE(space.CheckValues(v).ok()) << space.CheckValues(v).ToString();
      EXPECT_EQ(Names(v), Names(space.Complete(v)));
      models.insert(std::get<std::string>(*v.Find("model")));
    }
    // The mlp branch at units 128 with dropout near 0.2 and no width scores below 0.1.
    EXPECT_LT(run.best, 0.25) << "seed " << seed;
  }
  EXPECT_EQ(models.size(), 3u);
}

struct Spread {
  double mean_distance = 0;  // over all pairs
  double mean_nearest = 0;   // from each point to its nearest neighbour: low when points clump
};

// How spread out a parallel batch of 8 is on the unit square, after 30 results.
Spread BatchSpread(bool constant_liar, uint64_t seed) {
  std::unique_ptr<Oracle> oracle =
      MakeOracle(UnitSquare(), "tpe", 0, seed, Json{{"constant_liar", constant_liar}});
  Minimise(*oracle, Quadratic, 30);
  std::vector<std::pair<double, double>> batch;
  for (int w = 0; w < 8; ++w) {
    TrialAssignment a = *oracle->CreateTrial("worker-" + std::to_string(w));
    EXPECT_EQ(a.status, TrialStatus::kRunning);
    if (a.status != TrialStatus::kRunning) return {};
    batch.emplace_back(*ValueAsDouble(*a.trial->values.Find("x")),
                       *ValueAsDouble(*a.trial->values.Find("y")));
  }
  Spread spread;
  for (size_t i = 0; i < batch.size(); ++i) {
    double nearest = 1e9;
    for (size_t j = 0; j < batch.size(); ++j) {
      if (i == j) continue;
      double d = std::hypot(batch[i].first - batch[j].first, batch[i].second - batch[j].second);
      nearest = std::min(nearest, d);
      spread.mean_distance += d / (8 * 7);
    }
    spread.mean_nearest += nearest / 8;
  }
  return spread;
}

TEST(TpeSearchTest, ConstantLiarSpreadsAParallelBatch) {
  // Eight workers ask in turn, none of them finishing: with running trials counted as bad,
  // each suggestion steers away from the ones before it.
  Spread liar, plain;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    Spread with = BatchSpread(true, seed), without = BatchSpread(false, seed);
    liar.mean_distance += with.mean_distance / 10;
    liar.mean_nearest += with.mean_nearest / 10;
    plain.mean_distance += without.mean_distance / 10;
    plain.mean_nearest += without.mean_nearest / 10;
  }
  EXPECT_GT(liar.mean_distance, plain.mean_distance);
  // The clumping is what the liar removes: nearest neighbours end up much further apart.
  EXPECT_GT(liar.mean_nearest, 1.4 * plain.mean_nearest)
      << "with the liar " << liar.mean_nearest << ", without " << plain.mean_nearest;
}

TEST(TpeSearchTest, BeatsRandomOnAQuadratic) {
  std::vector<double> tpe, random;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    tpe.push_back(Minimise(*MakeOracle(UnitSquare(), "tpe", 60, seed), Quadratic).best);
    random.push_back(Minimise(*MakeOracle(UnitSquare(), "random", 60, seed), Quadratic).best);
  }
  std::sort(tpe.begin(), tpe.end());
  std::sort(random.begin(), random.end());
  double tpe_median = (tpe[4] + tpe[5]) / 2, random_median = (random[4] + random[5]) / 2;
  EXPECT_LT(tpe_median * 3, random_median) << "tpe " << tpe_median << ", random " << random_median;
}

TEST(TpeSearchTest, MaximisingIsMinimisingTheNegation) {
  std::unique_ptr<Oracle> min = MakeOracle(UnitSquare(), "tpe", 30, 3);
  std::unique_ptr<Oracle> max =
      MakeOracle(UnitSquare(), "tpe", 30, 3, Json(), {}, Direction::kMaximize);
  SearchRun low = Minimise(*min, Quadratic);
  SearchRun high = Minimise(*max, [](const Values& v) { return -Quadratic(v); });
  EXPECT_EQ(low.values, high.values);
}

TEST(TpeSearchTest, FailedAndStoppedTrialsDoNotBreakIt) {
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitSquare(), "tpe", 0, 9);
  for (int i = 0; i < 40; ++i) {
    TrialAssignment a = *oracle->CreateTrial("w");
    ASSERT_EQ(a.status, TrialStatus::kRunning);
    const Trial& trial = *a.trial;
    ASSERT_TRUE(oracle->UpdateTrial(trial.id, {{"loss", Quadratic(trial.values)}}, 1).ok());
    TrialStatus end = i % 5 == 1   ? TrialStatus::kFailed
                      : i % 5 == 2 ? TrialStatus::kStopped
                                   : TrialStatus::kCompleted;
    ASSERT_TRUE(oracle->EndTrial(trial.id, end).ok());
  }
}

TEST(TpeSearchTest, ValidatesItsSettings) {
  EXPECT_TRUE(MakeSearchAlgorithm("tpe").ok());
  EXPECT_TRUE(MakeSearchAlgorithm("tpe", Json{{"n_startup_trials", 0},
                                              {"n_ei_candidates", 48},
                                              {"gamma", 0.25},
                                              {"constant_liar", false},
                                              {"prior_weight", 0.5}})
                  .ok());
  struct Bad {
    Json settings;
    std::string says;
  };
  std::vector<Bad> bad = {
      {Json{{"n_startup_trials", -1}}, "tpe.n_startup_trials"},
      {Json{{"n_startup_trials", 2.5}}, "tpe.n_startup_trials"},
      {Json{{"n_ei_candidates", 0}}, "tpe.n_ei_candidates"},
      {Json{{"n_ei_candidates", "24"}}, "tpe.n_ei_candidates"},
      {Json{{"gamma", 0}}, "tpe.gamma"},
      {Json{{"gamma", 1.5}}, "tpe.gamma"},
      {Json{{"gamma", true}}, "tpe.gamma"},
      {Json{{"constant_liar", 1}}, "tpe.constant_liar"},
      {Json{{"prior_weight", 0}}, "tpe.prior_weight"},
      {Json{{"prior_weight", "1"}}, "tpe.prior_weight"},
      {Json{{"n_candidates", 24}}, "'n_candidates'"},
      {Json::array({1}), "tpe settings must be an object"},
  };
  for (const Bad& b : bad) {
    StatusOr<std::unique_ptr<SearchAlgorithm>> made = MakeSearchAlgorithm("tpe", b.settings);
    ASSERT_FALSE(made.ok()) << b.settings.dump();
    EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(made.status().message(), HasSubstr(b.says)) << b.settings.dump();
  }
}

// n Boolean parameters: 2^n configurations.
SearchSpace Booleans(int n) {
  std::string entries;
  for (int i = 0; i < n; ++i) {
    if (i > 0) entries += ",";
    entries += R"({"class_name": "Boolean", "config": {"name": "b)" + std::to_string(i) + R"("}})";
  }
  return Space(entries);
}

TEST(AutoSearchTest, ChoosesAsDocumented) {
  SearchSpace continuous = UnitSquare();
  EXPECT_EQ(ChooseAlgorithm(continuous, 0), "tpe");
  EXPECT_EQ(ChooseAlgorithm(continuous, 1), "bayesian");
  EXPECT_EQ(ChooseAlgorithm(continuous, 200), "bayesian");
  EXPECT_EQ(ChooseAlgorithm(continuous, 201), "tpe");

  // 20 tunable parameters (a Fixed one does not count) still get the GP; 21 do not.
  SearchSpace twenty = Booleans(20);
  EXPECT_EQ(ChooseAlgorithm(twenty, 200), "bayesian");
  EXPECT_EQ(ChooseAlgorithm(Booleans(21), 200), "tpe");
  SearchSpace with_fixed =
      Space(R"({"class_name": "Fixed", "config": {"name": "f", "value": 1}},)" +
            std::string(R"({"class_name": "Boolean", "config": {"name": "on"}})"));
  EXPECT_EQ(ChooseAlgorithm(with_fixed, 10), "bayesian");

  // Finite spaces the budget covers get the grid once the GP is out.
  SearchSpace finite = FiniteConditional();  // 13 configurations
  EXPECT_EQ(ChooseAlgorithm(finite, 100), "bayesian");
  EXPECT_EQ(ChooseAlgorithm(finite, 300), "grid");
  EXPECT_EQ(ChooseAlgorithm(finite, 0), "tpe");
  EXPECT_EQ(ChooseAlgorithm(Booleans(8), 256), "grid");
  EXPECT_EQ(ChooseAlgorithm(Booleans(9), 256), "tpe");
  EXPECT_EQ(ChooseAlgorithm(Booleans(25), 1 << 25), "grid");
}

TEST(AutoSearchTest, RunsTheChosenAlgorithm) {
  EXPECT_FALSE(MakeSearchAlgorithm("auto", Json{{"gamma", 0.2}}).ok());
  struct Case {
    SearchSpace space;
    int64_t max_trials;
    std::string expected;
  };
  std::vector<Case> cases = {
      {UnitSquare(), 15, "bayesian"}, {FiniteConditional(), 300, "grid"}, {UnitSquare(), 0, "tpe"}};
  for (const Case& c : cases) {
    ASSERT_EQ(ChooseAlgorithm(c.space, c.max_trials), c.expected);
    std::unique_ptr<Oracle> chosen = MakeOracle(c.space, "auto", c.max_trials, 11);
    std::unique_ptr<Oracle> direct = MakeOracle(c.space, c.expected, c.max_trials, 11);
    auto f = [](const Values& v) {
      double total = 0;
      for (const auto& [name, value] : v) total += ValueAsDouble(value).value_or(0.5);
      return total;
    };
    EXPECT_EQ(Minimise(*chosen, f, 25).values, Minimise(*direct, f, 25).values) << c.expected;
  }
}

}  // namespace
}  // namespace kubetune::search
