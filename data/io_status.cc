#include "data/io_status.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace kubetune::data {

Status IoError(int errno_value, std::string_view path, std::string_view action) {
  std::string message(path);
  message += ": ";
  message += action;
  message += ": ";
  message += errno_value != 0 ? std::strerror(errno_value) : "unknown I/O error";
  switch (errno_value) {
    case ENOENT:
    case ENOTDIR:
      return NotFoundError(std::move(message));
    case EACCES:
    case EPERM:
    case EROFS:
      return FailedPreconditionError(std::move(message));
    case EISDIR:
    case ENAMETOOLONG:
    case EINVAL:
      return InvalidArgumentError(std::move(message));
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
    case ENOMEM:
      return ResourceExhaustedError(std::move(message));
    default:
      return UnavailableError(std::move(message));
  }
}

}  // namespace kubetune::data
