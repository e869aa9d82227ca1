// Masking rules for dev clones (`--mask TABLE.COLUMN=RULE`, docs/backup.md
// "Dev clones"): what a rule is, which column types it keeps, and the
// value function itself. A Masker holds the run's key; the same input under
// the same key and rule always gives the same output (so joins on masked
// columns still match), and the output has the column's type and, for text,
// its length in characters. Masker is immutable after construction and
// thread-safe: every task's mask stage shares the run's one Masker.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/logical_type.h"
#include "core/record_batch.h"
#include "core/result.h"

namespace ferry {

enum class MaskRule { kNull, kBlank, kFixed, kHash, kEmail, kDigits };

std::string_view MaskRuleName(MaskRule rule);

// Whether the rule maps equal inputs to equal outputs and distinct inputs
// (almost always) to distinct outputs, so it can mask a key and the FK
// columns that reference it alike.
bool MaskKeepsKeys(MaskRule rule);

struct MaskSpec {
  std::string table, column;
  MaskRule rule = MaskRule::kNull;
  std::string fixed;  // kFixed: the value, as text
  std::string Describe() const;  // "users.email=email"
};

// Parses "TABLE.COLUMN=RULE"; RULE is null, blank, fixed:VALUE, hash, email
// or digits. An unknown rule or a malformed spec is kInvalidInput naming it.
Result<MaskSpec> ParseMaskSpec(std::string_view text);

// Whether `rule` can give values of `type` (and length); kInvalidInput
// saying why not. `fixed` is kFixed's value, checked against the type.
Status CheckMaskType(MaskRule rule, const std::string& fixed, const LogicalType& type);

class Masker {
 public:
  // `key`: the HMAC key (--mask-key); empty = 32 random bytes for this run.
  explicit Masker(std::string key);

  // Masks every non-NULL value of `column` (whose type CheckMaskType
  // accepted) in place; returns how many values were masked. `hash_type`
  // is the integer type whose range kHash maps integers into (the narrowest
  // of a key and the FK columns referencing it, so both sides agree).
  // NULL stays NULL.
  int64_t MaskColumn(MaskRule rule, const std::string& fixed, const LogicalType& hash_type, Column* column) const;

  // The masked form of one value, for tests and the column function.
  std::string MaskText(MaskRule rule, std::string_view value) const;
  int64_t MaskInt(int64_t value, const LogicalType& hash_type) const;

 private:
  // `n` bytes of HMAC-SHA256(key, tag 0 value 0 counter...) output.
  std::string Stream(std::string_view tag, std::string_view value, size_t n) const;
  std::string key_;
};

}  // namespace ferry
