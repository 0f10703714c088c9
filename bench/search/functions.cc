#include "bench/search/functions.h"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kubetune::bench {
namespace {

using search::Value;
using search::Values;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- Search-space JSON, written with the keys and key order that KerasTuner's get_config()
// --- uses, so the spaces read exactly like ones a KerasTuner user would send.

Json Parent(const std::string& name, const std::string& value) {
  return Json{{"class_name", "Parent"},
              {"config", {{"name", name}, {"values", Json::array({value})}}}};
}

Json FloatHp(const std::string& name, double min_value, double max_value,
             const std::string& sampling = "linear", Json conditions = Json::array()) {
  return Json{{"class_name", "Float"},
              {"config",
               {{"name", name},
                {"default", min_value},
                {"conditions", std::move(conditions)},
                {"min_value", min_value},
                {"max_value", max_value},
                {"step", nullptr},
                {"sampling", sampling}}}};
}

// KerasTuner writes step 1 for a linear Int and null for a logarithmic one.
Json IntHp(const std::string& name, int min_value, int max_value,
           const std::string& sampling = "linear", Json conditions = Json::array()) {
  return Json{{"class_name", "Int"},
              {"config",
               {{"name", name},
                {"default", nullptr},
                {"conditions", std::move(conditions)},
                {"min_value", min_value},
                {"max_value", max_value},
                {"step", sampling == "linear" ? Json(1) : Json()},
                {"sampling", sampling}}}};
}

Json ChoiceHp(const std::string& name, const std::vector<std::string>& values,
              Json conditions = Json::array()) {
  return Json{{"class_name", "Choice"},
              {"config",
               {{"name", name},
                {"default", values.front()},
                {"conditions", std::move(conditions)},
                {"values", values},
                {"ordered", false}}}};
}

Json SpaceConfig(Json space) {
  return Json{{"space", std::move(space)}, {"values", Json::object()}};
}

// The numeric value of `name`, or NaN when it is missing or not a number.
double Num(const Values& values, const std::string& name) {
  const Value* value = values.Find(name);
  if (value == nullptr || std::holds_alternative<std::string>(*value)) return kNaN;
  return search::ValueAsDouble(*value).value_or(kNaN);
}

// The string value of `name`, or "" when it is missing or not a string.
std::string Str(const Values& values, const std::string& name) {
  const Value* value = values.Find(name);
  if (value == nullptr || !std::holds_alternative<std::string>(*value)) return "";
  return std::get<std::string>(*value);
}

// --- Branin-Hoo.

double Branin(const Values& v) {
  constexpr double kPi = std::numbers::pi;
  const double a = 1.0;
  const double b = 5.1 / (4.0 * kPi * kPi);
  const double c = 5.0 / kPi;
  const double r = 6.0;
  const double s = 10.0;
  const double t = 1.0 / (8.0 * kPi);
  double x1 = Num(v, "x1");
  double x2 = Num(v, "x2");
  double u = x2 - b * x1 * x1 + c * x1 - r;
  return a * u * u + s * (1.0 - t) * std::cos(x1) + s;
}

// --- Hartmann 6-D.

constexpr double kHartmannAlpha[4] = {1.0, 1.2, 3.0, 3.2};
constexpr double kHartmannA[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                     {0.05, 10, 17, 0.1, 8, 14},
                                     {3, 3.5, 1.7, 10, 17, 8},
                                     {17, 8, 0.05, 10, 0.1, 14}};
constexpr double kHartmannP[4][6] = {{1312, 1696, 5569, 124, 8283, 5886},
                                     {2329, 4135, 8307, 3736, 1004, 9991},
                                     {2348, 1451, 3522, 2883, 3047, 6650},
                                     {4047, 8828, 8732, 5743, 1091, 381}};

double Hartmann6(const Values& v) {
  double x[6];
  for (int j = 0; j < 6; ++j) x[j] = Num(v, "x" + std::to_string(j + 1));
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    double inner = 0.0;
    for (int j = 0; j < 6; ++j) {
      double d = x[j] - kHartmannP[i][j] * 1e-4;
      inner += kHartmannA[i][j] * d * d;
    }
    sum += kHartmannAlpha[i] * std::exp(-inner);
  }
  return -sum;
}

// --- Rosenbrock, 4-D.

double Rosenbrock4(const Values& v) {
  double x[4];
  for (int j = 0; j < 4; ++j) x[j] = Num(v, "x" + std::to_string(j + 1));
  double sum = 0.0;
  for (int i = 0; i < 3; ++i) {
    double a = x[i + 1] - x[i] * x[i];
    double b = 1.0 - x[i];
    sum += 100.0 * a * a + b * b;
  }
  return sum;
}

// --- Mixed: choose a model family, then tune that family's parameters, plus a shared dropout.
//
// Every branch is a bowl: a floor plus squared penalties that all vanish at one point of the
// branch, so each branch's minimum is exactly its floor.
//
//   linear  0.25 + 0.03 (log10 l2 + 3.5)^2 + 0.2 (dropout - 0.1)^2
//           floor 0.25 at l2 = 10^-3.5, dropout = 0.1
//   tree    0.20 + 0.006 (depth - 8)^2 + 0.015 [criterion = gini] + 0.1 dropout
//           floor 0.20 at depth = 8, entropy, dropout = 0
//   mlp     0.10 + 0.08 (log10 lr + 2.25 + 0.25 layers)^2 + 0.03 (log2 units - 7)^2
//                + 0.03 (layers - 3)^2 + {gelu: 0, relu: 0.01, tanh: 0.04}
//                + 1.0 (dropout - 0.05 log2 units + 0.15)^2
//           floor 0.10 at layers = 3, units = 128, lr = 1e-3, gelu, dropout = 0.2
//
// So the global minimum is 0.1, in the mlp branch. It is not trivially found: the mlp branch
// has five active parameters, the best learning rate moves with depth and the best dropout
// with width. A uniformly drawn mlp configuration scores 0.36 in the median and beats the tree
// branch's floor of 0.2 only one time in ten, so the easier branches lure a search away.

double MixedLinear(const Values& v) {
  double l2 = Num(v, "l2");
  double dropout = Num(v, "dropout");
  double e_l2 = std::log10(l2) + 3.5;
  double e_dropout = dropout - 0.1;
  return 0.25 + 0.03 * e_l2 * e_l2 + 0.2 * e_dropout * e_dropout;
}

double MixedTree(const Values& v) {
  double depth = Num(v, "depth");
  std::string criterion = Str(v, "criterion");
  double dropout = Num(v, "dropout");
  double criterion_penalty;
  if (criterion == "entropy") {
    criterion_penalty = 0.0;
  } else if (criterion == "gini") {
    criterion_penalty = 0.015;
  } else {
    return kNaN;
  }
  double e_depth = depth - 8.0;
  return 0.20 + 0.006 * e_depth * e_depth + criterion_penalty + 0.1 * dropout;
}

double MixedMlp(const Values& v) {
  double layers = Num(v, "layers");
  double units = Num(v, "units");
  double lr = Num(v, "lr");
  std::string activation = Str(v, "activation");
  double dropout = Num(v, "dropout");
  double activation_penalty;
  if (activation == "gelu") {
    activation_penalty = 0.0;
  } else if (activation == "relu") {
    activation_penalty = 0.01;
  } else if (activation == "tanh") {
    activation_penalty = 0.04;
  } else {
    return kNaN;
  }
  double e_lr = std::log10(lr) + 2.25 + 0.25 * layers;
  double e_units = std::log2(units) - 7.0;
  double e_layers = layers - 3.0;
  double e_dropout = dropout - 0.05 * std::log2(units) + 0.15;
  return 0.10 + 0.08 * e_lr * e_lr + 0.03 * e_units * e_units + 0.03 * e_layers * e_layers +
         activation_penalty + 1.0 * e_dropout * e_dropout;
}

double Mixed(const Values& v) {
  std::string model = Str(v, "model");
  if (model == "linear") return MixedLinear(v);
  if (model == "tree") return MixedTree(v);
  if (model == "mlp") return MixedMlp(v);
  return kNaN;
}

Values MakeValues(std::initializer_list<std::pair<const char*, Value>> entries) {
  Values values;
  for (const auto& [name, value] : entries) values.Set(name, value);
  return values;
}

std::vector<BenchmarkFunction> MakeFunctions() {
  std::vector<BenchmarkFunction> out;

  // 5 / (4 pi), attained at (-pi, 12.275), (pi, 2.275) and (9.42478, 2.475).
  out.push_back({"branin", SpaceConfig({FloatHp("x1", -5, 10), FloatHp("x2", 0, 15)}),
                 5.0 / (4.0 * std::numbers::pi),
                 MakeValues({{"x1", std::numbers::pi}, {"x2", 2.275}}), Branin});

  // The minimum and minimiser refined from the literature's point (0.20169, 0.150011,
  // 0.476874, 0.275332, 0.311652, 0.6573) by L-BFGS-B.
  Json hartmann_space = Json::array();
  for (int j = 1; j <= 6; ++j) hartmann_space.push_back(FloatHp("x" + std::to_string(j), 0, 1));
  out.push_back({"hartmann6", SpaceConfig(std::move(hartmann_space)), -3.32236801141551,
                 MakeValues({{"x1", 0.20168950968761765},
                             {"x2", 0.15001069413863433},
                             {"x3", 0.47687396963094986},
                             {"x4", 0.27533242916768874},
                             {"x5", 0.31165161370991157},
                             {"x6", 0.6573005333899428}}),
                 Hartmann6});

  Json rosenbrock_space = Json::array();
  for (int j = 1; j <= 4; ++j) {
    rosenbrock_space.push_back(FloatHp("x" + std::to_string(j), -5, 10));
  }
  out.push_back({"rosenbrock", SpaceConfig(std::move(rosenbrock_space)), 0.0,
                 MakeValues({{"x1", 1.0}, {"x2", 1.0}, {"x3", 1.0}, {"x4", 1.0}}), Rosenbrock4});

  // Parents precede their children, as KerasTuner declares them; the shared dropout comes last.
  Json linear = Json::array({Parent("model", "linear")});
  Json tree = Json::array({Parent("model", "tree")});
  Json mlp = Json::array({Parent("model", "mlp")});
  out.push_back(
      {"mixed",
       SpaceConfig(
           {ChoiceHp("model", {"linear", "tree", "mlp"}), FloatHp("l2", 1e-6, 1e-1, "log", linear),
            IntHp("depth", 2, 12, "linear", tree), ChoiceHp("criterion", {"gini", "entropy"}, tree),
            IntHp("layers", 1, 4, "linear", mlp), IntHp("units", 16, 512, "log", mlp),
            FloatHp("lr", 1e-5, 1e-1, "log", mlp),
            ChoiceHp("activation", {"relu", "tanh", "gelu"}, mlp), FloatHp("dropout", 0, 0.5)}),
       0.1,
       MakeValues({{"model", Value(std::string("mlp"))},
                   {"layers", Value(int64_t{3})},
                   {"units", Value(int64_t{128})},
                   {"lr", Value(1e-3)},
                   {"activation", Value(std::string("gelu"))},
                   {"dropout", Value(0.2)}}),
       Mixed});
  return out;
}

}  // namespace

const std::vector<BenchmarkFunction>& BenchmarkFunctions() {
  static const std::vector<BenchmarkFunction>* const functions =
      new std::vector<BenchmarkFunction>(MakeFunctions());
  return *functions;
}

const BenchmarkFunction* FindBenchmarkFunction(std::string_view name) {
  for (const BenchmarkFunction& function : BenchmarkFunctions()) {
    if (function.name == name) return &function;
  }
  return nullptr;
}

}  // namespace kubetune::bench
