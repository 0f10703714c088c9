// Status and StatusOr: Kubetune's error values.
//
// Every fallible call returns a Status (or a StatusOr<T> when it also yields a value). Nothing
// throws across a module boundary; third-party code that throws is wrapped where it is called.
// The code tells the caller whether trying again can help:
//
//   kInvalidArgument     the input is wrong; retrying the same input fails the same way.
//   kNotFound            the named thing does not exist.
//   kAlreadyExists       the thing to create exists already.
//   kFailedPrecondition  the system is not in a state to do this; fix the state first.
//   kOutOfRange          a read past the end (for example the end of a file).
//   kDataLoss            stored data is corrupt.
//   kUnimplemented       not supported by this build or this peer.
//   kInternal            a broken invariant: a bug.
//   kAborted             a concurrent change won (a conflict): re-read, then retry.
//   kUnavailable         transient (network, a server restarting): retry with backoff.
//   kDeadlineExceeded    the call took too long: retry with backoff if it is idempotent.
//   kResourceExhausted   a quota or rate limit: retry later, more slowly.
//   kCancelled           the caller gave up.
//
// Thread-safety: Status and StatusOr are values; distinct objects may be used concurrently.
#ifndef KUBETUNE_BASE_STATUS_H_
#define KUBETUNE_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kubetune {

enum class StatusCode {
  kOk = 0,
  kCancelled,
  kInvalidArgument,
  kDeadlineExceeded,
  kNotFound,
  kAlreadyExists,
  kResourceExhausted,
  kFailedPrecondition,
  kAborted,
  kOutOfRange,
  kUnimplemented,
  kInternal,
  kUnavailable,
  kDataLoss,
};

// The code's name in upper snake case, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // True when the same call may succeed later without any change to its input:
  // kUnavailable, kDeadlineExceeded, kResourceExhausted and kAborted.
  bool IsRetryable() const;

  // "INVALID_ARGUMENT: message", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "context: message"; an OK status stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status OutOfRangeError(std::string message);
Status DataLossError(std::string message);
Status UnimplementedError(std::string message);
Status InternalError(std::string message);
Status AbortedError(std::string message);
Status UnavailableError(std::string message);
Status DeadlineExceededError(std::string message);
Status ResourceExhaustedError(std::string message);
Status CancelledError(std::string message);

// Either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // Constructing from an OK status is a bug: it becomes an internal error.
  StatusOr(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    if (std::get<Status>(data_).ok()) {
      data_ = InternalError("StatusOr constructed from an OK status without a value");
    }
  }
  StatusOr(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  Status status() const { return ok() ? OkStatus() : std::get<Status>(data_); }

  // Access to the value; the caller must have checked ok().
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> data_;
};

}  // namespace kubetune

// Returns from the enclosing function when `expr` yields a non-OK Status.
#define KT_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::kubetune::Status kt_status_ = (expr);  \
    if (!kt_status_.ok()) return kt_status_; \
  } while (false)

#define KT_STATUS_CONCAT_INNER(a, b) a##b
#define KT_STATUS_CONCAT(a, b) KT_STATUS_CONCAT_INNER(a, b)

// `KT_ASSIGN_OR_RETURN(auto x, Call());` declares x from Call()'s value or returns its error.
#define KT_ASSIGN_OR_RETURN(lhs, expr) \
  KT_ASSIGN_OR_RETURN_IMPL(KT_STATUS_CONCAT(kt_statusor_, __LINE__), lhs, expr)
#define KT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

#endif  // KUBETUNE_BASE_STATUS_H_
