#include "core/uuid.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/hex.h"

namespace ferry {

namespace {


struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// RFC 9562 section 6.6: the namespaces every implementation predefines. They
// differ only in their fourth byte.
struct WellKnownNamespace {
  const char* name;  // lowercase
  unsigned char byte3;
};
constexpr WellKnownNamespace kWellKnownNamespaces[] = {
    {"dns", 0x10}, {"url", 0x11}, {"oid", 0x12}, {"x500", 0x14}};
constexpr unsigned char kNamespaceDns[kUuidBytes] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad,
                                                     0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                                     0x4f, 0xd4, 0x30, 0xc8};

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
    int hi = HexDigitValue(text[pos]), lo = HexDigitValue(text[pos + 1]);
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

void UuidV5(const unsigned char name_space[kUuidBytes], std::string_view name,
            unsigned char out[kUuidBytes]) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter> ctx(EVP_MD_CTX_new());
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) == 1 &&
            EVP_DigestUpdate(ctx.get(), name_space, kUuidBytes) == 1 &&
            EVP_DigestUpdate(ctx.get(), name.data(), name.size()) == 1 &&
            EVP_DigestFinal_ex(ctx.get(), digest, &digest_size) == 1 && digest_size >= kUuidBytes;
  if (!ok) {
    // Only an out-of-memory libcrypto or one configured to refuse SHA-1 gets
    // here. A wrong UUID would be written into the target as if it were
    // right, so stop rather than return something plausible.
    std::fputs("ferry: libcrypto cannot compute SHA-1, needed for UUID v5\n", stderr);
    std::abort();
  }
  // The digest is complete before `out` is written, so `out` may alias
  // `name_space`.
  std::memcpy(out, digest, kUuidBytes);
  out[6] = static_cast<unsigned char>((out[6] & 0x0f) | 0x50);  // version 5
  out[8] = static_cast<unsigned char>((out[8] & 0x3f) | 0x80);  // variant 10xx: RFC 9562
}

bool UuidNamespace(std::string_view text, unsigned char out[kUuidBytes]) {
  if (ParseUuid(text, out)) return true;
  for (const WellKnownNamespace& known : kWellKnownNamespaces) {
    if (!EqualsIgnoringAsciiCase(text, known.name)) continue;
    std::memcpy(out, kNamespaceDns, kUuidBytes);
    out[3] = known.byte3;
    return true;
  }
  return false;
}

}  // namespace ferry
