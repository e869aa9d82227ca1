#include "exec/reject_file.h"

#include <xxhash.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/crash_point.h"
#include "exec/convert.h"

namespace ferry {

RejectFile::~RejectFile() {
  if (file_) std::fclose(file_);
}

Status RejectFile::KeepExisting() {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Status::OK();
  std::lock_guard lock(mu_);
  std::string line;
  while (std::getline(in, line)) {
    line += '\n';
    existing_.insert(XXH3_64bits(line.data(), line.size()));
  }
  return Status::OK();
}

Status RejectFile::TakeBack(int64_t n) {
  {
    std::lock_guard lock(mu_);
    count_ -= n;
  }
  return KeepExisting();
}

int64_t RejectFile::count() const {
  std::lock_guard lock(mu_);
  return count_;
}

Status RejectFile::Add(const std::string& table, const RecordBatch& batch, size_t row,
                       const std::vector<size_t>& key_columns, int column,
                       const std::string& reason, const std::string* original) {
  nlohmann::ordered_json entry;
  entry["table"] = table;
  nlohmann::ordered_json key = nlohmann::ordered_json::object();
  for (size_t k : key_columns) key[batch.fields()[k].name] = ValueToText(batch.column(k), row);
  entry["key"] = key;
  entry["column"] = column >= 0 ? nlohmann::ordered_json(batch.fields()[column].name) : nullptr;
  entry["reason"] = reason;
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (original && static_cast<int>(c) == column) values[batch.fields()[c].name] = *original;
    else if (batch.column(c).IsNull(row)) values[batch.fields()[c].name] = nullptr;
    else values[batch.fields()[c].name] = ValueToText(batch.column(c), row);
  }
  entry["values"] = values;
  std::string line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mu_);
  if (!existing_.empty() && existing_.count(XXH3_64bits(line.data(), line.size()))) {
    ++count_;  // rejected again by a resumed run: counted, not written twice
    return Status::OK();
  }
  if (!file_) {
    file_ = std::fopen(path_.c_str(), "a");
    if (!file_)
      return Status::Io("cannot open reject file " + path_ + ": " + std::strerror(errno));
  }
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    return Status::Io("cannot write reject file " + path_ + ": " + std::strerror(errno));
  ++count_;
  CrashPoint("after-reject", count_);
  return Status::OK();
}

}  // namespace ferry
