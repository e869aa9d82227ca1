#include "core/uuid.h"

namespace ferry {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool ParseUuid(std::string_view text, unsigned char out[kUuidBytes]) {
  // Braces come in pairs or not at all.
  if (!text.empty() && text.front() == '{') {
    if (text.size() < 2 || text.back() != '}') return false;
    text = text.substr(1, text.size() - 2);
  }
  size_t pos = 0;
  for (size_t i = 0; i < kUuidBytes; ++i) {
    if (pos + 2 > text.size()) return false;
    int hi = HexValue(text[pos]), lo = HexValue(text[pos + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
    pos += 2;
    // A hyphen may follow every second byte (four digits), but not the last.
    if (i % 2 == 1 && i + 1 < kUuidBytes && pos < text.size() && text[pos] == '-') ++pos;
  }
  return pos == text.size();
}

void AppendUuid(const unsigned char bytes[kUuidBytes], std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  char buf[36];
  size_t o = 0;
  for (size_t i = 0; i < kUuidBytes; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[o++] = '-';
    buf[o++] = kHex[bytes[i] >> 4];
    buf[o++] = kHex[bytes[i] & 15];
  }
  out->append(buf, sizeof buf);
}

bool NormalizeUuid(std::string_view text, std::string* out) {
  unsigned char bytes[kUuidBytes];
  if (!ParseUuid(text, bytes)) return false;
  AppendUuid(bytes, out);
  return true;
}

}  // namespace ferry
