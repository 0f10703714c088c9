#include "search/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace kubetune::search {
namespace {

Value Int(int64_t i) { return Value(i); }
Value Str(const char* s) { return Value(std::string(s)); }

TEST(ValuesEqualTest, NumbersCompareAcrossTypesAsInPython) {
  EXPECT_TRUE(ValuesEqual(Int(1), Value(1.0)));
  EXPECT_TRUE(ValuesEqual(Value(1.0), Value(true)));
  EXPECT_TRUE(ValuesEqual(Int(1), Value(true)));
  EXPECT_TRUE(ValuesEqual(Int(0), Value(false)));
  EXPECT_TRUE(ValuesEqual(Value(0.0), Value(false)));
  EXPECT_TRUE(ValuesEqual(Value(-0.0), Int(0)));
  EXPECT_FALSE(ValuesEqual(Int(2), Value(true)));
  EXPECT_FALSE(ValuesEqual(Int(1), Value(1.5)));
  EXPECT_FALSE(ValuesEqual(Value(0.1), Value(0.2)));
}

TEST(ValuesEqualTest, StringsEqualOnlyStrings) {
  EXPECT_TRUE(ValuesEqual(Str("relu"), Str("relu")));
  EXPECT_FALSE(ValuesEqual(Str("relu"), Str("tanh")));
  EXPECT_FALSE(ValuesEqual(Str("1"), Int(1)));
  EXPECT_FALSE(ValuesEqual(Int(1), Str("1")));
  EXPECT_FALSE(ValuesEqual(Str("True"), Value(true)));
  EXPECT_FALSE(ValuesEqual(Str("1.0"), Value(1.0)));
}

TEST(ValuesEqualTest, IntAndFloatCompareExactlyBeyondDoublePrecision) {
  // Python: 2**53 + 1 == 2.0**53 is False, although float(2**53 + 1) == 2.0**53.
  int64_t big = (int64_t{1} << 53) + 1;
  EXPECT_FALSE(ValuesEqual(Int(big), Value(0x1p53)));
  EXPECT_FALSE(ValuesEqual(Value(0x1p53), Int(big)));
  EXPECT_TRUE(ValuesEqual(Int(big - 1), Value(0x1p53)));
  EXPECT_FALSE(ValuesEqual(Int(std::numeric_limits<int64_t>::max()), Value(0x1p63)));
  EXPECT_TRUE(ValuesEqual(Int(std::numeric_limits<int64_t>::min()), Value(-0x1p63)));
}

TEST(ValuesEqualTest, NanEqualsNothing) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(ValuesEqual(Value(nan), Value(nan)));
  EXPECT_FALSE(ValuesEqual(Value(nan), Int(0)));
}

TEST(ValueJsonTest, KeepsEachScalarType) {
  EXPECT_EQ(DumpPythonJson(ValueToJson(Value(3.0))), "3.0");
  EXPECT_EQ(DumpPythonJson(ValueToJson(Int(3))), "3");
  EXPECT_EQ(DumpPythonJson(ValueToJson(Value(true))), "true");
  EXPECT_EQ(DumpPythonJson(ValueToJson(Str("a\"b"))), R"("a\"b")");
  EXPECT_EQ(DumpPythonJson(ValueToJson(Value(1e-05))), "1e-05");

  for (const char* text : {"3.0", "3", "true", "false", "\"x\"", "-7", "0.0001"}) {
    StatusOr<Value> value = ValueFromJson(*ParseJson(text));
    ASSERT_TRUE(value.ok()) << text;
    EXPECT_EQ(DumpPythonJson(ValueToJson(*value)), text);
  }
  EXPECT_TRUE(std::holds_alternative<double>(*ValueFromJson(*ParseJson("3.0"))));
  EXPECT_TRUE(std::holds_alternative<int64_t>(*ValueFromJson(*ParseJson("3"))));
  EXPECT_TRUE(std::holds_alternative<bool>(*ValueFromJson(*ParseJson("true"))));
}

TEST(ValueJsonTest, RejectsNonScalars) {
  for (const char* text : {"null", "[1]", "{\"a\": 1}", "18446744073709551615"}) {
    StatusOr<Value> value = ValueFromJson(*ParseJson(text));
    EXPECT_FALSE(value.ok()) << text;
    EXPECT_EQ(value.status().code(), StatusCode::kInvalidArgument) << text;
  }
}

TEST(ValueToStringTest, PrintsLikePythonStr) {
  EXPECT_EQ(ValueToString(Value(0.001)), "0.001");
  EXPECT_EQ(ValueToString(Value(1e-05)), "1e-05");
  EXPECT_EQ(ValueToString(Value(2.0)), "2.0");
  EXPECT_EQ(ValueToString(Int(-4)), "-4");
  EXPECT_EQ(ValueToString(Value(true)), "True");
  EXPECT_EQ(ValueToString(Value(false)), "False");
  EXPECT_EQ(ValueToString(Str("relu")), "relu");
  EXPECT_EQ(ValueToString(Value(std::numeric_limits<double>::quiet_NaN())), "nan");
  EXPECT_EQ(ValueToString(Value(-std::numeric_limits<double>::infinity())), "-inf");
}

TEST(ValueAsDoubleTest, ConvertsNumbersAndBools) {
  EXPECT_EQ(ValueAsDouble(Int(3)), 3.0);
  EXPECT_EQ(ValueAsDouble(Value(2.5)), 2.5);
  EXPECT_EQ(ValueAsDouble(Value(true)), 1.0);
  EXPECT_EQ(ValueAsDouble(Str("3")), std::nullopt);
}

TEST(ValuesTest, KeepsInsertionOrder) {
  Values values;
  values.Set("z", Int(1));
  values.Set("a", Int(2));
  values.Set("m", Int(3));
  std::vector<std::string> names;
  for (const auto& [name, value] : values) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"z", "a", "m"}));
  EXPECT_EQ(DumpPythonJson(values.ToJson()), R"({"z": 1, "a": 2, "m": 3})");
}

TEST(ValuesTest, SetOnAnExistingNameKeepsItsPlace) {
  Values values;
  values.Set("a", Int(1));
  values.Set("b", Int(2));
  values.Set("a", Str("x"));
  EXPECT_EQ(DumpPythonJson(values.ToJson()), R"({"a": "x", "b": 2})");
  EXPECT_EQ(values.size(), 2u);
}

TEST(ValuesTest, FindContainsAndErase) {
  Values values;
  EXPECT_TRUE(values.empty());
  values.Set("a", Int(1));
  values.Set("b", Int(2));
  ASSERT_NE(values.Find("a"), nullptr);
  EXPECT_TRUE(ValuesEqual(*values.Find("a"), Int(1)));
  EXPECT_EQ(values.Find("c"), nullptr);
  values.Erase("a");
  EXPECT_FALSE(values.Contains("a"));
  EXPECT_TRUE(values.Contains("b"));
  values.Erase("missing");
  EXPECT_EQ(values.size(), 1u);
}

TEST(ValuesTest, JsonRoundTripKeepsOrderAndTypes) {
  const std::string text = R"({"units": 16, "lr": 0.001, "act": "relu", "bn": true, "w": 2.0})";
  StatusOr<Values> values = Values::FromJson(*ParseJson(text));
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(DumpPythonJson(values->ToJson()), text);
}

TEST(ValuesTest, FromJsonNamesTheBadEntry) {
  StatusOr<Values> values = Values::FromJson(*ParseJson(R"({"a": 1, "b": [1]})"));
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(values.status().message().find("values.b"), std::string::npos);
  EXPECT_FALSE(Values::FromJson(*ParseJson("[1, 2]")).ok());
}

TEST(ValuesTest, EqualityIgnoresOrderAndFollowsPython) {
  Values a;
  a.Set("x", Int(1));
  a.Set("y", Str("s"));
  Values b;
  b.Set("y", Str("s"));
  b.Set("x", Value(1.0));
  EXPECT_TRUE(a == b);
  b.Set("x", Value(true));
  EXPECT_TRUE(a == b);
  b.Set("x", Str("1"));
  EXPECT_FALSE(a == b);
  Values c = a;
  c.Set("z", Int(0));
  EXPECT_FALSE(a == c);
  EXPECT_FALSE(c == a);
}

}  // namespace
}  // namespace kubetune::search
