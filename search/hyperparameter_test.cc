#include "search/hyperparameter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace kubetune::search {
namespace {

using ::testing::ElementsAre;

HyperParameter Numeric(HpType type, double lo, double hi, std::optional<double> step = std::nullopt,
                       Sampling sampling = Sampling::kLinear) {
  HyperParameter hp;
  hp.type = type;
  hp.name = "x";
  hp.min_value = lo;
  hp.max_value = hi;
  hp.step = step;
  hp.sampling = sampling;
  return hp;
}

HyperParameter Int(double lo, double hi, std::optional<double> step = std::nullopt,
                   Sampling sampling = Sampling::kLinear) {
  return Numeric(HpType::kInt, lo, hi, step, sampling);
}

HyperParameter Float(double lo, double hi, std::optional<double> step = std::nullopt,
                     Sampling sampling = Sampling::kLinear) {
  return Numeric(HpType::kFloat, lo, hi, step, sampling);
}

HyperParameter Choice(std::vector<Value> values, bool ordered = false) {
  HyperParameter hp;
  hp.type = HpType::kChoice;
  hp.name = "c";
  hp.choices = std::move(values);
  hp.ordered = ordered;
  return hp;
}

HyperParameter Boolean() {
  HyperParameter hp;
  hp.type = HpType::kBoolean;
  hp.name = "b";
  return hp;
}

HyperParameter Fixed(Value value) {
  HyperParameter hp;
  hp.type = HpType::kFixed;
  hp.name = "f";
  hp.fixed_value = std::move(value);
  return hp;
}

Value I(int64_t i) { return Value(i); }
Value S(const char* s) { return Value(std::string(s)); }

int64_t AsInt(const Value& v) { return std::get<int64_t>(v); }
double AsDouble(const Value& v) { return std::get<double>(v); }

std::vector<std::string> Strings(const std::vector<Value>& values) {
  std::vector<std::string> out;
  for (const Value& v : values) out.push_back(ValueToString(v));
  return out;
}

// Every value of a discrete parameter comes back from FromUnit(ToUnit(value)).
void ExpectDiscreteRoundTrip(const HyperParameter& hp) {
  for (const Value& v : hp.GridValues()) {
    double u = hp.ToUnit(v);
    EXPECT_GE(u, 0.0) << ValueToString(v);
    EXPECT_LT(u, 1.0) << ValueToString(v);
    EXPECT_TRUE(ValuesEqual(hp.FromUnit(u), v))
        << ValueToString(v) << " -> " << u << " -> " << ValueToString(hp.FromUnit(u));
  }
}

TEST(HyperParameterNamesTest, MatchKerasTuner) {
  EXPECT_EQ(HpTypeName(HpType::kInt), "Int");
  EXPECT_EQ(HpTypeName(HpType::kFloat), "Float");
  EXPECT_EQ(HpTypeName(HpType::kChoice), "Choice");
  EXPECT_EQ(HpTypeName(HpType::kBoolean), "Boolean");
  EXPECT_EQ(HpTypeName(HpType::kFixed), "Fixed");
  EXPECT_EQ(SamplingName(Sampling::kLinear), "linear");
  EXPECT_EQ(SamplingName(Sampling::kLog), "log");
  EXPECT_EQ(SamplingName(Sampling::kReverseLog), "reverse_log");
}

TEST(ConditionTest, HoldsWhenTheParentHasAListedValue) {
  Condition condition{"p", {I(1), S("a")}};
  Values values;
  EXPECT_FALSE(condition.IsSatisfiedBy(values));  // An absent (inactive) parent.
  values.Set("p", Value(1.0));
  EXPECT_TRUE(condition.IsSatisfiedBy(values));
  values.Set("p", Value(true));
  EXPECT_TRUE(condition.IsSatisfiedBy(values));
  values.Set("p", S("a"));
  EXPECT_TRUE(condition.IsSatisfiedBy(values));
  values.Set("p", S("1"));
  EXPECT_FALSE(condition.IsSatisfiedBy(values));
  values.Set("p", I(2));
  EXPECT_FALSE(condition.IsSatisfiedBy(values));
}

TEST(ParameterDefaultTest, UsesTheStatedDefaultElseKerasTunersRule) {
  HyperParameter with_default = Int(1, 10);
  with_default.default_value = I(4);
  EXPECT_EQ(AsInt(with_default.Default()), 4);
  EXPECT_EQ(AsInt(Int(3, 10).Default()), 3);
  EXPECT_DOUBLE_EQ(AsDouble(Float(0.5, 1).Default()), 0.5);
  EXPECT_EQ(ValueToString(Choice({S("b"), S("a")}).Default()), "b");
  EXPECT_EQ(Boolean().Default(), Value(false));
  EXPECT_EQ(ValueToString(Fixed(S("adam")).Default()), "adam");
}

TEST(ParameterCardinalityTest, CountsEveryValue) {
  EXPECT_EQ(Int(1, 10, 1).Cardinality(), 10u);
  EXPECT_EQ(Int(8, 64, 8).Cardinality(), 8u);
  EXPECT_EQ(Int(8, 60, 8).Cardinality(), 7u);
  EXPECT_EQ(Int(-5, 5, 5).Cardinality(), 3u);
  EXPECT_EQ(Int(1, 10).Cardinality(), 10u);
  EXPECT_EQ(Int(1, 100, std::nullopt, Sampling::kLog).Cardinality(), 100u);
  EXPECT_EQ(Int(1, 256, 2, Sampling::kLog).Cardinality(), 9u);
  EXPECT_EQ(Int(3, 27, 3, Sampling::kReverseLog).Cardinality(), 3u);
  EXPECT_EQ(Int(7, 7, 1).Cardinality(), 1u);
  EXPECT_EQ(Float(0, 1).Cardinality(), std::nullopt);
  EXPECT_EQ(Float(1e-4, 1e-1, std::nullopt, Sampling::kLog).Cardinality(), std::nullopt);
  EXPECT_EQ(Float(0, 1, 0.1).Cardinality(), 11u);
  EXPECT_EQ(Float(0.1, 0.9, 0.1).Cardinality(), 9u);
  EXPECT_EQ(Float(1e-4, 1, 10, Sampling::kLog).Cardinality(), 5u);
  EXPECT_EQ(Choice({I(1), I(2), I(3)}).Cardinality(), 3u);
  EXPECT_EQ(Boolean().Cardinality(), 2u);
  EXPECT_EQ(Fixed(I(1)).Cardinality(), 1u);
}

TEST(ParameterCardinalityTest, CountsADefaultOffTheStepGrid) {
  HyperParameter hp = Int(0, 10, 5);
  hp.default_value = I(3);
  EXPECT_EQ(hp.Cardinality(), 4u);
  EXPECT_EQ(hp.GridValues().size(), 4u);
  hp.default_value = I(5);
  EXPECT_EQ(hp.Cardinality(), 3u);
}

TEST(GridValuesTest, DefaultFirstThenTheRestInOrder) {
  HyperParameter n = Int(1, 3, 1);
  n.default_value = I(2);
  EXPECT_THAT(Strings(n.GridValues()), ElementsAre("2", "1", "3"));

  HyperParameter units = Int(8, 64, 8);
  units.default_value = I(16);
  EXPECT_THAT(Strings(units.GridValues()),
              ElementsAre("16", "8", "24", "32", "40", "48", "56", "64"));

  EXPECT_THAT(Strings(Int(1, 3, 1).GridValues()), ElementsAre("1", "2", "3"));

  HyperParameter choice = Choice({S("x"), S("y"), S("z")});
  choice.default_value = S("y");
  EXPECT_THAT(Strings(choice.GridValues()), ElementsAre("y", "x", "z"));

  EXPECT_THAT(Strings(Boolean().GridValues()), ElementsAre("False", "True"));
  HyperParameter yes = Boolean();
  yes.default_value = Value(true);
  EXPECT_THAT(Strings(yes.GridValues()), ElementsAre("True", "False"));

  EXPECT_THAT(Strings(Fixed(S("adam")).GridValues()), ElementsAre("adam"));
}

TEST(GridValuesTest, SteppedValuesFollowKerasTunersIndexOrder) {
  EXPECT_THAT(Strings(Int(1, 16, 2, Sampling::kLog).GridValues()),
              ElementsAre("1", "2", "4", "8", "16"));
  // A reverse_log step runs from max_value down: 27 + 3 - 3 * 3^i. The default (min) leads.
  EXPECT_THAT(Strings(Int(3, 27, 3, Sampling::kReverseLog).GridValues()),
              ElementsAre("3", "27", "21"));
  EXPECT_THAT(Strings(Float(1e-4, 1, 10, Sampling::kLog).GridValues()),
              ElementsAre("0.0001", "0.001", "0.01", "0.1", "1.0"));
}

TEST(GridValuesTest, ContinuousRangesGetTenEvenlySpacedValuesAfterTheDefault) {
  std::vector<Value> grid = Float(0, 1).GridValues();
  ASSERT_EQ(grid.size(), 11u);
  EXPECT_DOUBLE_EQ(AsDouble(grid[0]), 0.0);
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(AsDouble(grid[i + 1]), 0.05 + 0.1 * i, 1e-12);

  std::vector<Value> log_grid = Float(1e-5, 1e-1, std::nullopt, Sampling::kLog).GridValues();
  ASSERT_EQ(log_grid.size(), 11u);
  for (int i = 1; i < 10; ++i) {
    EXPECT_NEAR(AsDouble(log_grid[i + 1]) / AsDouble(log_grid[i]), std::pow(10.0, 0.4), 1e-9);
  }

  // An Int log range without a step samples ten values too (fewer when they coincide).
  std::vector<Value> int_grid = Int(1, 100, std::nullopt, Sampling::kLog).GridValues();
  EXPECT_LE(int_grid.size(), 11u);
  EXPECT_EQ(AsInt(int_grid[0]), 1);
}

TEST(GridValuesTest, EveryGridValueIsContained) {
  HyperParameter off_step = Float(0, 1, 0.3);
  off_step.default_value = Value(0.5);
  for (const HyperParameter& hp :
       {Int(1, 10, 1), Int(8, 64, 8), Int(1, 256, 2, Sampling::kLog),
        Int(3, 27, 3, Sampling::kReverseLog), Int(1, 100, std::nullopt, Sampling::kLog),
        Int(1, 100, std::nullopt, Sampling::kReverseLog), Float(0, 1), Float(0, 1, 0.1),
        Float(0.1, 0.9, 0.1), Float(1e-4, 1, 10, Sampling::kLog),
        Float(1, 8, 2, Sampling::kReverseLog), Float(0.1, 0.9, std::nullopt, Sampling::kReverseLog),
        off_step}) {
    for (const Value& v : hp.GridValues()) {
      EXPECT_TRUE(hp.Contains(v)) << ValueToString(v) << " in " << HpTypeName(hp.type) << " ["
                                  << hp.min_value << ", " << hp.max_value << "]";
    }
  }
}

TEST(UnitMappingTest, IntWithStepRoundTrips) {
  ExpectDiscreteRoundTrip(Int(1, 10, 1));
  ExpectDiscreteRoundTrip(Int(8, 64, 8));
  ExpectDiscreteRoundTrip(Int(-5, 5, 5));
  ExpectDiscreteRoundTrip(Int(1, 256, 2, Sampling::kLog));
  ExpectDiscreteRoundTrip(Int(3, 27, 3, Sampling::kReverseLog));
}

TEST(UnitMappingTest, IntWithoutStepRoundTripsEveryValue) {
  for (Sampling sampling : {Sampling::kLinear, Sampling::kLog, Sampling::kReverseLog}) {
    HyperParameter hp = Int(1, 100, std::nullopt, sampling);
    for (int64_t x = 1; x <= 100; ++x) {
      double u = hp.ToUnit(I(x));
      EXPECT_GE(u, 0.0);
      EXPECT_LT(u, 1.0);
      EXPECT_EQ(AsInt(hp.FromUnit(u)), x) << SamplingName(sampling) << " " << x;
    }
  }
}

TEST(UnitMappingTest, FloatWithoutStepRoundTrips) {
  for (Sampling sampling : {Sampling::kLinear, Sampling::kLog, Sampling::kReverseLog}) {
    HyperParameter hp = Float(0.1, 0.9, std::nullopt, sampling);
    for (double u = 0.0; u <= 1.0; u += 0.0625) {
      double x = AsDouble(hp.FromUnit(u));
      EXPECT_NEAR(hp.ToUnit(Value(x)), u, 1e-12) << SamplingName(sampling) << " " << u;
    }
  }
}

TEST(UnitMappingTest, FloatWithStepRoundTrips) {
  ExpectDiscreteRoundTrip(Float(0, 1, 0.1));
  ExpectDiscreteRoundTrip(Float(0.1, 0.9, 0.1));
  ExpectDiscreteRoundTrip(Float(1e-4, 1, 10, Sampling::kLog));
  ExpectDiscreteRoundTrip(Float(1, 8, 2, Sampling::kReverseLog));
}

TEST(UnitMappingTest, ChoiceBooleanAndFixedRoundTrip) {
  ExpectDiscreteRoundTrip(Choice({S("relu"), S("tanh"), S("gelu")}));
  ExpectDiscreteRoundTrip(Choice({Value(0.5), Value(0.25)}, true));
  ExpectDiscreteRoundTrip(Boolean());
  ExpectDiscreteRoundTrip(Fixed(S("adam")));
}

TEST(FromUnitTest, SteppedIntSplitsTheUnitIntervalEvenly) {
  HyperParameter hp = Int(8, 64, 8);  // 8 values, 1/8 of [0, 1) each.
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ(AsInt(hp.FromUnit((k + 0.01) / 8)), 8 + 8 * k);
    EXPECT_EQ(AsInt(hp.FromUnit((k + 0.99) / 8)), 8 + 8 * k);
  }
  EXPECT_EQ(AsInt(hp.FromUnit(1.0)), 64);
}

TEST(FromUnitTest, UnsteppedIntGivesMaxValueItsShare) {
  HyperParameter hp = Int(1, 4);
  EXPECT_EQ(AsInt(hp.FromUnit(0.0)), 1);
  EXPECT_EQ(AsInt(hp.FromUnit(0.24)), 1);
  EXPECT_EQ(AsInt(hp.FromUnit(0.26)), 2);
  EXPECT_EQ(AsInt(hp.FromUnit(0.76)), 4);
  EXPECT_EQ(AsInt(hp.FromUnit(1.0)), 4);
}

TEST(FromUnitTest, SteppedFloatGivesOnlyStepValues) {
  HyperParameter hp = Float(0, 1, 0.25);
  EXPECT_DOUBLE_EQ(AsDouble(hp.FromUnit(0.0)), 0.0);
  EXPECT_DOUBLE_EQ(AsDouble(hp.FromUnit(0.3)), 0.25);
  EXPECT_DOUBLE_EQ(AsDouble(hp.FromUnit(0.99)), 1.0);
  for (double u = 0; u < 1; u += 0.01) EXPECT_TRUE(hp.Contains(hp.FromUnit(u))) << u;
}

TEST(FromUnitTest, LogScalesSpreadValuesGeometrically) {
  EXPECT_NEAR(AsDouble(Float(1e-4, 1e-2, std::nullopt, Sampling::kLog).FromUnit(0.5)), 1e-3, 1e-15);
  // reverse_log mirrors log: dense near max_value. 0.9 + 0.1 - 0.1 * sqrt(9) = 0.7.
  EXPECT_NEAR(AsDouble(Float(0.1, 0.9, std::nullopt, Sampling::kReverseLog).FromUnit(0.5)), 0.7,
              1e-12);
  EXPECT_EQ(AsInt(Int(1, 100, std::nullopt, Sampling::kLog).FromUnit(0.5)), 10);
}

TEST(FromUnitTest, LogScalesReachBothEndsAndStayInside) {
  for (Sampling sampling : {Sampling::kLog, Sampling::kReverseLog}) {
    HyperParameter f = Float(1e-4, 0.1, std::nullopt, sampling);
    EXPECT_NEAR(AsDouble(f.FromUnit(0.0)), 1e-4, 1e-15) << SamplingName(sampling);
    EXPECT_NEAR(AsDouble(f.FromUnit(1.0)), 0.1, 1e-15) << SamplingName(sampling);
    for (int lo = 1; lo <= 40; ++lo) {
      for (int hi = lo; hi <= lo + 60; hi += 3) {
        HyperParameter i = Int(lo, hi, std::nullopt, sampling);
        HyperParameter g = Float(lo * 0.01, hi * 0.01, std::nullopt, sampling);
        EXPECT_EQ(AsInt(i.FromUnit(0.0)), lo) << SamplingName(sampling) << " " << lo << ".." << hi;
        EXPECT_EQ(AsInt(i.FromUnit(std::nextafter(1.0, 0.0))), hi);
        EXPECT_EQ(AsInt(i.FromUnit(1.0)), hi);
        for (double u = 0.0; u <= 1.0; u += 1.0 / 64) {
          EXPECT_TRUE(i.Contains(i.FromUnit(u))) << lo << ".." << hi << " u=" << u;
          EXPECT_TRUE(g.Contains(g.FromUnit(u))) << lo << ".." << hi << " u=" << u;
        }
      }
    }
  }
}

TEST(FromUnitTest, ReverseLogIntAtZeroIsMinValue) {
  // 28 + 1 + 7 - 7 * (29 / 7) rounds to just under 7 in floating point.
  EXPECT_EQ(AsInt(Int(7, 28, std::nullopt, Sampling::kReverseLog).FromUnit(0.0)), 7);
}

TEST(FromUnitTest, ClampsOutOfRangeInputAndMapsNanToZero) {
  HyperParameter hp = Float(2, 3);
  EXPECT_DOUBLE_EQ(AsDouble(hp.FromUnit(-0.5)), 2.0);
  EXPECT_DOUBLE_EQ(AsDouble(hp.FromUnit(1.5)), 3.0);
  EXPECT_EQ(ValueToString(Choice({S("a"), S("b")}).FromUnit(1.0)), "b");
  EXPECT_EQ(AsInt(Int(3, 10, std::nullopt, Sampling::kLog).FromUnit(std::nan(""))), 3);
  EXPECT_DOUBLE_EQ(AsDouble(hp.FromUnit(std::nan(""))), 2.0);
  EXPECT_EQ(Boolean().FromUnit(0.49), Value(false));
  EXPECT_EQ(Boolean().FromUnit(0.5), Value(true));
}

TEST(ContainsTest, IntChecksTypeRangeAndStep) {
  HyperParameter hp = Int(8, 64, 8);
  EXPECT_TRUE(hp.Contains(I(8)));
  EXPECT_TRUE(hp.Contains(I(64)));
  EXPECT_TRUE(hp.Contains(I(24)));
  EXPECT_FALSE(hp.Contains(I(25)));
  EXPECT_FALSE(hp.Contains(I(0)));
  EXPECT_FALSE(hp.Contains(I(72)));
  EXPECT_FALSE(hp.Contains(Value(16.0)));
  EXPECT_FALSE(hp.Contains(S("16")));
  EXPECT_FALSE(Int(0, 1, 1).Contains(Value(true)));

  HyperParameter log = Int(1, 256, 2, Sampling::kLog);
  EXPECT_TRUE(log.Contains(I(64)));
  EXPECT_FALSE(log.Contains(I(65)));
  HyperParameter reverse = Int(3, 27, 3, Sampling::kReverseLog);
  EXPECT_TRUE(reverse.Contains(I(21)));
  EXPECT_FALSE(reverse.Contains(I(9)));
  EXPECT_TRUE(Int(1, 100, std::nullopt, Sampling::kLog).Contains(I(37)));
}

TEST(ContainsTest, AcceptsADefaultOffTheStepGrid) {
  // Grid search tries the default first, so its trials must pass CheckValues.
  HyperParameter i = Int(0, 10, 5);
  i.default_value = I(3);
  EXPECT_TRUE(i.Contains(I(3)));
  EXPECT_FALSE(i.Contains(I(4)));
  HyperParameter f = Float(0, 1, 0.3);
  f.default_value = Value(0.5);
  EXPECT_TRUE(f.Contains(Value(0.5)));
  EXPECT_FALSE(f.Contains(Value(0.4)));
}

TEST(ContainsTest, HugeSteppedRangesAreCheckedWithoutEnumerating) {
  HyperParameter i = Int(0, 1e15, 1);
  EXPECT_TRUE(i.Contains(I(123456789012345)));
  EXPECT_FALSE(i.Contains(I(-1)));
  HyperParameter f = Float(0, 1e6, 1e-6);
  EXPECT_TRUE(f.Contains(Value(0.5)));
  EXPECT_FALSE(f.Contains(Value(0.5000005)));
}

TEST(ContainsTest, FloatChecksRangeWithToleranceAndStep) {
  HyperParameter hp = Float(0, 1, 0.1);
  EXPECT_TRUE(hp.Contains(Value(0.30000000000000004)));
  EXPECT_TRUE(hp.Contains(Value(0.3)));
  EXPECT_TRUE(hp.Contains(Value(1.0)));
  EXPECT_FALSE(hp.Contains(Value(0.35)));
  EXPECT_FALSE(hp.Contains(Value(1.1)));

  HyperParameter continuous = Float(0.1, 0.9);
  EXPECT_TRUE(continuous.Contains(Value(0.123)));
  EXPECT_TRUE(continuous.Contains(Value(0.9 + 1e-12)));
  EXPECT_FALSE(continuous.Contains(Value(0.95)));
  EXPECT_FALSE(continuous.Contains(Value(std::nan(""))));
  EXPECT_TRUE(Float(0, 10).Contains(I(4)));
  EXPECT_FALSE(Float(0, 10).Contains(Value(true)));
  EXPECT_FALSE(Float(0, 10).Contains(S("4")));
}

TEST(ContainsTest, ChoiceBooleanAndFixedUsePythonEquality) {
  HyperParameter choice = Choice({I(1), I(0)}, true);
  EXPECT_TRUE(choice.Contains(Value(true)));
  EXPECT_TRUE(choice.Contains(Value(0.0)));
  EXPECT_FALSE(choice.Contains(I(2)));
  EXPECT_FALSE(Choice({S("x")}).Contains(S("y")));
  EXPECT_TRUE(Boolean().Contains(Value(false)));
  EXPECT_FALSE(Boolean().Contains(I(1)));
  EXPECT_TRUE(Fixed(Value(3.0)).Contains(I(3)));
  EXPECT_FALSE(Fixed(S("a")).Contains(S("b")));
}

TEST(IsOrdinalTest, NumericParametersAndOrderedChoices) {
  EXPECT_TRUE(Int(1, 2).IsOrdinal());
  EXPECT_TRUE(Float(1, 2).IsOrdinal());
  EXPECT_TRUE(Choice({I(1), I(2)}, true).IsOrdinal());
  EXPECT_FALSE(Choice({I(1), I(2)}, false).IsOrdinal());
  EXPECT_FALSE(Boolean().IsOrdinal());
  EXPECT_FALSE(Fixed(I(1)).IsOrdinal());
}

}  // namespace
}  // namespace kubetune::search
