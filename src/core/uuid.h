// UUIDs as text and as their 16 bytes, the one spelling of that conversion
// for every engine and the converter.
//   Text read: what PostgreSQL's uuid type reads. 32 hex digits in either
//   case, at most one '-' after any group of four digits (never at either
//   end), the whole optionally in {braces}:
//     A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11   a0eebc999c0b4ef8bb6d6bb9bd380a11
//     {a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11} a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11
//   Text written: always lowercase 8-4-4-4-12.
// Name-based UUIDs: version 5 (RFC 9562 section 5.5), SHA-1 through OpenSSL's
// libcrypto, so the same namespace and name give the same UUID in ferry,
// PostgreSQL's uuid-ossp, Python's uuid5 and every other conforming tool.
// Pure functions; thread-safe; no allocation except into the caller's string
// (UuidV5 borrows one short-lived digest context from libcrypto).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ferry {

inline constexpr size_t kUuidBytes = 16;

// The 16 bytes of `text`. False when `text` is no UUID; `out` is then
// partly written and meaningless.
bool ParseUuid(std::string_view text, unsigned char out[kUuidBytes]);

// Appends the 36 characters of `bytes` (lowercase 8-4-4-4-12) to `out`.
void AppendUuid(const unsigned char bytes[kUuidBytes], std::string* out);

// Appends the canonical spelling of `text` to `out`; false, nothing
// appended, when `text` is no UUID.
bool NormalizeUuid(std::string_view text, std::string* out);

// Writes into `out` the version-5 UUID of `name` (its bytes as given, no
// normalisation: callers pass UTF-8) in `name_space`: SHA-1 of the 16
// namespace bytes then the name, first 16 bytes of the digest, version and
// variant bits set. `out` may be `name_space` itself.
void UuidV5(const unsigned char name_space[kUuidBytes], std::string_view name,
            unsigned char out[kUuidBytes]);

// The 16 bytes of a namespace given as text: any spelling ParseUuid reads, or
// one of RFC 9562's well-known names "dns", "url", "oid", "x500" in any case.
// False when `text` is neither; `out` is then meaningless.
bool UuidNamespace(std::string_view text, unsigned char out[kUuidBytes]);

}  // namespace ferry
