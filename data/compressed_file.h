// Sequential file streams with optional GZIP or ZLIB compression (zlib's deflate/inflate), the
// three encodings TensorFlow's TFRecord files come in.
//
// Both directions stream through a bounded buffer: memory use is the buffer plus zlib's window,
// whatever the size of the file.
//
// Thread-safety: a reader or writer is used by one thread at a time; distinct objects are
// independent.
#ifndef KUBETUNE_DATA_COMPRESSED_FILE_H_
#define KUBETUNE_DATA_COMPRESSED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubetune::data {

// TensorFlow's compression_type: "" (none), "GZIP" (a gzip member: RFC 1952) or "ZLIB" (a zlib
// stream: RFC 1950).
enum class Compression { kNone, kGzip, kZlib };

// "NONE", "GZIP" or "ZLIB".
std::string_view CompressionName(Compression compression);

// Accepts TensorFlow's spellings, case-insensitively: "", "NONE", "GZIP", "ZLIB". nullopt for
// anything else.
std::optional<Compression> ParseCompression(std::string_view name);

// The default size of the buffers below: large enough that reads are few, small enough to
// hold many files open at once.
inline constexpr size_t kDefaultBufferSize = 256 * 1024;

class CompressedFileReader {
 public:
  // Opens `path` for reading. An I/O error as io_status.h maps it (kNotFound for a missing
  // file). A buffer_size of 0 is taken as 1.
  static StatusOr<std::unique_ptr<CompressedFileReader>> Open(
      const std::string& path, Compression compression, size_t buffer_size = kDefaultBufferSize);

  // Reads `contents` as if it were a file called `name` (for tests and fuzzers).
  static std::unique_ptr<CompressedFileReader> FromString(std::string name, std::string contents,
                                                          Compression compression,
                                                          size_t buffer_size = kDefaultBufferSize);

  ~CompressedFileReader();
  CompressedFileReader(const CompressedFileReader&) = delete;
  CompressedFileReader& operator=(const CompressedFileReader&) = delete;

  // Reads up to `n` bytes of the file's (decompressed) content into `out`, fewer only at the
  // end of the content. Returns the count read; 0 means the end.
  // Errors: kDataLoss when the compressed data is damaged, truncated, or not of this
  // compression (the message names the file and the compressed byte offset); kUnavailable
  // for a failed read; kResourceExhausted when zlib runs out of memory. After an error every
  // call returns the same error.
  StatusOr<size_t> Read(char* out, size_t n);

  // The bytes of content delivered so far: the offset of the next byte Read returns.
  uint64_t position() const { return position_; }

  // The file name given to Open or FromString.
  const std::string& name() const { return name_; }

  Compression compression() const { return compression_; }

 private:
  CompressedFileReader(std::string name, Compression compression, size_t buffer_size);

  Status Initialize();
  // Reads raw (file) bytes into `out`; returns the count, 0 at the end of the file.
  StatusOr<size_t> ReadRaw(char* out, size_t n);
  StatusOr<size_t> ReadInflated(char* out, size_t n);
  Status RefillInput();
  Status Fail(Status status);

  std::string name_;
  Compression compression_;
  size_t buffer_size_;
  std::FILE* file_ = nullptr;
  // Used instead of file_ when the reader was made by FromString.
  std::optional<std::string> memory_;
  size_t memory_pos_ = 0;
  uint64_t position_ = 0;
  bool raw_eof_ = false;
  Status error_;

  // zlib state (GZIP, ZLIB only). Kept behind a pointer so this header does not include zlib.
  struct Inflater;
  std::unique_ptr<Inflater> inflater_;
  std::vector<char> input_;
};

class CompressedFileWriter {
 public:
  // Creates (or truncates) `path`. `level` is zlib's: 0 (none) to 9 (best), -1 for its default
  // (6). Errors: kInvalidArgument for a level out of range; an I/O error as io_status.h maps it.
  static StatusOr<std::unique_ptr<CompressedFileWriter>> Open(
      const std::string& path, Compression compression, int level = -1,
      size_t buffer_size = kDefaultBufferSize);

  // Closes the file if Close was not called, dropping any error: call Close to see it.
  ~CompressedFileWriter();
  CompressedFileWriter(const CompressedFileWriter&) = delete;
  CompressedFileWriter& operator=(const CompressedFileWriter&) = delete;

  // Appends `data` to the content. Errors: an I/O error as io_status.h maps it (kResourceExhausted
  // for a full disk); kFailedPrecondition after Close or an earlier error.
  Status Append(std::string_view data);

  // Ends the compressed stream and closes the file; the file is complete only once this returns
  // OK. Errors as for Append; kFailedPrecondition when already closed.
  Status Close();

  const std::string& name() const { return name_; }

 private:
  CompressedFileWriter(std::string name, Compression compression, size_t buffer_size);

  Status Deflate(std::string_view data, bool finish);
  Status WriteRaw(const char* data, size_t n);
  Status Fail(Status status);

  std::string name_;
  Compression compression_;
  size_t buffer_size_;
  std::FILE* file_ = nullptr;
  bool closed_ = false;
  Status error_;

  struct Deflater;
  std::unique_ptr<Deflater> deflater_;
  std::vector<char> output_;
};

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_COMPRESSED_FILE_H_
