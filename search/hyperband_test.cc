#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "search/hyperband_schedule_fixture.h"
#include "search/multi_fidelity.h"
#include "search/oracle.h"
#include "search/space_walk.h"

namespace kubetune::search {
namespace {

using fixture::KerasTunerSchedule;
using fixture::kKerasTunerPromotedTrialConfig;
using fixture::kKerasTunerSchedules;
using ::testing::HasSubstr;

SearchSpace Space(const std::string& entries) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig("{\"space\": [" + entries + "]}");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? config->space : SearchSpace();
}

// The space of compat/keras_tuner/hyperband_schedule.py: large enough never to collide.
SearchSpace UnitsSpace(int64_t max_value = 1000000000) {
  return Space(R"({"class_name": "Int", "config": {"name": "units", "min_value": 1, )"
               R"("max_value": )" +
               std::to_string(max_value) + "}}");
}

Json Settings(int64_t max_epochs, int64_t factor, int64_t iterations) {
  return Json{{"max_epochs", max_epochs}, {"factor", factor}, {"hyperband_iterations", iterations}};
}

OracleOptions Options(uint64_t seed = 1) {
  OracleOptions options;
  options.objective = *Objective::FromName("loss");
  options.seed = seed;
  return options;
}

std::unique_ptr<Oracle> MakeOracle(const SearchSpace& space, const Json& settings, uint64_t seed,
                                   std::vector<Trial> history = {}) {
  StatusOr<std::unique_ptr<SearchAlgorithm>> algorithm = MakeSearchAlgorithm("hyperband", settings);
  EXPECT_TRUE(algorithm.ok()) << algorithm.status().ToString();
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(space, Options(seed), std::move(algorithm).value(), std::move(history));
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

int64_t LossOf(const std::string& trial_id) { return (std::stoll(trial_id) * 7919) % 10007; }

// The scenario of compat/keras_tuner/hyperband_schedule.py, run against Kubetune's oracle. With
// `restart`, the oracle is rebuilt from its trials alone before every request.
struct SimulatedRun {
  std::vector<std::string> events;
  std::vector<Trial> trials;
};

SimulatedRun Simulate(const SearchSpace& space, const Json& settings, int workers, uint64_t seed,
                      bool restart) {
  std::unique_ptr<Oracle> oracle = MakeOracle(space, settings, seed);
  SimulatedRun run;
  std::vector<std::pair<std::string, std::string>> running;  // worker, trial id
  std::vector<std::string> idle;
  auto ask = [&](const std::string& worker) {
    if (restart) oracle = MakeOracle(space, settings, seed, oracle->trials());
    StatusOr<TrialAssignment> assignment = oracle->CreateTrial(worker);
    ASSERT_TRUE(assignment.ok()) << assignment.status().ToString();
    if (assignment->status == TrialStatus::kRunning) {
      run.events.push_back("ask " + worker + " -> " + Describe(*assignment->trial));
      running.emplace_back(worker, assignment->trial->id);
      return;
    }
    run.events.push_back("ask " + worker + " -> " +
                         std::string(TrialStatusName(assignment->status)));
    if (assignment->status == TrialStatus::kIdle) idle.push_back(worker);
  };
  for (int w = 0; w < workers; ++w) ask("w" + std::to_string(w));
  size_t ends = 0;
  while (!running.empty()) {
    size_t index = (7 * ends + 3) % running.size();
    auto [worker, id] = running[index];
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(index));
    ++ends;
    int64_t loss = LossOf(id);
    EXPECT_TRUE(oracle->UpdateTrial(id, {{"loss", static_cast<double>(loss)}}, 0).ok());
    EXPECT_TRUE(oracle->EndTrial(id, TrialStatus::kCompleted).ok());
    run.events.push_back("end " + id + " loss=" + std::to_string(loss));
    ask(worker);
    std::vector<std::string> waiting;
    waiting.swap(idle);
    for (const std::string& w : waiting) ask(w);
  }
  run.trials = oracle->trials();
  return run;
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Compares event lists, reporting the first difference with the lines before it.
void ExpectSameEvents(const std::vector<std::string>& expected,
                      const std::vector<std::string>& actual) {
  size_t n = std::min(expected.size(), actual.size());
  for (size_t i = 0; i < n; ++i) {
    if (expected[i] == actual[i]) continue;
    std::string context;
    for (size_t j = i >= 5 ? i - 5 : 0; j < i; ++j) context += "  " + expected[j] + "\n";
    ADD_FAILURE() << "event " << i << " differs\nafter:\n"
                  << context << "KerasTuner: " << expected[i] << "\nKubetune:   " << actual[i];
    return;
  }
  EXPECT_EQ(expected.size(), actual.size()) << "the schedules differ in length";
}

Json ScheduleSettings(const KerasTunerSchedule& s) {
  return Settings(s.max_epochs, s.factor, s.hyperband_iterations);
}

// The schedules were produced by KerasTuner (fixture::kKerasTunerVersion, 1.4.8) running the
// same scenarios; see compat/keras_tuner/hyperband_schedule.py.
TEST(HyperbandTest, MatchesKerasTunerSchedules) {
  EXPECT_EQ(fixture::kKerasTunerVersion, "1.4.8");
  for (const KerasTunerSchedule& schedule : kKerasTunerSchedules) {
    SCOPED_TRACE(std::string(schedule.name));
    SimulatedRun run =
        Simulate(UnitsSpace(), ScheduleSettings(schedule), schedule.workers, 1, false);
    ExpectSameEvents(Lines(schedule.events), run.events);
  }
}

TEST(HyperbandTest, RestartFromTrialsAloneContinuesTheSameSearch) {
  for (const KerasTunerSchedule& schedule : kKerasTunerSchedules) {
    SCOPED_TRACE(std::string(schedule.name));
    SimulatedRun straight =
        Simulate(UnitsSpace(), ScheduleSettings(schedule), schedule.workers, 5, false);
    SimulatedRun restarted =
        Simulate(UnitsSpace(), ScheduleSettings(schedule), schedule.workers, 5, true);
    ExpectSameEvents(Lines(schedule.events), restarted.events);
    ASSERT_EQ(straight.trials.size(), restarted.trials.size());
    for (size_t i = 0; i < straight.trials.size(); ++i) {
      EXPECT_EQ(straight.trials[i].values, restarted.trials[i].values) << "trial " << i;
    }
  }
}

TEST(HyperbandTest, SameSeedSameTrialsOtherSeedOtherValues) {
  Json settings = Settings(9, 3, 1);
  SimulatedRun a = Simulate(UnitsSpace(), settings, 2, 7, false);
  SimulatedRun b = Simulate(UnitsSpace(), settings, 2, 7, false);
  SimulatedRun c = Simulate(UnitsSpace(), settings, 2, 8, false);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.events, c.events);  // the schedule depends on the scores only
  ASSERT_EQ(a.trials.size(), c.trials.size());
  size_t differing = 0;
  for (size_t i = 0; i < a.trials.size(); ++i) {
    EXPECT_EQ(a.trials[i].values, b.trials[i].values);
    if (!(a.trials[i].values == c.trials[i].values)) ++differing;
  }
  EXPECT_GT(differing, a.trials.size() / 2);
}

TEST(HyperbandTest, ContinuedTrialsKeepTheirParentsValues) {
  SimulatedRun run = Simulate(UnitsSpace(), Settings(27, 3, 1), 3, 1, false);
  std::map<std::string, const Trial*> by_id;
  for (const Trial& trial : run.trials) by_id[trial.id] = &trial;
  int continued = 0;
  for (const Trial& trial : run.trials) {
    const Value* from = trial.values.Find(kTunerTrialId);
    if (from == nullptr) {
      EXPECT_EQ(*IntValue(trial.values, kTunerRound), 0);
      EXPECT_EQ(*IntValue(trial.values, kTunerInitialEpoch), 0);
      continue;
    }
    ++continued;
    const Trial& parent = *by_id.at(std::get<std::string>(*from));
    EXPECT_EQ(WithoutTunerScope(trial.values), WithoutTunerScope(parent.values));
    EXPECT_EQ(*IntValue(trial.values, kTunerRound), *IntValue(parent.values, kTunerRound) + 1);
    EXPECT_EQ(*IntValue(trial.values, kTunerInitialEpoch), *IntValue(parent.values, kTunerEpochs));
    EXPECT_NE(UnitsSpace().Fingerprint(trial.values), UnitsSpace().Fingerprint(parent.values));
  }
  EXPECT_GT(continued, 20);
}

TEST(HyperbandTest, RoundZeroConfigurationsAreDistinct) {
  // 27/3 starts 27 + 12 + 6 + 4 = 49 new configurations; the space has 60.
  SimulatedRun run = Simulate(UnitsSpace(60), Settings(27, 3, 1), 4, 3, false);
  std::set<int64_t> seen;
  int new_trials = 0;
  for (const Trial& trial : run.trials) {
    if (trial.values.Contains(kTunerTrialId)) continue;
    ++new_trials;
    EXPECT_TRUE(seen.insert(std::get<int64_t>(*trial.values.Find("units"))).second)
        << "trial " << trial.id << " repeats a configuration";
  }
  EXPECT_EQ(new_trials, 49);
  EXPECT_EQ(run.events.back().substr(run.events.back().size() - 7), "STOPPED");
}

TEST(HyperbandTest, SmallSpaceRunsOutOfNewConfigurations) {
  // Ten configurations for 27 in the first round: the search ends once they are used up and
  // what could be continued has been.
  SimulatedRun run = Simulate(UnitsSpace(10), Settings(27, 3, 1), 1, 3, false);
  std::set<int64_t> seen;
  for (const Trial& trial : run.trials) {
    if (!trial.values.Contains(kTunerTrialId)) {
      EXPECT_TRUE(seen.insert(std::get<int64_t>(*trial.values.Find("units"))).second);
    }
  }
  EXPECT_EQ(seen.size(), 10u);
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(10), Settings(27, 3, 1), 3, run.trials);
  StatusOr<TrialAssignment> next = oracle->CreateTrial("w0");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->status, TrialStatus::kStopped);
  EXPECT_THAT(next->reason, HasSubstr("exhausted"));
}

TEST(HyperbandTest, IdleWhileTheLastBracketWaitsThenStopped) {
  // max_epochs 1: one bracket of one trial per iteration.
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(1, 3, 2), 1);
  StatusOr<TrialAssignment> a = oracle->CreateTrial("w0");
  StatusOr<TrialAssignment> b = oracle->CreateTrial("w1");
  StatusOr<TrialAssignment> c = oracle->CreateTrial("w2");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_EQ(a->status, TrialStatus::kRunning);
  ASSERT_EQ(b->status, TrialStatus::kRunning);
  EXPECT_EQ(Describe(*a->trial), "0000 e=1 i=0 b=0 r=0");
  EXPECT_EQ(Describe(*b->trial), "0001 e=1 i=0 b=0 r=0");
  EXPECT_EQ(c->status, TrialStatus::kIdle);
  ASSERT_TRUE(oracle->UpdateTrial("0000", {{"loss", 1.0}}, 0).ok());
  ASSERT_TRUE(oracle->EndTrial("0000", TrialStatus::kCompleted).ok());
  EXPECT_EQ(oracle->CreateTrial("w2")->status, TrialStatus::kIdle);
  ASSERT_TRUE(oracle->UpdateTrial("0001", {{"loss", 2.0}}, 0).ok());
  ASSERT_TRUE(oracle->EndTrial("0001", TrialStatus::kCompleted).ok());
  StatusOr<TrialAssignment> done = oracle->CreateTrial("w2");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, TrialStatus::kStopped);
  EXPECT_THAT(done->reason, HasSubstr("hyperband finished 2 iteration(s)"));
  EXPECT_TRUE(oracle->IsFinished());
}

TEST(HyperbandTest, FailedTrialsAreNeverContinuedAndShortenTheirRound) {
  // max_epochs 9, factor 3: bracket 2 runs 9 trials of 1 epoch and continues 3 of them. With
  // one failed, KerasTuner 1.4.8 continues only two (a promotion needs more completed trials
  // than the round throws away), then starts bracket 1.
  std::unique_ptr<Oracle> oracle = MakeOracle(UnitsSpace(), Settings(9, 3, 1), 1);
  for (int i = 0; i < 9; ++i) {
    ASSERT_EQ(oracle->CreateTrial("w" + std::to_string(i))->status, TrialStatus::kRunning);
  }
  ASSERT_TRUE(oracle->EndTrial("0000", TrialStatus::kFailed, "boom").ok());
  for (int i = 1; i < 9; ++i) {
    std::string id = "000" + std::to_string(i);
    ASSERT_TRUE(oracle->UpdateTrial(id, {{"loss", 10.0 - i}}, 0).ok());
    ASSERT_TRUE(oracle->EndTrial(id, TrialStatus::kCompleted).ok());
  }
  std::vector<std::string> next;
  for (int i = 0; i < 4; ++i)
    next.push_back(Describe(*oracle->CreateTrial("x" + std::to_string(i))->trial));
  EXPECT_THAT(next, ::testing::ElementsAre("0009 e=3 i=1 b=2 r=1 from=0008",
                                           "0010 e=3 i=1 b=2 r=1 from=0007", "0011 e=3 i=0 b=1 r=0",
                                           "0012 e=3 i=0 b=1 r=0"));
}

TEST(HyperbandTest, SelectableByNameWithValidatedSettings) {
  StatusOr<std::unique_ptr<SearchAlgorithm>> ok =
      MakeSearchAlgorithm("hyperband", Settings(9, 3, 1));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)->name(), "hyperband");
  EXPECT_TRUE(MakeHyperband(Json{{"max_epochs", 100}}).ok());

  auto error = [](const Json& settings) {
    StatusOr<std::unique_ptr<SearchAlgorithm>> made = MakeSearchAlgorithm("hyperband", settings);
    EXPECT_FALSE(made.ok()) << settings.dump();
    EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
    return made.status().message();
  };
  EXPECT_THAT(error(Json()), HasSubstr("hyperband.max_epochs is required"));
  EXPECT_THAT(error(Json::object()), HasSubstr("hyperband.max_epochs is required"));
  EXPECT_THAT(error(Json{{"max_epochs", 0}}), HasSubstr("hyperband.max_epochs must be"));
  EXPECT_THAT(error(Json{{"max_epochs", 2.5}}), HasSubstr("hyperband.max_epochs must be"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"factor", 1}}),
              HasSubstr("hyperband.factor must be an integer >= 2, got 1"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"factor", "3"}}), HasSubstr("hyperband.factor"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"hyperband_iterations", 0}}),
              HasSubstr("hyperband.hyperband_iterations must be an integer >= 1"));
  EXPECT_THAT(error(Json{{"max_epochs", 9}, {"min_epochs", 1}}),
              HasSubstr("hyperband has no setting 'min_epochs'"));
  EXPECT_THAT(error(Json::array()), HasSubstr("hyperband settings must be an object"));
}

// The tuner/ scope (search_space.h), as a Hyperband trial uses it.

TEST(HyperbandTunerScopeTest, KerasTunerConfigOfAContinuedTrialRoundTrips) {
  StatusOr<HyperParametersConfig> config =
      ParseHyperParametersConfig(std::string(kKerasTunerPromotedTrialConfig));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->space.size(), 1u);
  EXPECT_TRUE(config->space.CheckValues(config->values).ok());
  EXPECT_EQ(DumpPythonJson(HyperParametersToConfig(config->space, config->values)),
            kKerasTunerPromotedTrialConfig);
}

TEST(HyperbandTunerScopeTest, OracleKeepsTunerValuesInKerasTunersOrder) {
  SimulatedRun run = Simulate(UnitsSpace(), Settings(9, 3, 1), 1, 1, false);
  const Trial* continued = nullptr;
  for (const Trial& trial : run.trials) {
    if (trial.values.Contains(kTunerTrialId)) {
      continued = &trial;
      break;
    }
  }
  ASSERT_NE(continued, nullptr);
  std::vector<std::string> names;
  for (const auto& [name, value] : continued->values) names.push_back(name);
  EXPECT_THAT(names, ::testing::ElementsAre("units", "tuner/epochs", "tuner/initial_epoch",
                                            "tuner/bracket", "tuner/round", "tuner/trial_id"));
  Json config = HyperParametersToConfig(UnitsSpace(), continued->values);
  EXPECT_EQ(config["space"].size(), 1u);
  EXPECT_EQ(config["values"].size(), 6u);
  EXPECT_EQ(config["values"]["tuner/trial_id"],
            Json(std::get<std::string>(*continued->values.Find(kTunerTrialId))));
}

TEST(HyperbandTunerScopeTest, CompleteCheckAndFingerprint) {
  SearchSpace space = UnitsSpace();
  Values values;
  values.Set("tuner/round", int64_t{1});
  values.Set("units", int64_t{5});
  values.Set("tuner/epochs", int64_t{3});
  Values completed = space.Complete(values);
  std::vector<std::string> names;
  for (const auto& [name, value] : completed) names.push_back(name);
  EXPECT_THAT(names, ::testing::ElementsAre("units", "tuner/round", "tuner/epochs"));
  EXPECT_TRUE(space.CheckValues(values).ok());

  Values reordered;
  reordered.Set("units", int64_t{5});
  reordered.Set("tuner/epochs", int64_t{3});
  reordered.Set("tuner/round", int64_t{1});
  EXPECT_EQ(space.Fingerprint(values), space.Fingerprint(reordered));
  EXPECT_NE(space.Fingerprint(values), space.Fingerprint(WithoutTunerScope(values)));

  // Outside the scope, unknown names are still errors.
  Values unknown = WithoutTunerScope(values);
  unknown.Set("tuner_epochs", int64_t{3});
  EXPECT_FALSE(space.CheckValues(unknown).ok());
}

}  // namespace
}  // namespace kubetune::search
