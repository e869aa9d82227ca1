#include "exec/convert.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/bool_text.h"
#include "core/temporal.h"
#include "core/utf8.h"
#include "core/uuid.h"

namespace ferry {

namespace {

bool IsStringy(TypeId id) {
  switch (id) {
    case TypeId::kText:
    case TypeId::kJson:
    case TypeId::kEnum:
    case TypeId::kUuid:
    case TypeId::kInterval:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

bool IntegerInRange(TypeId id, int64_t v) {
  switch (id) {
    case TypeId::kBool: return v == 0 || v == 1;
    case TypeId::kInt8: return v >= -128 && v <= 127;
    case TypeId::kInt16: return v >= -32768 && v <= 32767;
    case TypeId::kInt32: return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
    default: return true;
  }
}

void AppendDouble(std::string* out, double v) {
  if (std::isnan(v)) { *out += "NaN"; return; }
  if (std::isinf(v)) { *out += v > 0 ? "Infinity" : "-Infinity"; return; }
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, p);
}

// Plain decimal text (no exponent) for a double, shortest round-trip digits.
std::string DoubleToDecimalText(double v) {
  char buf[512];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, p);
}

std::optional<int64_t> ParseInt(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && p == s.data() + s.size()) return v;
  // "12.000" is an integer too.
  auto dot = s.find('.');
  if (dot != std::string_view::npos && s.find_first_not_of('0', dot + 1) == std::string_view::npos) {
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + dot, v);
    if (ec2 == std::errc() && p2 == s.data() + dot) return v;
  }
  return std::nullopt;
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s == "NaN" || s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity" || s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity" || s == "-inf") return -std::numeric_limits<double>::infinity();
  double v;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && p == s.data() + s.size()) return v;
  return std::nullopt;
}

bool ValidDecimal(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digits = true;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digits || s == "NaN";
}

struct Converter {
  const ColumnMapping& m;
  const Column& in;
  Column out;
  RecordBatch* batch;
  size_t column_index;

  void Reject(size_t row, std::string reason) {
    out.AppendNull();
    batch->issues().push_back(RowIssue{RowIssue::Kind::kReject, row, column_index,
                                       std::move(reason), ValueToText(in, row)});
  }

  std::string Cannot(const char* what) {
    return std::string(what) + " cannot be stored as " + m.target_type.ToString();
  }

  void Run() {
    const TypeId from = m.source_type.id, to = m.target_type.id;
    const size_t rows = in.size();
    out.Reserve(rows);
    for (size_t r = 0; r < rows; ++r) {
      if (in.IsNull(r)) {
        out.AppendNull();
        continue;
      }
      ConvertOne(from, to, r);
    }
  }

  void ToText(size_t r, TypeId from) {
    std::string s;
    switch (in.kind()) {
      case PhysicalKind::kInt64: {
        int64_t v = in.Int(r);
        if (from == TypeId::kBool) s = v ? "true" : "false";
        else if (from == TypeId::kDate) AppendDate(&s, v);
        else if (from == TypeId::kTime) AppendTime(&s, v);
        else if (from == TypeId::kTimestamp) AppendTimestamp(&s, v);
        else if (from == TypeId::kTimestampTz) { AppendTimestamp(&s, v); s += "+00"; }
        else s = std::to_string(v);
        break;
      }
      case PhysicalKind::kDouble: AppendDouble(&s, in.Double(r)); break;
      case PhysicalKind::kString: {
        std::string_view v = in.String(r);
        if (from == TypeId::kBytes && !IsValidUtf8(v)) return Reject(r, "binary value is not valid UTF-8 text");
        s.assign(v);
        break;
      }
    }
    out.AppendString(s);
  }

  void ConvertOne(TypeId from, TypeId to, size_t r) {
    const CastFunction fn = m.using_fn;
    switch (m.target_type.physical()) {
      case PhysicalKind::kString: {
        if (to == TypeId::kBytes) {
          if (in.kind() == PhysicalKind::kString) return out.AppendString(in.String(r));
          return ToText(r, from);  // digits as bytes
        }
        if (to == TypeId::kUuid) {
          if (in.kind() != PhysicalKind::kString) return Reject(r, Cannot("a non-text value"));
          std::string u;
          if (!NormalizeUuid(in.String(r), &u)) return Reject(r, "not a UUID");
          return out.AppendString(u);
        }
        if (to == TypeId::kDecimal) {
          if (in.kind() == PhysicalKind::kInt64 && (m.source_type.IsInteger() || from == TypeId::kBool))
            return out.AppendString(std::to_string(in.Int(r)));
          if (in.kind() == PhysicalKind::kDouble) {
            double v = in.Double(r);
            if (!std::isfinite(v)) return Reject(r, "NaN/Infinity cannot be stored as decimal");
            return out.AppendString(DoubleToDecimalText(v));
          }
          if (in.kind() == PhysicalKind::kString && ValidDecimal(in.String(r)))
            return out.AppendString(in.String(r));
          return Reject(r, Cannot("this value"));
        }
        if (to == TypeId::kEnum && !m.target_type.enum_values.empty() &&
            in.kind() == PhysicalKind::kString) {
          std::string_view v = in.String(r);
          for (const auto& label : m.target_type.enum_values)
            if (label == v) return out.AppendString(v);
          return Reject(r, "'" + std::string(v) + "' is not a label of " + m.target_type.ToString());
        }
        return ToText(r, from);
      }
      case PhysicalKind::kDouble: {
        if (in.kind() == PhysicalKind::kDouble) {
          double v = in.Double(r);
          if (to == TypeId::kFloat32 && std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max())
            return Reject(r, "out of range for float32");
          return out.AppendDouble(v);
        }
        if (in.kind() == PhysicalKind::kInt64 && (m.source_type.IsInteger() || from == TypeId::kBool))
          return out.AppendDouble(static_cast<double>(in.Int(r)));
        if (in.kind() == PhysicalKind::kString) {
          if (auto v = ParseDouble(in.String(r))) return out.AppendDouble(*v);
        }
        return Reject(r, Cannot("this value"));
      }
      case PhysicalKind::kInt64:
        return ToInt(from, to, r, fn);
    }
  }

  void ToInt(TypeId from, TypeId to, size_t r, CastFunction fn) {
    const bool to_temporal = m.target_type.IsTemporal();
    const bool from_temporal = m.source_type.IsTemporal();
    if (in.kind() == PhysicalKind::kInt64) {
      int64_t v = in.Int(r);
      if (from_temporal && to_temporal) {
        // date <-> timestamp(tz), time stays time.
        if (from == to || (from != TypeId::kDate && from != TypeId::kTime &&
                           to != TypeId::kDate && to != TypeId::kTime))
          return out.AppendInt(v);
        if (from == TypeId::kDate && to != TypeId::kTime) return out.AppendInt(v * kMicrosPerDay);
        if (to == TypeId::kDate && from != TypeId::kTime) {
          if (v % kMicrosPerDay != 0) return Reject(r, "timestamp has a time of day; a date cannot hold it");
          return out.AppendInt(v / kMicrosPerDay);
        }
        return Reject(r, Cannot(std::string(TypeIdName(from)).c_str()));
      }
      if (to_temporal && !from_temporal) {
        if (to == TypeId::kTime || to == TypeId::kDate || fn == CastFunction::kNone)
          return Reject(r, "integer " + std::to_string(v) + " into " + m.target_type.ToString() +
                               ": say its unit with --cast 'column <table>." + m.source_column +
                               " to timestamp using epoch_s|epoch_ms'");
        int64_t scale = fn == CastFunction::kEpochSeconds ? kMicrosPerSecond : 1000;
        if (v > std::numeric_limits<int64_t>::max() / scale || v < std::numeric_limits<int64_t>::min() / scale)
          return Reject(r, "epoch value out of range");
        return out.AppendInt(v * scale);
      }
      if (from_temporal && !to_temporal) {
        if (fn == CastFunction::kNone || from == TypeId::kDate || from == TypeId::kTime)
          return Reject(r, std::string(TypeIdName(from)) + " into an integer column needs a unit: " +
                               "--cast 'column <table>." + m.source_column + " to int64 using epoch_s|epoch_ms'");
        int64_t scale = fn == CastFunction::kEpochSeconds ? kMicrosPerSecond : 1000;
        if (v % scale != 0)
          return Reject(r, "timestamp has sub-" + std::string(fn == CastFunction::kEpochSeconds ? "second" : "millisecond") +
                               " digits the integer column cannot hold");
        int64_t e = v / scale;
        if (!IntegerInRange(to, e)) return Reject(r, "out of range for " + m.target_type.ToString());
        return out.AppendInt(e);
      }
      if (!IntegerInRange(to, v))
        return Reject(r, std::to_string(v) + " is out of range for " + m.target_type.ToString());
      return out.AppendInt(v);
    }
    if (in.kind() == PhysicalKind::kDouble) {
      double v = in.Double(r);
      if (to_temporal) return Reject(r, Cannot("a floating-point value"));
      if (!std::isfinite(v) || v != std::floor(v) || v < -9.2e18 || v > 9.2e18)
        return Reject(r, Cannot("non-integral value"));
      auto iv = static_cast<int64_t>(v);
      if (!IntegerInRange(to, iv)) return Reject(r, "out of range for " + m.target_type.ToString());
      return out.AppendInt(iv);
    }
    // From text.
    std::string_view s = in.String(r);
    std::optional<int64_t> v;
    switch (to) {
      case TypeId::kBool:
        if (auto b = ParseBool(s)) v = *b ? 1 : 0;
        break;
      case TypeId::kDate: v = ParseDate(s); break;
      case TypeId::kTime: v = ParseTime(s); break;
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: v = ParseTimestamp(s); break;
      default: v = ParseInt(s); break;
    }
    if (!v) return Reject(r, "'" + std::string(s.substr(0, 64)) + "' is not a valid " + m.target_type.ToString());
    if (!to_temporal && !IntegerInRange(to, *v))
      return Reject(r, std::string(s) + " is out of range for " + m.target_type.ToString());
    out.AppendInt(*v);
  }
};

}  // namespace

bool SameRepresentation(const LogicalType& from, const LogicalType& to) {
  if (from.id == to.id) return true;
  // Text-like types share their bytes as they are.
  if (IsStringy(from.id) && (to.id == TypeId::kText || to.id == TypeId::kJson ||
                             (to.id == TypeId::kEnum && to.enum_values.empty())))
    return from.id != TypeId::kDecimal || to.id == TypeId::kText;
  if ((from.id == TypeId::kTimestamp && to.id == TypeId::kTimestampTz) ||
      (from.id == TypeId::kTimestampTz && to.id == TypeId::kTimestamp))
    return true;
  if (from.id == TypeId::kFloat32 && to.id == TypeId::kFloat64) return true;
  // Widening integers.
  if (from.IsInteger() && to.IsInteger() && static_cast<int>(from.id) <= static_cast<int>(to.id))
    return true;
  if (from.id == TypeId::kBool && to.IsInteger()) return true;
  return false;
}

Status CheckConvertible(const LogicalType& from, const LogicalType& to, CastFunction fn) {
  if (SameRepresentation(from, to)) return Status::OK();
  bool from_int = from.IsInteger() || from.id == TypeId::kBool;
  if (to.IsTemporal() && from_int && fn == CastFunction::kNone)
    return Status::InvalidInput("an integer column cannot become " + to.ToString() +
                                " without a unit: add --cast 'column TABLE.COLUMN to " +
                                to.ToString() + " using epoch_s' (or epoch_ms)");
  if (from.IsTemporal() && (to.IsInteger()) && fn == CastFunction::kNone)
    return Status::InvalidInput(from.ToString() + " cannot become an integer without a unit: "
                                "add --cast 'column TABLE.COLUMN to int64 using epoch_s' (or epoch_ms)");
  if (from.id == TypeId::kBytes && to.id != TypeId::kText && to.id != TypeId::kBytes &&
      to.id != TypeId::kJson)
    return Status::InvalidInput("binary data cannot become " + to.ToString());
  return Status::OK();
}

void ConvertBatch(const std::vector<ColumnMapping>& mappings, RecordBatch* batch) {
  for (size_t c = 0; c < mappings.size(); ++c) {
    const auto& m = mappings[c];
    const Column& in = batch->column(c);
    if (SameRepresentation(in.type(), m.target_type) && in.type().physical() == m.target_type.physical()) {
      batch->RetypeColumn(c, Field{m.target_column, m.target_type});
      continue;
    }
    Converter conv{m, in, Column(m.target_type), batch, c};
    conv.Run();
    batch->ReplaceColumn(c, Field{m.target_column, m.target_type}, std::move(conv.out));
  }
}

std::string ValueToText(const Column& column, size_t row) {
  if (column.IsNull(row)) return "NULL";
  const TypeId id = column.type().id;
  std::string s;
  switch (column.kind()) {
    case PhysicalKind::kInt64: {
      int64_t v = column.Int(row);
      if (id == TypeId::kBool) return v ? "true" : "false";
      if (id == TypeId::kDate) return FormatDate(v);
      if (id == TypeId::kTime) return FormatTime(v);
      if (id == TypeId::kTimestamp) return FormatTimestamp(v);
      if (id == TypeId::kTimestampTz) return FormatTimestampTz(v);
      return std::to_string(v);
    }
    case PhysicalKind::kDouble:
      AppendDouble(&s, column.Double(row));
      return s;
    case PhysicalKind::kString: {
      std::string_view v = column.String(row);
      if (id == TypeId::kBytes || !IsValidUtf8(v)) {
        static const char* kHex = "0123456789abcdef";
        s = "\\x";
        for (unsigned char ch : v) {
          s += kHex[ch >> 4];
          s += kHex[ch & 15];
        }
        return s;
      }
      return std::string(v);
    }
  }
  return s;
}

}  // namespace ferry
