// Maps an operating-system error (errno) to a Status whose code tells the caller whether a
// retry can help, with a message that names the file.
//
// Thread-safety: pure; may be called concurrently.
#ifndef KUBETUNE_DATA_IO_STATUS_H_
#define KUBETUNE_DATA_IO_STATUS_H_

#include <string_view>

#include "base/status.h"

namespace kubetune::data {

// "`path`: `action`: strerror(errno_value)" with
//   kNotFound            ENOENT, ENOTDIR
//   kFailedPrecondition  EACCES, EPERM, EROFS (fix the permissions or the mount first)
//   kInvalidArgument     EISDIR, ENAMETOOLONG, EINVAL
//   kResourceExhausted   ENOSPC, EDQUOT, EMFILE, ENFILE, ENOMEM
//   kUnavailable         anything else (EIO, EINTR, ...), which may pass.
// An errno_value of 0 (a failure that set no errno) maps to kUnavailable.
Status IoError(int errno_value, std::string_view path, std::string_view action);

}  // namespace kubetune::data

#endif  // KUBETUNE_DATA_IO_STATUS_H_
