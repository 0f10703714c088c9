// Reads TFRecord files (the format of tfrecord_writer.h), streaming: memory use is one record
// plus a bounded buffer, whatever the size of the file.
//
// Every record's two checksums are verified. A corrupt record (a bad length checksum, a bad data
// checksum, a truncated file, compressed data that does not decompress, which is what a wrong
// compression setting looks like) yields kDataLoss naming the file and the byte offset where
// the record starts. For a compressed file the offset is into the decompressed stream, as in
// TensorFlow's own messages.
//
// The caller chooses what a corruption does (TFRecordReaderOptions::on_corruption):
//   kFail  ReadRecord returns the kDataLoss error, and returns it again on every later call.
//   kSkip  the corruption is reported to `on_skip` and reading goes on where it can, as
//          LevelDB's log reader does:
//            - a bad data checksum: the length was verified, so the next record's start is
//              known; that record is skipped and reading resumes after it;
//            - a bad length checksum: nothing says where the next record starts (TFRecord has
//              no sync markers, and scanning for a plausible header could turn garbage into
//              records), so reading stops and the rest of the file is dropped;
//            - a truncated file or damaged compressed data: reading stops there.
//          After a stop, ReadRecord returns kOutOfRange as at a clean end.
// I/O errors (kUnavailable and friends, io_status.h) are never skipped: they are returned as
// they are, in both modes.
//
// Thread-safety: one thread at a time per reader.
#ifndef KUBETUNE_DATA_TFRECORD_READER_H_
#define KUBETUNE_DATA_TFRECORD_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "data/compressed_file.h"

namespace kubetune::data {

enum class CorruptionPolicy { kFail, kSkip };

struct TFRecordReaderOptions {
  Compression compression = Compression::kNone;
  CorruptionPolicy on_corruption = CorruptionPolicy::kFail;
  // kSkip only: called with the kDataLoss status of each corruption passed over, before
  // reading goes on. May be empty.
  std::function<void(const Status&)> on_skip;
  // The buffer between the file and the decompressor (the stdio buffer when uncompressed).
  size_t buffer_size = kDefaultBufferSize;
};

class TFRecordReader {
 public:
  // Opens `path`. Errors as CompressedFileReader::Open (kNotFound for a missing file).
  static StatusOr<std::unique_ptr<TFRecordReader>> Open(const std::string& path,
                                                        TFRecordReaderOptions options = {});

  // Reads `contents` as a TFRecord file called `name` (for tests and fuzzers).
  static std::unique_ptr<TFRecordReader> FromString(std::string name, std::string contents,
                                                    TFRecordReaderOptions options = {});

  // Reads the next record into `*record` and returns OK; kOutOfRange when there are no more
  // (see above for skip mode); kDataLoss for a corrupt record in fail mode; I/O errors as
  // io_status.h maps them.
  Status ReadRecord(std::string* record);

  // Where the next record starts, in bytes of the (decompressed) stream.
  uint64_t offset() const { return file_->position(); }
  uint64_t records_read() const { return records_read_; }
  // Corruptions passed over in skip mode.
  uint64_t corruptions_skipped() const { return corruptions_skipped_; }
  const std::string& path() const { return file_->name(); }

 private:
  TFRecordReader(std::unique_ptr<CompressedFileReader> file, TFRecordReaderOptions options)
      : file_(std::move(file)), options_(std::move(options)) {}

  // Reads exactly `n` bytes unless the stream ends first; returns the count read.
  StatusOr<size_t> ReadFully(char* out, size_t n);
  // Handles a corruption of the record starting at `start`: in fail mode returns its error; in
  // skip mode reports it and returns OK when reading can go on (`resumable`) or kOutOfRange.
  Status Corruption(uint64_t start, const std::string& what, bool resumable);
  std::string RecordPlace(uint64_t start) const;

  std::unique_ptr<CompressedFileReader> file_;
  TFRecordReaderOptions options_;
  uint64_t records_read_ = 0;
  uint64_t corruptions_skipped_ = 0;
  // Set once reading cannot go on: kOutOfRange, or the sticky error of fail mode.
  Status final_;
  bool finished_ = false;
};

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_TFRECORD_READER_H_
