// Wire forms of PostgreSQL's binary COPY: big-endian integers, built-in type
// OIDs, and the value codecs that are more than a byte swap (numeric's
// base-10000 digits, interval, uuid). Pure functions, thread-safe; decoders
// append to caller buffers so hot loops never allocate.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ferry::postgres {

// Built-in type OIDs (stable across releases, pg_type.dat).
enum : uint32_t {
  kOidBool = 16,
  kOidBytea = 17,
  kOidChar = 18,
  kOidName = 19,
  kOidInt8 = 20,
  kOidInt2 = 21,
  kOidInt4 = 23,
  kOidText = 25,
  kOidJson = 114,
  kOidXml = 142,
  kOidFloat4 = 700,
  kOidFloat8 = 701,
  kOidBpchar = 1042,
  kOidVarchar = 1043,
  kOidDate = 1082,
  kOidTime = 1083,
  kOidTimestamp = 1114,
  kOidTimestampTz = 1184,
  kOidInterval = 1186,
  kOidTimeTz = 1266,
  kOidNumeric = 1700,
  kOidUuid = 2950,
  kOidJsonb = 3802,
};

// PostgreSQL counts dates from 2000-01-01, ferry from 1970-01-01.
constexpr int64_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = 946684800000000LL;

inline uint16_t ReadU16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return __builtin_bswap16(v);
}
inline uint32_t ReadU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
inline uint64_t ReadU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
inline void PutU16(std::string* out, uint16_t v) {
  v = __builtin_bswap16(v);
  out->append(reinterpret_cast<const char*>(&v), 2);
}
inline void PutU32(std::string* out, uint32_t v) {
  v = __builtin_bswap32(v);
  out->append(reinterpret_cast<const char*>(&v), 4);
}
inline void PutU64(std::string* out, uint64_t v) {
  v = __builtin_bswap64(v);
  out->append(reinterpret_cast<const char*>(&v), 8);
}

// Binary numeric -> canonical text ("-12.340", "NaN", "Infinity").
// Returns false when the field is malformed.
bool DecodeNumeric(const char* p, size_t len, std::string* out);
// Decimal text ("-12.340", "1e3" not accepted) -> binary numeric appended to
// `out`. Returns false when `text` is not a decimal number.
bool EncodeNumeric(std::string_view text, std::string* out);

// Interval parts -> PostgreSQL "postgres" IntervalStyle text, exactly as the
// server prints it ("1 year 2 mons 3 days 04:05:06.5", "00:00:00").
void FormatInterval(int64_t micros, int32_t days, int32_t months, std::string* out);
// Interval text (postgres style, or "N unit" lists with years/months/weeks/
// days/hours/minutes/seconds as DuckDB and MySQL write them) -> parts.
bool ParseInterval(std::string_view text, int64_t* micros, int32_t* days, int32_t* months);

}  // namespace ferry::postgres
