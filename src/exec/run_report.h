// RunReport: what a run did, for the summary table, --report JSON and the
// exit code. Filled by the executor; read after it returns (the per-table
// stats are also read live by the progress display).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "exec/job_stats.h"

namespace ferry {

struct RunReport {
  std::string command;  // "copy"
  std::string source;   // redacted
  std::string target;   // redacted
  std::string mode;     // "create", "data-only", "schema-only"
  std::string on_conflict;  // the merge mode when rows were merged ("" for plain loads)
  bool dry_run = false;
  std::vector<std::shared_ptr<JobStats>> tables;  // plan order
  std::vector<std::string> notes;
  std::vector<std::string> ddl;  // statements run, or that would run (dry run)
  size_t ddl_before_data = 0;    // dry run: ddl[0, this) come before the data
  int64_t rows_rejected = 0;
  // Rows whose foreign key points at no row, as the source had them: they
  // arrived, and the run ends "finished, rows need attention" (exit 3).
  int64_t rows_orphaned = 0;
  std::string reject_path;
  double seconds = 0;
  Status status;
  // `--verify` after the run: its summary as printed ("" when not run).
  std::string verify_summary;
};

}  // namespace ferry
