// Reads CSV files (RFC 4180) one record at a time, streaming.
//
// Fields are separated by commas; a field in double quotes may hold commas, line breaks and
// doubled quotes (""). Lines may end in LF or CRLF. Blank lines are skipped, and a UTF-8 byte
// order mark at the start is dropped. A quote inside an unquoted field is kept as an ordinary
// character, as Python's csv module does.
//
// Thread-safety: one thread at a time per reader.
#ifndef KUBETUNE_DATA_CSV_READER_H_
#define KUBETUNE_DATA_CSV_READER_H_

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace kubetune::data {

class CsvReader {
 public:
  // Errors: I/O as io_status.h (kNotFound for a missing file).
  static StatusOr<std::unique_ptr<CsvReader>> Open(const std::string& path);

  // Reads the next record's fields into `*fields`. Returns true, or false at the end of the
  // file. Errors: kInvalidArgument "<path>:<line>: ..." for a quoted field that never ends or
  // text after a closing quote; kUnavailable for a failed read.
  StatusOr<bool> Next(std::vector<std::string>* fields);

  // The line on which the record last returned by Next starts (1-based).
  int64_t line() const { return record_line_; }
  const std::string& path() const { return path_; }

 private:
  explicit CsvReader(std::string path) : path_(std::move(path)) {}

  std::string path_;
  std::ifstream in_;
  int64_t next_line_ = 1;
  int64_t record_line_ = 0;
};

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_CSV_READER_H_
