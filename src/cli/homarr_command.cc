// `ferry homarr move --from SRC --to DST`: moves a Homarr instance between
// SQLite, PostgreSQL and MySQL into the schema the new instance created.
// A recipe, not a second copy loop: it fills a CopyRun from the shipped
// Homarr rules (plan/recipes/homarr.h) and the copy runner does the rest.
#include "cli/commands.h"
#include "cli/copy_run.h"
#include "core/temporal.h"
#include "core/uri.h"
#include "plan/recipes/homarr.h"

namespace ferry::cli {

Runner AddHomarrCommand(CLI::App& app) {
  auto run = std::make_shared<CopyRun>();
  CLI::App* homarr = app.add_subcommand("homarr", "Homarr recipes (move an instance between SQLite, PostgreSQL, MySQL)");
  homarr->require_subcommand(1);
  CLI::App* move = homarr->add_subcommand(
      "move",
      "Move a Homarr instance into another, freshly started one: start the new Homarr once on the empty "
      "target (it creates its schema and seed), stop it, run this, start it again. The target's seeded rows "
      "are replaced by the source's; its __drizzle_migrations rows are kept. Both instances must run the same "
      "Homarr version and the same SECRET_ENCRYPTION_KEY.");
  move->add_option("--from", run->source, "The current instance's database URI (read only)")->required();
  move->add_option("--to", run->target, "The new instance's database URI, reached with Homarr's own credentials")
      ->required();
  move->add_flag("--dry-run,-n", run->dry_run, "Write nothing: print what would be moved, with counts");
  move->add_option("--jobs,-j", run->jobs, "Tables loaded at once; default: cores")->check(CLI::Range(1, 256));
  move->add_option("--reject-file", run->reject_file, "Where rejected rows go (default ferry-rejects.jsonl)");
  move->add_option("--report", run->report, "Write the run's summary as JSON to this file");
  move->add_flag("--verbose,-v", run->verbose, "Log every statement");
  move->add_flag("--quiet,-q", run->quiet, "Only warnings and errors");
  move->add_flag("--no-progress", run->no_progress, "No live progress line");
  return [run] {
    CopyRun job = *run;
    job.command = "homarr move";
    job.options = recipes::HomarrMoveOptions();
    // Every move ends with a comparison in Homarr's terms: epoch columns
    // against timestamps by their unit, and at whole seconds when MySQL's
    // `timestamp` (no fraction) is on either side.
    job.verify = true;
    auto is_mysql = [](const std::string& uri) {
      auto u = ParseUri(uri);
      return u.ok() && u->scheme == "mysql";
    };
    if (is_mysql(job.source) || is_mysql(job.target)) job.verify_timestamp_resolution_micros = kMicrosPerSecond;
    return RunCopyJob(job);
  };
}

}  // namespace ferry::cli
