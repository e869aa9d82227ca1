#include "report/summary.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "report/progress.h"

namespace ferry {

namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

}  // namespace

std::string FormatDryRun(const RunReport& report) {
  std::string out = "-- plan: " + std::string(report.mode == "data-only" ? "load" : "copy") + " " +
                    std::to_string(report.tables.size()) + " table(s) from " + report.source + " into " +
                    report.target + "\n";
  char line[512];
  for (const auto& t : report.tables) {
    const std::string from = t->source_table != t->table ? " (from " + t->source_table + ")" : "";
    std::snprintf(line, sizeof line, "--   %-30s %12s rows%s\n", t->table.c_str(),
                  Progress::Count(t->rows_expected).c_str(), from.c_str());
    out += line;
  }
  for (size_t i = 0; i < report.ddl.size(); ++i) {
    if (i == report.ddl_before_data && report.mode != "schema-only") out += "-- (data)\n";
    out += report.ddl[i] + ";\n";
  }
  if (report.ddl.size() == report.ddl_before_data && report.mode != "schema-only") out += "-- (data)\n";
  for (const auto& note : report.notes) out += "-- note: " + note + "\n";
  return out;
}

std::string FormatSummary(const RunReport& report) {
  std::vector<std::vector<std::string>> rows;
  // Merges (--on-conflict) also say what became of the rows written.
  const bool merged = !report.on_conflict.empty();
  rows.push_back({"table", "read", "written"});
  if (merged) rows.back().insert(rows.back().end(), {"inserted", "updated", "skipped"});
  rows.back().insert(rows.back().end(), {"rejected", "bytes", "time", "rows/s"});
  int64_t tr = 0, tw = 0, tj = 0, tb = 0, ti = 0, tu = 0, ts = 0;
  for (const auto& t : report.tables) {
    int64_t r = t->rows_read, w = t->rows_written, j = t->rows_rejected, b = t->bytes;
    double s = t->Seconds();
    tr += r;
    tw += w;
    tj += j;
    tb += b;
    ti += t->rows_inserted;
    tu += t->rows_updated;
    ts += t->rows_skipped;
    // A table several plan entries feed has a row per entry, named by it.
    const bool shared = std::count_if(report.tables.begin(), report.tables.end(),
                                      [&](const auto& o) { return o->table == t->table; }) > 1;
    rows.push_back({shared ? t->table + " (" + t->source_table + ")" : t->table, Progress::Count(r),
                    Progress::Count(w)});
    if (merged)
      rows.back().insert(rows.back().end(), {Progress::Count(t->rows_inserted), Progress::Count(t->rows_updated),
                                             Progress::Count(t->rows_skipped)});
    rows.back().insert(rows.back().end(), {Progress::Count(j), Progress::Bytes(b), Seconds(s),
                                           Progress::Count(s > 0 ? static_cast<int64_t>(w / s) : 0)});
  }
  rows.push_back({"total", Progress::Count(tr), Progress::Count(tw)});
  if (merged) rows.back().insert(rows.back().end(), {Progress::Count(ti), Progress::Count(tu), Progress::Count(ts)});
  rows.back().insert(rows.back().end(),
                     {Progress::Count(tj), Progress::Bytes(tb), Seconds(report.seconds),
                      Progress::Count(report.seconds > 0 ? static_cast<int64_t>(tw / report.seconds) : 0)});
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  auto line = [&](const std::vector<std::string>& r) {
    std::string out = " ";
    for (size_t c = 0; c < r.size(); ++c) {
      std::string pad(width[c] - r[c].size(), ' ');
      out += c == 0 ? r[c] + pad : pad + r[c];
      out += c + 1 < r.size() ? "  " : "";
    }
    return out + "\n";
  };
  auto rule = [&] {
    std::vector<std::string> r;
    for (size_t w : width) r.push_back(std::string(w, '-'));
    return line(r);
  };
  std::string out = line(rows[0]) + rule();
  for (size_t i = 1; i + 1 < rows.size(); ++i) out += line(rows[i]);
  out += rule() + line(rows.back());
  for (const auto& t : report.tables)
    for (const auto& [note, count] : t->notes())
      out += " " + t->table + "." + note + ": " + Progress::Count(count) + " value(s) became NULL\n";
  for (const auto& n : report.notes) out += " note: " + n + "\n";
  if (report.rows_rejected > 0)
    out += " " + Progress::Count(report.rows_rejected) + " row(s) rejected, see " + report.reject_path + "\n";
  if (report.rows_orphaned > 0)
    out += " " + Progress::Count(report.rows_orphaned) + " row(s) reference missing rows (orphans, named above)\n";
  return out;
}

std::string ReportJson(const RunReport& report, int exit_code) {
  nlohmann::ordered_json j;
  j["command"] = report.command;
  j["source"] = report.source;
  j["target"] = report.target;
  j["mode"] = report.mode;
  if (!report.on_conflict.empty()) j["on_conflict"] = report.on_conflict;
  j["dry_run"] = report.dry_run;
  j["ok"] = report.status.ok();
  j["exit_code"] = exit_code;
  if (!report.status.ok()) j["error"] = report.status.ToString();
  j["seconds"] = report.seconds;
  j["rows_rejected"] = report.rows_rejected;
  j["rows_orphaned"] = report.rows_orphaned;
  if (report.rows_rejected) j["reject_file"] = report.reject_path;
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const auto& t : report.tables) {
    nlohmann::ordered_json e;
    e["table"] = t->table;
    e["source_table"] = t->source_table;  // for a plan's sql: entry, the entry's name
    e["rows_read"] = t->rows_read.load();
    e["rows_written"] = t->rows_written.load();
    e["rows_rejected"] = t->rows_rejected.load();
    e["rows_inserted"] = t->rows_inserted.load();
    e["rows_updated"] = t->rows_updated.load();
    e["rows_skipped"] = t->rows_skipped.load();
    e["rows_resumed"] = t->rows_resumed.load();
    e["bytes"] = t->bytes.load();
    e["seconds"] = t->Seconds();
    nlohmann::ordered_json notes = nlohmann::ordered_json::object();
    for (const auto& [note, count] : t->notes()) notes[note] = count;
    e["nulled"] = notes;
    tables.push_back(e);
  }
  j["tables"] = tables;
  j["notes"] = report.notes;
  j["ddl"] = report.ddl;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status WriteReportJson(const std::string& path, const RunReport& report, int exit_code) {
  return ReplaceFileAtomically(path, ReportJson(report, exit_code) + "\n");
}

}  // namespace ferry
