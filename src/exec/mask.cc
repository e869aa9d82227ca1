// Masking rules (mask.h). Every derived value comes from HMAC-SHA256 under
// the run's key over (rule tag, value), so equal inputs mask alike in every
// table and column, and nothing about the input can be learnt without the key.
#include "exec/mask.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstdlib>
#include <limits>

#include "core/bool_text.h"
#include "core/uuid.h"

namespace ferry {

namespace {

constexpr std::string_view kEmailDomain = "@example.invalid";
constexpr size_t kEmailHashChars = 8;
constexpr size_t kEmailLength = 5 + kEmailHashChars + kEmailDomain.size();  // "user-" + hash + domain

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The largest value of an integer type (int8 .. int64).
int64_t IntMax(TypeId id) {
  switch (id) {
    case TypeId::kInt8: return std::numeric_limits<int8_t>::max();
    case TypeId::kInt16: return std::numeric_limits<int16_t>::max();
    case TypeId::kInt32: return std::numeric_limits<int32_t>::max();
    default: return std::numeric_limits<int64_t>::max();
  }
}

bool ParseInt(std::string_view text, int64_t* out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && p == text.data() + text.size();
}

bool LooksDecimal(std::string_view s) {
  size_t i = !s.empty() && (s[0] == '-' || s[0] == '+');
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digits = true;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digits;
}

Status CheckFixed(const std::string& v, const LogicalType& type) {
  const std::string what = "fixed:" + v + " is no " + type.ToString() + " value";
  if (type.id == TypeId::kBool) return ParseBool(v) ? Status::OK() : Status::InvalidInput(what);
  if (type.IsInteger()) {
    int64_t n;
    if (!ParseInt(v, &n) || n > IntMax(type.id) || n < -IntMax(type.id) - 1) return Status::InvalidInput(what);
    return Status::OK();
  }
  switch (type.id) {
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      char* end = nullptr;
      std::strtod(v.c_str(), &end);
      return !v.empty() && end == v.c_str() + v.size() ? Status::OK() : Status::InvalidInput(what);
    }
    case TypeId::kDecimal: return LooksDecimal(v) ? Status::OK() : Status::InvalidInput(what);
    case TypeId::kUuid: {
      unsigned char b[kUuidBytes];
      return ParseUuid(v, b) ? Status::OK() : Status::InvalidInput(what);
    }
    case TypeId::kEnum:
      for (const auto& e : type.enum_values)
        if (e == v) return Status::OK();
      return Status::InvalidInput(what);
    case TypeId::kText:
      if (type.length >= 0 && CodePoints(v) > static_cast<size_t>(type.length))
        return Status::InvalidInput("fixed:" + v + " is longer than " + type.ToString() + " holds");
      return Status::OK();
    case TypeId::kBytes:
    case TypeId::kJson: return Status::OK();
    default:
      return Status::InvalidInput("fixed: on a " + type.ToString() + " column is not supported (use null)");
  }
}

}  // namespace

std::string_view MaskRuleName(MaskRule rule) {
  switch (rule) {
    case MaskRule::kNull: return "null";
    case MaskRule::kBlank: return "blank";
    case MaskRule::kFixed: return "fixed";
    case MaskRule::kHash: return "hash";
    case MaskRule::kEmail: return "email";
    case MaskRule::kDigits: return "digits";
  }
  return "?";
}

bool MaskKeepsKeys(MaskRule rule) {
  return rule == MaskRule::kHash || rule == MaskRule::kEmail || rule == MaskRule::kDigits;
}

std::string MaskSpec::Describe() const {
  return table + "." + column + "=" + std::string(MaskRuleName(rule)) + (rule == MaskRule::kFixed ? ":" + fixed : "");
}

Result<MaskSpec> ParseMaskSpec(std::string_view text) {
  const std::string t(text);
  const size_t eq = t.find('=');
  const size_t dot = t.substr(0, eq).rfind('.');
  if (eq == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 == eq)
    return Status::InvalidInput("--mask '" + t + "': expected TABLE.COLUMN=RULE (rules: null, blank, fixed:VALUE, "
                                "hash, email, digits)");
  MaskSpec spec;
  spec.table = t.substr(0, dot);
  spec.column = t.substr(dot + 1, eq - dot - 1);
  const std::string rule = t.substr(eq + 1);
  if (rule.rfind("fixed:", 0) == 0) {
    spec.rule = MaskRule::kFixed;
    spec.fixed = rule.substr(6);
    return spec;
  }
  for (MaskRule r : {MaskRule::kNull, MaskRule::kBlank, MaskRule::kHash, MaskRule::kEmail, MaskRule::kDigits})
    if (rule == MaskRuleName(r)) {
      spec.rule = r;
      return spec;
    }
  return Status::InvalidInput("--mask '" + t + "': unknown rule '" + rule +
                              "' (rules: null, blank, fixed:VALUE, hash, email, digits)");
}

Status CheckMaskType(MaskRule rule, const std::string& fixed, const LogicalType& type) {
  const std::string is = " (the column is " + type.ToString() + ")";
  switch (rule) {
    case MaskRule::kNull: return Status::OK();
    case MaskRule::kFixed: return CheckFixed(fixed, type);
    case MaskRule::kBlank:
      return type.id == TypeId::kText ? Status::OK() : Status::InvalidInput("blank masks text columns only" + is);
    case MaskRule::kDigits:
      return type.id == TypeId::kText ? Status::OK()
                                      : Status::InvalidInput("digits masks text columns only (hash masks integers)" + is);
    case MaskRule::kEmail:
      if (type.id != TypeId::kText) return Status::InvalidInput("email masks text columns only" + is);
      if (type.length >= 0 && static_cast<size_t>(type.length) < kEmailLength)
        return Status::InvalidInput("email gives " + std::to_string(kEmailLength) + " characters" + is);
      return Status::OK();
    case MaskRule::kHash:
      if (type.IsInteger() || type.id == TypeId::kText || type.id == TypeId::kBytes || type.id == TypeId::kUuid)
        return Status::OK();
      return Status::InvalidInput("hash keeps the type of text, bytes, uuid and integer columns only" + is);
  }
  return Status::Internal("unknown mask rule");
}

Masker::Masker(std::string key) : key_(std::move(key)) {
  if (!key_.empty()) return;
  key_.resize(32);
  RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size()));
}

std::string Masker::Stream(std::string_view tag, std::string_view value, size_t n) const {
  std::string out;
  std::string msg;
  msg.reserve(tag.size() + value.size() + 3);
  msg.append(tag).push_back('\0');
  msg.append(value).push_back('\0');
  msg.push_back('\0');
  unsigned char md[EVP_MAX_MD_SIZE];
  for (unsigned counter = 0; out.size() < n; ++counter) {
    msg.back() = static_cast<char>(counter);
    unsigned int len = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(msg.data()),
         msg.size(), md, &len);
    out.append(reinterpret_cast<const char*>(md), std::min<size_t>(len, n - out.size()));
  }
  return out;
}

std::string Masker::MaskText(MaskRule rule, std::string_view value) const {
  static constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";
  static constexpr char kHex[] = "0123456789abcdef";
  switch (rule) {
    case MaskRule::kHash: {
      std::string out = Stream("hash", value, CodePoints(value));
      for (char& c : out) c = kBase32[static_cast<unsigned char>(c) % 32];
      return out;
    }
    case MaskRule::kEmail: {
      std::string h = Stream("email", value, kEmailHashChars / 2), out = "user-";
      for (unsigned char c : h) out += {kHex[c >> 4], kHex[c & 15]};
      return out + std::string(kEmailDomain);
    }
    case MaskRule::kDigits: {
      std::string out(value), s = Stream("digits", value, value.size());
      for (size_t i = 0; i < out.size(); ++i)
        if (out[i] >= '0' && out[i] <= '9') out[i] = static_cast<char>('0' + static_cast<unsigned char>(s[i]) % 10);
      return out;
    }
    case MaskRule::kBlank: return "";
    default: return std::string(value);
  }
}

int64_t Masker::MaskInt(int64_t value, const LogicalType& hash_type) const {
  std::string s = Stream("hash", std::to_string(value), 8);
  uint64_t u = 0;
  for (unsigned char c : s) u = (u << 8) | c;
  const auto max = static_cast<uint64_t>(IntMax(hash_type.id));
  // The sign is kept, so a positive key stays positive.
  const auto bits = static_cast<int64_t>(u & max);
  return value >= 0 ? bits : -1 - bits;
}

int64_t Masker::MaskColumn(MaskRule rule, const std::string& fixed, const LogicalType& hash_type,
                           Column* column) const {
  const LogicalType type = column->type();
  Column out(type);
  out.Reserve(column->size());
  int64_t masked = 0;
  int64_t fixed_int = 0;
  if (rule == MaskRule::kFixed && type.physical() == PhysicalKind::kInt64)
    fixed_int = type.id == TypeId::kBool ? *ParseBool(fixed) : std::strtoll(fixed.c_str(), nullptr, 10);
  std::string fixed_uuid;
  if (rule == MaskRule::kFixed && type.id == TypeId::kUuid) NormalizeUuid(fixed, &fixed_uuid);
  for (size_t r = 0; r < column->size(); ++r) {
    if (column->IsNull(r)) {
      out.AppendNull();
      continue;
    }
    ++masked;
    if (rule == MaskRule::kNull) {
      out.AppendNull();
      continue;
    }
    switch (type.physical()) {
      case PhysicalKind::kInt64:
        out.AppendInt(rule == MaskRule::kFixed ? fixed_int : MaskInt(column->Int(r), hash_type));
        break;
      case PhysicalKind::kDouble:
        out.AppendDouble(std::strtod(fixed.c_str(), nullptr));  // only kFixed reaches a double
        break;
      case PhysicalKind::kString: {
        const std::string_view v = column->String(r);
        if (rule == MaskRule::kFixed) {
          out.AppendString(type.id == TypeId::kUuid ? fixed_uuid : fixed);
        } else if (rule == MaskRule::kHash && type.id == TypeId::kUuid) {
          std::string b = Stream("hash", v, kUuidBytes), text;
          b[6] = static_cast<char>((b[6] & 0x0F) | 0x40);  // version 4, variant 1: a well-formed UUID
          b[8] = static_cast<char>((b[8] & 0x3F) | 0x80);
          AppendUuid(reinterpret_cast<const unsigned char*>(b.data()), &text);
          out.AppendString(text);
        } else if (rule == MaskRule::kHash && type.id == TypeId::kBytes) {
          out.AppendString(Stream("hash", v, v.size()));
        } else {
          out.AppendString(MaskText(rule, v));
        }
        break;
      }
    }
  }
  *column = std::move(out);
  return masked;
}

}  // namespace ferry
