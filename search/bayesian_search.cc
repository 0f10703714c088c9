#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "search/basic_search.h"
#include "search/gaussian_process.h"
#include "search/model_search.h"
#include "search/space_encoding.h"
#include "search/space_walk.h"

namespace kubetune::search {
namespace {

constexpr int kRefitEveryResultUpTo = 40;
constexpr double kRefitGrowth = 1.10;

struct BayesianSettings {
  int initial_trials = 0;  // 0: chosen from the space
  int candidates = 512;
  int local_starts = 5;
};

// The largest refit point at or below n: every n up to 40, then a 10% geometric ladder.
size_t RefitPoint(size_t n) {
  if (n <= static_cast<size_t>(kRefitEveryResultUpTo)) return n;
  size_t m = kRefitEveryResultUpTo;
  while (true) {
    auto next = static_cast<size_t>(std::ceil(static_cast<double>(m) * kRefitGrowth));
    if (next > n) return m;
    m = next;
  }
}

// Yeo-Johnson transform with power `lambda`.
double YeoJohnson(double y, double lambda) {
  if (y >= 0) {
    return std::fabs(lambda) < 1e-9 ? std::log1p(y) : (std::pow(y + 1, lambda) - 1) / lambda;
  }
  return std::fabs(lambda - 2) < 1e-9 ? -std::log1p(-y)
                                      : -(std::pow(1 - y, 2 - lambda) - 1) / (2 - lambda);
}

// Standardises y, applies the Yeo-Johnson power that maximises the Gaussian likelihood, and
// standardises again. Lower stays better: the transform is increasing.
Eigen::VectorXd TransformTargets(const std::vector<double>& raw) {
  auto n = static_cast<Eigen::Index>(raw.size());
  Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(raw.data(), n);
  auto standardise = [](Eigen::VectorXd v) {
    double mean = v.mean();
    double sd = std::sqrt((v.array() - mean).square().mean());
    return Eigen::VectorXd((v.array() - mean) / (sd > 1e-12 ? sd : 1.0));
  };
  y = standardise(y);
  if (n < 3) return y;
  double best_lambda = 1, best_ll = -1e300;
  for (int k = -20; k <= 20; ++k) {
    double lambda = k * 0.1;
    Eigen::VectorXd t = y.unaryExpr([&](double v) { return YeoJohnson(v, lambda); });
    double var = (t.array() - t.mean()).square().mean();
    if (!(var > 1e-300) || !std::isfinite(var)) continue;
    double jacobian = 0;
    for (double v : y) jacobian += (v >= 0 ? 1.0 : -1.0) * std::log1p(std::fabs(v));
    double ll = -0.5 * static_cast<double>(n) * std::log(var) + (lambda - 1) * jacobian;
    if (ll > best_ll) best_ll = ll, best_lambda = lambda;
  }
  return standardise(y.unaryExpr([&](double v) { return YeoJohnson(v, best_lambda); }));
}

// log of expected improvement below `best` for a Gaussian (mean, sd), stable far in the tail.
double LogExpectedImprovement(double mean, double sd, double best) {
  double z = (best - mean) / sd;
  if (z > -6) {
    double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
    double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
    return std::log(std::max(sd * (z * cdf + pdf), 1e-300));
  }
  // z*Phi(z) + phi(z) ~ phi(z) / z^2 as z -> -inf.
  return std::log(sd) - 0.5 * z * z - 0.5 * std::log(2 * M_PI) - 2 * std::log(-z);
}

class BayesianSearch : public SearchAlgorithm {
 public:
  explicit BayesianSearch(BayesianSettings settings)
      : settings_(settings), initial_(MakeQuasiRandomSearch()) {}

  std::string_view name() const override { return "bayesian"; }

  Suggestion Suggest(const SuggestRequest& request) override {
    const SearchSpace& space = request.space;
    std::unordered_set<std::string> tried = TriedFingerprints(space, request.trials);
    std::optional<uint64_t> size = space.Cardinality();
    if (size.has_value() && tried.size() >= *size) {
      return Suggestion::Exhausted("search space exhausted (" + std::to_string(tried.size()) +
                                   " configurations)");
    }

    // Results (lower is better after the sign flip) and pending trials, in creation order.
    std::vector<const Trial*> results, pending;
    for (const Trial& trial : request.trials) {
      if (trial.HasResult() && std::isfinite(*trial.score)) results.push_back(&trial);
      if (trial.status == TrialStatus::kRunning) pending.push_back(&trial);
    }
    size_t initial = static_cast<size_t>(InitialTrials(space));
    if (request.trials.size() < initial || results.size() < 3) return initial_->Suggest(request);

    Rng rng(request.seed);
    if (!encoder_ || encoded_space_ != &space) {
      encoder_ = std::make_unique<SpaceEncoder>(space);
      encoded_space_ = &space;
      cache_.reset();
    }
    GaussianProcess model = BuildModel(request, results);
    if (!pending.empty()) AddPending(model, pending);

    return Optimise(request, results, model, tried, rng);
  }

 private:
  int InitialTrials(const SearchSpace& space) const {
    if (settings_.initial_trials > 0) return settings_.initial_trials;
    int tunable = 0;
    for (const HyperParameter& hp : space.parameters()) tunable += hp.type != HpType::kFixed;
    return std::max(5, tunable + 1);
  }

  void Encode(const Values& values, Eigen::Ref<Eigen::VectorXd> x, Eigen::Ref<Eigen::VectorXi> c) {
    EncodedPoint p = encoder_->Encode(values);
    for (size_t i = 0; i < p.continuous.size(); ++i)
      x[static_cast<Eigen::Index>(i)] = p.continuous[i];
    for (size_t i = 0; i < p.categories.size(); ++i)
      c[static_cast<Eigen::Index>(i)] = p.categories[i];
  }

  void EncodeAll(const std::vector<const Values*>& values, Eigen::MatrixXd* x, Eigen::MatrixXi* c) {
    auto n = static_cast<Eigen::Index>(values.size());
    *x = Eigen::MatrixXd(n, encoder_->continuous_size());
    *c = Eigen::MatrixXi(n, encoder_->categorical_size());
    Eigen::VectorXd xi(encoder_->continuous_size());
    Eigen::VectorXi ci(encoder_->categorical_size());
    for (Eigen::Index i = 0; i < n; ++i) {
      Encode(*values[static_cast<size_t>(i)], xi, ci);
      x->row(i) = xi.transpose();
      c->row(i) = ci.transpose();
    }
  }

  // The model of all results: hyperparameters from the latest refit point, data extended
  // incrementally when the results only grew since the last call.
  GaussianProcess BuildModel(const SuggestRequest& request,
                             const std::vector<const Trial*>& results) {
    double sign = request.objective.direction() == Direction::kMaximize ? -1.0 : 1.0;
    std::vector<double> raw;
    raw.reserve(results.size());
    for (const Trial* t : results) raw.push_back(sign * *t->score);
    Eigen::VectorXd y = TransformTargets(raw);
    best_target_ = y.minCoeff();

    std::vector<std::string> ids;
    for (const Trial* t : results) ids.push_back(t->id);

    // Hyperparameters: fitted on the first RefitPoint(n) results, at most once per point.
    size_t m = RefitPoint(results.size());
    std::vector<std::string> fit_ids(ids.begin(), ids.begin() + static_cast<long>(m));
    if (!fit_ || fit_->ids != fit_ids) {
      std::vector<double> fit_raw(raw.begin(), raw.begin() + static_cast<long>(m));
      std::vector<const Values*> fit_values;
      for (size_t i = 0; i < m; ++i) fit_values.push_back(&results[i]->values);
      Eigen::MatrixXd x;
      Eigen::MatrixXi c;
      EncodeAll(fit_values, &x, &c);
      GaussianProcess gp(encoder_->coordinate_owner(), encoder_->ordinal_count(),
                         encoder_->categorical_size());
      gp.SetData(std::move(x), std::move(c), TransformTargets(fit_raw));
      gp.Fit(MixSeed(request.study_seed, 0x6770 + m), m <= 100 ? 2 : 1);
      fit_ = FitCache{fit_ids, gp.hyperparameters()};
      cache_.reset();
    }

    // Data: reuse the factorised model when its trials are a prefix of the current ones.
    bool prefix = cache_ && cache_->ids.size() <= ids.size() &&
                  std::equal(cache_->ids.begin(), cache_->ids.end(), ids.begin());
    if (!prefix) {
      std::vector<const Values*> values;
      for (const Trial* t : results) values.push_back(&t->values);
      Eigen::MatrixXd x;
      Eigen::MatrixXi c;
      EncodeAll(values, &x, &c);
      GaussianProcess gp(encoder_->coordinate_owner(), encoder_->ordinal_count(),
                         encoder_->categorical_size());
      gp.SetData(std::move(x), std::move(c), y);
      gp.SetHyperparameters(fit_->hyperparameters);
      cache_ = ModelCache{ids, std::move(gp)};
    } else {
      Eigen::VectorXd xi(encoder_->continuous_size());
      Eigen::VectorXi ci(encoder_->categorical_size());
      for (size_t i = cache_->ids.size(); i < ids.size(); ++i) {
        Encode(results[i]->values, xi, ci);
        cache_->model.Append(xi, ci, y[static_cast<Eigen::Index>(i)]);
      }
      cache_->ids = ids;
      cache_->model.SetTargets(y);
    }
    return cache_->model;
  }

  // Kriging believer: each running trial joins the model at its predicted mean.
  void AddPending(GaussianProcess& model, const std::vector<const Trial*>& pending) {
    Eigen::VectorXd xi(encoder_->continuous_size());
    Eigen::VectorXi ci(encoder_->categorical_size());
    for (const Trial* t : pending) {
      Encode(t->values, xi, ci);
      Eigen::VectorXd mean, variance;
      model.Predict(xi.transpose(), ci.transpose(), &mean, &variance);
      model.Append(xi, ci, mean[0]);
    }
  }

  // A copy of `base` with some active parameters moved: ordinal ones by a Gaussian step of
  // `step` on the unit scale, categorical ones to another category. Parameters that become
  // active are sampled at random.
  Values Mutate(const SearchSpace& space, const Values& base, double step, Rng& rng) {
    int active = 0;
    for (const HyperParameter& hp : space.parameters()) {
      active += hp.type != HpType::kFixed && base.Contains(hp.name);
    }
    double p = 1.0 / std::max(1, active);
    Values out;
    bool changed = false;
    for (const HyperParameter& hp : space.parameters()) {
      if (!space.IsActive(hp, out)) continue;
      const Value* value = base.Find(hp.name);
      if (value == nullptr) {
        out.Set(hp.name, hp.FromUnit(rng.Uniform()));
        changed = true;
      } else if (hp.type != HpType::kFixed && rng.Uniform() < p) {
        out.Set(hp.name, MoveOne(hp, *value, step, rng));
        changed = true;
      } else {
        out.Set(hp.name, *value);
      }
    }
    if (!changed && active > 0) {
      // Move one parameter for sure, so that a mutation is never a copy.
      std::vector<const HyperParameter*> movable;
      for (const HyperParameter& hp : space.parameters()) {
        if (hp.type != HpType::kFixed && out.Contains(hp.name)) movable.push_back(&hp);
      }
      const HyperParameter& hp = *movable[rng.Below(movable.size())];
      out.Set(hp.name, MoveOne(hp, *out.Find(hp.name), step, rng));
      out = space.Complete(out);
    }
    return out;
  }

  static Value MoveOne(const HyperParameter& hp, const Value& value, double step, Rng& rng) {
    if (hp.IsOrdinal()) {
      double u = hp.ToUnit(value) + step * rng.Normal();
      // Reflect at the ends so that the boundaries are not over-sampled.
      if (u < 0) u = -u;
      if (u > 1) u = 2 - u;
      return hp.FromUnit(std::clamp(u, 0.0, 1.0));
    }
    std::vector<Value> all = hp.GridValues();
    if (all.size() < 2) return value;
    Value next = value;
    while (ValuesEqual(next, value)) next = all[rng.Below(all.size())];
    return next;
  }

  // Log expected improvement of each candidate under `model`.
  std::vector<double> Score(const GaussianProcess& model, const std::vector<Values>& candidates) {
    std::vector<const Values*> pointers;
    for (const Values& v : candidates) pointers.push_back(&v);
    Eigen::MatrixXd x;
    Eigen::MatrixXi c;
    EncodeAll(pointers, &x, &c);
    Eigen::VectorXd mean, variance;
    model.Predict(x, c, &mean, &variance);
    std::vector<double> out(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i) {
      auto k = static_cast<Eigen::Index>(i);
      out[i] = LogExpectedImprovement(mean[k], std::sqrt(variance[k]), best_target_);
    }
    return out;
  }

  Suggestion Optimise(const SuggestRequest& request, const std::vector<const Trial*>& results,
                      const GaussianProcess& model, const std::unordered_set<std::string>& tried,
                      Rng& rng) {
    const SearchSpace& space = request.space;
    // Fewer candidates as the model grows: scoring one costs O(n^2).
    double n = static_cast<double>(model.size());
    int budget = static_cast<int>(
        std::clamp(3.0e7 / std::max(n * n, 1.0), 64.0, static_cast<double>(settings_.candidates)));

    // Global candidates: random configurations, plus mutations of the best results.
    std::vector<Values> candidates;
    for (int i = 0; i < budget / 2; ++i) candidates.push_back(SampleUniformly(space, rng));
    std::vector<const Trial*> best(results.begin(), results.end());
    double sign = request.objective.direction() == Direction::kMaximize ? -1.0 : 1.0;
    std::stable_sort(best.begin(), best.end(), [&](const Trial* a, const Trial* b) {
      return sign * *a->score < sign * *b->score;
    });
    size_t elite = std::min<size_t>(best.size(), 5);
    for (int i = 0; candidates.size() < static_cast<size_t>(budget); ++i) {
      const Trial* parent = best[static_cast<size_t>(i) % elite];
      candidates.push_back(Mutate(space, parent->values, i % 2 == 0 ? 0.1 : 0.02, rng));
    }
    std::vector<double> scores = Score(model, candidates);

    // Local refinement of the best few distinct, untried candidates.
    std::vector<size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    Values winner;
    double winner_score = -1e300;
    std::unordered_set<std::string> started;
    int starts = 0;
    for (size_t index : order) {
      if (starts >= settings_.local_starts) break;
      std::string key = space.Fingerprint(candidates[index]);
      if (tried.count(key) || !started.insert(key).second) continue;
      ++starts;
      Values current = candidates[index];
      double current_score = scores[index];
      double step = 0.05;
      for (int round = 0; round < 12 && step > 1e-4; ++round) {
        std::vector<Values> neighbours;
        for (int k = 0; k < 8; ++k) neighbours.push_back(Mutate(space, current, step, rng));
        std::vector<double> s = Score(model, neighbours);
        size_t top = static_cast<size_t>(std::max_element(s.begin(), s.end()) - s.begin());
        if (s[top] > current_score && tried.count(space.Fingerprint(neighbours[top])) == 0) {
          current = std::move(neighbours[top]);
          current_score = s[top];
        } else {
          step *= 0.5;
        }
      }
      if (current_score > winner_score) winner = std::move(current), winner_score = current_score;
    }
    if (winner_score > -1e300) return Suggestion::Run(space.Complete(winner));

    // Every candidate repeats a trial: the space is nearly used up; take what is left.
    return SuggestUntried(space, tried, rng);
  }

  struct FitCache {
    std::vector<std::string> ids;
    GpHyperparameters hyperparameters;
  };
  struct ModelCache {
    std::vector<std::string> ids;
    GaussianProcess model;
  };

  BayesianSettings settings_;
  std::unique_ptr<SearchAlgorithm> initial_;
  std::unique_ptr<SpaceEncoder> encoder_;
  const SearchSpace* encoded_space_ = nullptr;
  // Derived from the trials only: a fresh instance rebuilds the same caches.
  std::optional<FitCache> fit_;
  std::optional<ModelCache> cache_;
  // The best transformed target of the current results: the bar expected improvement uses.
  double best_target_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<SearchAlgorithm>> MakeBayesianSearch(const Json& settings) {
  BayesianSettings s;
  if (!settings.is_null()) {
    if (!settings.is_object()) return InvalidArgumentError("bayesian settings must be an object");
    for (const auto& [key, value] : settings.items()) {
      int* field = key == "initial_trials" ? &s.initial_trials
                   : key == "candidates"   ? &s.candidates
                   : key == "local_starts" ? &s.local_starts
                                           : nullptr;
      if (field == nullptr) return InvalidArgumentError("bayesian has no setting '" + key + "'");
      if (!value.is_number_integer()) {
        return InvalidArgumentError("bayesian." + key + " must be an integer");
      }
      *field = value.get<int>();
    }
    if (s.initial_trials < 0) return InvalidArgumentError("bayesian.initial_trials must be >= 1");
    if (s.candidates < 16) return InvalidArgumentError("bayesian.candidates must be >= 16");
    if (s.local_starts < 1) return InvalidArgumentError("bayesian.local_starts must be >= 1");
  }
  return std::unique_ptr<SearchAlgorithm>(new BayesianSearch(s));
}

}  // namespace kubetune::search
