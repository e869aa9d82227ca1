// RowEncoder: turns rows of a RecordBatch into the bytes of one data file
// format. Two formats, one spelling of values (docs/files.md):
//   csv    RFC 4180: a header line of column names, ',' between fields,
//          '\n' after each record; NULL is an empty field, an empty string
//          is "" (quoted), fields with , " CR LF are quoted ("" inside).
//   jsonl  one JSON object per line, keys in column order; integers and
//          floats are numbers (NaN/Infinity as strings), decimals strings
//          (exact), json columns embedded as JSON, text must be UTF-8.
// Both: booleans true/false; dates, times and timestamps ISO 8601 (UTC,
// "+00" for timestamptz); bytes as "\x" and hex digits.
// Stateless after construction; one per writer.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record_batch.h"
#include "core/result.h"

namespace ferry::files {

class RowEncoder {
 public:
  virtual ~RowEncoder() = default;
  // "csv" or "jsonl"; nullptr for anything else.
  static std::unique_ptr<RowEncoder> Make(std::string_view format);

  // Whether a file starts with a header record (csv), and that record.
  virtual bool HasHeader() const = 0;
  virtual std::string Header(const std::vector<Field>& fields) const = 0;
  // Appends rows [begin, end) of `batch` to `out`. A value the format cannot
  // hold (text that is not UTF-8, in jsonl) is kData naming the column and
  // row; `out` is then left as it was.
  virtual Status AppendRows(const RecordBatch& batch, size_t begin, size_t end, std::string* out) const = 0;
  // Record ends (line ends outside quotes; a csv header counts as one) in
  // `data`, one piece of a file read front to back; `in_quotes` carries the
  // csv quote state from piece to piece. For the count check after a copy.
  virtual int64_t CountRecords(std::string_view data, bool* in_quotes) const = 0;
};

}  // namespace ferry::files
