#include "core/record_batch.h"

namespace ferry {

void Column::Reserve(size_t rows) {
  nulls_.reserve(rows);
  switch (kind_) {
    case PhysicalKind::kInt64: ints_.reserve(rows); break;
    case PhysicalKind::kDouble: doubles_.reserve(rows); break;
    case PhysicalKind::kString: offsets_.reserve(rows + 1); break;
  }
}

void Column::Clear() {
  nulls_.clear();
  ints_.clear();
  doubles_.clear();
  offsets_.assign(1, 0);
  bytes_.clear();
}

size_t Column::ByteSize() const {
  return nulls_.size() + ints_.size() * 8 + doubles_.size() * 8 + offsets_.size() * 8 +
         bytes_.size();
}

void Column::AppendFrom(const Column& other, size_t row) {
  if (other.IsNull(row)) {
    AppendNull();
    return;
  }
  switch (kind_) {
    case PhysicalKind::kInt64: AppendInt(other.Int(row)); break;
    case PhysicalKind::kDouble: AppendDouble(other.Double(row)); break;
    case PhysicalKind::kString: AppendString(other.String(row)); break;
  }
}

RecordBatch::RecordBatch(const std::vector<Field>& fields) : fields_(fields) {
  columns_.reserve(fields.size());
  for (const auto& f : fields) columns_.emplace_back(f.type);
}

void RecordBatch::RetypeColumn(size_t i, Field field) {
  columns_[i].SetType(field.type);
  fields_[i] = std::move(field);
}

void RecordBatch::Reset() {
  for (auto& c : columns_) c.Clear();
  rows_ = 0;
  issues_.clear();
}

size_t RecordBatch::ByteSize() const {
  size_t total = 0;
  for (const auto& c : columns_) total += c.ByteSize();
  return total;
}

void RecordBatch::AppendRows(const RecordBatch& other, size_t begin, size_t end) {
  for (size_t c = 0; c < columns_.size(); ++c)
    for (size_t r = begin; r < end; ++r) columns_[c].AppendFrom(other.columns_[c], r);
  rows_ += end - begin;
}

}  // namespace ferry
