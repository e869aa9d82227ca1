#include "engines/duckdb/load_memory.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace ferry::duckdb {

Status LoadMemory::AddWriter(const Session& session, size_t columns) {
  std::lock_guard<std::mutex> lock(mu_);
  open_columns_ += static_cast<int64_t>(columns);
  Status st = RaiseLocked(session);
  if (!st.ok()) open_columns_ -= static_cast<int64_t>(columns);  // not registered: no RemoveWriter follows
  return st;
}

void LoadMemory::RemoveWriter(size_t columns) {
  std::lock_guard<std::mutex> lock(mu_);
  open_columns_ -= static_cast<int64_t>(columns);
}

Status LoadMemory::Observe(const Session& session) {
  FERRY_ASSIGN_OR_RETURN(auto rows, session.QueryText("SELECT coalesce(sum(memory_usage_bytes), 0) FROM "
                                                      "duckdb_memory() WHERE tag = 'ART_INDEX'"));
  const int64_t art = rows.empty() || !rows[0][0] ? 0 : std::strtoll(rows[0][0]->c_str(), nullptr, 10);
  std::lock_guard<std::mutex> lock(mu_);
  art_bytes_ = art;
  return RaiseLocked(session);
}

int64_t LoadMemory::NeedLocked() const {
  return std::max(kBaseBytes, open_columns_ * kBytesPerColumn) + 2 * art_bytes_;
}

Status LoadMemory::RaiseLocked(const Session& session) {
  const int64_t need = NeedLocked();
  if (need <= limit_) return Status::OK();
  return SetLocked(session, std::max(need, limit_ + limit_ / 8));
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
