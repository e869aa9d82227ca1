#include "verify/canonical.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/bool_text.h"
#include "core/temporal.h"

namespace ferry::verify {

namespace {

int64_t Scaled(int64_t v, const ColumnRender& r) {
  int64_t x = v * r.multiplier;
  if (r.divisor <= 1) return x;
  return x / r.divisor - ((x % r.divisor != 0) && (x < 0));
}

enum class Family { kInt, kFloat, kDecimal, kTemporal, kText, kUuid, kJson, kBytes };

Family FamilyOf(const LogicalType& t) {
  switch (t.id) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return Family::kInt;
    case TypeId::kFloat32:
    case TypeId::kFloat64: return Family::kFloat;
    case TypeId::kDecimal: return Family::kDecimal;
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return Family::kTemporal;
    case TypeId::kUuid: return Family::kUuid;
    case TypeId::kJson: return Family::kJson;
    case TypeId::kBytes: return Family::kBytes;
    case TypeId::kText:
    case TypeId::kEnum:
    case TypeId::kInterval: return Family::kText;
  }
  return Family::kText;
}

bool IsTextLike(Family f) { return f == Family::kText || f == Family::kUuid || f == Family::kJson || f == Family::kBytes; }

// The form a type takes when nothing relates it to the other side.
ColumnRender Natural(const LogicalType& t, int digits) {
  switch (t.physical()) {
    case PhysicalKind::kInt64: return {Render::kInt, 1, digits};
    case PhysicalKind::kDouble: return {Render::kDouble, 1, digits};
    case PhysicalKind::kString: break;
  }
  if (t.id == TypeId::kDecimal) return {Render::kDecimal, 1, digits};
  if (t.id == TypeId::kUuid) return {Render::kTextLower, 1, digits};
  return {Render::kText, 1, digits};
}

// How a float-family comparison renders a side of type t.
ColumnRender AsDouble(const LogicalType& t, int digits) {
  switch (t.physical()) {
    case PhysicalKind::kInt64: return {Render::kIntAsDouble, 1, digits};
    case PhysicalKind::kDouble: return {Render::kDouble, 1, digits};
    case PhysicalKind::kString: return {Render::kStringAsDouble, 1, digits};
  }
  return {Render::kText, 1, digits};
}

// Temporal side vs temporal side: the same units on both.
void PlanTemporal(const LogicalType& a, const LogicalType& b, ColumnRender* ra, ColumnRender* rb) {
  *ra = {Render::kInt, 1, 15};
  *rb = {Render::kInt, 1, 15};
  bool a_ts = a.id == TypeId::kTimestamp || a.id == TypeId::kTimestampTz;
  bool b_ts = b.id == TypeId::kTimestamp || b.id == TypeId::kTimestampTz;
  if (a.id == TypeId::kDate && b_ts) ra->multiplier = kMicrosPerDay;
  if (b.id == TypeId::kDate && a_ts) rb->multiplier = kMicrosPerDay;
}

// Text side opposite a temporal type.
ColumnRender TextAsTemporal(const LogicalType& temporal) {
  switch (temporal.id) {
    case TypeId::kDate: return {Render::kTextAsDate, 1, 15};
    case TypeId::kTime: return {Render::kTextAsTime, 1, 15};
    default: return {Render::kTextAsTimestamp, 1, 15};
  }
}

// Plans (a, b) where the pair is symmetric; returns false when there is no
// rule for this ordering.
bool PlanOrdered(const LogicalType& a, const LogicalType& b, const CanonOptions& o,
                 ColumnRender* ra, ColumnRender* rb) {
  const Family fa = FamilyOf(a), fb = FamilyOf(b);
  int digits = o.float_digits;
  if (a.id == TypeId::kFloat32 || b.id == TypeId::kFloat32) digits = std::min(digits, 6);  // FLT_DIG
  if (fa == Family::kInt && fb == Family::kInt) {
    *ra = *rb = {Render::kInt, 1, digits};
    return true;
  }
  if (fa == Family::kFloat && (fb == Family::kFloat || fb == Family::kInt || fb == Family::kDecimal || fb == Family::kText)) {
    *ra = AsDouble(a, digits);
    *rb = AsDouble(b, digits);
    return true;
  }
  if (fa == Family::kDecimal && (fb == Family::kDecimal || fb == Family::kInt || fb == Family::kText)) {
    *ra = {Render::kDecimal, 1, digits};
    *rb = fb == Family::kInt ? ColumnRender{Render::kInt, 1, digits} : ColumnRender{Render::kDecimal, 1, digits};
    return true;
  }
  if (fa == Family::kTemporal && fb == Family::kTemporal) {
    PlanTemporal(a, b, ra, rb);
    return true;
  }
  if (fa == Family::kTemporal && fb == Family::kText) {
    *ra = {Render::kInt, 1, digits};
    *rb = TextAsTemporal(a);
    return true;
  }
  if (a.id == TypeId::kBool && fb == Family::kText) {
    *ra = {Render::kInt, 1, digits};
    *rb = {Render::kTextAsBool, 1, digits};
    return true;
  }
  if (fa == Family::kInt && fb == Family::kText) {
    *ra = {Render::kInt, 1, digits};
    *rb = {Render::kText, 1, digits};
    return true;
  }
  if (fa == Family::kJson && IsTextLike(fb)) {
    Render r = o.json_normalize ? Render::kJson : Render::kText;
    *ra = *rb = {r, 1, digits};
    return true;
  }
  if (fa == Family::kUuid && IsTextLike(fb)) {
    *ra = *rb = {Render::kTextLower, 1, digits};
    return true;
  }
  if ((fa == Family::kText || fa == Family::kBytes) && (fb == Family::kText || fb == Family::kBytes)) {
    *ra = *rb = {Render::kText, 1, digits};
    return true;
  }
  return false;
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, res.ptr);
}

bool ParseWholeDouble(std::string_view text, double* v) {
  // strtod needs a terminated string; numbers are short, so copy to the stack.
  char buf[128];
  if (text.empty() || text.size() >= sizeof buf) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  char* end = nullptr;
  *v = std::strtod(buf, &end);
  return end == buf + text.size();
}

}  // namespace

ColumnPairPlan PlanColumnPair(const LogicalType& source, const LogicalType& target,
                              const CanonOptions& options) {
  ColumnPairPlan plan;
  if (PlanOrdered(source, target, options, &plan.source, &plan.target) ||
      PlanOrdered(target, source, options, &plan.target, &plan.source)) {
    // Integers (and dates, times, timestamps) on both sides: the text form
    // buys nothing, and formatting was a visible share of verify's time.
    if (plan.source.render == Render::kInt && plan.target.render == Render::kInt)
      plan.source.render = plan.target.render = Render::kIntBinary;
    // A blank-padded CHAR(n) on either side: its trailing spaces are
    // padding, which PostgreSQL returns and MySQL strips. Between two
    // VARCHAR/TEXT columns a trailing space stays a difference.
    auto padded = [](const LogicalType& t) { return t.id == TypeId::kText && t.fixed_length; };
    if (plan.source.render == Render::kText && plan.target.render == Render::kText &&
        (padded(source) || padded(target)))
      plan.source.render = plan.target.render = Render::kTextPadded;
    return plan;
  }
  plan.source = Natural(source, options.float_digits);
  plan.target = Natural(target, options.float_digits);
  plan.note = source.ToString() + " vs " + target.ToString() + ": no common meaning, compared as text";
  return plan;
}

void AppendDouble(double v, int digits, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "Infinity" : "-Infinity");
    return;
  }
  if (v == 0) {  // -0 and 0 are one value
    out->push_back('0');
    return;
  }
  // to_chars is specified as printf("%.*g") in the C locale, at a fraction
  // of glibc printf's cost (which dominated verify's profile).
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
  out->append(buf, res.ptr);
}

void AppendNormalizedDecimal(std::string_view text, std::string* out) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto digits_only = [](std::string_view d) {
    for (char c : d)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if ((whole.empty() && frac.empty()) || !digits_only(whole) || !digits_only(frac)) {
    out->append(text);  // NaN, exponents, not a number: compared as written
    return;
  }
  while (!whole.empty() && whole[0] == '0') whole.remove_prefix(1);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  if (whole.empty() && frac.empty()) {
    out->push_back('0');
    return;
  }
  if (negative) out->push_back('-');
  if (whole.empty()) out->push_back('0');
  else out->append(whole);
  if (!frac.empty()) {
    out->push_back('.');
    out->append(frac);
  }
}

void AppendCanonical(const Column& column, size_t row, const ColumnRender& r, std::string* out) {
  switch (r.render) {
    case Render::kInt: AppendInt(Scaled(column.Int(row), r), out); return;
    case Render::kIntBinary: {
      int64_t v = Scaled(column.Int(row), r);
      out->append(reinterpret_cast<const char*>(&v), sizeof v);
      return;
    }
    case Render::kIntAsDouble: AppendDouble(static_cast<double>(column.Int(row)), r.digits, out); return;
    case Render::kDouble: AppendDouble(column.Double(row), r.digits, out); return;
    case Render::kStringAsDouble: {
      std::string_view s = column.String(row);
      double v;
      if (ParseWholeDouble(s, &v)) AppendDouble(v, r.digits, out);
      else out->append(s);
      return;
    }
    case Render::kDecimal: AppendNormalizedDecimal(column.String(row), out); return;
    case Render::kText: out->append(column.String(row)); return;
    case Render::kTextPadded: {
      std::string_view s = column.String(row);
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      out->append(s);
      return;
    }
    case Render::kTextLower: {
      std::string_view s = column.String(row);
      size_t start = out->size();
      out->append(s);
      for (size_t i = start; i < out->size(); ++i)
        (*out)[i] = static_cast<char>(std::tolower(static_cast<unsigned char>((*out)[i])));
      return;
    }
    case Render::kTextAsDate:
    case Render::kTextAsTime:
    case Render::kTextAsTimestamp: {
      std::string_view s = column.String(row);
      std::optional<int64_t> v = r.render == Render::kTextAsDate   ? ParseDate(s)
                                 : r.render == Render::kTextAsTime ? ParseTime(s)
                                                                   : ParseTimestamp(s);
      if (!v && r.render == Render::kTextAsTimestamp) {
        if (auto d = ParseDate(s)) v = *d * kMicrosPerDay;
      }
      if (v) AppendInt(Scaled(*v, r), out);
      else out->append(s);
      return;
    }
    case Render::kTextAsBool: {
      std::string_view s = column.String(row);
      if (std::optional<bool> b = ParseBool(s)) out->push_back(*b ? '1' : '0');
      else out->append(s);
      return;
    }
    case Render::kJson: {
      std::string_view s = column.String(row);
      // Only objects and arrays can differ in spelling beyond spacing; a
      // scalar still goes through the parser so "1.0 " and "1.0" agree.
      auto j = nlohmann::json::parse(s.begin(), s.end(), nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) {
        out->append(s);
        return;
      }
      try {
        out->append(j.dump());
      } catch (const nlohmann::json::exception&) {  // invalid UTF-8 inside a string
        out->append(s);
      }
      return;
    }
  }
}

namespace {

inline void EncodeOne(const Column& col, size_t row, const ColumnRender& r, std::string* out) {
  if (col.IsNull(row)) {
    out->push_back('N');
    return;
  }
  out->push_back('V');
  size_t len_at = out->size();
  out->append("\0\0\0\0", 4);
  AppendCanonical(col, row, r, out);
  uint32_t len = static_cast<uint32_t>(out->size() - len_at - 4);
  std::memcpy(out->data() + len_at, &len, 4);
}

}  // namespace

void EncodeRow(const RecordBatch& batch, size_t row, const std::vector<ColumnRender>& renders,
               std::string* out) {
  for (size_t c = 0; c < renders.size(); ++c) EncodeOne(batch.column(c), row, renders[c], out);
}

void EncodeColumns(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns,
                   const std::vector<ColumnRender>& renders, std::string* out) {
  for (size_t c : columns) EncodeOne(batch.column(c), row, renders[c], out);
}

}  // namespace ferry::verify
