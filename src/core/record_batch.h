// RecordBatch: up to a bounded number of rows of one table job as typed
// columns plus null flags. Fixed-width values live in one vector per column;
// strings/bytes are offsets into one byte buffer per column (no per-value
// allocation). One thread fills a batch and hands it through the BatchQueue;
// no two threads hold it at once, so it has no lock.
//
// Filling: Reset(), then per row call one Append* per column, then
// FinishRow(). Readers that fill column-wise may append a whole column and
// call SetRowCount(). A batch with zero rows is valid data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/logical_type.h"

namespace ferry {

class Column {
 public:
  explicit Column(LogicalType type) : type_(std::move(type)), kind_(type_.physical()) {}
  // REQUIRES: type.physical() == kind().
  void SetType(LogicalType type) { type_ = std::move(type); }

  const LogicalType& type() const { return type_; }
  PhysicalKind kind() const { return kind_; }
  size_t size() const { return nulls_.size(); }

  void Reserve(size_t rows);
  void Clear();

  void AppendNull() {
    nulls_.push_back(1);
    switch (kind_) {
      case PhysicalKind::kInt64: ints_.push_back(0); break;
      case PhysicalKind::kDouble: doubles_.push_back(0); break;
      case PhysicalKind::kString: offsets_.push_back(bytes_.size()); break;
    }
  }
  // REQUIRES: kind() == kInt64.
  void AppendInt(int64_t v) {
    nulls_.push_back(0);
    ints_.push_back(v);
  }
  // REQUIRES: kind() == kDouble.
  void AppendDouble(double v) {
    nulls_.push_back(0);
    doubles_.push_back(v);
  }
  // REQUIRES: kind() == kString. Copies the bytes into the column buffer.
  void AppendString(std::string_view v) {
    nulls_.push_back(0);
    bytes_.append(v.data(), v.size());
    offsets_.push_back(bytes_.size());
  }

  bool IsNull(size_t row) const { return nulls_[row] != 0; }
  int64_t Int(size_t row) const { return ints_[row]; }
  double Double(size_t row) const { return doubles_[row]; }
  // The view stays valid until the column is cleared or appended to.
  std::string_view String(size_t row) const {
    return std::string_view(bytes_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  // Bytes held in the value buffers: the batch byte bound is measured on this.
  size_t ByteSize() const;

  // Copies row `row` of `other` (same physical kind) onto the end.
  void AppendFrom(const Column& other, size_t row);

 private:
  LogicalType type_;
  PhysicalKind kind_;
  std::vector<uint8_t> nulls_;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<uint64_t> offsets_{0};  // offsets_[i]..offsets_[i+1] is string i
  std::string bytes_;
};

// A value a reader could not represent faithfully. kReject: the row goes to
// the reject file. kNulled: the value became NULL by a documented rule (a
// MySQL zero date) and the row is kept; the summary counts these.
struct RowIssue {
  enum class Kind { kReject, kNulled };
  Kind kind = Kind::kReject;
  size_t row = 0;
  size_t column = 0;
  std::string reason;
  std::string original;  // the source value as text (may be binary-unsafe)
};

struct Field {
  std::string name;
  LogicalType type;
};

class RecordBatch {
 public:
  RecordBatch() = default;
  explicit RecordBatch(const std::vector<Field>& fields);

  const std::vector<Field>& fields() const { return fields_; }
  size_t num_columns() const { return columns_.size(); }
  size_t num_rows() const { return rows_; }
  Column& column(size_t i) { return columns_[i]; }
  const Column& column(size_t i) const { return columns_[i]; }

  void Reset();
  void FinishRow() { ++rows_; }
  // Swaps in a converted column (same row count) under a new field.
  void ReplaceColumn(size_t i, Field field, Column column) {
    fields_[i] = std::move(field);
    columns_[i] = std::move(column);
  }
  // Renames/retypes a column whose values keep their representation.
  void RetypeColumn(size_t i, Field field);
  // Issues found while filling; row indexes refer to this batch.
  std::vector<RowIssue>& issues() { return issues_; }
  const std::vector<RowIssue>& issues() const { return issues_; }
  void SetRowCount(size_t rows) { rows_ = rows; }
  size_t ByteSize() const;

  // Copies rows [begin, end) of `other` (same fields) onto the end.
  void AppendRows(const RecordBatch& other, size_t begin, size_t end);

 private:
  std::vector<Field> fields_;
  std::vector<Column> columns_;
  size_t rows_ = 0;
  std::vector<RowIssue> issues_;
};

// Batch bounds: a reader stops filling at whichever comes first.
struct BatchLimits {
  size_t max_rows = 10000;
  size_t max_bytes = 4 << 20;  // raising this raises peak memory per job x queue depth
};

}  // namespace ferry
