// `ferry copy SRC DST`: builds a copy Plan and runs it with the Executor.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/open_databases.h"
#include "core/temporal.h"
#include "exec/dev_clone.h"
#include "exec/executor.h"
#include "plan/copy_planner.h"
#include "report/log.h"
#include "report/progress.h"
#include "report/html_report.h"
#include "report/summary.h"
#include "transform/transform_source.h"
#include "verify/verifier.h"

namespace ferry::cli {

namespace {

std::atomic<bool> g_cancel{false};

void OnSignal(int) { g_cancel = true; }

struct CopyFlags {
  CopyRun run;
  std::vector<std::string> tables, excludes, includes, casts, where, keys;
  std::string on_conflict = "insert";
  std::string since, until, time_column;
  int64_t limit = -1;
  bool data_only = false, schema_only = false, drop = false, truncate = false;
};

// Parses every text with `parse` into `out`; false (the error printed) at
// the first that fails.
template <typename T, typename Parse>
bool ParseEach(const std::vector<std::string>& texts, Parse parse, std::vector<T>* out) {
  for (const auto& text : texts) {
    auto value = parse(text);
    if (!value.ok()) {
      PrintError(value.status().message());
      return false;
    }
    out->push_back(*value);
  }
  return true;
}

int RunCopy(const CopyFlags& flags) {
  CopyRun run = flags.run;
  CopyOptions& options = run.options;
  options.tables = SplitCommas(flags.tables);
  options.excludes = SplitCommas(flags.excludes);
  options.includes = SplitCommas(flags.includes);
  options.mode = flags.data_only     ? SchemaMode::kDataOnly
                 : flags.schema_only ? SchemaMode::kSchemaOnly
                                     : SchemaMode::kCreate;
  options.drop_existing = flags.drop;
  options.truncate = flags.truncate;
  if (!ParseEach(flags.casts, ParseCastRule, &options.casts) || !ParseEach(flags.where, ParseWhere, &options.where))
    return kExitUsage;
  for (const auto& [flag, text, out] : {std::tuple{"--since", flags.since, &options.since_micros},
                                        std::tuple{"--until", flags.until, &options.until_micros}}) {
    if (text.empty()) continue;
    auto micros = ParseTimestamp(text);
    if (!micros) {
      PrintError(std::string(flag) + " '" + text + "' is not an RFC 3339 time (2024-01-01T00:00:00Z)");
      return kExitUsage;
    }
    *out = *micros;
  }
  options.time_column = flags.time_column;
  auto mode = ParseConflictMode(flags.on_conflict);
  if (!mode.ok()) {
    PrintError(mode.status().message());
    return kExitUsage;
  }
  options.on_conflict = *mode;
  if (!ParseEach(flags.keys, ParseKey, &options.keys)) return kExitUsage;
  if (!options.keys.empty() && options.on_conflict == ConflictMode::kInsert) {
    PrintError("--key names the key rows are matched by; it goes with --on-conflict skip|update|replace|error");
    return kExitUsage;
  }
  if (flags.limit >= 0) options.limit = flags.limit;
  return RunCopyJob(run);
}

// --verify after a clean run: the plan's table pairs compared with
// `ferry verify`'s checksums; the summary goes to stdout and the report.
// Returns the exit code (0, 9 for differences, or the error's).
int VerifyAfterCopy(const CopyRun& f, const Plan& plan, OpenedDatabases* dbs, RunReport* report) {
  verify::VerifyOptions vo;
  vo.casts = f.options.casts;
  vo.canon.json_normalize = true;  // jsonb and friends reorder keys; the meaning must match
  vo.timestamp_resolution_micros = f.verify_timestamp_resolution_micros;
  vo.limits.max_rows = f.batch_rows;
  verify::VerifyReport vr;
  log::Info("verify", "comparing source and target");
  // The target is read back on a connection of its own, opened read-only
  // once the run's sink is closed (an embedded file takes one writer).
  dbs->target.reset();
  auto readback = OpenDatabase(dbs->target_uri, AccessMode::kReadOnly);
  // The pairs are the plan's: each table copied, column by mapped column.
  Status vs = readback.status();
  if (vs.ok()) {
    auto target_catalog = verify::ReadTargetCatalog(readback->get());
    vs = target_catalog.status();
    if (vs.ok())
      vs = verify::Verify(dbs->source.get(), readback->get(), verify::PairsFromPlan(plan, *target_catalog), vo, &vr);
  }
  report->verify_summary = verify::FormatVerifySummary(vr);
  std::fputs(report->verify_summary.c_str(), stdout);
  int code = kExitOk;
  if (!vs.ok()) {
    PrintError(vs.ToString());
    code = ExitCodeFor(vs);
  } else if (!vr.AllEqual()) {
    PrintError("verification found differences between source and target (listed above)");
    code = kExitDifferent;
  }
  report->notes.push_back(vr.AllEqual() && vs.ok() ? "verified: source and target hold the same rows"
                                                   : "verification found differences");
  return code;
}

// The dev clone flags as options; a malformed one is kInvalidInput.
Result<DevCloneOptions> DevCloneOf(const CopyRun& f) {
  DevCloneOptions out;
  for (const auto& text : f.subsets) {
    FERRY_ASSIGN_OR_RETURN(SubsetSpec spec, ParseSubsetSpec(text));
    out.subsets.push_back(std::move(spec));
  }
  for (const auto& text : f.masks) {
    FERRY_ASSIGN_OR_RETURN(MaskSpec spec, ParseMaskSpec(text));
    out.masks.push_back(std::move(spec));
  }
  out.mask_key = f.mask_key;
  return out;
}

// Flags that contradict each other, whatever the databases.
Status RefusedCombination(const CopyRun& f) {
  const CopyOptions& options = f.options;
  if (f.verify && (!options.where.empty() || options.limit || options.since_micros || options.until_micros ||
                   !f.subsets.empty() || !f.masks.empty()))
    return Status::InvalidInput("--verify compares whole tables; it cannot be combined with --where, "
                                "--since/--until, --limit, --subset or --mask");
  // The subset is decided over every row; a limit would cut rows kept rows reference.
  if (!f.subsets.empty() && (options.limit || !options.table_limits.empty()))
    return Status::InvalidInput("--subset decides which rows go; it cannot be combined with --limit");
  return Status::OK();
}

// How the executor runs this job.
ExecOptions ExecOptionsOf(const CopyRun& f) {
  ExecOptions exec;
  exec.jobs = f.jobs;
  exec.limits.max_rows = f.batch_rows;
  exec.split_min_rows = f.split_rows;
  exec.rate = f.rate;
  exec.max_rejects = f.max_rejects;
  exec.reject_path = f.reject_file;
  exec.dry_run = f.dry_run;
  exec.cancel = &g_cancel;
  exec.progress = !f.no_progress && !f.quiet && isatty(STDERR_FILENO);
  exec.checkpoints = !f.no_checkpoint;
  exec.restart = f.restart;
  exec.retries = f.retries;
  if (f.commit_rows > 0) exec.commit_rows = f.commit_rows;
  return exec;
}

// A plan's sql: entries read through the embedded DuckDB; plain tables
// still go straight to the source. Replaces dbs->source with the wrapper.
Result<transform::TransformSource*> WrapTransforms(const CopyRun& f, OpenedDatabases* dbs, const Catalog& catalog) {
  transform::TransformSettings settings;
  settings.limits.max_rows = f.batch_rows;
  settings.on_conflict = f.options.on_conflict;
  FERRY_ASSIGN_OR_RETURN(auto wrapped, transform::TransformSource::Open(std::move(dbs->source), catalog,
                                                                         f.options.transforms, settings));
  transform::TransformSource* raw = wrapped.get();
  dbs->source = std::move(wrapped);
  return raw;
}

// After a run that executed: the summary, the exit code (--verify's
// included) and the report.
int Conclude(const CopyRun& f, const Status& st, const Plan& plan, OpenedDatabases* dbs, RunReport* report) {
  if (!f.quiet || !st.ok()) std::fputs(FormatSummary(*report).c_str(), stdout);
  std::fflush(stdout);
  int code = st.ok() ? (report->rows_rejected > 0 || report->rows_orphaned > 0 ? kExitRejected : kExitOk)
                     : ExitCodeFor(st);
  if (!st.ok()) PrintError(st.ToString());
  else if (report->rows_rejected > 0)
    PrintError(Progress::Count(report->rows_rejected) + " row(s) rejected; they are in " + f.reject_file);
  if (code == kExitOk && f.verify) code = VerifyAfterCopy(f, plan, dbs, report);
  if (!f.report.empty()) {
    Status w = WriteReport(f.report, *report, code);
    if (!w.ok()) {
      PrintError(w.ToString());
      if (code == kExitOk) code = kExitIo;
    }
  }
  return code;
}

}  // namespace

int RunCopyJob(const CopyRun& f) {
  log::SetLevel(f.verbose ? log::Level::kDebug : f.quiet ? log::Level::kWarn : log::Level::kInfo);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  const CopyOptions& options = f.options;
  if (Status refused = RefusedCombination(f); !refused.ok()) {
    PrintError(refused.message());
    return kExitUsage;
  }
  auto dev_clone_options = DevCloneOf(f);
  if (!dev_clone_options.ok()) {
    PrintError(dev_clone_options.status().message());
    return kExitUsage;
  }

  RunReport report;
  report.command = f.command;
  auto fail = [&](const Status& st) {
    report.status = st;
    PrintError(st.ToString());
    int code = ExitCodeFor(st);
    if (!f.report.empty()) (void)WriteReport(f.report, report, code);
    return code;
  };

  auto dbs = OpenSourceAndTarget(f.source, f.target, f.dry_run, options.casts);
  if (!dbs.ok()) return fail(dbs.status());
  report.source = dbs->source->DisplayName();
  report.target = dbs->target_name;
  log::Info("source", report.source);
  log::Info("target", report.target + (f.dry_run ? " (dry run: nothing is written)" : ""));

  auto source_catalog = dbs->source->Introspect();
  if (!source_catalog.ok()) return fail(source_catalog.status().WithContext("reading the source schema"));
  transform::TransformSource* transforms = nullptr;
  if (!options.transforms.empty()) {
    auto wrapped = WrapTransforms(f, &*dbs, *source_catalog);
    if (!wrapped.ok()) return fail(wrapped.status());
    transforms = *wrapped;
    source_catalog = dbs->source->Introspect();
  }
  auto target_catalog = dbs->target->Introspect();
  if (!target_catalog.ok()) return fail(target_catalog.status().WithContext("reading the target schema"));
  const SinkCapabilities& caps = dbs->target->capabilities();
  if (f.verify && !caps.readable)
    return fail(Status::InvalidInput("--verify reads the target back, and " +
                                     std::string(dbs->target->dialect().name()) + " " + caps.noun +
                                     "s cannot be read yet; the copy checks each " + caps.noun + "'s row count"));
  auto plan = PlanCopy(options, *source_catalog, dbs->source->dialect(), *dbs->target, *target_catalog);
  if (!plan.ok()) return fail(plan.status());
  for (const auto& note : plan->notes) log::Warn("plan", note);
  // A dev clone: masks resolved and the subset decided before anything is written.
  std::unique_ptr<DevClone> dev_clone;
  if (!dev_clone_options->empty()) {
    BatchLimits limits;
    limits.max_rows = f.batch_rows;
    auto prepared = DevClone::Prepare(*dev_clone_options, &*plan, dbs->source.get(), limits);
    if (!prepared.ok()) return fail(prepared.status());
    dev_clone = std::move(prepared).value();
    for (const auto& note : dev_clone->PlanNotes()) log::Info("clone", note);
  }

  ExecOptions exec = ExecOptionsOf(f);
  exec.extra_stages = dev_clone.get();

  if (f.dry_run) {
    Executor executor(dbs->source.get(), dbs->target.get(), exec);
    Status st = executor.Run(*plan, &report);
    if (!st.ok()) return fail(st);
    if (dev_clone)
      for (auto& note : dev_clone->PlanNotes()) report.notes.push_back(std::move(note));
    std::fputs(FormatDryRun(report).c_str(), stdout);
    Status written = f.report.empty() ? Status::OK() : WriteReport(f.report, report, kExitOk);
    return written.ok() ? kExitOk : fail(written);
  }

  Executor executor(dbs->source.get(), dbs->target.get(), exec);
  report.notes.clear();
  Status st = executor.Run(*plan, &report);
  if (transforms)
    for (auto& note : transforms->TakeNotes()) report.notes.push_back(std::move(note));
  if (dev_clone)
    for (const auto& notes : {dev_clone->PlanNotes(), dev_clone->CountNotes()})
      report.notes.insert(report.notes.end(), notes.begin(), notes.end());
  return Conclude(f, st, *plan, &*dbs, &report);
}

void PlanDryRunWithoutTables(const std::set<std::string>& missing, const std::string& tag,
                             const std::string& ddl_name, CopyOptions* options) {
  if (missing.empty()) return;
  const auto& entries = options->transforms;
  const bool none_there =
      std::all_of(entries.begin(), entries.end(), [&](const auto& e) { return missing.count(e.target_table) > 0; });
  if (none_there) {
    options->mode = SchemaMode::kCreate;
    log::Warn(tag, "dry run into a target without its tables: the row counts are real; the CREATE TABLEs after "
                   "them are the copy planner's, from the queries' columns, not what the run makes (" +
                       ddl_name + ", printed first)");
    return;
  }
  for (const auto& e : entries)
    if (missing.count(e.target_table))
      log::Warn(tag, "dry run: " + e.name + " is not planned (" + e.target_table + " does not exist yet)");
  options->DropTransforms([&](const TransformEntry& e) { return missing.count(e.target_table) > 0; });
}

void AddRunFlags(CLI::App* cmd, CopyRun* run) {
  cmd->add_option("--jobs,-j", run->jobs,
                  "Tables (or key ranges) copied at once; default: cores, and a big table in up to half as "
                  "many key ranges")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--rate", run->rate, "At most N rows per second over the whole run, evenly paced (0: unlimited)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--batch-rows,--batch-size", run->batch_rows, "Rows per batch (default 10000; more rows cost memory, not speed)")->check(CLI::Range(1, 10000000));
  cmd->add_option("--split-rows", run->split_rows,
                  "Tables estimated above N rows with an integer key are read in key ranges by "
                  "several jobs at once (default 1000000)")
      ->check(CLI::Range(int64_t{2}, int64_t{1} << 50));
  cmd->add_option("--max-rejects", run->max_rejects,
                  "Stop once more than N rows are rejected (default 0: never stop, but exit 3 if any)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--reject-file", run->reject_file, "Where rejected rows go (JSON lines; default ferry-rejects.jsonl)");
  cmd->add_option("--report", run->report,
                  "Write the run's report to this file: a self-contained HTML page (chart, rejects, notes, "
                  "verify) when it ends in .html, else JSON");
  cmd->add_flag("--verify", run->verify,
                "After the copy, compare every table on both sides (counts and checksums, as `ferry verify`); "
                "exit 9 when they differ");
  cmd->add_flag("--restart", run->restart,
                "Forget the checkpoints of an interrupted run and start over (tables it created are "
                "dropped). Without it, a re-run with the same options resumes where it stopped");
  cmd->add_flag("--no-checkpoint", run->no_checkpoint,
                "Keep no checkpoints in the target (a crash then means starting over)");
  cmd->add_option("--retries", run->retries,
                  "When the target fails mid-run (connection lost), retry each table this many times "
                  "from its checkpoint, waiting 1, 2, 4 .. 30 s (default 5; 0: fail at once)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--commit-every", run->commit_rows,
                  "Commit (and checkpoint) at least every N rows per table (default 100000, files 1000000; "
                  "also every 10 s)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_flag("--dry-run,-n", run->dry_run, "Write nothing: print the plan, row counts and DDL");
  cmd->add_flag("--verbose,-v", run->verbose, "Log every statement");
  cmd->add_flag("--quiet,-q", run->quiet, "Only warnings and errors");
  cmd->add_flag("--no-progress", run->no_progress, "No live progress line");
}

void AddDevCloneFlags(CLI::App* cmd, CopyRun* run) {
  cmd->add_option("--subset", run->subsets,
                  "Dev clone: keep only the rows of TABLE matching a condition in the source's SQL, plus every row "
                  "they reference through foreign keys; rows elsewhere that reference a row left out are dropped "
                  "(counted), so no FK dangles. 'TABLE: condition', repeatable");
  cmd->add_option("--mask", run->masks,
                  "Dev clone: mask a column, 'TABLE.COLUMN=RULE' (repeatable). RULE: null, blank, fixed:VALUE, hash "
                  "(keyed, same type and length; equal inputs give equal outputs, so joins still match), email "
                  "(user-<hash>@example.invalid), digits (each digit replaced, same length). FK columns of a hashed "
                  "key are masked alike");
  cmd->add_option("--mask-key", run->mask_key,
                  "The key of hash/email/digits masks (default: random per run; give one to get the same masks "
                  "across runs, or to resume a masked run). Also $FERRY_MASK_KEY, which keeps it out of ps")
      ->envname("FERRY_MASK_KEY");
}

Runner AddCopyCommand(CLI::App& app) {
  auto flags = std::make_shared<CopyFlags>();
  CLI::App* cmd = app.add_subcommand("copy", "Copy tables (schema and rows) from SRC to DST");
  cmd->add_option("SRC", flags->run.source, "Source database URI (opened read-only)")->required();
  cmd->add_option("DST", flags->run.target, "Target database URI")->required();
  cmd->add_option("--tables,-t", flags->tables, "Only these tables (glob patterns, comma-separated or repeated)");
  cmd->add_option("--exclude,-x", flags->excludes, "Skip these tables (glob patterns)");
  cmd->add_option("--include", flags->includes,
                  "With --data-only: copy these migration bookkeeping tables too (skipped by default: "
                  "__drizzle_migrations, flyway_schema_history, schema_migrations, ...)");
  auto* data_only = cmd->add_flag("--data-only", flags->data_only,
                                  "Load into the tables that already exist in DST (the application's schema): "
                                  "columns are matched by name and converted to the target's types");
  cmd->add_flag("--schema-only", flags->schema_only, "Create tables, keys, indexes and FKs; copy no rows")
      ->excludes(data_only);
  cmd->add_flag("--drop", flags->drop, "Drop target tables of the same name before creating them");
  cmd->add_flag("--truncate", flags->truncate,
                "With --data-only: empty the target tables first (rows the application seeded at "
                "its first start). Without it, a data-only load into tables that hold rows stops "
                "before writing anything");
  cmd->add_option("--cast", flags->casts,
                  "Type rule, repeatable: 'type tinyint(1) to bool', "
                  "'column users.created to timestamp using epoch_ms'");
  cmd->add_option("--where", flags->where,
                  "Only rows matching a condition in the source's SQL, e.g. "
                  "\"events: create_date >= '2024-01-01'\" (TABLE may be a glob; repeatable)");
  cmd->add_option("--since", flags->since, "Only rows with --time-column at or after this time (RFC 3339)");
  cmd->add_option("--until", flags->until, "Only rows with --time-column before this time (RFC 3339)");
  cmd->add_option("--time-column", flags->time_column, "The column --since/--until filter on");
  cmd->add_option("--limit", flags->limit, "At most N rows per table")->check(CLI::NonNegativeNumber);
  AddRunFlags(cmd, &flags->run);
  AddDevCloneFlags(cmd, &flags->run);
  cmd->add_option("--on-conflict", flags->on_conflict,
                  "What happens to a row whose key the target already holds: insert (default: plain bulk "
                  "load, a duplicate is a rejected row), skip (keep the target's), update (overwrite where "
                  "a column differs), replace (overwrite every match), error (stop, exit 10). Merges go "
                  "through a staging table per batch; the summary counts inserted/updated/skipped")
      ->check(CLI::IsMember({"insert", "skip", "update", "replace", "error"}));
  cmd->add_option("--key", flags->keys,
                  "The natural key rows are matched by, per table: 'users=username', '*=guid' "
                  "(repeatable; an exact table name wins over a glob). Default: the target's primary key");
  return [flags] { return RunCopy(*flags); };
}

void PrintError(const std::string& message) {
  std::fprintf(stderr, "ferry: error: %s\n", message.c_str());
  std::fflush(stderr);
}

}  // namespace ferry::cli
