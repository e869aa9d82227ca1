// `ferry run PLAN.yaml`: a migration written down (docs/plans.md): which
// tables, what they are called in the target, which columns are renamed or
// left out, filters and merge keys. It becomes an ordinary copy Plan and
// runs through the same executor as `ferry copy`, resumable the same way.
#include <map>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "plan/plan_file.h"

namespace ferry::cli {

namespace {

struct RunFlags {
  std::string plan_path;
  std::vector<std::string> sets;
  bool drop = false;
  CopyRun run;
};

int RunPlan(RunFlags f) {
  auto sets = ParseSets(f.sets);
  if (!sets.ok()) {
    PrintError(sets.status().message());
    return kExitUsage;
  }
  auto plan = LoadPlanFile(f.plan_path, *sets);
  if (!plan.ok()) {
    PrintError(plan.status().message());
    return ExitCodeFor(plan.status());
  }
  if (plan->source.empty() || plan->target.empty()) {
    PrintError(f.plan_path + ": the plan needs source: and target: (URIs; ${NAME} takes --set NAME=..)");
    return kExitUsage;
  }
  CopyRun run = std::move(f.run);
  run.command = "run";
  run.source = plan->source;
  run.target = plan->target;
  run.options = std::move(plan->options);
  run.options.drop_existing = f.drop;
  return RunCopyJob(run);
}

}  // namespace

Runner AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* cmd = app.add_subcommand("run", "Run a migration plan (YAML: tables, renames, filters, keys)");
  cmd->add_option("PLAN", flags->plan_path, "The plan file (see docs/plans.md)")->required();
  cmd->add_option("--set", flags->sets, "NAME=VALUE for ${NAME} in the plan (repeatable; else the environment)");
  cmd->add_flag("--drop", flags->drop, "Drop target tables of the same name before creating them");
  AddRunFlags(cmd, &flags->run);
  return [flags] { return RunPlan(*flags); };
}

}  // namespace ferry::cli
