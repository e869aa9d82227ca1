#include "engines/duckdb/load_memory.h"

#include <algorithm>
#include <string>

namespace ferry::duckdb {

Status LoadMemory::Grow(const Session& session, int64_t index_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  index_bytes_ += index_bytes;
  const int64_t need = kBaseBytes + 2 * index_bytes_;
  if (need <= limit_) return Status::OK();
  // Raised in steps of at least half the current limit: few SETs.
  return SetLocked(session, std::max(need, limit_ + limit_ / 2));
}

Status LoadMemory::AtLeast(const Session& session, int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes <= limit_ ? Status::OK() : SetLocked(session, bytes);
}

Status LoadMemory::SetLocked(const Session& session, int64_t bytes) {
  const int64_t mb = (bytes + (int64_t{1} << 20) - 1) >> 20;
  Status st = session.Exec("SET memory_limit = '" + std::to_string(mb) + "MB'");
  if (!st.ok()) return st.WithContext("duckdb: raising memory_limit to " + std::to_string(mb) + " MB");
  limit_ = mb << 20;
  return Status::OK();
}

}  // namespace ferry::duckdb
