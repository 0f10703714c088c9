// Multivariate Tree-structured Parzen Estimator; model_search.h states the design.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "search/basic_search.h"
#include "search/model_search.h"
#include "search/space_encoding.h"
#include "search/space_walk.h"

namespace kubetune::search {
namespace {

// Optuna's constants: the good group holds at most 25 observations, the latest 25
// observations of each estimator weigh 1 and older ones ramp down linearly, and the magic clip
// keeps every bandwidth above range / min(100, kernels + 1).
constexpr int kMaxGood = 25;
constexpr int kFullWeightRecent = 25;
constexpr double kMagicClipCap = 100;

// Finding a configuration no trial has: each round draws four times as many candidates, and
// walks at most this many whole configurations before drawing again.
constexpr int kCandidateRounds = 3;
constexpr int kLeafBudget = 4096;
// Then, as random search does: pick among what is left of a space this small, else sample.
constexpr size_t kEnumerateCap = 200000;
constexpr int kRandomAttempts = 1000;

constexpr double kLogSqrt2Pi = 0.91893853320467274178;
constexpr double kSqrt2 = 1.41421356237309504880;

struct TpeSettings {
  int n_startup_trials = 10;
  int n_ei_candidates = 24;
  double gamma = 0.1;
  bool constant_liar = true;
  double prior_weight = 1.0;
};

// log(1 - Phi(z)), accurate far into the upper tail where erfc underflows.
double LogUpperTail(double z) {
  if (z < 30) return std::log(0.5 * std::erfc(z / kSqrt2));
  double r = 1.0 / (z * z);
  return -0.5 * z * z - kLogSqrt2Pi - std::log(z) + std::log1p(-r + 3 * r * r);
}

// log(Phi(b) - Phi(a)) for a < b, computed in whichever tail avoids cancellation. A bucket far
// narrower than the kernel has the mass of its midpoint density times its width.
double LogGaussMass(double a, double b) {
  if (b - a < 1e-7) {
    double m = 0.5 * (a + b);
    return -0.5 * m * m - kLogSqrt2Pi + std::log(std::max(b - a, 1e-300));
  }
  if (a >= 0) {
    double la = LogUpperTail(a);
    return la + std::log1p(-std::exp(LogUpperTail(b) - la));
  }
  if (b <= 0) return LogGaussMass(-b, -a);
  return std::log1p(-0.5 * std::erfc(-a / kSqrt2) - 0.5 * std::erfc(b / kSqrt2));
}

double LogSumExp(const std::vector<double>& terms) {
  double top = -std::numeric_limits<double>::infinity();
  for (double t : terms) top = std::max(top, t);
  if (!std::isfinite(top)) return top;
  double sum = 0;
  for (double t : terms) sum += std::exp(t - top);
  return top + std::log(sum);
}

// One tunable parameter of a group, as the estimators see it.
struct Dim {
  const HyperParameter* hp = nullptr;
  bool ordinal = false;
  // Ordinal with finitely many values: kernels give the mass of the value's bucket, the
  // stretch of the unit scale that FromUnit maps onto it.
  bool discrete = false;
  // Half a bucket's width where buckets are even; negative for an unstepped log or
  // reverse_log Int, whose buckets are measured from the neighbouring values.
  double half_bucket = 0;
  int categories = 0;
};

Dim MakeDim(const HyperParameter& hp) {
  Dim dim;
  dim.hp = &hp;
  dim.ordinal = hp.IsOrdinal();
  if (!dim.ordinal) {
    dim.categories = hp.type == HpType::kBoolean ? 2 : static_cast<int>(hp.choices.size());
    return dim;
  }
  dim.discrete = !(hp.type == HpType::kFloat && !hp.step.has_value());
  if (!dim.discrete) return dim;
  bool uneven = hp.type == HpType::kInt && !hp.step.has_value() && hp.sampling != Sampling::kLinear;
  // The first bucket starts at 0 and ToUnit gives its centre.
  dim.half_bucket = uneven ? -1 : hp.ToUnit(hp.FromUnit(0.0));
  return dim;
}

// A value of one dimension: its unit coordinate and bucket when ordinal, else its category.
struct Coord {
  double u = 0;
  double lo = 0;
  double hi = 0;
  int category = 0;
};

Coord Encode(const Dim& dim, const Value& value) {
  Coord c;
  if (!dim.ordinal) {
    c.category = CategoryIndex(*dim.hp, value);
    return c;
  }
  const HyperParameter& hp = *dim.hp;
  c.u = hp.ToUnit(value);
  if (!dim.discrete) return c;
  if (dim.half_bucket >= 0) {
    c.lo = std::max(0.0, c.u - dim.half_bucket);
    c.hi = std::min(1.0, c.u + dim.half_bucket);
  } else {
    // Bucket edges half way to the neighbours' centres: exact on the linear scale, and off by
    // a second-order term on the log scales.
    double x = std::round(ValueAsDouble(value).value_or(hp.min_value));
    c.lo = x > hp.min_value ? 0.5 * (hp.ToUnit(Value(static_cast<int64_t>(x) - 1)) + c.u) : 0.0;
    c.hi = x < hp.max_value ? 0.5 * (c.u + hp.ToUnit(Value(static_cast<int64_t>(x) + 1))) : 1.0;
  }
  if (!(c.hi > c.lo)) c.lo = std::max(0.0, c.u - 1e-9), c.hi = std::min(1.0, c.u + 1e-9);
  return c;
}

Value CategoryValue(const HyperParameter& hp, int index) {
  if (hp.type == HpType::kBoolean) return Value(index == 1);
  return hp.choices[static_cast<size_t>(index)];
}

using Point = std::vector<Coord>;

// Optuna's default_weights: equal weights up to 25 observations; beyond that the latest 25
// weigh 1 and the older ones ramp linearly from 1/n, so the model follows the search.
std::vector<double> RecencyWeights(size_t n) {
  std::vector<double> w(n, 1.0);
  if (n < static_cast<size_t>(kFullWeightRecent)) return w;
  size_t ramp = n - kFullWeightRecent;
  for (size_t i = 0; i < ramp; ++i) {
    double start = 1.0 / static_cast<double>(n);
    w[i] = ramp == 1 ? start : start + (1.0 - start) * static_cast<double>(i) / (ramp - 1);
  }
  return w;
}

// Each observation's bandwidth, per parameter, as Optuna's TPE sets it (multivariate
// included): the larger gap to its neighbours on the unit scale, the ends of the scale counting
// as neighbours except that the outermost observations look inwards only; clipped to
// [min_sigma, 1]. Kernels narrow where good observations cluster and stay wide where they are
// sparse, which a single Scott-style width for every observation cannot do.
std::vector<double> NeighbourSigmas(const std::vector<double>& mus, double min_sigma) {
  size_t n = mus.size();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mus[a] < mus[b]; });
  std::vector<double> sorted(n + 2);
  sorted[0] = 0;
  sorted[n + 1] = 1;
  for (size_t i = 0; i < n; ++i) sorted[i + 1] = mus[order[i]];
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    double s = std::max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
    if (n >= 2 && i == 0) s = sorted[2] - sorted[1];
    if (n >= 2 && i == n - 1) s = sorted[n] - sorted[n - 1];
    out[order[i]] = std::clamp(s, min_sigma, 1.0);
  }
  return out;
}

// A mixture over whole observations: component k is the product of one kernel per dimension,
// centred on observation k; the last component is the prior, wide and centred.
class ParzenEstimator {
 public:
  ParzenEstimator(const std::vector<Dim>& dims, const std::vector<const Point*>& observations,
                  double prior_weight)
      : dims_(dims) {
    size_t n = observations.size();
    size_t components = n + 1;
    std::vector<double> weights = RecencyWeights(n);
    // With nothing observed the prior is the whole model, whatever its weight.
    weights.push_back(n == 0 ? 1.0 : prior_weight);
    double total = 0;
    for (double w : weights) total += w;
    double running = 0;
    for (double w : weights) {
      log_weights_.push_back(std::log(w / total));
      running += w / total;
      cumulative_.push_back(running);
    }

    // Optuna's magic clip: no kernel narrower than 1 / min(100, kernels + 1) of the range.
    double min_sigma = 1.0 / std::min(kMagicClipCap, 1.0 + static_cast<double>(components));

    mu_.resize(dims.size());
    sigma_.resize(dims.size());
    log_z_.resize(dims.size());
    log_p_.resize(dims.size());
    for (size_t j = 0; j < dims.size(); ++j) {
      const Dim& dim = dims[j];
      if (dim.ordinal) {
        std::vector<double> mus;
        for (size_t k = 0; k < n; ++k) mus.push_back((*observations[k])[j].u);
        std::vector<double> widths = NeighbourSigmas(mus, min_sigma);
        for (size_t k = 0; k < components; ++k) {
          double mu = k < n ? mus[k] : 0.5;
          double s = k < n ? widths[k] : 1.0;
          mu_[j].push_back(mu);
          sigma_[j].push_back(s);
          log_z_[j].push_back(LogGaussMass((0 - mu) / s, (1 - mu) / s));
        }
        continue;
      }
      // Each observation puts mass 1 on its category over a floor of prior_weight / kernels
      // on every category; the prior component is uniform.
      auto c = static_cast<size_t>(dim.categories);
      double floor = prior_weight / static_cast<double>(components);
      for (size_t k = 0; k < components; ++k) {
        std::vector<double> p(c, k < n ? floor : 1.0);
        if (k < n) p[static_cast<size_t>((*observations[k])[j].category)] += 1.0;
        double sum = 0;
        for (double v : p) sum += v;
        for (double& v : p) v = std::log(v / sum);
        log_p_[j].push_back(std::move(p));
      }
    }
  }

  // log l(x): the density of continuous dimensions times the mass of discrete ones.
  double LogDensity(const Point& x) const {
    std::vector<double> terms = log_weights_;
    for (size_t j = 0; j < dims_.size(); ++j) {
      const Dim& dim = dims_[j];
      const Coord& c = x[j];
      for (size_t k = 0; k < terms.size(); ++k) {
        if (!dim.ordinal) {
          terms[k] += log_p_[j][k][static_cast<size_t>(c.category)];
          continue;
        }
        double mu = mu_[j][k], s = sigma_[j][k];
        if (dim.discrete) {
          terms[k] += LogGaussMass((c.lo - mu) / s, (c.hi - mu) / s) - log_z_[j][k];
        } else {
          double z = (c.u - mu) / s;
          terms[k] += -0.5 * z * z - kLogSqrt2Pi - std::log(s) - log_z_[j][k];
        }
      }
    }
    return LogSumExp(terms);
  }

  // One draw: a component, then each dimension from that component's kernel.
  std::vector<Value> Sample(Rng& rng) const {
    double pick = rng.Uniform();
    size_t k = 0;
    while (k + 1 < cumulative_.size() && pick >= cumulative_[k]) ++k;
    std::vector<Value> out;
    for (size_t j = 0; j < dims_.size(); ++j) {
      const Dim& dim = dims_[j];
      if (dim.ordinal) {
        out.push_back(dim.hp->FromUnit(SampleTruncated(mu_[j][k], sigma_[j][k], rng)));
        continue;
      }
      const std::vector<double>& p = log_p_[j][k];
      double r = rng.Uniform(), acc = 0;
      size_t i = 0;
      for (; i + 1 < p.size(); ++i) {
        acc += std::exp(p[i]);
        if (r < acc) break;
      }
      out.push_back(CategoryValue(*dim.hp, static_cast<int>(i)));
    }
    return out;
  }

 private:
  // N(mu, s) truncated to [0, 1] by rejection: mu lies in [0, 1] and s <= 1, so at least a
  // third of the draws land inside.
  static double SampleTruncated(double mu, double s, Rng& rng) {
    for (int attempt = 0; attempt < 256; ++attempt) {
      double x = mu + s * rng.Normal();
      if (x >= 0 && x <= 1) return x;
    }
    return std::clamp(mu, 0.0, 1.0);
  }

  std::vector<Dim> dims_;
  std::vector<double> log_weights_;
  std::vector<double> cumulative_;
  // Per dimension, per component.
  std::vector<std::vector<double>> mu_;
  std::vector<std::vector<double>> sigma_;
  std::vector<std::vector<double>> log_z_;
  std::vector<std::vector<std::vector<double>>> log_p_;
};

// Tunable parameters that are active together: those with the same conditions.
struct Group {
  std::vector<size_t> members;  // indices into space.parameters(), in declaration order
  std::vector<Dim> dims;
  std::optional<ParzenEstimator> good;
  std::optional<ParzenEstimator> bad;
};

std::string ConditionsKey(const HyperParameter& hp) {
  std::string key;
  for (const Condition& condition : hp.conditions) {
    key += condition.parent;
    key += '\x1f';
    for (const Value& v : condition.values) {
      key += std::to_string(v.index());
      key += ValueToString(v);
      key += '\x1e';
    }
    key += '\x1d';
  }
  return key;
}

// A candidate for one group: its members' values and log l(x) - log g(x).
struct Candidate {
  std::vector<Value> values;
  double score = 0;
};

// How a trial ranks when splitting good from bad: completed trials by score, then trials
// stopped early (more steps first, as Optuna ranks pruned trials), each tier best first.
struct Rank {
  int tier = 0;
  double steps = 0;
  double loss = 0;
  size_t index = 0;

  bool operator<(const Rank& o) const {
    if (tier != o.tier) return tier < o.tier;
    if (steps != o.steps) return steps > o.steps;
    if (loss != o.loss) return loss < o.loss;
    return index < o.index;
  }
};

double LastStep(const Trial& trial) {
  int64_t last = 0;
  for (const auto& [name, points] : trial.metrics) {
    if (!points.empty()) last = std::max(last, points.back().step);
  }
  return static_cast<double>(last);
}

class TpeSearch : public SearchAlgorithm {
 public:
  explicit TpeSearch(TpeSettings settings)
      : settings_(settings), startup_(MakeQuasiRandomSearch()) {}

  std::string_view name() const override { return "tpe"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    const SearchSpace& space = request.space;
    std::unordered_set<std::string> tried = TriedFingerprints(space, request.trials);
    std::optional<uint64_t> size = space.Cardinality();
    if (size.has_value() && tried.size() >= *size) {
      return Suggestion::Exhausted("search space exhausted (" + std::to_string(tried.size()) +
                                   " configurations)");
    }
    size_t results = 0;
    for (const Trial& trial : request.trials) results += HasLoss(trial);
    if (results < static_cast<size_t>(settings_.n_startup_trials)) {
      return startup_->Suggest(request);
    }

    std::vector<Group> groups;
    std::vector<int> group_of;
    std::vector<size_t> member_position;
    BuildGroups(space, &groups, &group_of, &member_position);
    for (Group& group : groups) Fit(request, group);

    Rng rng(request.seed);
    int count = settings_.n_ei_candidates;
    for (int round = 0; round < kCandidateRounds; ++round, count *= 4) {
      Walk walk{space, groups, group_of, member_position, tried, count, rng};
      walk.ranked.resize(groups.size());
      std::optional<Values> found = walk.Find(Values(), std::vector<int>(groups.size(), -1), 0);
      if (found.has_value()) return Suggestion::Run(std::move(*found));
    }
    return FromWhatIsLeft(space, tried, rng);
  }

 private:
  static bool HasLoss(const Trial& trial) {
    return trial.HasResult() && trial.score.has_value() && !std::isnan(*trial.score);
  }

  static void BuildGroups(const SearchSpace& space, std::vector<Group>* groups,
                          std::vector<int>* group_of, std::vector<size_t>* member_position) {
    const std::vector<HyperParameter>& params = space.parameters();
    group_of->assign(params.size(), -1);
    member_position->assign(params.size(), 0);
    std::map<std::string, int> by_key;
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i].type == HpType::kFixed) continue;
      auto [it, added] = by_key.emplace(ConditionsKey(params[i]), static_cast<int>(groups->size()));
      if (added) groups->emplace_back();
      Group& group = (*groups)[static_cast<size_t>(it->second)];
      (*group_of)[i] = it->second;
      (*member_position)[i] = group.members.size();
      group.members.push_back(i);
    }
    // Dims point into the space, which outlives the call.
    for (Group& group : *groups) {
      for (size_t i : group.members) group.dims.push_back(MakeDim(params[i]));
    }
  }

  // Splits the trials in which the whole group is active into good and bad, and fits l and g.
  void Fit(const SuggestRequest& request, Group& group) const {
    const std::vector<HyperParameter>& params = request.space.parameters();
    double sign = request.objective.direction() == Direction::kMaximize ? -1.0 : 1.0;
    std::vector<Point> points;
    std::vector<Rank> ranked;
    std::vector<size_t> pending;  // indices into points
    for (size_t t = 0; t < request.trials.size(); ++t) {
      const Trial& trial = request.trials[t];
      bool running = trial.status == TrialStatus::kRunning;
      bool has_loss = HasLoss(trial);
      if (!has_loss && !(running && settings_.constant_liar)) continue;
      Point point;
      for (size_t m = 0; m < group.members.size(); ++m) {
        const Value* value = trial.values.Find(params[group.members[m]].name);
        if (value == nullptr) break;
        point.push_back(Encode(group.dims[m], *value));
      }
      if (point.size() != group.members.size()) continue;
      size_t index = points.size();
      points.push_back(std::move(point));
      if (has_loss) {
        bool stopped = trial.status == TrialStatus::kStopped;
        ranked.push_back(
            {stopped ? 1 : 0, stopped ? LastStep(trial) : 0.0, sign * *trial.score, index});
      } else {
        pending.push_back(index);
      }
    }
    std::stable_sort(ranked.begin(), ranked.end());
    // gamma(n) = min(ceil(gamma n), 25); the epsilon keeps 10% of 30 at 3, not 4.
    double wanted = std::ceil(settings_.gamma * static_cast<double>(ranked.size()) - 1e-9);
    size_t n_good = std::min(
        {static_cast<size_t>(std::max(wanted, 0.0)), static_cast<size_t>(kMaxGood), ranked.size()});
    std::vector<size_t> good, bad = pending;
    for (size_t i = 0; i < ranked.size(); ++i) {
      (i < n_good ? good : bad).push_back(ranked[i].index);
    }
    // Creation order, so that the recency weights fall on the oldest observations.
    std::sort(good.begin(), good.end());
    std::sort(bad.begin(), bad.end());
    auto pointers = [&](const std::vector<size_t>& indices) {
      std::vector<const Point*> out;
      for (size_t i : indices) out.push_back(&points[i]);
      return out;
    };
    group.good.emplace(group.dims, pointers(good), settings_.prior_weight);
    group.bad.emplace(group.dims, pointers(bad), settings_.prior_weight);
  }

  // One round of the search for an untried configuration: groups are filled in declaration
  // order, each with its candidates best first, and the walk backtracks (the latest group
  // moving first) past configurations that a trial already has.
  struct Walk {
    const SearchSpace& space;
    const std::vector<Group>& groups;
    const std::vector<int>& group_of;
    const std::vector<size_t>& member_position;
    const std::unordered_set<std::string>& tried;
    int count;
    Rng& rng;
    std::vector<std::optional<std::vector<Candidate>>> ranked = {};
    int leaves = 0;

    // The group's candidates, drawn from l on first use, distinct and best first.
    const std::vector<Candidate>& Ranked(size_t g) {
      if (ranked[g].has_value()) return *ranked[g];
      const Group& group = groups[g];
      std::vector<Candidate> drawn;
      std::unordered_set<std::string> seen;
      for (int i = 0; i < count; ++i) {
        Candidate c{group.good->Sample(rng), 0};
        Point x;
        std::string key;
        for (size_t m = 0; m < group.dims.size(); ++m) {
          x.push_back(Encode(group.dims[m], c.values[m]));
          double u = x.back().u;
          int category = x.back().category;
          key.append(reinterpret_cast<const char*>(&u), sizeof u);
          key.append(reinterpret_cast<const char*>(&category), sizeof category);
        }
        if (!seen.insert(key).second) continue;
        c.score = group.good->LogDensity(x) - group.bad->LogDensity(x);
        drawn.push_back(std::move(c));
      }
      std::stable_sort(drawn.begin(), drawn.end(),
                       [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
      ranked[g] = std::move(drawn);
      return *ranked[g];
    }

    std::optional<Values> Find(Values values, std::vector<int> chosen, size_t position) {
      const std::vector<HyperParameter>& params = space.parameters();
      for (size_t i = position; i < params.size(); ++i) {
        const HyperParameter& hp = params[i];
        if (!space.IsActive(hp, values)) continue;
        int g = group_of[i];
        if (g < 0) {
          values.Set(hp.name, hp.fixed_value);
          continue;
        }
        auto gi = static_cast<size_t>(g);
        if (chosen[gi] >= 0) {
          values.Set(hp.name,
                     Ranked(gi)[static_cast<size_t>(chosen[gi])].values[member_position[i]]);
          continue;
        }
        const std::vector<Candidate>& list = Ranked(gi);
        for (size_t c = 0; c < list.size() && leaves < kLeafBudget; ++c) {
          Values next = values;
          next.Set(hp.name, list[c].values[member_position[i]]);
          std::vector<int> next_chosen = chosen;
          next_chosen[gi] = static_cast<int>(c);
          std::optional<Values> found = Find(std::move(next), std::move(next_chosen), i + 1);
          if (found.has_value()) return found;
        }
        return std::nullopt;
      }
      ++leaves;
      if (tried.count(space.Fingerprint(values)) != 0) return std::nullopt;
      return values;
    }
  };

  // The model's draws keep landing on tried configurations: the space is nearly used up.
  static Suggestion FromWhatIsLeft(const SearchSpace& space,
                                   const std::unordered_set<std::string>& tried, Rng& rng) {
    return SuggestUntried(space, tried, rng, kEnumerateCap, kRandomAttempts);
  }

  TpeSettings settings_;
  // Quasi-random search keeps only its seed-derived permutations: derivable from the trials.
  std::unique_ptr<SearchAlgorithm> startup_;
};

// Reads an integer setting in [lo, hi].
Status ReadInt(const std::string& key, const Json& value, int64_t lo, int64_t hi, int* out) {
  std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!value.is_number_integer()) {
    return InvalidArgumentError("tpe." + key + " must be an integer in " + range);
  }
  double v = value.get<double>();
  if (v < static_cast<double>(lo) || v > static_cast<double>(hi)) {
    return InvalidArgumentError("tpe." + key + " must be an integer in " + range + ", not " +
                                value.dump());
  }
  *out = static_cast<int>(value.get<int64_t>());
  return OkStatus();
}

}  // namespace

StatusOr<std::unique_ptr<SearchAlgorithm>> MakeTpeSearch(const Json& settings) {
  TpeSettings s;
  if (!settings.is_null()) {
    if (!settings.is_object()) return InvalidArgumentError("tpe settings must be an object");
    for (const auto& [key, value] : settings.items()) {
      if (key == "n_startup_trials") {
        KT_RETURN_IF_ERROR(ReadInt(key, value, 0, 1000000, &s.n_startup_trials));
      } else if (key == "n_ei_candidates") {
        KT_RETURN_IF_ERROR(ReadInt(key, value, 1, 10000, &s.n_ei_candidates));
      } else if (key == "gamma") {
        if (!value.is_number() || !(value.get<double>() > 0) || !(value.get<double>() <= 1)) {
          return InvalidArgumentError("tpe.gamma must be a fraction in (0, 1], not " +
                                      value.dump());
        }
        s.gamma = value.get<double>();
      } else if (key == "constant_liar") {
        if (!value.is_boolean()) {
          return InvalidArgumentError("tpe.constant_liar must be true or false, not " +
                                      value.dump());
        }
        s.constant_liar = value.get<bool>();
      } else if (key == "prior_weight") {
        if (!value.is_number() || !(value.get<double>() > 0) ||
            !std::isfinite(value.get<double>())) {
          return InvalidArgumentError("tpe.prior_weight must be a number > 0, not " + value.dump());
        }
        s.prior_weight = value.get<double>();
      } else {
        return InvalidArgumentError("tpe has no setting '" + key +
                                    "' (expected n_startup_trials, n_ei_candidates, gamma, "
                                    "constant_liar or prior_weight)");
      }
    }
  }
  return std::unique_ptr<SearchAlgorithm>(new TpeSearch(s));
}

}  // namespace kubetune::search
