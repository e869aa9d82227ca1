// `ferry verify SRC DST`: compares row counts and order-independent
// checksums per table, then names the rows that differ (verify/verifier.h).
// Exit 0 when every table is equal, 9 when anything differs.
#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "plan/plan_file.h"
#include "report/log.h"
#include "verify/verifier.h"

namespace ferry::cli {

namespace {

struct VerifyFlags {
  std::string source, target;
  std::string plan_path;  // --plan: tables and renames from a plan file
  std::vector<std::string> sets;
  std::vector<std::string> tables, excludes;
  int float_digits = 15;
  bool json_normalize = false;
  int64_t show = 20;
  std::string report;
  bool verbose = false, quiet = false;
};

Status WriteReport(const std::string& path, const verify::VerifyReport& report, int code) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return Status::Io("cannot write report " + path);
    out << verify::VerifyReportJson(report, code);
    if (!out.flush()) return Status::Io("cannot write report " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::Io("cannot write report " + path);
  return Status::OK();
}

int RunVerify(const VerifyFlags& f) {
  log::SetLevel(f.verbose ? log::Level::kDebug : f.quiet ? log::Level::kWarn : log::Level::kInfo);
  verify::VerifyOptions options;
  options.tables = SplitCommas(f.tables);
  options.excludes = SplitCommas(f.excludes);
  options.canon.float_digits = f.float_digits;
  options.canon.json_normalize = f.json_normalize;
  options.show = f.show;

  verify::VerifyReport report;
  auto finish = [&](int code) {
    if (!f.report.empty()) {
      Status w = WriteReport(f.report, report, code);
      if (!w.ok()) {
        PrintError(w.ToString());
        if (code == kExitOk || code == kExitDifferent) code = kExitIo;
      }
    }
    return code;
  };
  auto fail = [&](const Status& st) {
    report.status = st;
    PrintError(st.ToString());
    return finish(ExitCodeFor(st));
  };

  std::string source_uri = f.source, target_uri = f.target;
  if (!f.plan_path.empty()) {
    // The plan's tables, compared with what the plan made of them.
    auto sets = ParseSets(f.sets);
    if (!sets.ok()) return fail(sets.status());
    auto plan = LoadPlanFile(f.plan_path, *sets);
    if (!plan.ok()) return fail(plan.status());
    if (source_uri.empty()) source_uri = plan->source;
    if (target_uri.empty()) target_uri = plan->target;
    if (options.tables.empty()) options.tables = plan->options.tables;
    options.mappings = plan->options.mappings;
  }
  if (source_uri.empty() || target_uri.empty())
    return fail(Status::InvalidInput("verify needs SRC and DST (or --plan with source: and target:)"));
  auto src = ParseUri(source_uri, "source");
  if (!src.ok()) return fail(src.status());
  auto dst = ParseUri(target_uri, "target");
  if (!dst.ok()) return fail(dst.status());
  report.source = src->Redacted();
  report.target = dst->Redacted();
  // Both sides are only read: neither is created nor written.
  auto source = OpenDatabase(*src, AccessMode::kReadOnly);
  if (!source.ok()) return fail(source.status());
  auto target = OpenDatabase(*dst, AccessMode::kReadOnly);
  if (!target.ok()) {
    Status st = target.status();
    if (st.code() == StatusCode::kSource) st = Status::Target(st.message());
    return fail(st.WithContext("target"));
  }
  log::Info("source", (*source)->DisplayName());
  log::Info("target", (*target)->DisplayName());

  Status st = verify::Verify(source->get(), target->get(), options, &report);
  if (!report.tables.empty() || st.ok()) std::fputs(verify::FormatVerifySummary(report).c_str(), stdout);
  std::fflush(stdout);
  if (!st.ok()) return fail(st);
  return finish(report.AllEqual() ? kExitOk : kExitDifferent);
}

}  // namespace

Runner AddVerifyCommand(CLI::App& app) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Prove SRC and DST hold the same rows: per table row counts and checksums, then the rows "
      "that differ (exit 0 equal, 9 different)");
  cmd->add_option("SRC", flags->source, "Source database URI (read only; default: the plan's)");
  cmd->add_option("DST", flags->target, "Target database URI (read only; default: the plan's)");
  cmd->add_option("--plan", flags->plan_path,
                  "Compare what this plan file should have produced: its tables, renamed tables and "
                  "columns, without the columns it drops (docs/plans.md)");
  cmd->add_option("--set", flags->sets, "NAME=VALUE for ${NAME} in the plan (repeatable; else the environment)");
  cmd->add_option("--tables,-t", flags->tables, "Only these source tables (glob patterns, comma-separated or repeated)");
  cmd->add_option("--exclude,-x", flags->excludes, "Skip these tables (glob patterns)");
  cmd->add_option("--float-digits", flags->float_digits,
                  "Compare floats at N significant digits (default 15; 6 when either side is float32)")
      ->check(CLI::Range(1, 17));
  cmd->add_flag("--json-normalize", flags->json_normalize,
                "Compare JSON by meaning: key order and spacing are ignored");
  cmd->add_option("--show", flags->show, "List at most N differing rows per table (default 20); all are counted")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--report", flags->report, "Write the result as JSON to this file");
  cmd->add_flag("--verbose,-v", flags->verbose, "Log more");
  cmd->add_flag("--quiet,-q", flags->quiet, "Only warnings and errors");
  return [flags] { return RunVerify(*flags); };
}

}  // namespace ferry::cli
