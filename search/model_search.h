// Model-based search algorithms.
#ifndef KUBETUNE_SEARCH_MODEL_SEARCH_H_
#define KUBETUNE_SEARCH_MODEL_SEARCH_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/json_text.h"
#include "base/status.h"
#include "search/algorithm.h"
#include "search/search_space.h"

namespace kubetune::search {

// Bayesian optimisation with a Gaussian process (gaussian_process.h) and expected improvement.
//
//  - The first `initial_trials` configurations (default: one more than the number of tunable
//    parameters, at least 5) come from quasi-random search.
//  - Scores are Yeo-Johnson transformed (the power chosen by likelihood) and standardised, so
//    skewed and heavy-tailed objectives model well.
//  - Kernel hyperparameters are refitted for every result up to 40 results, then each time the
//    number of results grows by 10%; in between, new results extend the Cholesky factor. The
//    fit at a refit point depends only on the trials, so a restarted oracle refits the same way.
//  - Running trials count as pending: each is added to the model at its predicted mean
//    ("kriging believer"), which removes the variance around it, so parallel workers spread
//    out instead of piling onto one point.
//  - Expected improvement is maximised over the mixed space: random configurations and
//    mutations of the best trials are scored in batches, then the best few are refined by a
//    shrinking local search. Integers, steps and categories are respected by construction.
//  - It never proposes a configuration a trial already has, and stops once a finite space is
//    exhausted.
//
// Settings (all optional): {"initial_trials": int >= 1, "candidates": int >= 16,
// "local_starts": int >= 1}.
StatusOr<std::unique_ptr<SearchAlgorithm>> MakeBayesianSearch(const Json& settings);

// A multivariate Tree-structured Parzen Estimator (TPE), after Optuna's multivariate TPE. Its
// cost per suggestion grows linearly with the trials, so it suits budgets where the Gaussian
// process of MakeBayesianSearch gets expensive.
//
//  - Until `n_startup_trials` trials have results, suggestions come from quasi-random search.
//  - Trials with a result are ranked (completed ones by score, then trials stopped early, more
//    steps first) and the best gamma(n) = min(ceil(gamma * n), 25) are "good", the rest "bad".
//  - l(x) and g(x) are Parzen estimators over the good and the bad trials: mixtures whose
//    components are whole observations, each the product of one kernel per parameter, plus a
//    prior component. Observations weigh 1, except that beyond the latest 25 older ones ramp
//    down linearly; the prior weighs `prior_weight`.
//  - Ordinal parameters (Int, Float, ordered Choice) get Gaussians truncated to the unit scale
//    of ToUnit/FromUnit, so log sampling is respected; a discrete value is scored by the mass
//    of its bucket of the unit scale, and a draw is snapped to a value by FromUnit. Bandwidths
//    are Optuna's (its multivariate TPE included): per parameter, an observation's kernel is as
//    wide as the larger gap to its neighbouring observations, clipped to [1/min(100, n+2), 1]
//    for n observations (the "magic clip"), so kernels narrow where good trials cluster. One
//    Scott-style width 0.2 * n^(-1/(d+4)) for all observations converged 2-3x more slowly on
//    the benchmark functions. The prior is centred with bandwidth 1.
//  - Unordered Choice and Boolean parameters get a smoothed categorical kernel: mass 1 on the
//    observed category over prior_weight / (n + 1) on every category, normalised; the prior is
//    uniform.
//  - Conditional parameters use the group decomposition: tunable parameters with the same
//    conditions form a group, which is active or inactive as a whole. Each group has its own l
//    and g, fitted on the trials in which it is active (split by gamma of their number), and
//    groups are sampled in declaration order, each once its conditions hold, from
//    n_ei_candidates draws of its l ranked by l(x)/g(x).
//  - Running trials join the bad side by default (a "constant liar"): a worker asking while
//    others run is steered away from what they run, so parallel workers spread out.
//  - It never proposes a configuration a trial already has: past a tried configuration it
//    takes the next candidate (the latest group moving first), then draws more; on a nearly
//    used up finite space it picks among the configurations left. It stops once a finite space
//    is exhausted.
//
// Settings (all optional, defaults in brackets): {"n_startup_trials": int in [0, 1000000] (10),
// "n_ei_candidates": int in [1, 10000] (24), "gamma": fraction in (0, 1] (0.1),
// "constant_liar": bool (true), "prior_weight": number > 0 (1.0)}. Errors name the setting.
StatusOr<std::unique_ptr<SearchAlgorithm>> MakeTpeSearch(const Json& settings);

// The algorithm "auto" runs, for a space and a trial budget (0: unbounded):
//
//   "bayesian" when max_trials is set, at most 200, and the space has at most 20 tunable
//              (non-Fixed) parameters;
//   "grid"     otherwise, when max_trials is set and the space is finite with at most
//              max_trials configurations;
//   "tpe"      otherwise.
//
// Why: a Gaussian process costs O(n^3) to fit and O(n^2) per scored candidate, so with
// hundreds of trials its suggestions slow down while TPE's stay linear in n; within 200 trials
// the GP is the more sample-efficient model, but kernel length scales fitted over many
// dimensions need more trials than that. The GP never repeats a configuration, so it still
// covers a small finite space, in a better order than the grid; for a larger budget that covers
// the whole space the grid does so at no modelling cost. An unbounded budget says nothing about
// the search being small, so it gets TPE.
std::string_view ChooseAlgorithm(const SearchSpace& space, int64_t max_trials);

// "auto": on its first suggestion, picks ChooseAlgorithm(request.space, request.max_trials)
// and hands every call to it from then on. It has no settings.
std::unique_ptr<SearchAlgorithm> MakeAutoSearch();

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_MODEL_SEARCH_H_
