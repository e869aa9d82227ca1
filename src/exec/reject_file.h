// RejectFile: the rows that did not arrive, one JSON object per line:
//   {"table":"users","key":{"id":"5121"},"column":"created_at",
//    "reason":"...","values":{"id":"5121","created_at":"0000-00-00",...}}
// Opened lazily on the first reject, so a clean run leaves no file. Binary
// or invalid-UTF-8 values are written as "\x" hex. A resumed run re-reads
// the rows after each task's checkpoint and rejects some of them again:
// after KeepExisting(), a line already in the file is counted, not written
// twice (so is a row a task reads again after its target refused a stream,
// TakeBack()). Thread-safe.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/record_batch.h"
#include "core/status.h"

namespace ferry {

class RejectFile {
 public:
  explicit RejectFile(std::string path) : path_(std::move(path)) {}
  ~RejectFile();
  RejectFile(const RejectFile&) = delete;
  RejectFile& operator=(const RejectFile&) = delete;

  // Records row `row` of `batch`. `key_columns` are batch column indexes
  // forming the row's identity; `column` is the offending column or -1;
  // `original` (may be null) is that column's source value when the batch
  // no longer holds it (a reader or converter replaced it by NULL).
  Status Add(const std::string& table, const RecordBatch& batch, size_t row,
             const std::vector<size_t>& key_columns, int column, const std::string& reason,
             const std::string* original = nullptr);

  // Remembers the lines the file holds (an interrupted run's), so Add()
  // writes none of them again. A missing file holds none.
  Status KeepExisting();
  // A task reads again rows whose `n` rejects were counted: they are
  // counted once more as they come, and written once (KeepExisting()).
  Status TakeBack(int64_t n);

  const std::string& path() const { return path_; }
  int64_t count() const;

 private:
  std::string path_;
  mutable std::mutex mu_;
  std::FILE* file_ = nullptr;
  int64_t count_ = 0;
  std::unordered_set<uint64_t> existing_;  // XXH3 of lines already in the file
};

}  // namespace ferry
