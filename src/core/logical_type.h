// LogicalType: the engine-neutral type every value travels as. Each engine's
// dialect maps its native types to and from these in one table; user cast
// rules act on top. A value's in-memory form is fixed by its PhysicalKind:
//
//   kInt64  : bool (0/1), int8..int64, date (days since 1970-01-01),
//             time (microseconds since midnight), timestamp and timestamptz
//             (microseconds since 1970-01-01 00:00:00, timestamptz in UTC)
//   kDouble : float32, float64
//   kString : decimal (canonical text, "-12.340"), text, bytes, uuid
//             (lowercase 8-4-4-4-12), json (text), interval (PostgreSQL
//             "1 year 2 mons 3 days 04:05:06.5" text), enum (label)
//
// Unsigned integers widen: uint8->int16, uint16->int32, uint32->int64,
// uint64->decimal(20,0); nothing is ever narrowed silently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ferry {

enum class TypeId : uint8_t {
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDecimal,
  kText,
  kBytes,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kUuid,
  kJson,
  kEnum,
};

enum class PhysicalKind : uint8_t { kInt64, kDouble, kString };

struct LogicalType {
  TypeId id = TypeId::kText;
  //! text(n)/bytes(n): maximum length in characters/bytes; -1 = unbounded.
  int32_t length = -1;
  //! char(n)/binary(n) rather than varchar(n)/varbinary(n).
  bool fixed_length = false;
  //! decimal(p,s); -1 = unconstrained (PostgreSQL bare numeric).
  int16_t precision = -1;
  int16_t scale = -1;
  //! enum labels in declaration order (kEnum only).
  std::vector<std::string> enum_values;

  LogicalType() = default;
  explicit LogicalType(TypeId type_id) : id(type_id) {}
  static LogicalType Text(int32_t max_len = -1) {
    LogicalType t(TypeId::kText);
    t.length = max_len;
    return t;
  }
  static LogicalType Decimal(int16_t p, int16_t s) {
    LogicalType t(TypeId::kDecimal);
    t.precision = p;
    t.scale = s;
    return t;
  }

  PhysicalKind physical() const;
  bool IsInteger() const { return id >= TypeId::kInt8 && id <= TypeId::kInt64; }
  bool IsTemporal() const { return id >= TypeId::kDate && id <= TypeId::kTimestampTz; }

  //! "decimal(10,2)", "text(255)", "timestamptz" — ferry's own spelling,
  //! used in inspect output, cast rules and errors.
  std::string ToString() const;
  bool operator==(const LogicalType& o) const {
    return id == o.id && length == o.length && fixed_length == o.fixed_length &&
           precision == o.precision && scale == o.scale && enum_values == o.enum_values;
  }
};

std::string_view TypeIdName(TypeId id);
// Parses ferry's spelling ("int64", "decimal(10,2)", "text(20)", "bool"...).
Result<LogicalType> ParseLogicalType(std::string_view text);

}  // namespace ferry
