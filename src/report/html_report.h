// The run report as one self-contained HTML page (`--report run.html`):
// the summary table, rows written per table over time as an inline SVG
// chart, the rejected rows with their reasons (from the reject file), the
// notes of what the target could not express, the verify result and the
// statements run. No scripts, no network: it opens anywhere, and can be
// handed to whoever signs the migration off. Main thread, after the run.
#pragma once

#include <string>

#include "core/status.h"
#include "exec/run_report.h"

namespace ferry {

// The page for `report`, which ended with `exit_code`.
std::string RenderReportHtml(const RunReport& report, int exit_code);

// Writes the report to `path`: HTML when it ends in .html or .htm, JSON
// otherwise (WriteReportJson). Replaced atomically.
Status WriteReport(const std::string& path, const RunReport& report, int exit_code);

}  // namespace ferry
