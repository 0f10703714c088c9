#include "data/csv_reader.h"

#include <cerrno>

#include "data/io_status.h"

namespace kubetune::data {

StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  std::unique_ptr<CsvReader> reader(new CsvReader(path));
  reader->in_.open(path, std::ios::binary);
  if (!reader->in_) return IoError(errno, path, "cannot open for reading");
  return reader;
}

StatusOr<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  std::string line;
  // Skips blank lines; a record starts at the first line with any text.
  while (true) {
    if (!std::getline(in_, line)) {
      if (in_.bad()) return UnavailableError(path_ + ": read failed");
      return false;
    }
    record_line_ = next_line_++;
    if (record_line_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) break;
  }

  std::string field;
  size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      // A quoted field, perhaps over several lines.
      ++i;
      while (true) {
        if (i >= line.size()) {
          if (!std::getline(in_, line)) {
            if (in_.bad()) return UnavailableError(path_ + ": read failed");
            return InvalidArgumentError(path_ + ":" + std::to_string(record_line_) +
                                        ": a quoted field starts here and never ends");
          }
          ++next_line_;
          if (!line.empty() && line.back() == '\r') line.pop_back();
          field += '\n';
          i = 0;
          continue;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        return InvalidArgumentError(path_ + ":" + std::to_string(next_line_ - 1) +
                                    ": text after a closing quote (a field's quotes must be "
                                    "doubled inside it)");
      }
    } else {
      size_t end = line.find(',', i);
      if (end == std::string::npos) end = line.size();
      field.append(line, i, end - i);
      i = end;
    }
    fields->push_back(std::move(field));
    field.clear();
    if (i >= line.size()) break;
    ++i;  // The comma.
    if (i == line.size()) {
      fields->emplace_back();  // A trailing comma ends with an empty field.
      break;
    }
  }
  return true;
}

}  // namespace kubetune::data
