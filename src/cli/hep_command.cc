// `ferry hep listen udp://HOST:PORT [--print | --count | --to DB] [--tcp]`: a
// HEP3 receiver (src/hep/listener.h) that decodes every packet (hep3.h) and
// prints it as a JSON line (--print) or counts it (--count, the default),
// so a replay can be checked end to end. Packets that do not decode are
// counted and named on stderr; the exit code is 3 when any arrived. Stops
// after --max-packets, after --idle seconds without a packet, or on
// Ctrl-C/SIGTERM, and prints the counts on stderr.
// With --to, the packets are rows of a copy from the capture source
// (engines/hep/capture_source.h) into any target, run by the copy runner:
// one table (--table) with the hep_proto_* columns; refused packets go to
// the reject file.
#include <csignal>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "core/uri.h"
#include "hep/hep3.h"
#include "hep/listener.h"
#include "hep/packet_json.h"

namespace ferry::cli {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnStop(int) { g_stop = 1; }

struct ListenFlags {
  std::string endpoint;
  bool print = false, count = false, tcp = false;
  int64_t max_packets = 0;  // 0: no limit
  double idle = 0;          // 0: wait for ever
  // --to: a copy from the capture source.
  std::string to, table = "hep_capture";
  bool drop = false;
  CopyRun run;
};

// The copy of --to: source "hep+udp://HOST:PORT?table=..&max_packets=..&idle=..".
int RunCapture(const ListenFlags& f, const hep::Endpoint& endpoint) {
  CopyRun run = f.run;
  run.command = "hep listen";
  const std::string host = endpoint.host.find(':') != std::string::npos ? "[" + endpoint.host + "]" : endpoint.host;
  run.source = std::string(endpoint.tcp ? "hep+tcp://" : "hep+udp://") + host + ":" + std::to_string(endpoint.port) +
               "?table=" + PercentEncode(f.table);
  if (f.max_packets > 0) run.source += "&max_packets=" + std::to_string(f.max_packets);
  if (f.idle > 0) run.source += "&idle=" + std::to_string(f.idle);
  run.target = f.to;
  run.options.drop_existing = f.drop;
  run.no_checkpoint = true;  // live traffic cannot be read again
  return RunCopyJob(run);
}

int RunListen(const ListenFlags& f) {
  auto endpoint = hep::ParseEndpoint(f.endpoint);
  if (!endpoint.ok()) {
    PrintError(endpoint.status().message());
    return kExitUsage;
  }
  if (f.tcp) endpoint->tcp = true;
  if (!f.to.empty()) {
    if (f.print || f.count) {
      PrintError("--to writes the packets to a database; it goes without --print and --count");
      return kExitUsage;
    }
    return RunCapture(f, *endpoint);
  }
  auto listener = hep::Listener::Open(*endpoint);
  if (!listener.ok()) {
    PrintError(listener.status().ToString());
    return ExitCodeFor(listener.status());
  }
  std::signal(SIGINT, OnStop);
  std::signal(SIGTERM, OnStop);
  std::fprintf(stderr, "ferry: listening on %s\n", endpoint->ToString().c_str());
  int64_t good = 0, bad = 0;
  double idle_ms = 0;
  while (!g_stop && (f.max_packets == 0 || good + bad < f.max_packets)) {
    hep::Received got;
    Status st = (*listener)->Receive(200, &got);
    if (!st.ok()) {
      PrintError(st.ToString());
      return ExitCodeFor(st);
    }
    idle_ms = got.packets.empty() ? idle_ms + 200 : 0;
    if (f.idle > 0 && idle_ms >= f.idle * 1000) break;
    for (const auto& reason : got.garbage) {
      ++bad;
      std::fprintf(stderr, "ferry: refused: %s\n", reason.c_str());
    }
    for (const auto& bytes : got.packets) {
      auto packet = hep::DecodeHep3(bytes);
      if (!packet.ok()) {
        ++bad;
        std::fprintf(stderr, "ferry: refused a %zu-byte packet: %s\n", bytes.size(),
                     packet.status().message().c_str());
        continue;
      }
      ++good;
      if (f.print) std::printf("%s\n", hep::PacketJson(*packet).c_str());
    }
    std::fflush(stdout);
  }
  std::fprintf(stderr, "ferry: %lld packet(s) decoded, %lld refused\n", static_cast<long long>(good),
               static_cast<long long>(bad));
  if (f.count) std::printf("%lld\n", static_cast<long long>(good));
  return bad > 0 ? kExitRejected : kExitOk;
}

}  // namespace

Runner AddHepCommand(CLI::App& app) {
  auto flags = std::make_shared<ListenFlags>();
  CLI::App* hep = app.add_subcommand("hep", "HEP3 tools (docs/homer.md)");
  hep->require_subcommand(1);
  CLI::App* listen = hep->add_subcommand(
      "listen", "Receive HEP3 packets (UDP or TCP), decode them, and print or count them");
  listen->add_option("ENDPOINT", flags->endpoint, "udp://HOST:PORT or tcp://HOST:PORT (numeric address)")
      ->required();
  listen->add_flag("--print", flags->print, "Print each packet as a JSON line on stdout");
  listen->add_flag("--count", flags->count, "Print only the number of packets decoded, at the end");
  listen->add_flag("--tcp", flags->tcp, "Listen on TCP whatever the scheme says");
  listen->add_option("--max-packets", flags->max_packets, "Stop after N packets (decoded or refused)")
      ->check(CLI::NonNegativeNumber);
  listen->add_option("--idle", flags->idle, "Stop after this many seconds without a packet")
      ->check(CLI::NonNegativeNumber);
  listen->add_option("--to", flags->to,
                     "Write each packet as a row into this database (any target URI), columns as Homer's "
                     "hep_proto_* tables");
  listen->add_option("--table", flags->table, "--to: the table's name (default hep_capture)");
  listen->add_flag("--drop", flags->drop, "--to: replace a table of that name");
  listen->add_option("--reject-file", flags->run.reject_file,
                     "--to: where packets that do not decode go (default ferry-rejects.jsonl)");
  listen->add_option("--report", flags->run.report, "--to: write a run report (JSON, or HTML for .html)");
  listen->add_flag("--quiet,-q", flags->run.quiet, "--to: only warnings and errors");
  flags->run.no_progress = true;
  flags->run.batch_rows = 1000;
  return [flags] { return RunListen(*flags); };
}

}  // namespace ferry::cli
