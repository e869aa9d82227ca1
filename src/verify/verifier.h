// Verifier: proves two databases hold the same rows, or names the rows that
// differ. It compares TablePairs: the tables and columns a Plan paired
// (copy/run --verify, verify --plan), or source tables matched by name to
// target tables (exact, else case-insensitive). It reads both sides with ferry's own TableReaders in two
// threads, hashing each row's canonical encoding (canonical.h) with XXH3 and
// combining the hashes order-independently (count, sum and xor).
//
// When checksums differ and the source table has a single-column integer
// primary key, the key range is bisected (the right half's checksum is the
// whole minus the left half's, so each step reads only one half per side);
// ranges of at most `leaf_rows` rows are read in full and diffed by key.
// Tables without such a key and with at most `hash_join_max_rows` rows are
// read in full and diffed by primary key, or as a multiset of whole rows
// when they have none; bigger ones report counts and checksums only.
//
// Threads: Verify runs on the caller's thread and starts one reader thread
// at a time per table; the Databases must allow that (engine.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/record_batch.h"
#include "engines/engine.h"
#include "plan/cast_rules.h"
#include "plan/plan.h"
#include "verify/canonical.h"
#include "verify/checksum.h"

namespace ferry::verify {

struct VerifyOptions {
  std::vector<std::string> tables;    // globs; empty = all
  std::vector<std::string> excludes;  // globs
  CanonOptions canon;
  //! Differing rows listed per table; the rest are only counted.
  int64_t show = 20;
  //! A key range with at most this many rows (larger side) is diffed row by row.
  int64_t leaf_rows = 2000;
  //! Tables without an integer key are diffed in memory up to this many rows.
  int64_t hash_join_max_rows = 100000;
  BatchLimits limits;
  //! Plan-aware comparison: cast rules with `using epoch_s|epoch_ms` make an
  //! integer column on one side and a timestamp on the other compare as the
  //! same instant (a Homarr SQLite ms column against PostgreSQL timestamp).
  std::vector<CastRule> casts;
  //! Timestamps are compared at this resolution (1 = microseconds; 1000000
  //! = seconds, for targets whose timestamp column keeps no fraction).
  int64_t timestamp_resolution_micros = 1;
};


struct ValueDiff {
  std::string column;
  std::optional<std::string> source;  // ValueToText spelling; nullopt = NULL
  std::optional<std::string> target;
};

struct RowDiff {
  enum class Kind { kMissingInTarget, kMissingInSource, kDifferent };
  Kind kind = Kind::kDifferent;
  std::string key;  // "id=42", or the whole row for tables without a key
  std::vector<ValueDiff> values;  // kDifferent only
};

std::string_view RowDiffKindName(RowDiff::Kind kind);

struct TableVerdict {
  enum class State { kEqual, kDifferent, kMissing };
  std::string table;         // source name
  std::string target_table;  // empty when missing
  State state = State::kEqual;
  int64_t rows_source = 0;
  int64_t rows_target = 0;
  Checksum source_sum, target_sum;
  double seconds = 0;
  //! Schema differences (a column missing in the target).
  std::vector<std::string> problems;
  std::vector<std::string> notes;
  //! How differing rows were located ("bisection on id", ...), or why not.
  std::string method;
  //! Differing rows found; -1 when they could not be located.
  int64_t rows_differing = 0;
  std::vector<RowDiff> rows;  // the first `show` of them, by key
};

std::string_view TableStateName(TableVerdict::State state);

struct VerifyReport {
  std::string source;  // redacted
  std::string target;  // redacted
  std::vector<TableVerdict> tables;
  std::vector<std::string> notes;
  double seconds = 0;
  Status status;  // the error that stopped the run, if any

  bool AllEqual() const;
};

// One comparison: a source table and the target table it became, column by
// column. Made from a Plan (what a copy did) or by names.
struct TablePair {
  TableSchema source;
  std::string target_name;           // the table expected in the target
  std::optional<TableSchema> target;  // as found; nullopt: missing
  std::vector<std::pair<std::string, std::string>> columns;  // (source, target) names compared
  std::vector<std::string> problems;  // columns missing in the target
  std::vector<std::string> notes;     // columns left out on purpose
};

// The pairs a Plan names: each job's source table with its target table,
// columns as the job maps them. `target` is the target's catalog as found.
std::vector<TablePair> PairsFromPlan(const Plan& plan, const Catalog& target);
// Pairs by name (exact, else case-insensitive), after options.tables and
// excludes (ferry verify SRC DST; a plan's renames go through PairsFromPlan).
Result<std::vector<TablePair>> PairByName(const Catalog& source, const Catalog& target, const VerifyOptions& options);
// The target's catalog, its errors as target errors.
Result<Catalog> ReadTargetCatalog(Database* target);

// Compares every pair; fills *report as it goes (so a failure leaves the
// tables done so far). Errors on the target side carry kTarget.
Status Verify(Database* source, Database* target, const std::vector<TablePair>& pairs, const VerifyOptions& options,
              VerifyReport* report);
// Introspects both sides and compares the pairs PairByName makes.
Status Verify(Database* source, Database* target, const VerifyOptions& options, VerifyReport* report);

// The per-table summary and the listed differences, for stdout.
std::string FormatVerifySummary(const VerifyReport& report);
std::string VerifyReportJson(const VerifyReport& report, int exit_code);

}  // namespace ferry::verify
