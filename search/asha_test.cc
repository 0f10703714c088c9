#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/multi_fidelity.h"
#include "search/oracle.h"

namespace kubetune::search {
namespace {

using ::testing::HasSubstr;

SearchSpace UnitsSpace(int64_t max_value = 1000000000) {
  StatusOr<HyperParametersConfig> config = ParseHyperParametersConfig(
      R"({"space": [{"class_name": "Int", "config": {"name": "units", "min_value": 1, )"
      R"("max_value": )" +
      std::to_string(max_value) + "}}]}");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config->space;
}

std::unique_ptr<Oracle> MakeOracle(const SearchSpace& space, const Json& settings,
                                   int64_t max_trials = 0, uint64_t seed = 1,
                                   std::vector<Trial> history = {}) {
  OracleOptions options;
  options.objective = *Objective::FromName("loss");
  options.max_trials = max_trials;
  options.seed = seed;
  StatusOr<std::unique_ptr<SearchAlgorithm>> algorithm = MakeSearchAlgorithm("asha", settings);
  EXPECT_TRUE(algorithm.ok()) << algorithm.status().ToString();
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(space, options, std::move(algorithm).value(), std::move(history));
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return std::move(oracle).value();
}

std::string Describe(const Trial& trial) {
  const Values& v = trial.values;
  std::string line = trial.id + " e=" + std::to_string(*IntValue(v, kTunerEpochs)) +
                     " i=" + std::to_string(*IntValue(v, kTunerInitialEpoch)) +
                     " b=" + std::to_string(*IntValue(v, kTunerBracket)) +
                     " r=" + std::to_string(*IntValue(v, kTunerRound));
  if (const Value* from = v.Find(kTunerTrialId)) line += " from=" + std::get<std::string>(*from);
  return line;
}

std::string Ask(Oracle& oracle, const std::string& worker) {
  StatusOr<TrialAssignment> assignment = oracle.CreateTrial(worker);
  EXPECT_TRUE(assignment.ok());
  if (assignment->status != TrialStatus::kRunning) {
    return std::string(TrialStatusName(assignment->status));
  }
  return Describe(*assignment->trial);
}

void Finish(Oracle& oracle, const std::string& id, double loss) {
  ASSERT_TRUE(oracle.UpdateTrial(id, {{"loss", loss}}, 0).ok());
  ASSERT_TRUE(oracle.EndTrial(id, TrialStatus::kCompleted).ok());
}

Json Settings(int64_t max_epochs, int64_t min_epochs, int64_t factor) {
  return Json{{"max_epochs", max_epochs}, {"min_epochs", min_epochs}, {"factor", factor}};
}

TEST(AshaTest, PromotesTheBestOfEachThirdAsSoonAsItIsKnown) {
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(9, 1, 3));
  EXPECT_EQ(Ask(*oracle, "w0"), "0000 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0000", 5);
  EXPECT_EQ(Ask(*oracle, "w0"), "0001 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0001", 3);
  EXPECT_EQ(Ask(*oracle, "w0"), "0002 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0002", 4);
  // Three completed in rung 0: the best third is 0001.
  EXPECT_EQ(Ask(*oracle, "w0"), "0003 e=3 i=1 b=0 r=1 from=0001");
  Finish(*oracle, "0003", 2);
  // Rung 1's top third is empty; rung 0's (0001) went already.
  EXPECT_EQ(Ask(*oracle, "w0"), "0004 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0004", 6);
  EXPECT_EQ(Ask(*oracle, "w0"), "0005 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0005", 1);
  // Five completed in rung 0: its top one is now 0005.
  EXPECT_EQ(Ask(*oracle, "w0"), "0006 e=3 i=1 b=0 r=1 from=0005");
  Finish(*oracle, "0006", 1.5);
  EXPECT_EQ(Ask(*oracle, "w0"), "0007 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0007", 7);
  EXPECT_EQ(Ask(*oracle, "w0"), "0008 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0008", 0.5);
  // Seven completed in rung 0, top two: 0008 and 0005.
  EXPECT_EQ(Ask(*oracle, "w0"), "0009 e=3 i=1 b=0 r=1 from=0008");
  EXPECT_EQ(Ask(*oracle, "w1"), "0010 e=1 i=0 b=0 r=0");
  EXPECT_EQ(Ask(*oracle, "w2"), "0011 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0010", 9);
  Finish(*oracle, "0011", 0.1);
  Finish(*oracle, "0009", 0.25);
  // Both rung 1 (top third: 0009) and rung 0 (top three: 0011, 0008, 0005) have a trial to
  // promote: the highest rung goes first.
  EXPECT_EQ(Ask(*oracle, "w0"), "0012 e=9 i=3 b=0 r=2 from=0009");
  EXPECT_EQ(Ask(*oracle, "w1"), "0013 e=3 i=1 b=0 r=1 from=0011");
  EXPECT_EQ(Ask(*oracle, "w2"), "0014 e=1 i=0 b=0 r=0");
}

TEST(AshaTest, ContinuedTrialKeepsItsValues) {
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(9, 1, 3));
  for (int i = 0; i < 3; ++i) {
    Ask(*oracle, "w0");
    Finish(*oracle, oracle->trials().back().id, 10 - i);
  }
  Ask(*oracle, "w0");
  const Trial& continued = oracle->trials().back();
  const Trial& parent = *oracle->GetTrial("0002");
  EXPECT_EQ(WithoutTunerScope(continued.values), WithoutTunerScope(parent.values));
  EXPECT_EQ(std::get<std::string>(*continued.values.Find(kTunerTrialId)), "0002");
}

TEST(AshaTest, RungsAreMinEpochsTimesPowersOfFactorThenMaxEpochs) {
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(10, 2, 2));
  // Rungs: 2, 4, 8, 10.
  EXPECT_EQ(Ask(*oracle, "w0"), "0000 e=2 i=0 b=0 r=0");
  Finish(*oracle, "0000", 1);
  EXPECT_EQ(Ask(*oracle, "w0"), "0001 e=2 i=0 b=0 r=0");
  Finish(*oracle, "0001", 2);
  EXPECT_EQ(Ask(*oracle, "w0"), "0002 e=4 i=2 b=0 r=1 from=0000");
  Finish(*oracle, "0002", 1);
  EXPECT_EQ(Ask(*oracle, "w0"), "0003 e=2 i=0 b=0 r=0");
  Finish(*oracle, "0003", 0.5);
  EXPECT_EQ(Ask(*oracle, "w0"), "0004 e=4 i=2 b=0 r=1 from=0003");
  Finish(*oracle, "0004", 0.5);
  EXPECT_EQ(Ask(*oracle, "w0"), "0005 e=8 i=4 b=0 r=2 from=0004");
  Finish(*oracle, "0005", 0.4);
  EXPECT_EQ(Ask(*oracle, "w0"), "0006 e=2 i=0 b=0 r=0");
  Finish(*oracle, "0006", 0.1);
  EXPECT_EQ(Ask(*oracle, "w0"), "0007 e=4 i=2 b=0 r=1 from=0006");
  Finish(*oracle, "0007", 0.1);
  EXPECT_EQ(Ask(*oracle, "w0"), "0008 e=8 i=4 b=0 r=2 from=0007");
  Finish(*oracle, "0008", 0.05);
  EXPECT_EQ(Ask(*oracle, "w0"), "0009 e=10 i=8 b=0 r=3 from=0008");
}

// Many workers, results arriving in a scrambled order: nobody waits while a new configuration
// can start, and every promotion is of a trial in the top 1/factor of its rung at the time.
TEST(AshaTest, ParallelWorkersNeverIdleAndPromoteOnlyTheTopOfARung) {
  const int64_t factor = 3;
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(27, 1, factor), 200);
  std::vector<std::string> running;
  auto ask = [&](const std::string& worker) {
    StatusOr<TrialAssignment> assignment = oracle->CreateTrial(worker);
    ASSERT_TRUE(assignment.ok());
    if (assignment->status == TrialStatus::kStopped) return;
    ASSERT_EQ(assignment->status, TrialStatus::kRunning) << "worker " << worker << " idles";
    const Trial& trial = *assignment->trial;
    running.push_back(trial.id);
    const Value* from = trial.values.Find(kTunerTrialId);
    if (from == nullptr) return;
    // The parent must rank within the top 1/factor of the completed trials of its rung.
    const Trial& parent = *oracle->GetTrial(std::get<std::string>(*from));
    int64_t rung = *IntValue(parent.values, kTunerRound);
    EXPECT_EQ(*IntValue(trial.values, kTunerRound), rung + 1);
    std::vector<double> scores;
    for (const Trial& t : oracle->trials()) {
      if (t.status == TrialStatus::kCompleted && *IntValue(t.values, kTunerRound) == rung) {
        scores.push_back(*t.score);
      }
    }
    std::sort(scores.begin(), scores.end());
    size_t better =
        std::count_if(scores.begin(), scores.end(), [&](double s) { return s < *parent.score; });
    EXPECT_LT(better, scores.size() / factor) << "trial " << trial.id;
  };
  for (int w = 0; w < 8; ++w) ask("w" + std::to_string(w));
  EXPECT_EQ(running.size(), 8u);  // nobody waited for a first result
  uint64_t state = 12345;
  std::map<std::string, int> continued_count;
  while (!running.empty()) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t index = (state >> 33) % running.size();
    std::string id = running[index];
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(index));
    const Trial* trial = oracle->GetTrial(id);
    // Smaller units are better, and more epochs help.
    double loss = static_cast<double>(std::get<int64_t>(*trial->values.Find("units"))) /
                  static_cast<double>(*IntValue(trial->values, kTunerEpochs));
    std::string worker = trial->worker_id;
    Finish(*oracle, id, loss);
    ask(worker);
  }
  for (const Trial& trial : oracle->trials()) {
    if (const Value* from = trial.values.Find(kTunerTrialId)) {
      EXPECT_EQ(++continued_count[std::get<std::string>(*from)], 1);
    }
  }
  EXPECT_EQ(oracle->trials().size(), 200u);
  int top_rung = 0;
  for (const Trial& trial : oracle->trials()) {
    top_rung = std::max<int>(top_rung, static_cast<int>(*IntValue(trial.values, kTunerRound)));
  }
  EXPECT_EQ(top_rung, 3);  // 1, 3, 9, 27
}

TEST(AshaTest, SameSeedSameSearchAndRestartContinuesIt) {
  auto run = [](bool restart, uint64_t seed) {
    Json settings = Settings(9, 1, 3);
    std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), settings, 0, seed);
    std::vector<std::string> events;
    for (int i = 0; i < 40; ++i) {
      if (restart) oracle = MakeOracle(UnitsSpace(), settings, 0, seed, oracle->trials());
      StatusOr<TrialAssignment> assignment = oracle->CreateTrial("w0");
      EXPECT_EQ(assignment->status, TrialStatus::kRunning);
      const Trial& trial = *assignment->trial;
      events.push_back(Describe(trial) + " units=" + ValueToString(*trial.values.Find("units")));
      Finish(*oracle, trial.id, static_cast<double>((std::stoll(trial.id) * 7919) % 10007));
    }
    return events;
  };
  std::vector<std::string> a = run(false, 4);
  EXPECT_EQ(a, run(false, 4));
  EXPECT_EQ(a, run(true, 4));
  EXPECT_NE(a, run(false, 5));
}

TEST(AshaTest, IdleOnlyWhenNothingCanStartThenStopped) {
  // Two configurations in the space; factor 2, rungs 1, 2, 4.
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(2), Settings(4, 1, 2));
  EXPECT_EQ(Ask(*oracle, "w0"), "0000 e=1 i=0 b=0 r=0");
  EXPECT_EQ(Ask(*oracle, "w1"), "0001 e=1 i=0 b=0 r=0");
  EXPECT_EQ(Ask(*oracle, "w2"), "IDLE");  // no new configuration, nothing completed
  Finish(*oracle, "0000", 3);
  EXPECT_EQ(Ask(*oracle, "w2"), "IDLE");  // one completed: its top half is empty
  Finish(*oracle, "0001", 2);
  EXPECT_EQ(Ask(*oracle, "w2"), "0002 e=2 i=1 b=0 r=1 from=0001");
  EXPECT_EQ(Ask(*oracle, "w0"), "IDLE");
  Finish(*oracle, "0002", 1);
  // Rung 1 holds one completed trial: nothing more to promote, nothing new to start.
  StatusOr<TrialAssignment> done = oracle->CreateTrial("w0");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, TrialStatus::kStopped);
  EXPECT_THAT(done->reason, HasSubstr("no trial left to continue"));
  EXPECT_THAT(done->reason, HasSubstr("exhausted"));
}

TEST(AshaTest, StopsAtMaxTrials) {
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(9, 1, 3), 5);
  for (int i = 0; i < 5; ++i) {
    ASSERT_NE(Ask(*oracle, "w0"), "STOPPED");
    Finish(*oracle, oracle->trials().back().id, i);
  }
  EXPECT_EQ(Ask(*oracle, "w0"), "STOPPED");
  EXPECT_TRUE(oracle->IsFinished());
}

TEST(AshaTest, TrialsStoppedEarlyOrFailedAreNotPromoted) {
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(9, 1, 3));
  for (int i = 0; i < 4; ++i) Ask(*oracle, "w" + std::to_string(i));
  ASSERT_TRUE(oracle->UpdateTrial("0000", {{"loss", 0.1}}, 0).ok());
  ASSERT_TRUE(oracle->EndTrial("0000", TrialStatus::kStopped).ok());
  ASSERT_TRUE(oracle->EndTrial("0001", TrialStatus::kFailed).ok());
  Finish(*oracle, "0002", 5);
  Finish(*oracle, "0003", 6);
  // Two completed: no top third yet, so a new configuration.
  EXPECT_EQ(Ask(*oracle, "w0"), "0004 e=1 i=0 b=0 r=0");
  Finish(*oracle, "0004", 7);
  EXPECT_EQ(Ask(*oracle, "w1"), "0005 e=3 i=1 b=0 r=1 from=0002");
}

TEST(AshaTest, SelectableByNameWithValidatedSettings) {
  StatusOr<std::unique_ptr<SearchAlgorithm>> ok = MakeSearchAlgorithm("asha", Settings(9, 1, 3));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)->name(), "asha");
  EXPECT_TRUE(MakeAsha(Json{{"max_epochs", 1}}).ok());

  auto error = [](const Json& settings) {
    StatusOr<std::unique_ptr<SearchAlgorithm>> made = MakeSearchAlgorithm("asha", settings);
    EXPECT_FALSE(made.ok()) << settings.dump();
    EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
    return made.status().message();
  };
  EXPECT_THAT(error(Json()), HasSubstr("asha.max_epochs is required"));
  EXPECT_THAT(error(Json{{"max_epochs", -3}}), HasSubstr("asha.max_epochs must be"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"min_epochs", 0}}),
              HasSubstr("asha.min_epochs must be an integer >= 1, got 0"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"min_epochs", 10}}),
              HasSubstr("asha.min_epochs (10) must not exceed asha.max_epochs (9)"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"factor", 1}}), HasSubstr("asha.factor"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"hyperband_iterations", 1}}),
              HasSubstr("asha has no setting 'hyperband_iterations'"));
}

}  // namespace
}  // namespace kubetune::search
