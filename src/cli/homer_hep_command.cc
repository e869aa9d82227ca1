// `ferry homer hep --pg-dsn URI [--hep-target HOST:PORT] [--hep-proto udp|tcp]
// [--tables ...] [--since T] [--until T] [--rate N] [--batch-size N]
// [--limit N] [--hep-capture-id N] [--checkpoint FILE] [--dry-run]`:
// Homer 7's captured rows (PostgreSQL homer_data, heplify-server's
// hep_proto_* tables) replayed as HEP3 packets into a running Homer node,
// flag for flag as homer-core's `migrate hep` (seed 000, docs/homer.md).
// A copy into the HEP sink (engines/hep/hep_sink.h) run by the copy runner:
// the executor reads each table in (create_date, id) order, which resumes
// after a kill from the checkpoint file, paces to --rate and rejects rows
// that cannot be a packet. Tables are replayed one after another, in name
// order (as homer-core sorts them); a table homer_data lacks replays 0
// rows, named. --limit is one budget spent in the order --tables gives.
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "core/temporal.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "engines/hep/hep_sink.h"
#include "report/log.h"

namespace ferry::cli {

namespace {

constexpr char kDefaultTables[] =
    "hep_proto_1_call,hep_proto_1_default,hep_proto_1_registration,hep_proto_5_default,hep_proto_100_default";

struct HepFlags {
  std::string pg_dsn;
  std::string hep_target = "127.0.0.1:9060";
  std::string hep_proto = "udp";
  uint32_t capture_id = 0;
  std::string tables = kDefaultTables;
  std::string since, until;
  int64_t limit = 0;
  std::string checkpoint = "homer7-migrate.checkpoint.json";
  CopyRun run;
};

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// "hep+udp://HOST:PORT?checkpoint=FILE&capture_id=N" from the flags; a
// dry run's "?build_only=1" instead of the checkpoint (hep_sink.h).
Result<std::string> TargetUri(const HepFlags& f) {
  if (f.hep_proto != "udp" && f.hep_proto != "tcp")
    return Status::InvalidInput("--hep-proto is '" + f.hep_proto + "'; it takes udp or tcp");
  if (f.hep_target.find(':') == std::string::npos)
    return Status::InvalidInput("--hep-target '" + f.hep_target + "' needs HOST:PORT (e.g. 127.0.0.1:9060)");
  if (f.checkpoint.empty()) return Status::InvalidInput("--checkpoint needs a file name");
  std::string uri = "hep+" + f.hep_proto + "://" + f.hep_target +
                    (f.run.dry_run ? "?build_only=1" : "?checkpoint=" + PercentEncode(f.checkpoint));
  if (f.capture_id != 0) uri += "&capture_id=" + std::to_string(f.capture_id);
  FERRY_RETURN_NOT_OK(ParseUri(uri, "--hep-target").status());
  return uri;
}

// The tables to replay: those of --tables homer_data has. With --limit, each table's share of the one budget: what the
// tables before it hold inside --since/--until is spent first.
Status ChooseTables(const HepFlags& f, CopyOptions* options) {
  FERRY_ASSIGN_OR_RETURN(Uri uri, ParseUri(f.pg_dsn, "--pg-dsn"));
  if (uri.scheme != "postgres")
    return Status::InvalidInput("--pg-dsn must name homer_data on PostgreSQL (postgres://...)");
  FERRY_ASSIGN_OR_RETURN(auto db, OpenDatabase(uri, AccessMode::kReadOnly));
  FERRY_ASSIGN_OR_RETURN(Catalog catalog, db->Introspect());
  int64_t budget = f.limit;
  for (const auto& table : Split(f.tables)) {
    if (!catalog.FindTable(table)) {
      log::Info("homer", table + ": 0 rows (homer_data has no such table)");
      continue;
    }
    if (f.limit > 0 && budget <= 0) {
      log::Info("homer", table + ": left out (--limit " + std::to_string(f.limit) + " reached)");
      continue;
    }
    options->tables.push_back(table);
    if (f.limit <= 0) continue;
    std::string sql = "SELECT count(*) FROM " + db->dialect().QuoteIdent(table) + " WHERE true";
    if (options->since_micros) sql += " AND create_date >= '" + FormatTimestamp(*options->since_micros) + "+00'";
    if (options->until_micros) sql += " AND create_date < '" + FormatTimestamp(*options->until_micros) + "+00'";
    FERRY_ASSIGN_OR_RETURN(int64_t rows, db->QueryInt(sql));
    options->table_limits[table] = budget;
    budget -= rows;
  }
  if (options->tables.empty())
    return Status::InvalidInput("none of --tables (" + f.tables + ") is in homer_data: nothing to replay");
  return Status::OK();
}

int RunHep(HepFlags f) {
  CopyRun& run = f.run;
  run.command = "homer hep";
  run.source = f.pg_dsn;
  auto target = TargetUri(f);
  if (!target.ok()) {
    PrintError(target.status().message());
    return kExitUsage;
  }
  run.target = *target;
  for (const auto& [flag, text, out] : {std::tuple{"--since", f.since, &run.options.since_micros},
                                        std::tuple{"--until", f.until, &run.options.until_micros}}) {
    if (text.empty()) continue;
    auto micros = ParseTimestamp(text);
    if (!micros) {
      PrintError(std::string(flag) + " '" + text + "' is not an RFC 3339 time (2024-01-01T00:00:00Z)");
      return kExitUsage;
    }
    *out = *micros;
  }
  run.options.time_column = "create_date";
  if (Status st = ChooseTables(f, &run.options); !st.ok()) {
    PrintError(st.ToString());
    return ExitCodeFor(st);
  }
  if (run.jobs == 0) run.jobs = 1;  // one table after another, as homer-core replays them
  if (run.dry_run) {
    // Seed 000's --dry-run: "reconstruct packets but don't send them;
    // useful to validate the source". So every row is read and built as
    // a replay would build it (a row that cannot be a packet is rejected,
    // named in the reject file), at full speed, and nothing is sent or
    // recorded: no socket, no checkpoint.
    run.dry_run = false;
    run.no_checkpoint = true;
    run.rate = 0;
    log::Info("homer", "--dry-run: every packet is built and counted; none is sent, no checkpoint is written");
  }
  return RunCopyJob(run);
}

}  // namespace

Runner AddHomerHepCommand(CLI::App* homer) {
  auto flags = std::make_shared<HepFlags>();
  flags->run.rate = 5000;
  flags->run.batch_rows = 5000;
  CLI::App* cmd = homer->add_subcommand(
      "hep", "Replay Homer 7's captured SIP/RTCP/LOG rows (PostgreSQL homer_data, hep_proto_* tables) as HEP3 "
             "packets into a running Homer node; resumable from a checkpoint file");
  cmd->add_option("--pg-dsn", flags->pg_dsn, "homer_data: postgres://user:pw@host:5432/homer_data?sslmode=disable")
      ->required();
  cmd->add_option("--hep-target", flags->hep_target, "HOST:PORT of the node's HEP listener (default 127.0.0.1:9060)");
  cmd->add_option("--hep-proto", flags->hep_proto, "udp or tcp (default udp)");
  cmd->add_option("--hep-capture-id", flags->capture_id,
                  "Capture agent id (chunk 0x000c) of every packet; 0 keeps each row's own (default 0)");
  cmd->add_option("--tables", flags->tables, std::string("Source tables, comma-separated (default ") +
                                                 kDefaultTables + ")");
  cmd->add_option("--since", flags->since, "Only rows with create_date at or after this time (RFC 3339)");
  cmd->add_option("--until", flags->until, "Only rows with create_date before this time (RFC 3339)");
  cmd->add_option("--limit", flags->limit, "Stop after N rows in all (0 = no limit)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--checkpoint", flags->checkpoint,
                  "Resume file, replaced after each delivered batch (default homer7-migrate.checkpoint.json)");
  AddRunFlags(cmd, &flags->run);
  return [flags] { return RunHep(*flags); };
}

}  // namespace ferry::cli
