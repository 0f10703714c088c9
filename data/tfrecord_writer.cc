#include "data/tfrecord_writer.h"

#include "data/crc32c.h"
#include "data/tfrecord_format.h"

namespace kubetune::data {

StatusOr<std::unique_ptr<TFRecordWriter>> TFRecordWriter::Open(
    const std::string& path, const TFRecordWriterOptions& options) {
  KT_ASSIGN_OR_RETURN(std::unique_ptr<CompressedFileWriter> file,
                      CompressedFileWriter::Open(path, options.compression,
                                                 options.compression_level, options.buffer_size));
  return std::unique_ptr<TFRecordWriter>(new TFRecordWriter(std::move(file)));
}

Status TFRecordWriter::Write(std::string_view record) {
  char header[tfrecord::kHeaderSize];
  tfrecord::EncodeHeader(record.size(), header);
  char footer[tfrecord::kFooterSize];
  tfrecord::EncodeFixed32(crc32c::Mask(crc32c::Value(record)), footer);
  KT_RETURN_IF_ERROR(file_->Append(std::string_view(header, sizeof(header))));
  KT_RETURN_IF_ERROR(file_->Append(record));
  KT_RETURN_IF_ERROR(file_->Append(std::string_view(footer, sizeof(footer))));
  ++records_written_;
  return OkStatus();
}

Status TFRecordWriter::Close() { return file_->Close(); }

}  // namespace kubetune::data
