#include "base/json_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace kubetune {
namespace {

// Expected strings are what CPython's repr() prints for the same doubles.
TEST(PythonFloatReprTest, MatchesCPython) {
  EXPECT_EQ(PythonFloatRepr(0.0), "0.0");
  EXPECT_EQ(PythonFloatRepr(-0.0), "-0.0");
  EXPECT_EQ(PythonFloatRepr(1.0), "1.0");
  EXPECT_EQ(PythonFloatRepr(0.1), "0.1");
  EXPECT_EQ(PythonFloatRepr(0.0001), "0.0001");
  EXPECT_EQ(PythonFloatRepr(1e-05), "1e-05");
  EXPECT_EQ(PythonFloatRepr(1.5e-07), "1.5e-07");
  EXPECT_EQ(PythonFloatRepr(123.456), "123.456");
  EXPECT_EQ(PythonFloatRepr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(PythonFloatRepr(1e16), "1e+16");
  EXPECT_EQ(PythonFloatRepr(1e22), "1e+22");
  EXPECT_EQ(PythonFloatRepr(-2.5e100), "-2.5e+100");
  EXPECT_EQ(PythonFloatRepr(5e-324), "5e-324");
  EXPECT_EQ(PythonFloatRepr(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(PythonFloatRepr(0.30000000000000004), "0.30000000000000004");
  EXPECT_EQ(PythonFloatRepr(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(PythonFloatRepr(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(DumpPythonJsonTest, UsesPythonSeparatorsAndKeyOrder) {
  Json doc = *ParseJson(R"({"z": [1, 2.0, "a"], "a": {"x": null, "y": true}, "e": [], "o": {}})");
  EXPECT_EQ(DumpPythonJson(doc),
            R"({"z": [1, 2.0, "a"], "a": {"x": null, "y": true}, "e": [], "o": {}})");
}

TEST(DumpPythonJsonTest, EscapesLikeEnsureAscii) {
  Json doc = std::string("caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ \n\t\x01\x7f");
  EXPECT_EQ(DumpPythonJson(doc), R"("caf\u00e9 \ud83d\ude00 \"q\" \\ \n\t\u0001\u007f")");
}

TEST(DumpPythonJsonTest, IndentsLikeJsonDumpsIndent) {
  Json doc = *ParseJson(R"({"a": [1, {"b": 2}]})");
  EXPECT_EQ(DumpPythonJson(doc, 2), "{\n  \"a\": [\n    1,\n    {\n      \"b\": 2\n    }\n  ]\n}");
}

TEST(ParseJsonTest, ReportsMalformedInput) {
  StatusOr<Json> bad = ParseJson("{\"a\": ");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("malformed JSON"), std::string::npos);
}

}  // namespace
}  // namespace kubetune
