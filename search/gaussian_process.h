// A Gaussian-process regression model over encoded configurations (see space_encoding.h).
//
// Kernel: a Matérn-5/2 kernel on the continuous coordinates with one length scale per ordinal
// parameter (automatic relevance determination), times an exponentiated Hamming kernel on the
// categorical features with one weight per feature, times a signal variance; plus a noise
// variance on the diagonal. Kernel hyperparameters are fitted by maximising the marginal
// likelihood plus log-normal priors, with L-BFGS-B from several starts.
//
// Targets are expected to be transformed and standardised by the caller (mean 0, variance 1).
// Not thread-safe; a fitted model is cheap to copy.
#ifndef KUBETUNE_SEARCH_GAUSSIAN_PROCESS_H_
#define KUBETUNE_SEARCH_GAUSSIAN_PROCESS_H_

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "base/status.h"

namespace kubetune::search {

struct GpHyperparameters {
  Eigen::VectorXd log_lengthscales;      // one per ordinal parameter
  Eigen::VectorXd log_category_weights;  // one per categorical feature
  double log_signal_variance = 0;
  double log_noise_variance = -6;

  // All of them in one vector, in the order above, and back.
  Eigen::VectorXd Pack() const;
  static GpHyperparameters Unpack(const Eigen::VectorXd& theta, int ordinals, int categoricals);
};

class GaussianProcess {
 public:
  // `coordinate_owner[d]` is the ordinal parameter that continuous coordinate d belongs to.
  GaussianProcess(std::vector<int> coordinate_owner, int ordinal_count, int categorical_count);

  // Replaces the training data: x is n x D, c is n x M, y has n entries.
  void SetData(Eigen::MatrixXd x, Eigen::MatrixXi c, Eigen::VectorXd y);

  // Replaces only the targets (the factorisation of the kernel matrix stays valid).
  void SetTargets(Eigen::VectorXd y);

  // Adds one training point, extending the Cholesky factor in O(n^2) when it is current.
  void Append(const Eigen::VectorXd& x, const Eigen::VectorXi& c, double y);

  // Fits the kernel hyperparameters: starts from the prior's centre and from `restarts` draws
  // of the prior (from `seed`), and keeps the best. Leaves the model factorised.
  void Fit(uint64_t seed, int restarts);

  void SetHyperparameters(const GpHyperparameters& hyperparameters);
  const GpHyperparameters& hyperparameters() const { return hyperparameters_; }

  // Posterior mean and variance at m points (rows of xs, cs). Requires a factorised model:
  // after Fit(), SetHyperparameters() or SetData() followed by either.
  void Predict(const Eigen::MatrixXd& xs, const Eigen::MatrixXi& cs, Eigen::VectorXd* mean,
               Eigen::VectorXd* variance) const;

  // Log marginal likelihood plus log prior at `theta` (packed), and its gradient if asked.
  double LogPosterior(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const;

  int size() const { return static_cast<int>(y_.size()); }

 private:
  // Kernel matrix between two sets of points under `h`, without noise.
  Eigen::MatrixXd Kernel(const Eigen::MatrixXd& xa, const Eigen::MatrixXi& ca,
                         const Eigen::MatrixXd& xb, const Eigen::MatrixXi& cb,
                         const GpHyperparameters& h) const;
  void Factorize();
  double PriorMean(int index) const;
  double PriorStd(int index) const;

  std::vector<int> coordinate_owner_;
  int ordinal_count_;
  int categorical_count_;
  Eigen::MatrixXd x_;
  Eigen::MatrixXi c_;
  Eigen::VectorXd y_;
  GpHyperparameters hyperparameters_;
  // Lower Cholesky factor of K + noise I, and alpha = (K + noise I)^-1 y.
  Eigen::MatrixXd chol_;
  Eigen::VectorXd alpha_;
  bool factorized_ = false;
};

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_GAUSSIAN_PROCESS_H_
