// `ferry verify SRC DST`: compares row counts and order-independent
// checksums per table, then names the rows that differ (verify/verifier.h).
// Exit 0 when every table is equal, 9 when anything differs.
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "core/atomic_file.h"
#include "engines/sink.h"
#include "plan/copy_planner.h"
#include "plan/plan_file.h"
#include "report/log.h"
#include "transform/transform_source.h"
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

// --plan: the pairs are those the plan makes against this target, planned
// as `ferry run` plans them (renamed tables, mapped columns, dropped ones
// left out), so verify compares what the run did.
Status VerifyPlan(const PlanFile& plan_file, Database* source, Database* target,
                  const verify::VerifyOptions& options, verify::VerifyReport* report) {
  auto source_catalog = source->Introspect();
  if (!source_catalog.ok()) return source_catalog.status().WithContext("reading the source schema");
  FERRY_ASSIGN_OR_RETURN(Catalog target_catalog, verify::ReadTargetCatalog(target));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Dialect> dialect, MakeDialect(target->dialect().name()));
  std::unique_ptr<Sink> planning_sink = MakeSqlSink(nullptr, std::move(dialect));  // plans, writes nothing
  FERRY_ASSIGN_OR_RETURN(Plan plan, PlanCopy(plan_file.options, *source_catalog, source->dialect(), *planning_sink,
                                             target_catalog));
  return verify::Verify(source, target, verify::PairsFromPlan(plan, target_catalog), options, report);
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
      Status w = ReplaceFileAtomically(f.report, verify::VerifyReportJson(report, code));
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
  std::optional<PlanFile> plan_file;
  if (!f.plan_path.empty()) {
    auto sets = ParseSets(f.sets);
    if (!sets.ok()) return fail(sets.status());
    auto loaded = LoadPlanFile(f.plan_path, *sets);
    if (!loaded.ok()) return fail(loaded.status());
    plan_file = std::move(*loaded);
    if (source_uri.empty()) source_uri = plan_file->source;
    if (target_uri.empty()) target_uri = plan_file->target;
    if (!options.tables.empty()) plan_file->options.tables = options.tables;
    if (!options.excludes.empty()) plan_file->options.excludes = options.excludes;
    options.casts = plan_file->options.casts;
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
  std::unique_ptr<Database> source_db = std::move(*source);
  if (plan_file && !plan_file->options.transforms.empty()) {
    // The plan's sql: entries are read as `ferry run` reads them.
    auto catalog = source_db->Introspect();
    if (!catalog.ok()) return fail(catalog.status().WithContext("reading the source schema"));
    transform::TransformSettings settings;
    settings.on_conflict = plan_file->options.on_conflict;
    auto wrapped = transform::TransformSource::Open(std::move(source_db), *catalog, plan_file->options.transforms,
                                                    settings);
    if (!wrapped.ok()) return fail(wrapped.status());
    source_db = std::move(wrapped).value();
  }

  Status st = plan_file ? VerifyPlan(*plan_file, source_db.get(), target->get(), options, &report)
                        : verify::Verify(source_db.get(), target->get(), options, &report);
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
