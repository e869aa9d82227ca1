// Checksum: an order-independent digest of a set of rows (their count, and
// the sum and xor of their 64-bit hashes), and the row hash `ferry verify`
// uses: the row's canonical encoding (canonical.h) hashed with XXH3. Shared
// by verify, which compares two sides' digests, and the backup archive,
// whose manifest records each table's digest as written so that `ferry
// backup check` can re-read the files and compare. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/logical_type.h"
#include "core/record_batch.h"
#include "verify/canonical.h"

namespace ferry::verify {

struct Checksum {
  uint64_t count = 0;
  uint64_t sum = 0;
  uint64_t xor_ = 0;

  void Add(uint64_t h) {
    ++count;
    sum += h;
    xor_ ^= h;
  }
  // The digest of this set minus a subset of it.
  Checksum Minus(const Checksum& part) const { return {count - part.count, sum - part.sum, xor_ ^ part.xor_}; }
  bool operator==(const Checksum& o) const { return count == o.count && sum == o.sum && xor_ == o.xor_; }
  std::string Hex() const;  // "sum:xor" in hex
};

// The hash of row `row` of `batch` under `renders` (one per column);
// `scratch` is reused between calls so rows do not allocate.
uint64_t HashRow(const RecordBatch& batch, size_t row, const std::vector<ColumnRender>& renders,
                 std::string* scratch);

// How each column renders when a table is compared with itself (each
// type against itself, default options): the digest an archive records.
std::vector<ColumnRender> SelfRenders(const std::vector<LogicalType>& types);

}  // namespace ferry::verify
