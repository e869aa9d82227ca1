// manifest.json: what an archive holds. Written by the archive sink as the
// run goes (so an interrupted archive still says what it was meant to
// hold), with "complete": true added last, once every Parquet file is
// written and fsynced; an archive whose manifest lacks it is incomplete and
// is never restored. Per table: its schema as ferry's catalog holds it
// (schema_json.h), its file, row count, size and SHA-256. Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/schema.h"

namespace ferry::archive {

inline constexpr int kFormatVersion = 1;

struct ManifestTable {
  TableSchema schema;
  std::string file;    // relative to the archive folder; "" until its writer opens
  int64_t rows = -1;   // -1 until the file is finished
  int64_t bytes = -1;
  std::string sha256;  // lowercase hex
  // The rows' digest as written (verify/checksum.h: each column against its
  // own type), "sum:xor" in hex; "" in archives of ferry 0.1 before it.
  std::string checksum;
  // The file's rows are in strictly increasing order of these columns (the
  // primary key, when the backup read in its order): a reader that wants
  // that order needs no sort. Empty: any order.
  std::vector<std::string> sorted_by;
};

struct Manifest {
  int format_version = kFormatVersion;
  std::string ferry_version;
  std::string name;     // NAME of NAME-YYYYMMDDTHHMMSSZ
  std::string created;  // RFC 3339, UTC
  std::string source_engine;  // "postgres", ...; "" when not known
  std::string source_uri;     // redacted
  std::string schema_name;    // the source catalog's schema
  std::vector<ManifestTable> tables;
  std::vector<std::string> notes;
  bool complete = false;

  ManifestTable* Find(std::string_view table);
  const ManifestTable* Find(std::string_view table) const;
  Catalog ToCatalog() const;
};

std::string ManifestToText(const Manifest& manifest);
// `where` names the file in errors. A manifest of a newer format is refused.
Result<Manifest> ParseManifest(std::string_view text, const std::string& where);

// "<dir>/manifest.json": kNotFound when there is none, kInvalidInput when
// it does not parse.
Result<Manifest> ReadManifest(const std::string& dir);
// Replaces it atomically and durably (core/atomic_file.h).
Status WriteManifest(const std::string& dir, const Manifest& manifest);

}  // namespace ferry::archive
