#include "report/html_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "core/atomic_file.h"
#include "report/progress.h"
#include "report/summary.h"

namespace ferry {
namespace {

constexpr size_t kMaxRejectsShown = 200;

std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

const char* kStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
.ok{color:#17702e}.bad{color:#b3261e}.meta{color:#555}
table{border-collapse:collapse;width:100%}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}
td.reason{text-align:left;font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
pre{background:#f6f6f6;padding:.8em;overflow:auto;font-size:12px}
.legend span{display:inline-block;margin-right:1.2em}.legend i{display:inline-block;width:1em;height:.6em;margin-right:.3em}
)";

const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                         "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string TableLabel(const RunReport& report, const JobStats& t) {
  const bool shared = std::count_if(report.tables.begin(), report.tables.end(),
                                    [&](const auto& o) { return o->table == t.table; }) > 1;
  return shared ? t.table + " (" + t.source_table + ")" : t.table;
}

std::string SummarySection(const RunReport& report) {
  std::string out = "<h2>Tables</h2><table><tr><th>table</th><th>read</th><th>written</th><th>inserted</th>"
                    "<th>updated</th><th>skipped</th><th>rejected</th><th>bytes</th><th>seconds</th><th>rows/s</th></tr>";
  for (const auto& t : report.tables) {
    const double s = t->Seconds();
    out += "<tr><td>" + Escaped(TableLabel(report, *t)) + "</td><td>" + Progress::Count(t->rows_read) + "</td><td>" +
           Progress::Count(t->rows_written) + "</td><td>" + Progress::Count(t->rows_inserted) + "</td><td>" +
           Progress::Count(t->rows_updated) + "</td><td>" + Progress::Count(t->rows_skipped) + "</td><td>" +
           Progress::Count(t->rows_rejected) + "</td><td>" + Progress::Bytes(t->bytes) + "</td><td>" + Fixed(s, 1) +
           "</td><td>" + Progress::Count(s > 0 ? static_cast<int64_t>(t->rows_written / s) : 0) + "</td></tr>";
  }
  return out + "</table>";
}

// Rows written per table over the run: one polyline each.
std::string ChartSection(const RunReport& report) {
  constexpr double kW = 900, kH = 300, kLeft = 70, kBottom = 30;
  double max_t = 0;
  int64_t max_rows = 0;
  std::vector<std::vector<std::pair<double, int64_t>>> series;
  for (const auto& t : report.tables) {
    series.push_back(t->Samples());
    for (const auto& [at, rows] : series.back()) {
      max_t = std::max(max_t, at);
      max_rows = std::max(max_rows, rows);
    }
  }
  if (max_t <= 0 || max_rows <= 0) return "<h2>Throughput</h2><p class=meta>The run was too short to chart.</p>";
  auto x = [&](double at) { return kLeft + at / max_t * (kW - kLeft - 10); };
  auto y = [&](int64_t rows) { return kH - kBottom - static_cast<double>(rows) / max_rows * (kH - kBottom - 10); };
  std::string svg = "<svg viewBox='0 0 " + Fixed(kW, 0) + " " + Fixed(kH, 0) +
                    "' width='100%' role='img' aria-label='rows written per table over time'>";
  svg += "<line x1='" + Fixed(kLeft, 0) + "' y1='" + Fixed(kH - kBottom, 0) + "' x2='" + Fixed(kW - 10, 0) + "' y2='" +
         Fixed(kH - kBottom, 0) + "' stroke='#999'/><line x1='" + Fixed(kLeft, 0) + "' y1='10' x2='" +
         Fixed(kLeft, 0) + "' y2='" + Fixed(kH - kBottom, 0) + "' stroke='#999'/>";
  svg += "<text x='" + Fixed(kLeft - 6, 0) + "' y='16' text-anchor='end' font-size='11'>" +
         Progress::Count(max_rows) + "</text><text x='" + Fixed(kLeft - 6, 0) + "' y='" + Fixed(kH - kBottom, 0) +
         "' text-anchor='end' font-size='11'>0</text>";
  svg += "<text x='" + Fixed(kW - 10, 0) + "' y='" + Fixed(kH - 8, 0) + "' text-anchor='end' font-size='11'>" +
         Fixed(max_t, 1) + " s</text><text x='" + Fixed(kLeft, 0) + "' y='" + Fixed(kH - 8, 0) +
         "' font-size='11'>0 s</text>";
  std::string legend = "<p class=legend>";
  for (size_t i = 0; i < series.size(); ++i) {
    if (series[i].empty()) continue;
    const char* color = kColors[i % (sizeof kColors / sizeof kColors[0])];
    std::string points;
    for (const auto& [at, rows] : series[i]) points += Fixed(x(at), 1) + "," + Fixed(y(rows), 1) + " ";
    svg += "<polyline fill='none' stroke-width='2' stroke='" + std::string(color) + "' points='" + points + "'/>";
    legend += "<span><i style='background:" + std::string(color) + "'></i>" +
              Escaped(TableLabel(report, *report.tables[i])) + "</span>";
  }
  return "<h2>Rows written over time</h2>" + svg + "</svg>" + legend + "</p>";
}

// The first rejected rows, from the reject file (JSON lines).
std::string RejectsSection(const RunReport& report) {
  if (report.rows_rejected == 0) return "<h2>Rejected rows</h2><p class=ok>None.</p>";
  std::string out = "<h2>Rejected rows</h2><p>" + Progress::Count(report.rows_rejected) + " row(s), in <code>" +
                    Escaped(report.reject_path) + "</code>.</p><table><tr><th>table</th><th>column</th><th>key</th>"
                    "<th>reason</th><th>values</th></tr>";
  std::ifstream in(report.reject_path);
  std::string line;
  size_t shown = 0;
  while (shown < kMaxRejectsShown && std::getline(in, line)) {
    auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) continue;
    auto text = [&](const char* key) {
      auto it = entry.find(key);
      if (it == entry.end() || it->is_null()) return std::string();
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    out += "<tr><td>" + Escaped(text("table")) + "</td><td>" + Escaped(text("column")) + "</td><td class=reason>" +
           Escaped(text("key")) + "</td><td class=reason>" + Escaped(text("reason")) + "</td><td class=reason>" +
           Escaped(text("values")) + "</td></tr>";
    ++shown;
  }
  return out + "</table>";
}

std::string ListSection(const std::string& title, const std::vector<std::string>& items, const std::string& none) {
  std::string out = "<h2>" + title + "</h2>";
  if (items.empty()) return out + "<p class=meta>" + none + "</p>";
  out += "<ul>";
  for (const auto& item : items) out += "<li>" + Escaped(item) + "</li>";
  return out + "</ul>";
}

}  // namespace

std::string RenderReportHtml(const RunReport& report, int exit_code) {
  const bool ok = report.status.ok() && exit_code == 0;
  std::string html = "<!doctype html><html lang=en><head><meta charset=utf-8><title>ferry " +
                     Escaped(report.command) + ": " + Escaped(report.source) + " to " + Escaped(report.target) +
                     "</title><style>" + kStyle + "</style></head><body>";
  html += "<h1>ferry " + Escaped(report.command) + (report.dry_run ? " (dry run)" : "") + "</h1>";
  html += "<p class=meta>" + Escaped(report.source) + " &rarr; " + Escaped(report.target) +
          (report.mode.empty() ? "" : " &middot; mode " + Escaped(report.mode)) +
          (report.on_conflict.empty() ? "" : " &middot; on conflict " + Escaped(report.on_conflict)) + " &middot; " +
          Fixed(report.seconds, 1) + " s</p>";
  html += std::string("<p class=") + (ok ? "ok" : "bad") + "><b>" +
          (report.status.ok() ? (exit_code == 0 ? "Finished" : "Finished; rows need attention")
                              : "Failed: " + Escaped(report.status.ToString())) +
          "</b> (exit " + std::to_string(exit_code) + ")</p>";
  html += SummarySection(report) + ChartSection(report) + RejectsSection(report);
  html += ListSection("Notes", report.notes, "Nothing to note: the target holds everything as the source had it.");
  if (!report.verify_summary.empty()) html += "<h2>Verify</h2><pre>" + Escaped(report.verify_summary) + "</pre>";
  if (!report.ddl.empty()) {
    html += "<h2>Statements</h2><details><summary>" + std::to_string(report.ddl.size()) +
            " statement(s) run</summary><pre>";
    for (const auto& s : report.ddl) html += Escaped(s) + ";\n";
    html += "</pre></details>";
  }
  return html + "</body></html>\n";
}

Status WriteReport(const std::string& path, const RunReport& report, int exit_code) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".html") || ends_with(".htm")) return ReplaceFileAtomically(path, RenderReportHtml(report, exit_code));
  return WriteReportJson(path, report, exit_code);
}

}  // namespace ferry
