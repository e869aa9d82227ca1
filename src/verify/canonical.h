// Canonical value encoding for `ferry verify`: both sides of a comparison
// render each value as the same text when the values mean the same thing,
// whatever the two engines' logical types are. How a column is rendered is
// decided once per column pair (source type, target type) by
// PlanColumnPair; AppendCanonical then runs per value without allocating
// (except JSON normalisation, which parses). Pure functions; thread-safe.
//
// Canonical forms:
//   integers, bools      decimal integer text (true = 1)
//   floats               %.{digits}g; NaN, Infinity, -Infinity; -0 = 0
//   decimals             trailing fraction zeros and leading zeros stripped, "-0" = "0"
//   date/time/timestamp  the integer units of logical_type.h (micros when a
//                        date meets a timestamp); text opposite a temporal
//                        column is parsed with temporal.h
//   text, enum, interval, bytes   their bytes; uuid lowercased; trailing
//                        spaces dropped when either side is a fixed-length
//                        CHAR(n) (blank-padded: PostgreSQL returns the
//                        padding, MySQL strips it; neither counts it)
//   json                 its text, or parsed and dumped with sorted keys
//                        (--json-normalize); invalid JSON stays raw
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/record_batch.h"

namespace ferry::verify {

struct CanonOptions {
  //! Significant digits floats are compared at (1..17).
  int float_digits = 15;
  //! Compare JSON by meaning (key order, spacing) rather than by text.
  bool json_normalize = false;
};

enum class Render : uint8_t {
  kInt,            // int64 value x multiplier as integer text
  kIntBinary,      // int64 value x multiplier as 8 raw bytes: both sides integers, no text needed
  kIntAsDouble,    // int64 value as a float
  kDouble,         // float value
  kStringAsDouble, // decimal or numeric text parsed as a float (raw if it does not parse)
  kDecimal,        // decimal text normalised (raw if it is not a plain number)
  kText,           // bytes as they are
  kTextPadded,     // bytes without trailing spaces (a CHAR(n) on either side)
  kTextLower,      // ASCII lowercased (uuid)
  kTextAsDate,     // text parsed as a date (days x multiplier)
  kTextAsTime,     // text parsed as a time (micros)
  kTextAsTimestamp,// text parsed as a timestamp (UTC micros)
  kTextAsBool,     // true/t/yes/on/1 -> 1, false/f/no/off/0 -> 0
  kJson,           // parsed and dumped with sorted keys
};

// How one side renders one column.
struct ColumnRender {
  Render render = Render::kText;
  int64_t multiplier = 1;
  int digits = 15;
  //! Integer renders: the value x multiplier is floor-divided by this, to
  //! compare timestamps at the precision the target keeps.
  int64_t divisor = 1;
};

struct ColumnPairPlan {
  ColumnRender source, target;
  //! Set when the pair has no common meaning and is compared as text.
  std::string note;
};

ColumnPairPlan PlanColumnPair(const LogicalType& source, const LogicalType& target,
                              const CanonOptions& options);

// Appends the canonical text of a non-NULL value. REQUIRES: !column.IsNull(row),
// and `render` was planned for this column's type.
void AppendCanonical(const Column& column, size_t row, const ColumnRender& render, std::string* out);

// Appends the encoding of a whole row of `columns` to *out: per column a tag
// byte ('N' NULL, 'V' value) and, for values, a 4-byte length then the
// canonical text, so no two different rows encode alike.
void EncodeRow(const RecordBatch& batch, size_t row, const std::vector<ColumnRender>& renders,
               std::string* out);
// Same for the listed columns only (a key).
void EncodeColumns(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns,
                   const std::vector<ColumnRender>& renders, std::string* out);

// Exposed for tests.
void AppendNormalizedDecimal(std::string_view text, std::string* out);
void AppendDouble(double v, int digits, std::string* out);

}  // namespace ferry::verify
