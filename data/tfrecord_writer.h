// Writes TFRecord files as TensorFlow's tf.io.TFRecordWriter does, byte for byte for the same
// records and compression level.
//
// A record on disk (before compression) is
//   uint64  length        little endian
//   uint32  masked CRC-32C of the 8 length bytes
//   byte    data[length]
//   uint32  masked CRC-32C of data
// (masking: crc32c.h). The whole stream is then GZIP- or ZLIB-compressed, or not.
//
// Thread-safety: one thread at a time per writer.
#ifndef KUBETUNE_DATA_TFRECORD_WRITER_H_
#define KUBETUNE_DATA_TFRECORD_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "data/compressed_file.h"

namespace kubetune::data {

struct TFRecordWriterOptions {
  Compression compression = Compression::kNone;
  // zlib's level, -1 (its default, 6, as TensorFlow uses) or 0 to 9.
  int compression_level = -1;
  size_t buffer_size = kDefaultBufferSize;
};

class TFRecordWriter {
 public:
  // Creates (or truncates) `path`. Errors as CompressedFileWriter::Open.
  static StatusOr<std::unique_ptr<TFRecordWriter>> Open(const std::string& path,
                                                        const TFRecordWriterOptions& options = {});

  // Appends one record (any bytes, empty included). Errors as CompressedFileWriter::Append.
  Status Write(std::string_view record);

  // Completes the file; it is valid only once this returns OK. Errors as
  // CompressedFileWriter::Close. Destroying an unclosed writer closes it and drops the error.
  Status Close();

  uint64_t records_written() const { return records_written_; }
  const std::string& path() const { return file_->name(); }

 private:
  explicit TFRecordWriter(std::unique_ptr<CompressedFileWriter> file) : file_(std::move(file)) {}

  std::unique_ptr<CompressedFileWriter> file_;
  uint64_t records_written_ = 0;
};

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_TFRECORD_WRITER_H_
