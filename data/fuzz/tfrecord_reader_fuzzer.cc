// Fuzzes TFRecordReader: any bytes, read with any compression, corruption policy and buffer
// size, must yield records or the documented errors, never a crash, a hang or unbounded memory.
//
// The first input byte picks the settings; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/tfrecord_reader.h"

namespace {

using kubetune::Status;
using kubetune::StatusCode;
using kubetune::data::Compression;
using kubetune::data::CorruptionPolicy;
using kubetune::data::TFRecordReader;
using kubetune::data::TFRecordReaderOptions;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t settings = data[0];
  TFRecordReaderOptions options;
  options.compression = static_cast<Compression>(settings % 3);
  options.on_corruption =
      (settings / 3) % 2 == 0 ? CorruptionPolicy::kFail : CorruptionPolicy::kSkip;
  // Small buffers make every header and record straddle refills.
  options.buffer_size = 1 + (settings >> 3) * 5;
  uint64_t reported = 0;
  options.on_skip = [&reported](const Status& status) {
    Check(status.code() == StatusCode::kDataLoss);
    Check(status.message().starts_with("fuzz: corrupt record at byte "));
    ++reported;
  };
  std::string contents(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto reader = TFRecordReader::FromString("fuzz", std::move(contents), options);

  std::string record;
  Status end;
  while (true) {
    const uint64_t offset = reader->offset();
    end = reader->ReadRecord(&record);
    if (!end.ok()) break;
    // A record and its 16 bytes of framing lie within the decompressed stream read so far.
    Check(reader->offset() == offset + record.size() + 16 || reader->corruptions_skipped() > 0);
  }
  if (options.on_corruption == CorruptionPolicy::kFail) {
    Check(end.code() == StatusCode::kOutOfRange || end.code() == StatusCode::kDataLoss);
    // A fail-mode error is sticky.
    Check(reader->ReadRecord(&record) == end);
  } else {
    Check(end.code() == StatusCode::kOutOfRange);
    Check(reported == reader->corruptions_skipped());
  }
  return 0;
}
