// Running a copy-shaped job from the command line: open both ends, plan,
// print the dry run or execute, then the summary, report and exit code.
// `ferry copy` fills it from its flags; recipes (`ferry homarr move`) fill
// it from their shipped rules. Main thread only.
#pragma once

#include <CLI/CLI.hpp>
#include <set>
#include <string>

#include "plan/copy_planner.h"

namespace ferry::cli {

struct CopyRun {
  std::string command = "copy";  // for the report
  std::string source, target;    // URIs as given; never printed
  CopyOptions options;
  bool dry_run = false, verbose = false, quiet = false, no_progress = false;
  int jobs = 0;
  size_t batch_rows = 10000;
  int64_t split_rows = 1'000'000;
  int64_t max_rejects = 0;
  int64_t rate = 0;  // rows per second; 0 = unlimited
  // After a clean run, compare source and target with `ferry verify`'s
  // checksums in the plan's terms; a difference makes the exit code 9.
  bool verify = false;
  int64_t verify_timestamp_resolution_micros = 1;
  // Checkpoints and retries (see ExecOptions).
  bool restart = false, no_checkpoint = false;
  int retries = 5;
  int64_t commit_rows = 0;  // 0: the executor's default
  std::string reject_file = "ferry-rejects.jsonl";
  std::string report;
  // Dev clones (docs/backup.md): --subset 'TABLE: condition', --mask
  // TABLE.COLUMN=RULE (both repeatable), --mask-key (empty: random per run).
  std::vector<std::string> subsets, masks;
  std::string mask_key;
};

// Returns the process exit code.
int RunCopyJob(const CopyRun& run);

// The flags of how a copy-shaped job runs (jobs, pacing, rejects, report,
// --verify, checkpoints, dry run, logging), shared by `copy` and `run`.
void AddRunFlags(CLI::App* cmd, CopyRun* run);

// --subset, --mask and --mask-key, shared by `copy`, `backup` and `restore`.
void AddDevCloneFlags(CLI::App* cmd, CopyRun* run);

// Recipes that load into a schema they create first (ferry ser, ferry homer
// settings): a dry run creates nothing, so the `missing` target tables
// cannot be loaded into. With none of the entries' tables there, the dry
// run plans as if the copy planner made them from the queries' columns (to
// count the rows and bind the SQL) and says so; otherwise the entries into
// a missing table are left out, named. `tag` prefixes the log lines and
// `ddl_name` names the recipe's own DDL ("the SER 2.0 DDL").
void PlanDryRunWithoutTables(const std::set<std::string>& missing, const std::string& tag,
                             const std::string& ddl_name, CopyOptions* options);

}  // namespace ferry::cli
