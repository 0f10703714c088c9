#include "data/tfrecord_reader.h"

#include <algorithm>

#include "data/crc32c.h"
#include "data/tfrecord_format.h"

namespace kubetune::data {
namespace {

// Record data is read in pieces, the record growing geometrically from this size, so that a
// length field claiming more bytes than the file holds costs at most about twice the bytes
// that are actually there.
constexpr size_t kFirstDataChunk = 64 * 1024;

// A guess at why an uncompressed read saw garbage: the file is compressed after all.
std::string CompressionHint(const char* header) {
  auto b0 = static_cast<unsigned char>(header[0]);
  auto b1 = static_cast<unsigned char>(header[1]);
  if (b0 == 0x1f && b1 == 0x8b) return "; the file looks GZIP-compressed (read it as GZIP)";
  if ((b0 & 0x0fu) == 8 && ((b0 << 8) | b1) % 31 == 0) {
    return "; the file looks ZLIB-compressed (read it as ZLIB)";
  }
  return "";
}

}  // namespace

StatusOr<std::unique_ptr<TFRecordReader>> TFRecordReader::Open(const std::string& path,
                                                               TFRecordReaderOptions options) {
  KT_ASSIGN_OR_RETURN(std::unique_ptr<CompressedFileReader> file,
                      CompressedFileReader::Open(path, options.compression, options.buffer_size));
  return std::unique_ptr<TFRecordReader>(new TFRecordReader(std::move(file), std::move(options)));
}

std::unique_ptr<TFRecordReader> TFRecordReader::FromString(std::string name, std::string contents,
                                                           TFRecordReaderOptions options) {
  auto file = CompressedFileReader::FromString(std::move(name), std::move(contents),
                                               options.compression, options.buffer_size);
  return std::unique_ptr<TFRecordReader>(new TFRecordReader(std::move(file), std::move(options)));
}

StatusOr<size_t> TFRecordReader::ReadFully(char* out, size_t n) {
  size_t total = 0;
  while (total < n) {
    KT_ASSIGN_OR_RETURN(size_t count, file_->Read(out + total, n - total));
    if (count == 0) break;
    total += count;
  }
  return total;
}

std::string TFRecordReader::RecordPlace(uint64_t start) const {
  std::string place = path() + ": corrupt record at byte " + std::to_string(start);
  if (file_->compression() != Compression::kNone) {
    place +=
        " of the decompressed " + std::string(CompressionName(file_->compression())) + " stream";
  }
  return place;
}

Status TFRecordReader::Corruption(uint64_t start, const std::string& what, bool resumable) {
  Status status = DataLossError(RecordPlace(start) + ": " + what);
  if (options_.on_corruption == CorruptionPolicy::kFail) {
    finished_ = true;
    final_ = status;
    return status;
  }
  ++corruptions_skipped_;
  if (!resumable) {
    status =
        DataLossError(status.message() + "; reading stops here, the rest of the file is skipped");
  }
  if (options_.on_skip) options_.on_skip(status);
  if (resumable) return OkStatus();
  finished_ = true;
  final_ = OutOfRangeError(path() + ": end of the readable records");
  return final_;
}

Status TFRecordReader::ReadRecord(std::string* record) {
  while (!finished_) {
    const uint64_t start = file_->position();
    char header[tfrecord::kHeaderSize];
    StatusOr<size_t> got = ReadFully(header, sizeof(header));
    // Errors from the decompressor are corruption; the compressed reader's message names the
    // file and the compressed offset, and this names the record it hit.
    auto stream_error = [&](const Status& error) {
      if (error.code() != StatusCode::kDataLoss) return error;  // I/O: never skipped.
      return Corruption(start, error.message(), /*resumable=*/false);
    };
    if (!got.ok()) return stream_error(got.status());
    if (*got == 0) {
      finished_ = true;
      final_ = OutOfRangeError(path() + ": end of file");
      break;
    }
    if (*got < sizeof(header)) {
      return Corruption(start,
                        "the file ends inside the record's header (" + std::to_string(*got) +
                            " of " + std::to_string(sizeof(header)) + " bytes): it is truncated",
                        /*resumable=*/false);
    }
    const uint32_t length_crc = crc32c::Mask(crc32c::Extend(0, header, tfrecord::kLengthSize));
    if (length_crc != tfrecord::DecodeFixed32(header + tfrecord::kLengthSize)) {
      std::string hint = start == 0 && file_->compression() == Compression::kNone
                             ? CompressionHint(header)
                             : std::string();
      return Corruption(start, "the checksum of the record's length does not match" + hint,
                        /*resumable=*/false);
    }
    const uint64_t length = tfrecord::DecodeFixed64(header);

    record->clear();
    uint64_t remaining = length;
    while (remaining > 0) {
      size_t chunk = static_cast<size_t>(
          std::min<uint64_t>(remaining, std::max(kFirstDataChunk, record->size())));
      size_t old_size = record->size();
      record->resize(old_size + chunk);
      StatusOr<size_t> data = ReadFully(record->data() + old_size, chunk);
      if (!data.ok()) return stream_error(data.status());
      remaining -= *data;
      if (*data < chunk) {
        record->clear();
        return Corruption(start,
                          "the file ends after " + std::to_string(length - remaining) + " of the " +
                              "record's " + std::to_string(length) + " data bytes: it is truncated",
                          /*resumable=*/false);
      }
    }

    char footer[tfrecord::kFooterSize];
    got = ReadFully(footer, sizeof(footer));
    if (!got.ok()) return stream_error(got.status());
    if (*got < sizeof(footer)) {
      record->clear();
      return Corruption(start, "the file ends inside the record's data checksum: it is truncated",
                        /*resumable=*/false);
    }
    if (crc32c::Mask(crc32c::Value(*record)) != tfrecord::DecodeFixed32(footer)) {
      record->clear();
      KT_RETURN_IF_ERROR(Corruption(
          start,
          "the checksum of the record's " + std::to_string(length) + " data bytes does not match",
          /*resumable=*/true));
      continue;  // Skip mode: the next record starts right after this one.
    }
    ++records_read_;
    return OkStatus();
  }
  return final_;
}

}  // namespace kubetune::data
