#include "search/gaussian_process.h"

#include <LBFGSB.h>

#include <cmath>
#include <limits>

#include "search/algorithm.h"

namespace kubetune::search {
namespace {

constexpr double kSqrt5 = 2.23606797749979;
constexpr double kJitter = 1e-8;
constexpr double kLog2Pi = 1.8378770664093453;

// Pairwise squared distances between the rows of a and b.
Eigen::MatrixXd SquaredDistances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd d = (-2.0 * a * b.transpose()).colwise() + a.rowwise().squaredNorm();
  d.rowwise() += b.rowwise().squaredNorm().transpose();
  return d.cwiseMax(0.0);
}

// Sum over categorical features of weight * [a != b].
Eigen::MatrixXd CategoryPenalty(const Eigen::MatrixXi& ca, const Eigen::MatrixXi& cb,
                                const Eigen::VectorXd& log_weights) {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(ca.rows(), cb.rows());
  for (int f = 0; f < log_weights.size(); ++f) {
    double w = std::exp(log_weights[f]);
    for (int j = 0; j < cb.rows(); ++j) {
      int cj = cb(j, f);
      for (int i = 0; i < ca.rows(); ++i) {
        if (ca(i, f) != cj) p(i, j) += w;
      }
    }
  }
  return p;
}

}  // namespace

Eigen::VectorXd GpHyperparameters::Pack() const {
  Eigen::VectorXd theta(log_lengthscales.size() + log_category_weights.size() + 2);
  theta << log_lengthscales, log_category_weights, log_signal_variance, log_noise_variance;
  return theta;
}

GpHyperparameters GpHyperparameters::Unpack(const Eigen::VectorXd& theta, int ordinals,
                                            int categoricals) {
  GpHyperparameters h;
  h.log_lengthscales = theta.head(ordinals);
  h.log_category_weights = theta.segment(ordinals, categoricals);
  h.log_signal_variance = theta[ordinals + categoricals];
  h.log_noise_variance = theta[ordinals + categoricals + 1];
  return h;
}

GaussianProcess::GaussianProcess(std::vector<int> coordinate_owner, int ordinal_count,
                                 int categorical_count)
    : coordinate_owner_(std::move(coordinate_owner)),
      ordinal_count_(ordinal_count),
      categorical_count_(categorical_count) {
  Eigen::VectorXd theta(ordinal_count_ + categorical_count_ + 2);
  for (int i = 0; i < theta.size(); ++i) theta[i] = PriorMean(i);
  hyperparameters_ = GpHyperparameters::Unpack(theta, ordinal_count_, categorical_count_);
  x_.resize(0, static_cast<int>(coordinate_owner_.size()));
  c_.resize(0, categorical_count_);
}

// Log-normal priors: length scales around half the unit range, growing slowly with the number
// of parameters; category weights around 1; unit signal variance for standardised targets;
// little noise, with a wide spread so that noisy objectives can still claim it.
double GaussianProcess::PriorMean(int index) const {
  if (index < ordinal_count_) return std::log(0.5) + 0.5 * std::log(std::max(1, ordinal_count_));
  if (index < ordinal_count_ + categorical_count_) return 0.0;
  if (index == ordinal_count_ + categorical_count_) return 0.0;
  return -6.0;
}

double GaussianProcess::PriorStd(int index) const {
  if (index < ordinal_count_ + categorical_count_) return 1.5;
  if (index == ordinal_count_ + categorical_count_) return 1.0;
  return 3.0;
}

void GaussianProcess::SetData(Eigen::MatrixXd x, Eigen::MatrixXi c, Eigen::VectorXd y) {
  x_ = std::move(x);
  c_ = std::move(c);
  y_ = std::move(y);
  Factorize();
}

void GaussianProcess::SetTargets(Eigen::VectorXd y) {
  y_ = std::move(y);
  alpha_ = chol_.triangularView<Eigen::Lower>().solve(y_);
  chol_.triangularView<Eigen::Lower>().transpose().solveInPlace(alpha_);
}

Eigen::MatrixXd GaussianProcess::Kernel(const Eigen::MatrixXd& xa, const Eigen::MatrixXi& ca,
                                        const Eigen::MatrixXd& xb, const Eigen::MatrixXi& cb,
                                        const GpHyperparameters& h) const {
  Eigen::RowVectorXd inv_ls(static_cast<int>(coordinate_owner_.size()));
  for (int d = 0; d < inv_ls.size(); ++d) {
    inv_ls[d] = std::exp(-h.log_lengthscales[coordinate_owner_[static_cast<size_t>(d)]]);
  }
  Eigen::MatrixXd sa = xa.array().rowwise() * inv_ls.array();
  Eigen::MatrixXd sb = xb.array().rowwise() * inv_ls.array();
  Eigen::ArrayXXd r = SquaredDistances(sa, sb).array().sqrt();
  Eigen::ArrayXXd k = (1.0 + kSqrt5 * r + (5.0 / 3.0) * r.square()) * (-kSqrt5 * r).exp();
  if (categorical_count_ > 0) k *= (-CategoryPenalty(ca, cb, h.log_category_weights).array()).exp();
  return std::exp(h.log_signal_variance) * k.matrix();
}

void GaussianProcess::Factorize() {
  const GpHyperparameters& h = hyperparameters_;
  Eigen::MatrixXd k = Kernel(x_, c_, x_, c_, h);
  double noise = std::exp(h.log_noise_variance) + kJitter;
  // Escalate the jitter until the factorisation succeeds (near-duplicate points).
  for (double extra = 0; extra < 1.0; extra = extra == 0 ? 1e-6 : extra * 10) {
    Eigen::MatrixXd kn = k;
    kn.diagonal().array() += noise + extra;
    Eigen::LLT<Eigen::MatrixXd> llt(kn);
    if (llt.info() == Eigen::Success) {
      chol_ = llt.matrixL();
      alpha_ = llt.solve(y_);
      factorized_ = true;
      return;
    }
  }
  chol_ = Eigen::MatrixXd::Identity(y_.size(), y_.size());
  alpha_ = y_;
  factorized_ = true;
}

void GaussianProcess::Append(const Eigen::VectorXd& x, const Eigen::VectorXi& c, double y) {
  int n = size();
  x_.conservativeResize(n + 1, Eigen::NoChange);
  x_.row(n) = x.transpose();
  c_.conservativeResize(n + 1, Eigen::NoChange);
  c_.row(n) = c.transpose();
  y_.conservativeResize(n + 1);
  y_[n] = y;
  if (!factorized_ || n == 0) {
    Factorize();
    return;
  }
  const GpHyperparameters& h = hyperparameters_;
  Eigen::VectorXd k = Kernel(x_.topRows(n), c_.topRows(n), x_.row(n), c_.row(n), h);
  double kss = std::exp(h.log_signal_variance) + std::exp(h.log_noise_variance) + kJitter;
  Eigen::VectorXd l = chol_.triangularView<Eigen::Lower>().solve(k);
  double d2 = kss - l.squaredNorm();
  if (d2 <= 1e-12) {
    Factorize();
    return;
  }
  chol_.conservativeResize(n + 1, n + 1);
  chol_.col(n).setZero();
  chol_.row(n).head(n) = l.transpose();
  chol_(n, n) = std::sqrt(d2);
  SetTargets(y_);
}

void GaussianProcess::SetHyperparameters(const GpHyperparameters& hyperparameters) {
  hyperparameters_ = hyperparameters;
  Factorize();
}

double GaussianProcess::LogPosterior(const Eigen::VectorXd& theta,
                                     Eigen::VectorXd* gradient) const {
  GpHyperparameters h = GpHyperparameters::Unpack(theta, ordinal_count_, categorical_count_);
  int n = size();
  int p = static_cast<int>(theta.size());

  // Prior first: it is all there is when the factorisation fails.
  double log_prior = 0;
  Eigen::VectorXd prior_grad(p);
  for (int i = 0; i < p; ++i) {
    double z = (theta[i] - PriorMean(i)) / PriorStd(i);
    log_prior -= 0.5 * z * z;
    prior_grad[i] = -z / PriorStd(i);
  }

  Eigen::MatrixXd k = Kernel(x_, c_, x_, c_, h);
  double noise = std::exp(h.log_noise_variance);
  Eigen::MatrixXd kn = k;
  kn.diagonal().array() += noise + kJitter;
  Eigen::LLT<Eigen::MatrixXd> llt(kn);
  if (llt.info() != Eigen::Success) {
    if (gradient != nullptr) *gradient = prior_grad;
    return -1e10 + log_prior;
  }
  Eigen::VectorXd alpha = llt.solve(y_);
  Eigen::MatrixXd l = llt.matrixL();
  double log_det = 2.0 * l.diagonal().array().log().sum();
  double lml = -0.5 * y_.dot(alpha) - 0.5 * log_det - 0.5 * n * kLog2Pi;
  if (gradient == nullptr) return lml + log_prior;

  // d lml / d theta = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta).
  Eigen::MatrixXd w = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(p);

  // Recompute the pieces of the kernel the derivatives need.
  int dims = static_cast<int>(coordinate_owner_.size());
  Eigen::ArrayXXd r2 = Eigen::ArrayXXd::Zero(n, n);
  std::vector<Eigen::ArrayXXd> per_owner(static_cast<size_t>(ordinal_count_),
                                         Eigen::ArrayXXd::Zero(n, n));
  for (int d = 0; d < dims; ++d) {
    int owner = coordinate_owner_[static_cast<size_t>(d)];
    Eigen::ArrayXd col = x_.col(d).array() * std::exp(-h.log_lengthscales[owner]);
    Eigen::ArrayXXd diff2 = (col.replicate(1, n) - col.transpose().replicate(n, 1)).square();
    per_owner[static_cast<size_t>(owner)] += diff2;
    r2 += diff2;
  }
  Eigen::ArrayXXd r = r2.sqrt();
  Eigen::ArrayXXd cat = Eigen::ArrayXXd::Ones(n, n);
  if (categorical_count_ > 0)
    cat = (-CategoryPenalty(c_, c_, h.log_category_weights).array()).exp();
  double sf2 = std::exp(h.log_signal_variance);
  Eigen::ArrayXXd g = sf2 * (5.0 / 3.0) * (1.0 + kSqrt5 * r) * (-kSqrt5 * r).exp() * cat;
  Eigen::ArrayXXd wa = w.array();
  for (int o = 0; o < ordinal_count_; ++o) {
    grad[o] = 0.5 * (wa * g * per_owner[static_cast<size_t>(o)]).sum();
  }
  Eigen::ArrayXXd ka = k.array();
  for (int f = 0; f < categorical_count_; ++f) {
    double wf = std::exp(h.log_category_weights[f]);
    Eigen::ArrayXXd differs(n, n);
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < n; ++i) differs(i, j) = c_(i, f) != c_(j, f) ? 1.0 : 0.0;
    }
    grad[ordinal_count_ + f] = -0.5 * wf * (wa * ka * differs).sum();
  }
  grad[ordinal_count_ + categorical_count_] = 0.5 * (wa * ka).sum();
  grad[ordinal_count_ + categorical_count_ + 1] = 0.5 * noise * w.trace();
  *gradient = grad + prior_grad;
  return lml + log_prior;
}

void GaussianProcess::Fit(uint64_t seed, int restarts) {
  int p = ordinal_count_ + categorical_count_ + 2;
  Eigen::VectorXd lower(p), upper(p);
  for (int i = 0; i < p; ++i) {
    if (i < ordinal_count_) {
      lower[i] = std::log(0.005), upper[i] = std::log(50.0);
    } else if (i < ordinal_count_ + categorical_count_) {
      lower[i] = std::log(0.01), upper[i] = std::log(20.0);
    } else if (i == ordinal_count_ + categorical_count_) {
      lower[i] = -4.0, upper[i] = 4.0;
    } else {
      lower[i] = std::log(1e-8), upper[i] = 0.0;
    }
  }

  LBFGSpp::LBFGSBParam<double> param;
  param.max_iterations = 60;
  param.epsilon = 1e-5;
  param.max_linesearch = 30;
  LBFGSpp::LBFGSBSolver<double> solver(param);
  auto objective = [this](const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
    double value = -LogPosterior(theta, &grad);
    grad = -grad;
    return value;
  };

  Rng rng(seed);
  Eigen::VectorXd best = hyperparameters_.Pack();
  double best_value = -LogPosterior(best, nullptr);
  for (int start = 0; start <= restarts; ++start) {
    Eigen::VectorXd theta(p);
    for (int i = 0; i < p; ++i) {
      // The first start is the prior's centre; the others are draws from the prior.
      double z = 0;
      if (start > 0) {
        z = rng.Normal();
      }
      theta[i] = std::clamp(PriorMean(i) + z * PriorStd(i), lower[i], upper[i]);
    }
    double value = 0;
    try {
      solver.minimize(objective, theta, value, lower, upper);
    } catch (const std::exception&) {
      // A failed line search still leaves theta at its best point so far.
      value = -LogPosterior(theta, nullptr);
    }
    if (std::isfinite(value) && value < best_value) {
      best_value = value;
      best = theta;
    }
  }
  hyperparameters_ = GpHyperparameters::Unpack(best, ordinal_count_, categorical_count_);
  Factorize();
}

void GaussianProcess::Predict(const Eigen::MatrixXd& xs, const Eigen::MatrixXi& cs,
                              Eigen::VectorXd* mean, Eigen::VectorXd* variance) const {
  double sf2 = std::exp(hyperparameters_.log_signal_variance);
  if (size() == 0) {
    *mean = Eigen::VectorXd::Zero(xs.rows());
    *variance = Eigen::VectorXd::Constant(xs.rows(), sf2);
    return;
  }
  Eigen::MatrixXd ks = Kernel(xs, cs, x_, c_, hyperparameters_);
  *mean = ks * alpha_;
  Eigen::MatrixXd v = chol_.triangularView<Eigen::Lower>().solve(ks.transpose());
  *variance = (sf2 - v.colwise().squaredNorm().transpose().array()).cwiseMax(1e-12).matrix();
}

}  // namespace kubetune::search
