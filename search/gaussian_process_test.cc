#include "search/gaussian_process.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kubetune::search {
namespace {

// A 1-D model with one ordinal parameter and one categorical feature of three categories.
GaussianProcess MixedModel(int n) {
  GaussianProcess gp({0}, 1, 1);
  Eigen::MatrixXd x(n, 1);
  Eigen::MatrixXi c(n, 1);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = (i + 0.5) / n;
    c(i, 0) = i % 3;
    y[i] = std::sin(6 * x(i, 0)) + 0.5 * c(i, 0);
  }
  y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  gp.SetData(x, c, y);
  return gp;
}

TEST(GaussianProcessTest, GradientMatchesFiniteDifferences) {
  GaussianProcess gp = MixedModel(12);
  Eigen::VectorXd theta(4);
  theta << std::log(0.3), std::log(0.7), 0.2, std::log(1e-3);
  Eigen::VectorXd gradient;
  gp.LogPosterior(theta, &gradient);
  for (int i = 0; i < theta.size(); ++i) {
    Eigen::VectorXd up = theta, down = theta;
    up[i] += 1e-5;
    down[i] -= 1e-5;
    double numeric = (gp.LogPosterior(up, nullptr) - gp.LogPosterior(down, nullptr)) / 2e-5;
    EXPECT_NEAR(gradient[i], numeric, 1e-4 * std::max(1.0, std::fabs(numeric))) << "theta " << i;
  }
}

TEST(GaussianProcessTest, FitRaisesThePosteriorAndInterpolates) {
  GaussianProcess gp = MixedModel(30);
  Eigen::VectorXd prior_centre = gp.hyperparameters().Pack();
  double before = gp.LogPosterior(prior_centre, nullptr);
  gp.Fit(/*seed=*/1, /*restarts=*/2);
  EXPECT_GT(gp.LogPosterior(gp.hyperparameters().Pack(), nullptr), before);

  // At a training point the variance is small.
  Eigen::MatrixXd x(2, 1);
  Eigen::MatrixXi c(2, 1);
  x << 0.5 / 30, 0.5 / 30;
  c << 0, 2;
  Eigen::VectorXd mean, variance;
  gp.Predict(x, c, &mean, &variance);
  EXPECT_LT(variance[0], 0.05);
}

TEST(GaussianProcessTest, AppendEqualsRefactorising) {
  GaussianProcess full = MixedModel(10);
  GaussianProcess grown({0}, 1, 1);
  GpHyperparameters h = full.hyperparameters();
  Eigen::MatrixXd x(9, 1);
  Eigen::MatrixXi c(9, 1);
  Eigen::VectorXd y(9);
  for (int i = 0; i < 9; ++i) {
    x(i, 0) = (i + 0.5) / 10;
    c(i, 0) = i % 3;
    y[i] = std::sin(6 * x(i, 0)) + 0.5 * c(i, 0);
  }
  grown.SetData(x, c, y);
  grown.SetHyperparameters(h);
  Eigen::VectorXd x9(1);
  Eigen::VectorXi c9(1);
  x9 << 9.5 / 10;
  c9 << 0;
  grown.Append(x9, c9, std::sin(6 * 0.95));

  GaussianProcess direct({0}, 1, 1);
  Eigen::MatrixXd xa(10, 1);
  Eigen::MatrixXi ca(10, 1);
  Eigen::VectorXd ya(10);
  xa << x, x9.transpose();
  ca << c, c9.transpose();
  ya << y, std::sin(6 * 0.95);
  direct.SetData(xa, ca, ya);
  direct.SetHyperparameters(h);

  Eigen::MatrixXd probe(3, 1);
  Eigen::MatrixXi probe_c(3, 1);
  probe << 0.1, 0.52, 0.97;
  probe_c << 0, 1, 2;
  Eigen::VectorXd m1, v1, m2, v2;
  grown.Predict(probe, probe_c, &m1, &v1);
  direct.Predict(probe, probe_c, &m2, &v2);
  EXPECT_TRUE(m1.isApprox(m2, 1e-9));
  EXPECT_TRUE(v1.isApprox(v2, 1e-9));
}

}  // namespace
}  // namespace kubetune::search
