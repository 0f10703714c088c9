#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "data/compressed_file.h"
#include "data/crc32c.h"
#include "data/testing.h"
#include "data/tfrecord_reader.h"
#include "data/tfrecord_writer.h"

namespace kubetune::data {
namespace {

using ::kubetune::data::testing::ReadFileOrDie;
using ::kubetune::data::testing::ScratchDir;
using ::kubetune::data::testing::TestDataDir;
using ::kubetune::data::testing::WriteFileOrDie;
using ::testing::HasSubstr;

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 random(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(random());
  return out;
}

void WriteRecords(const std::string& path, const std::vector<std::string>& records,
                  Compression compression) {
  TFRecordWriterOptions options;
  options.compression = compression;
  StatusOr<std::unique_ptr<TFRecordWriter>> writer = TFRecordWriter::Open(path, options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (const std::string& record : records) ASSERT_TRUE((*writer)->Write(record).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->records_written(), records.size());
}

// Reads every record; stops at the first non-OK status and returns it with the records.
struct ReadResult {
  std::vector<std::string> records;
  Status end;
  std::vector<Status> skipped;
};

ReadResult ReadAll(std::unique_ptr<TFRecordReader> reader) {
  ReadResult result;
  std::string record;
  while (true) {
    Status status = reader->ReadRecord(&record);
    if (!status.ok()) {
      result.end = status;
      break;
    }
    result.records.push_back(record);
  }
  return result;
}

ReadResult ReadFile(const std::string& path, Compression compression,
                    CorruptionPolicy policy = CorruptionPolicy::kFail, size_t buffer_size = 4096) {
  ReadResult result;
  TFRecordReaderOptions options;
  options.compression = compression;
  options.on_corruption = policy;
  options.buffer_size = buffer_size;
  std::vector<Status> skipped;
  options.on_skip = [&skipped](const Status& status) { skipped.push_back(status); };
  StatusOr<std::unique_ptr<TFRecordReader>> reader = TFRecordReader::Open(path, options);
  if (!reader.ok()) {
    result.end = reader.status();
    return result;
  }
  result = ReadAll(*std::move(reader));
  result.skipped = skipped;
  return result;
}

class TFRecordRoundTripTest : public ::testing::TestWithParam<Compression> {};

TEST_P(TFRecordRoundTripTest, ManyRecordsIncludingEmptyAndLarge) {
  ScratchDir dir;
  std::vector<std::string> records = {"", "a", std::string(1 << 20, 'x'), "",
                                      RandomBytes(1 << 20, 1)};
  for (int i = 0; i < 2000; ++i) records.push_back(RandomBytes(static_cast<size_t>(i % 97), i));
  records.push_back("");
  std::string path = dir.File("records");
  WriteRecords(path, records, GetParam());
  ReadResult result = ReadFile(path, GetParam());
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange) << result.end.ToString();
  ASSERT_EQ(result.records.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(result.records[i], records[i]) << i;
}

TEST_P(TFRecordRoundTripTest, EmptyFileHasNoRecords) {
  ScratchDir dir;
  WriteRecords(dir.File("empty"), {}, GetParam());
  ReadResult result = ReadFile(dir.File("empty"), GetParam());
  EXPECT_TRUE(result.records.empty());
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange);
}

TEST_P(TFRecordRoundTripTest, StreamsAMultiMegabyteFileThroughASmallBuffer) {
  ScratchDir dir;
  std::vector<std::string> records;
  size_t total = 0;
  for (uint32_t i = 0; total < (6u << 20); ++i) {
    // Compressible and incompressible records alike, so that GZIP output is megabytes too.
    records.push_back(i % 2 == 0 ? RandomBytes(30000 + i, i) : std::string(50000, 'a' + i % 26));
    total += records.back().size();
  }
  std::string path = dir.File("big");
  WriteRecords(path, records, GetParam());
  // A 64-byte buffer: every header, record and checksum straddles many refills.
  ReadResult result = ReadFile(path, GetParam(), CorruptionPolicy::kFail, /*buffer_size=*/64);
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange) << result.end.ToString();
  ASSERT_EQ(result.records.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) ASSERT_EQ(result.records[i], records[i]) << i;
}

INSTANTIATE_TEST_SUITE_P(AllCompressions, TFRecordRoundTripTest,
                         ::testing::Values(Compression::kNone, Compression::kGzip,
                                           Compression::kZlib),
                         [](const auto& param_info) {
                           return std::string(CompressionName(param_info.param));
                         });

TEST(TFRecordFormatTest, RecordLayoutOnDisk) {
  ScratchDir dir;
  WriteRecords(dir.File("one"), {"hello"}, Compression::kNone);
  std::string bytes = ReadFileOrDie(dir.File("one"));
  ASSERT_EQ(bytes.size(), 8u + 4 + 5 + 4);
  std::string length("\x05\0\0\0\0\0\0\0", 8);
  EXPECT_EQ(bytes.substr(0, 8), length);
  auto fixed32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3])) << 24;
  };
  EXPECT_EQ(fixed32(8), crc32c::Mask(crc32c::Value(length)));
  EXPECT_EQ(bytes.substr(12, 5), "hello");
  EXPECT_EQ(fixed32(17), crc32c::Mask(crc32c::Value("hello")));
}

TEST(TFRecordFormatTest, GzipOutputIsWhatZlibReadsBack) {
  ScratchDir dir;
  std::vector<std::string> records = {"alpha", "", RandomBytes(100000, 3)};
  WriteRecords(dir.File("plain"), records, Compression::kNone);
  WriteRecords(dir.File("packed.gz"), records, Compression::kGzip);
  // zlib's own gzip reader, independent of this library's inflate code.
  gzFile gz = gzopen(dir.File("packed.gz").c_str(), "rb");
  ASSERT_NE(gz, nullptr);
  std::string inflated;
  char buffer[4096];
  int n;
  while ((n = gzread(gz, buffer, sizeof(buffer))) > 0) inflated.append(buffer, n);
  gzclose(gz);
  EXPECT_EQ(inflated, ReadFileOrDie(dir.File("plain")));
}

// Files written by TensorFlow 2.21's tf.io.TFRecordWriter (data/testdata/README.md).
class TensorFlowWrittenTest : public ::testing::TestWithParam<std::pair<const char*, Compression>> {
};

TEST_P(TensorFlowWrittenTest, ReadsTensorFlowsFiles) {
  auto [name, compression] = GetParam();
  ReadResult result = ReadFile(TestDataDir() + "/" + name, compression);
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange) << result.end.ToString();
  ASSERT_EQ(result.records.size(), 4u);
  EXPECT_EQ(result.records[0], "");
  EXPECT_EQ(result.records[1], "hello");
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  }
  EXPECT_EQ(result.records[2], bytes);
}

TEST_P(TensorFlowWrittenTest, WritesTheSameBytesAsTensorFlow) {
  auto [name, compression] = GetParam();
  std::string original = TestDataDir() + "/" + name;
  ReadResult result = ReadFile(original, compression);
  ScratchDir dir;
  WriteRecords(dir.File("copy"), result.records, compression);
  EXPECT_EQ(ReadFileOrDie(dir.File("copy")), ReadFileOrDie(original));
}

INSTANTIATE_TEST_SUITE_P(
    AllCompressions, TensorFlowWrittenTest,
    ::testing::Values(std::pair{"tensorflow_written.tfrecord", Compression::kNone},
                      std::pair{"tensorflow_written.tfrecord.gz", Compression::kGzip},
                      std::pair{"tensorflow_written.tfrecord.zlib", Compression::kZlib}),
    [](const auto& param_info) { return std::string(CompressionName(param_info.param.second)); });

// Three records: "first" at byte 0, "second record" at byte 21, "third" at byte 50; the file
// is 71 bytes. Record 1's length is bytes 21-28, its length checksum 29-32, its data 33-45 and
// its data checksum 46-49.
class TFRecordCorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("corrupt.tfrecord");
    WriteRecords(path_, {"first", "second record", "third"}, Compression::kNone);
    bytes_ = ReadFileOrDie(path_);
    ASSERT_EQ(bytes_.size(), 71u);
  }

  void FlipBit(size_t at) {
    std::string bytes = bytes_;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x10);
    WriteFileOrDie(path_, bytes);
  }

  ScratchDir dir_;
  std::string path_;
  std::string bytes_;
};

TEST_F(TFRecordCorruptionTest, EachDamagedPartOfARecordIsNamedWithFileAndOffset) {
  struct Case {
    size_t byte;
    const char* what;
  };
  for (Case c :
       {Case{21, "checksum of the record's length"}, Case{29, "checksum of the record's length"},
        Case{40, "checksum of the record's 13 data bytes"},
        Case{47, "checksum of the record's 13 data bytes"}}) {
    SCOPED_TRACE(c.byte);
    FlipBit(c.byte);
    ReadResult result = ReadFile(path_, Compression::kNone);
    EXPECT_EQ(result.records, std::vector<std::string>{"first"});
    EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
    EXPECT_THAT(result.end.message(), HasSubstr(path_ + ": corrupt record at byte 21"));
    EXPECT_THAT(result.end.message(), HasSubstr(c.what));
  }
}

TEST_F(TFRecordCorruptionTest, FailModeErrorIsSticky) {
  FlipBit(40);
  TFRecordReaderOptions options;
  auto reader = TFRecordReader::Open(path_, options);
  ASSERT_TRUE(reader.ok());
  std::string record;
  EXPECT_TRUE((*reader)->ReadRecord(&record).ok());
  Status first = (*reader)->ReadRecord(&record);
  EXPECT_EQ(first.code(), StatusCode::kDataLoss);
  EXPECT_EQ((*reader)->ReadRecord(&record), first);
}

TEST_F(TFRecordCorruptionTest, SkipModeContinuesPastACorruptDataRecord) {
  for (size_t byte : {40, 47}) {
    FlipBit(byte);
    ReadResult result = ReadFile(path_, Compression::kNone, CorruptionPolicy::kSkip);
    EXPECT_EQ(result.records, (std::vector<std::string>{"first", "third"}));
    EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange);
    ASSERT_EQ(result.skipped.size(), 1u);
    EXPECT_EQ(result.skipped[0].code(), StatusCode::kDataLoss);
    EXPECT_THAT(result.skipped[0].message(), HasSubstr(path_ + ": corrupt record at byte 21"));
  }
}

TEST_F(TFRecordCorruptionTest, SkipModeSkipsEveryCorruptDataRecord) {
  std::string bytes = bytes_;
  bytes[14] ^= 1;  // data of record 0
  bytes[60] ^= 1;  // data of record 2
  WriteFileOrDie(path_, bytes);
  ReadResult result = ReadFile(path_, Compression::kNone, CorruptionPolicy::kSkip);
  EXPECT_EQ(result.records, std::vector<std::string>{"second record"});
  ASSERT_EQ(result.skipped.size(), 2u);
  EXPECT_THAT(result.skipped[0].message(), HasSubstr("at byte 0:"));
  EXPECT_THAT(result.skipped[1].message(), HasSubstr("at byte 50:"));
}

TEST_F(TFRecordCorruptionTest, SkipModeStopsAtACorruptLength) {
  FlipBit(22);
  ReadResult result = ReadFile(path_, Compression::kNone, CorruptionPolicy::kSkip);
  EXPECT_EQ(result.records, std::vector<std::string>{"first"});
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange);
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_THAT(result.skipped[0].message(), HasSubstr("at byte 21"));
  EXPECT_THAT(result.skipped[0].message(), HasSubstr("rest of the file is skipped"));
}

TEST_F(TFRecordCorruptionTest, TruncatedFileIsNamedWithTheLastRecordsOffset) {
  // Cut inside record 2's header, data and data checksum.
  for (size_t size : {51, 55, 62, 65, 70}) {
    SCOPED_TRACE(size);
    WriteFileOrDie(path_, bytes_.substr(0, size));
    ReadResult result = ReadFile(path_, Compression::kNone);
    EXPECT_EQ(result.records, (std::vector<std::string>{"first", "second record"}));
    EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
    EXPECT_THAT(result.end.message(), HasSubstr(path_ + ": corrupt record at byte 50"));
    EXPECT_THAT(result.end.message(), HasSubstr("truncated"));

    result = ReadFile(path_, Compression::kNone, CorruptionPolicy::kSkip);
    EXPECT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange);
    EXPECT_EQ(result.skipped.size(), 1u);
  }
}

TEST_F(TFRecordCorruptionTest, AFileCutAtARecordBoundaryReadsCleanly) {
  WriteFileOrDie(path_, bytes_.substr(0, 50));
  ReadResult result = ReadFile(path_, Compression::kNone);
  EXPECT_EQ(result.records.size(), 2u);
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange);
}

TEST_F(TFRecordCorruptionTest, AClaimedLengthPastTheEndCostsNoMoreThanTheFile) {
  // A valid header claiming 2^62 bytes, followed by a few bytes of data.
  std::string header(12, '\0');
  uint64_t length = uint64_t{1} << 62;
  for (int i = 0; i < 8; ++i) header[i] = static_cast<char>((length >> (8 * i)) & 0xff);
  uint32_t crc = crc32c::Mask(crc32c::Extend(0, header.data(), 8));
  for (int i = 0; i < 4; ++i) header[8 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  ReadResult result = ReadAll(TFRecordReader::FromString("huge", header + "abc"));
  EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
  EXPECT_THAT(result.end.message(), HasSubstr("huge: corrupt record at byte 0"));
  EXPECT_THAT(result.end.message(), HasSubstr("truncated"));
}

TEST(TFRecordWrongCompressionTest, EachMismatchIsReported) {
  ScratchDir dir;
  const std::vector<std::string> records = {"one", "two"};
  WriteRecords(dir.File("plain"), records, Compression::kNone);
  WriteRecords(dir.File("gzip"), records, Compression::kGzip);
  WriteRecords(dir.File("zlib"), records, Compression::kZlib);

  ReadResult result = ReadFile(dir.File("gzip"), Compression::kNone);
  EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
  EXPECT_THAT(result.end.message(), HasSubstr(dir.File("gzip") + ": corrupt record at byte 0"));
  EXPECT_THAT(result.end.message(), HasSubstr("looks GZIP-compressed"));

  result = ReadFile(dir.File("zlib"), Compression::kNone);
  EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
  EXPECT_THAT(result.end.message(), HasSubstr("looks ZLIB-compressed"));

  for (auto [file, as] :
       {std::pair{"plain", Compression::kGzip}, std::pair{"plain", Compression::kZlib},
        std::pair{"zlib", Compression::kGzip}, std::pair{"gzip", Compression::kZlib}}) {
    SCOPED_TRACE(std::string(file) + " as " + std::string(CompressionName(as)));
    result = ReadFile(dir.File(file), as);
    EXPECT_TRUE(result.records.empty());
    EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
    EXPECT_THAT(result.end.message(), HasSubstr(dir.File(file) + ": corrupt record at byte 0"));
    EXPECT_THAT(result.end.message(), HasSubstr("not valid " + std::string(CompressionName(as))));
  }
}

TEST(TFRecordCompressedCorruptionTest, TruncatedGzipFile) {
  ScratchDir dir;
  std::vector<std::string> records;
  for (int i = 0; i < 50; ++i) records.push_back(RandomBytes(1000, i));
  WriteRecords(dir.File("data.gz"), records, Compression::kGzip);
  std::string bytes = ReadFileOrDie(dir.File("data.gz"));
  WriteFileOrDie(dir.File("data.gz"), bytes.substr(0, bytes.size() / 2));
  ReadResult result = ReadFile(dir.File("data.gz"), Compression::kGzip);
  EXPECT_GT(result.records.size(), 0u);
  EXPECT_LT(result.records.size(), records.size());
  EXPECT_EQ(result.end.code(), StatusCode::kDataLoss);
  EXPECT_THAT(result.end.message(), HasSubstr(dir.File("data.gz") + ": corrupt record at byte " +
                                              std::to_string(result.records.size() * 1016)));
  EXPECT_THAT(result.end.message(), HasSubstr("of the decompressed GZIP stream"));
  EXPECT_THAT(result.end.message(), HasSubstr("truncated"));
}

TEST(TFRecordCompressedCorruptionTest, CorruptRecordInsideAGzipStreamIsSkipped) {
  ScratchDir dir;
  // The TFRecord stream of three records with record 1's data damaged, then compressed intact.
  WriteRecords(dir.File("plain"), {"first", "second record", "third"}, Compression::kNone);
  std::string stream = ReadFileOrDie(dir.File("plain"));
  stream[40] ^= 1;
  auto writer = CompressedFileWriter::Open(dir.File("damaged.gz"), Compression::kGzip);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(stream).ok());
  ASSERT_TRUE((*writer)->Close().ok());

  ReadResult result = ReadFile(dir.File("damaged.gz"), Compression::kGzip, CorruptionPolicy::kSkip);
  EXPECT_EQ(result.records, (std::vector<std::string>{"first", "third"}));
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_THAT(result.skipped[0].message(),
              HasSubstr("damaged.gz: corrupt record at byte 21 of the decompressed GZIP stream"));
}

TEST(TFRecordCompressedCorruptionTest, ConcatenatedGzipMembersReadAsOneStream) {
  ScratchDir dir;
  WriteRecords(dir.File("a.gz"), {"one", "two"}, Compression::kGzip);
  WriteRecords(dir.File("b.gz"), {"three"}, Compression::kGzip);
  WriteFileOrDie(dir.File("ab.gz"),
                 ReadFileOrDie(dir.File("a.gz")) + ReadFileOrDie(dir.File("b.gz")));
  ReadResult result = ReadFile(dir.File("ab.gz"), Compression::kGzip);
  EXPECT_EQ(result.records, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(result.end.code(), StatusCode::kOutOfRange);
}

TEST(TFRecordReaderTest, MissingFileIsNotFound) {
  auto reader = TFRecordReader::Open("/nonexistent/kubetune/file.tfrecord");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(reader.status().message(), HasSubstr("/nonexistent/kubetune/file.tfrecord"));
}

TEST(TFRecordReaderTest, ADirectoryIsRefused) {
  ScratchDir dir;
  auto reader = TFRecordReader::Open(dir.path());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
}

TEST(TFRecordReaderTest, OffsetIsWhereTheNextRecordStarts) {
  ScratchDir dir;
  WriteRecords(dir.File("r"), {"first", "second record"}, Compression::kGzip);
  TFRecordReaderOptions options;
  options.compression = Compression::kGzip;
  auto reader = TFRecordReader::Open(dir.File("r"), options);
  ASSERT_TRUE(reader.ok());
  std::string record;
  EXPECT_EQ((*reader)->offset(), 0u);
  ASSERT_TRUE((*reader)->ReadRecord(&record).ok());
  EXPECT_EQ((*reader)->offset(), 21u);
  ASSERT_TRUE((*reader)->ReadRecord(&record).ok());
  EXPECT_EQ((*reader)->offset(), 50u);
  EXPECT_EQ((*reader)->records_read(), 2u);
}

TEST(CompressionTest, NamesRoundTrip) {
  for (Compression c : {Compression::kNone, Compression::kGzip, Compression::kZlib}) {
    EXPECT_EQ(ParseCompression(CompressionName(c)), c);
  }
  EXPECT_EQ(ParseCompression(""), Compression::kNone);
  EXPECT_EQ(ParseCompression("gzip"), Compression::kGzip);
  EXPECT_EQ(ParseCompression("snappy"), std::nullopt);
}

TEST(CompressedFileWriterTest, RefusesALevelOutOfRange) {
  ScratchDir dir;
  auto writer = CompressedFileWriter::Open(dir.File("x"), Compression::kGzip, 10);
  EXPECT_EQ(writer.status().code(), StatusCode::kInvalidArgument);
}

TEST(CompressedFileWriterTest, AFullDiskIsResourceExhausted) {
  // /dev/full accepts the open and fails every write with ENOSPC.
  auto writer = CompressedFileWriter::Open("/dev/full", Compression::kNone, -1, 16);
  ASSERT_TRUE(writer.ok());
  Status status = (*writer)->Append(std::string(1000, 'x'));
  if (status.ok()) status = (*writer)->Close();
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("/dev/full"));
}

}  // namespace
}  // namespace kubetune::data
