// Status: the outcome of an operation that can fail. Cheap when OK (one null
// pointer); an error carries a code, a message and context added as it climbs
// ("copy app.users -> app.users: column created_at: ..."). Values, not
// exceptions: statuses cross the reader->writer queue and every C library
// ferry wraps reports by return code. Copyable, immutable once built.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace ferry {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,  // a flag, URI, plan or cast rule the user wrote
  kNotFound,      // a table, column, file that is not there
  kUnsupported,   // no mapping for a type, a feature the engine lacks
  kSource,        // the source engine failed (connect, query, read)
  kTarget,        // the target engine failed (connect, DDL, write)
  kData,          // a value or row the target refused: reject material
  kConflict,      // a row's key exists in the target (--on-conflict error)
  kIo,            // files: reject file, report, sample
  kCancelled,     // stopped by a signal or --max-rejects
  kInternal,      // a bug in ferry
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  static Status OK() { return Status(); }
  static Status InvalidInput(std::string msg) { return {StatusCode::kInvalidInput, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status Unsupported(std::string msg) { return {StatusCode::kUnsupported, std::move(msg)}; }
  static Status Source(std::string msg) { return {StatusCode::kSource, std::move(msg)}; }
  static Status Target(std::string msg) { return {StatusCode::kTarget, std::move(msg)}; }
  static Status Data(std::string msg) { return {StatusCode::kData, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {StatusCode::kConflict, std::move(msg)}; }
  static Status Io(std::string msg) { return {StatusCode::kIo, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;

  // Returns a copy whose message reads "<context>: <message>", same code.
  Status WithContext(std::string_view context) const;

  // "target error: <message>" style text for logs; "OK" when ok().
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const State> state_;
};

}  // namespace ferry

#define FERRY_CONCAT_INNER(a, b) a##b
#define FERRY_CONCAT(a, b) FERRY_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if `expr` is not OK.
#define FERRY_RETURN_NOT_OK(expr)              \
  do {                                         \
    ::ferry::Status _st = (expr);              \
    if (!_st.ok()) return _st;                 \
  } while (0)

// Declares `lhs` from a Result<T> or returns its Status. Expands to several
// statements: never use as the unbraced body of an if.
#define FERRY_ASSIGN_OR_RETURN(lhs, rexpr)                                  \
  auto FERRY_CONCAT(_res_, __LINE__) = (rexpr);                             \
  if (!FERRY_CONCAT(_res_, __LINE__).ok())                                  \
    return FERRY_CONCAT(_res_, __LINE__).status();                          \
  lhs = std::move(FERRY_CONCAT(_res_, __LINE__)).value()
