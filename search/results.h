// The files a tuning run leaves behind, byte-compatible with TFX's Tuner component.
#ifndef KUBETUNE_SEARCH_RESULTS_H_
#define KUBETUNE_SEARCH_RESULTS_H_

#include <span>
#include <string>

#include "base/status.h"
#include "search/oracle.h"

namespace kubetune::search {

// best_hyperparameters.txt: the get_config() JSON of the best trial, as TFX's Trainer reads it.
// kNotFound when no trial has a result yet.
StatusOr<std::string> BestHyperparametersText(const Oracle& oracle);

// tuner_results.json: [{"trial_id": ..., "score": ..., <each value>}, ...] for every trial with
// a result, best first. Unlike TFX it needs no trial budget, so open-ended searches work too.
std::string TunerResultsText(const Oracle& oracle);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_RESULTS_H_
