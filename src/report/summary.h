// The end-of-run summary: a table on stdout (per table read / written /
// rejected / bytes / seconds / rows per second, then totals and notes) and
// the same numbers as JSON for --report. Pure formatting; no I/O except
// WriteReportJson.
#pragma once

#include <string>

#include "exec/run_report.h"

namespace ferry {

std::string FormatSummary(const RunReport& report);
// A dry run's plan as SQL-commented text: the tables with their source row
// counts, the schema ops before the data, "-- (data)", the ops after it,
// then the notes.
std::string FormatDryRun(const RunReport& report);
std::string ReportJson(const RunReport& report, int exit_code);
// ReportJson written to `path` with ReplaceFileAtomically (core/atomic_file.h).
Status WriteReportJson(const std::string& path, const RunReport& report, int exit_code);

}  // namespace ferry
