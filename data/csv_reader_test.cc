#include "data/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/testing.h"

namespace kubetune::data {
namespace {

using ::kubetune::data::testing::ScratchDir;
using ::kubetune::data::testing::WriteFileOrDie;
using ::testing::ElementsAre;

struct Row {
  int64_t line;
  std::vector<std::string> fields;
};

StatusOr<std::vector<Row>> ReadCsv(const std::string& contents) {
  ScratchDir dir;
  WriteFileOrDie(dir.File("in.csv"), contents);
  KT_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(dir.File("in.csv")));
  std::vector<Row> rows;
  std::vector<std::string> fields;
  while (true) {
    KT_ASSIGN_OR_RETURN(bool more, reader->Next(&fields));
    if (!more) break;
    rows.push_back({reader->line(), fields});
  }
  return rows;
}

TEST(CsvReaderTest, PlainQuotedAndEmptyFields) {
  auto rows = ReadCsv("a,b,c\n1,,x y\n\"q,1\",\"say \"\"hi\"\"\",\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_THAT((*rows)[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT((*rows)[1].fields, ElementsAre("1", "", "x y"));
  EXPECT_THAT((*rows)[2].fields, ElementsAre("q,1", "say \"hi\"", ""));
}

TEST(CsvReaderTest, CrlfBomBlankLinesAndLineNumbers) {
  auto rows = ReadCsv("\xEF\xBB\xBFh1,h2\r\n\r\n1,2\r\n\"multi\nline\",3\n4,5");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_THAT((*rows)[0].fields, ElementsAre("h1", "h2"));
  EXPECT_EQ((*rows)[1].line, 3);
  EXPECT_THAT((*rows)[2].fields, ElementsAre("multi\nline", "3"));
  EXPECT_EQ((*rows)[2].line, 4);
  EXPECT_EQ((*rows)[3].line, 6);
  EXPECT_THAT((*rows)[3].fields, ElementsAre("4", "5"));
}

TEST(CsvReaderTest, BrokenQuotesNameTheLine) {
  auto rows = ReadCsv("a,b\n1,2\n\"open,3\n4,5\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(rows.status().message(),
              ::testing::EndsWith("in.csv:3: a quoted field starts here and never ends"));
  rows = ReadCsv("a,b\n\"x\"y,2\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_THAT(rows.status().message(),
              ::testing::HasSubstr("in.csv:2: text after a closing quote"));
}

TEST(CsvReaderTest, MissingFileIsNotFound) {
  EXPECT_EQ(CsvReader::Open("/nonexistent/in.csv").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kubetune::data
