#include "data/compressed_file.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

#include "data/io_status.h"

namespace kubetune::data {
namespace {

// zlib's windowBits: 15 is the largest window; +16 selects the gzip wrapper instead of zlib's.
int WindowBits(Compression compression) { return compression == Compression::kGzip ? 15 + 16 : 15; }

char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// zlib counts in uInt; larger requests are served in pieces of at most this size.
constexpr size_t kMaxZlibChunk = UINT_MAX;

// deflate's memory level: 9, as TensorFlow's ZlibCompressionOptions, so that the compressed
// bytes match what TensorFlow writes for the same records (zlib's default is 8).
constexpr int kMemLevel = 9;

}  // namespace

std::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "NONE";
    case Compression::kGzip:
      return "GZIP";
    case Compression::kZlib:
      return "ZLIB";
  }
  return "NONE";
}

std::optional<Compression> ParseCompression(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), AsciiUpper);
  if (upper.empty() || upper == "NONE") return Compression::kNone;
  if (upper == "GZIP") return Compression::kGzip;
  if (upper == "ZLIB") return Compression::kZlib;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Reader

struct CompressedFileReader::Inflater {
  z_stream stream{};
  bool initialized = false;
  // The current gzip member (or zlib stream) has been fed input but has not ended yet.
  bool started = false;
  // The current member ended; a gzip file may hold another one after it.
  bool ended = false;
  // Raw bytes handed to zlib so far, counting those still in its input buffer.
  uint64_t raw_fed = 0;
};

CompressedFileReader::CompressedFileReader(std::string name, Compression compression,
                                           size_t buffer_size)
    : name_(std::move(name)),
      compression_(compression),
      buffer_size_(std::max<size_t>(buffer_size, 1)) {}

CompressedFileReader::~CompressedFileReader() {
  if (inflater_ != nullptr && inflater_->initialized) inflateEnd(&inflater_->stream);
  if (file_ != nullptr) std::fclose(file_);
}

StatusOr<std::unique_ptr<CompressedFileReader>> CompressedFileReader::Open(const std::string& path,
                                                                           Compression compression,
                                                                           size_t buffer_size) {
  std::unique_ptr<CompressedFileReader> reader(
      new CompressedFileReader(path, compression, buffer_size));
  reader->file_ = std::fopen(path.c_str(), "rb");
  if (reader->file_ == nullptr) return IoError(errno, path, "cannot open for reading");
  struct stat info {};
  if (fstat(fileno(reader->file_), &info) == 0 && S_ISDIR(info.st_mode)) {
    return IoError(EISDIR, path, "cannot open for reading");
  }
  if (compression == Compression::kNone) {
    // stdio's own buffer is the bounded buffer when there is nothing to decompress.
    std::setvbuf(reader->file_, nullptr, _IOFBF, reader->buffer_size_);
  }
  KT_RETURN_IF_ERROR(reader->Initialize());
  return reader;
}

std::unique_ptr<CompressedFileReader> CompressedFileReader::FromString(std::string name,
                                                                       std::string contents,
                                                                       Compression compression,
                                                                       size_t buffer_size) {
  std::unique_ptr<CompressedFileReader> reader(
      new CompressedFileReader(std::move(name), compression, buffer_size));
  reader->memory_ = std::move(contents);
  // A failure here (zlib out of memory) is kept in error_ and returned by the first Read.
  Status status = reader->Initialize();
  if (!status.ok()) reader->error_ = status;
  return reader;
}

Status CompressedFileReader::Initialize() {
  if (compression_ == Compression::kNone) return OkStatus();
  inflater_ = std::make_unique<Inflater>();
  int rc = inflateInit2(&inflater_->stream, WindowBits(compression_));
  if (rc != Z_OK) {
    return ResourceExhaustedError(name_ + ": cannot start zlib's inflate (code " +
                                  std::to_string(rc) + ")");
  }
  inflater_->initialized = true;
  input_.resize(buffer_size_);
  return OkStatus();
}

Status CompressedFileReader::Fail(Status status) {
  error_ = status;
  return status;
}

StatusOr<size_t> CompressedFileReader::ReadRaw(char* out, size_t n) {
  if (raw_eof_ || n == 0) return size_t{0};
  if (memory_.has_value()) {
    size_t count = std::min(n, memory_->size() - memory_pos_);
    std::memcpy(out, memory_->data() + memory_pos_, count);
    memory_pos_ += count;
    if (count < n) raw_eof_ = true;
    return count;
  }
  size_t total = 0;
  while (total < n) {
    size_t count = std::fread(out + total, 1, n - total, file_);
    total += count;
    if (count == 0) {
      if (std::ferror(file_) != 0) {
        if (errno == EINTR) {
          std::clearerr(file_);
          continue;
        }
        return Fail(IoError(errno, name_, "read failed"));
      }
      raw_eof_ = true;
      break;
    }
  }
  return total;
}

Status CompressedFileReader::RefillInput() {
  KT_ASSIGN_OR_RETURN(size_t count, ReadRaw(input_.data(), input_.size()));
  inflater_->stream.next_in = reinterpret_cast<Bytef*>(input_.data());
  inflater_->stream.avail_in = static_cast<uInt>(count);
  inflater_->raw_fed += count;
  return OkStatus();
}

StatusOr<size_t> CompressedFileReader::ReadInflated(char* out, size_t n) {
  z_stream& stream = inflater_->stream;
  std::string_view kind = CompressionName(compression_);
  auto compressed_offset = [&] { return std::to_string(inflater_->raw_fed - stream.avail_in); };
  size_t produced = 0;
  while (produced < n) {
    if (stream.avail_in == 0) KT_RETURN_IF_ERROR(RefillInput());
    if (inflater_->ended) {
      if (stream.avail_in == 0) break;  // The end of the last member: the end of the content.
      if (compression_ == Compression::kZlib) {
        return Fail(DataLossError(name_ + ": unexpected data after the end of the ZLIB stream at " +
                                  "compressed byte " + compressed_offset()));
      }
      // gzip files may be several members back to back (as `cat a.gz b.gz` makes them).
      inflateReset(&stream);
      inflater_->ended = false;
      inflater_->started = false;
    }
    if (stream.avail_in == 0) {
      // An empty file is empty content; a member cut short is a truncated file.
      if (!inflater_->started) break;
      return Fail(DataLossError(name_ + ": the " + std::string(kind) +
                                " data ends early at compressed byte " + compressed_offset() +
                                ": the file is truncated"));
    }
    inflater_->started = true;
    size_t want = std::min(n - produced, kMaxZlibChunk);
    stream.next_out = reinterpret_cast<Bytef*>(out + produced);
    stream.avail_out = static_cast<uInt>(want);
    int rc = inflate(&stream, Z_NO_FLUSH);
    produced += want - stream.avail_out;
    switch (rc) {
      case Z_OK:
      case Z_BUF_ERROR:  // No progress without more input: the loop refills.
        break;
      case Z_STREAM_END:
        inflater_->ended = true;
        break;
      case Z_MEM_ERROR:
        return Fail(ResourceExhaustedError(name_ + ": zlib ran out of memory"));
      default: {
        std::string message = name_ + ": not valid " + std::string(kind) +
                              " data at compressed byte " + compressed_offset();
        if (stream.msg != nullptr) message += std::string(" (zlib: ") + stream.msg + ")";
        message += "; is the file " + std::string(kind) + "-compressed?";
        return Fail(DataLossError(std::move(message)));
      }
    }
  }
  return produced;
}

StatusOr<size_t> CompressedFileReader::Read(char* out, size_t n) {
  if (!error_.ok()) return error_;
  StatusOr<size_t> count =
      compression_ == Compression::kNone ? ReadRaw(out, n) : ReadInflated(out, n);
  if (!count.ok()) return count;
  position_ += *count;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Writer

struct CompressedFileWriter::Deflater {
  z_stream stream{};
  bool initialized = false;
};

CompressedFileWriter::CompressedFileWriter(std::string name, Compression compression,
                                           size_t buffer_size)
    : name_(std::move(name)),
      compression_(compression),
      buffer_size_(std::max<size_t>(buffer_size, 1)) {}

CompressedFileWriter::~CompressedFileWriter() {
  if (deflater_ != nullptr && deflater_->initialized) deflateEnd(&deflater_->stream);
  if (file_ != nullptr) std::fclose(file_);
}

StatusOr<std::unique_ptr<CompressedFileWriter>> CompressedFileWriter::Open(const std::string& path,
                                                                           Compression compression,
                                                                           int level,
                                                                           size_t buffer_size) {
  if (level < -1 || level > 9) {
    return InvalidArgumentError(path + ": compression level " + std::to_string(level) +
                                " is not in [-1, 9]");
  }
  std::unique_ptr<CompressedFileWriter> writer(
      new CompressedFileWriter(path, compression, buffer_size));
  writer->file_ = std::fopen(path.c_str(), "wb");
  if (writer->file_ == nullptr) return IoError(errno, path, "cannot open for writing");
  if (compression == Compression::kNone) {
    std::setvbuf(writer->file_, nullptr, _IOFBF, writer->buffer_size_);
    return writer;
  }
  writer->deflater_ = std::make_unique<Deflater>();
  int rc = deflateInit2(&writer->deflater_->stream, level, Z_DEFLATED, WindowBits(compression),
                        kMemLevel, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) {
    return ResourceExhaustedError(path + ": cannot start zlib's deflate (code " +
                                  std::to_string(rc) + ")");
  }
  writer->deflater_->initialized = true;
  writer->output_.resize(writer->buffer_size_);
  return writer;
}

Status CompressedFileWriter::Fail(Status status) {
  error_ = status;
  return status;
}

Status CompressedFileWriter::WriteRaw(const char* data, size_t n) {
  if (n == 0) return OkStatus();
  if (std::fwrite(data, 1, n, file_) != n) return Fail(IoError(errno, name_, "write failed"));
  return OkStatus();
}

Status CompressedFileWriter::Deflate(std::string_view data, bool finish) {
  z_stream& stream = deflater_->stream;
  do {
    size_t chunk = std::min(data.size(), kMaxZlibChunk);
    bool last_chunk = chunk == data.size();
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(chunk);
    int flush = finish && last_chunk ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(output_.data());
      stream.avail_out = static_cast<uInt>(std::min(output_.size(), kMaxZlibChunk));
      rc = deflate(&stream, flush);
      if (rc == Z_STREAM_ERROR) return Fail(InternalError(name_ + ": zlib's deflate failed"));
      KT_RETURN_IF_ERROR(WriteRaw(output_.data(), output_.size() - stream.avail_out));
      // With Z_NO_FLUSH deflate is done once it has taken all input and left output room;
      // with Z_FINISH only when it says the stream ended.
    } while (flush == Z_FINISH ? rc != Z_STREAM_END : stream.avail_out == 0);
    data.remove_prefix(chunk);
  } while (!data.empty());
  return OkStatus();
}

Status CompressedFileWriter::Append(std::string_view data) {
  if (closed_) return FailedPreconditionError(name_ + ": append after close");
  if (!error_.ok())
    return FailedPreconditionError(name_ + ": append after an earlier error: " + error_.message());
  if (compression_ == Compression::kNone) return WriteRaw(data.data(), data.size());
  return Deflate(data, /*finish=*/false);
}

Status CompressedFileWriter::Close() {
  if (closed_) return FailedPreconditionError(name_ + ": already closed");
  closed_ = true;
  Status status = error_;
  if (status.ok() && compression_ != Compression::kNone) status = Deflate({}, /*finish=*/true);
  if (deflater_ != nullptr && deflater_->initialized) {
    deflateEnd(&deflater_->stream);
    deflater_->initialized = false;
  }
  // fclose flushes stdio's buffer: a full disk often shows only here.
  int rc = std::fclose(file_);
  int close_errno = errno;
  file_ = nullptr;
  if (status.ok() && rc != 0) status = IoError(close_errno, name_, "close failed");
  return status;
}

}  // namespace kubetune::data
