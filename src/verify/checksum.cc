#include "verify/checksum.h"

#include <xxhash.h>

#include <cinttypes>
#include <cstdio>

namespace ferry::verify {

std::string Checksum::Hex() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 ":%016" PRIx64, sum, xor_);
  return buf;
}

uint64_t HashRow(const RecordBatch& batch, size_t row, const std::vector<ColumnRender>& renders,
                 std::string* scratch) {
  scratch->clear();
  EncodeRow(batch, row, renders, scratch);
  return XXH3_64bits(scratch->data(), scratch->size());
}

std::vector<ColumnRender> SelfRenders(const std::vector<LogicalType>& types) {
  std::vector<ColumnRender> renders;
  for (const auto& t : types) renders.push_back(PlanColumnPair(t, t, CanonOptions()).source);
  return renders;
}

}  // namespace ferry::verify
