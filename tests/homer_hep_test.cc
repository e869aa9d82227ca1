// `ferry homer hep` end to end: heplify-server's partitioned hep_proto_*
// tables (no primary key, id not indexed; reference homer.md part 2) in a
// real PostgreSQL, replayed as HEP3 packets over UDP and TCP into `ferry
// hep listen --to` a SQLite file. Every eligible row arrives once with its
// fields (IPv4 and IPv6, string and numeric capture ids, node names,
// capture passwords, empty correlation ids); a payload too large for HEP
// goes to the reject file with its table and id; --since/--until and
// --limit choose the rows; a run killed after a checkpoint resumes with
// nothing lost and nothing twice.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "hep/hep3.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

using Json = nlohmann::json;

// Waits until something holds `port` (the listener bound it).
void WaitBound(int type, int port) {
  for (int i = 0; i < 100; ++i) {
    int fd = socket(AF_INET, type, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool taken = type == SOCK_STREAM ? connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0
                                     : bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0;
    close(fd);
    if (taken) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL() << "the listener never bound port " << port;
}

// One captured row of the fixture, as the test expects it to arrive.
struct Expected {
  std::string table;
  Json header;  // protocol_header as stored
  std::string sid;
  int64_t micros = 0;  // create_date
};

constexpr int64_t kBase = 1709287200;  // 2024-03-01 10:00:00 UTC

std::string Timestamp(int64_t micros) {
  time_t secs = static_cast<time_t>(micros / 1000000);
  tm t{};
  gmtime_r(&secs, &t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", t.tm_year + 1900, t.tm_mon + 1,
                t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, static_cast<long long>(micros % 1000000));
  return buf;
}

std::string SqlString(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// homer_data as heplify-server makes it: three parent tables partitioned by
// create_date in 2 h steps (10:00-16:00 on 2024-03-01), per-partition
// indexes, no primary key. `rows` per table; rows from 14:00 on lie outside
// the replay window the tests give. Returns the rows by payload (unique).
std::map<std::string, Expected> HomerData(const std::string& pg, int rows) {
  std::string ddl;
  for (std::string t : {"hep_proto_1_call", "hep_proto_5_default", "hep_proto_100_default"}) {
    ddl += "CREATE TABLE " + t +
           " (id BIGSERIAL NOT NULL, sid varchar NOT NULL, create_date timestamptz NOT NULL DEFAULT "
           "CURRENT_TIMESTAMP, protocol_header jsonb NOT NULL, data_header jsonb NOT NULL, raw varchar NOT NULL) "
           "PARTITION BY RANGE (create_date);\n";
    for (int h = 10; h < 16; h += 2) {
      std::string part = t + "_20240301_" + std::to_string(h) + "00";
      ddl += "CREATE TABLE " + part + " PARTITION OF " + t + " FOR VALUES FROM ('2024-03-01 " + std::to_string(h) +
             ":00:00+00') TO ('2024-03-01 " + std::to_string(h + 2) + ":00:00+00');\n";
      ddl += "CREATE INDEX " + part + "_create_date ON " + part + " (create_date);\n";
      ddl += "CREATE INDEX " + part + "_sid ON " + part + " (sid);\n";
      ddl += "CREATE INDEX " + part + "_srcip ON " + part + " ((protocol_header->>'srcIp'));\n";
    }
  }
  Query(pg, ddl);
  std::map<std::string, Expected> out;
  std::string inserts;
  int type_of[] = {1, 5, 100};
  const char* tables[] = {"hep_proto_1_call", "hep_proto_5_default", "hep_proto_100_default"};
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < rows; ++i) {
      const int64_t micros = (kBase + int64_t{i} * 21600 / rows) * 1000000 + (i * 7919) % 1000000;
      const bool v6 = i % 5 == 0;
      Json h = Json::object();
      h["protocolFamily"] = v6 ? 10 : 2;
      h["protocol"] = i % 4 == 3 ? 6 : 17;
      h["srcIp"] = v6 ? "2001:db8::" + std::to_string(i % 200 + 1) : "192.0.2." + std::to_string(i % 250 + 1);
      h["dstIp"] = v6 ? "2001:db8:1::7" : "198.51.100.7";
      h["srcPort"] = 5060 + i % 10;
      h["dstPort"] = 5080;
      if (i % 7 != 0) {  // some rows carry no HEP time: it comes from create_date
        h["timeSeconds"] = micros / 1000000;
        h["timeUseconds"] = micros % 1000000;
      }
      h["payloadType"] = type_of[k];
      if (i % 3 == 0) h["captureId"] = "edge-sbc-" + std::to_string(i % 2);
      if (i % 3 == 1) h["captureId"] = "2001";
      if (i % 3 == 2) h["captureId"] = 77;  // a JSON number, as before 2019
      if (i % 4 == 0) h["capturePass"] = "myHep";
      const std::string cid = i % 2 == 0 ? "" : "cid-" + std::to_string(k) + "-" + std::to_string(i);
      h["correlation_id"] = cid;
      const std::string sid = "sid-" + std::to_string(k) + "-" + std::to_string(i) + "@host";
      std::string raw = k == 0 ? "INVITE sip:" + std::to_string(i) + "@example.com SIP/2.0\r\nCall-ID: " + sid +
                                     "\r\nSubject: caf\xc3\xa9 'quoted'\r\n\r\n"
                               : k == 1 ? R"({"type":200,"ssrc":)" + std::to_string(i) + "}"
                                        : "log line " + std::to_string(i) + " of " + tables[k];
      inserts += std::string("INSERT INTO ") + tables[k] +
                 " (sid, create_date, protocol_header, data_header, raw) VALUES (" + SqlString(sid) + ", " +
                 SqlString(Timestamp(micros)) + ", " + SqlString(h.dump()) + ", '{}', " + SqlString(raw) + ");\n";
      Expected e;
      e.table = tables[k];
      e.sid = sid;
      e.micros = micros;
      // As it must arrive: time from create_date where the header had
      // none, the sid where the correlation id was empty, captureId as text.
      e.header = h;
      e.header["timeSeconds"] = micros / 1000000;
      e.header["timeUseconds"] = micros % 1000000;
      if (cid.empty()) e.header["correlation_id"] = sid;
      if (h["captureId"].is_number()) e.header["captureId"] = "77";
      out[raw] = e;
    }
  }
  Query(pg, inserts);
  return out;
}

std::string Ferry() { return std::getenv("FERRY_BIN"); }

// Runs `homer hep` once per entry of `crash` (FERRY_TEST_CRASH for that
// run; "" for none) while one `ferry hep listen --to` captures into
// `capture` until `expected_packets` arrived (or 8 s of silence).
struct Replay {
  RunResult listen;
  std::vector<RunResult> runs;
};
Replay ReplayInto(const std::string& capture, bool tcp, int expected_packets, const std::vector<std::string>& flags,
                  const std::vector<std::string>& crash = {""}, int port = 0) {
  const int type = tcp ? SOCK_STREAM : SOCK_DGRAM;
  if (port == 0) port = FreeLoopbackPort(type);
  const std::string endpoint = std::string(tcp ? "tcp" : "udp") + "://127.0.0.1:" + std::to_string(port);
  Replay r;
  r.listen = RunFerryWhile(
      {"hep", "listen", endpoint, "--to", capture, "--max-packets", std::to_string(expected_packets), "--idle", "8",
       "--quiet"},
      [&](int) {
        WaitBound(type, port);
        for (const auto& point : crash) {
          std::vector<std::string> args = {"homer", "hep", "--hep-target", "127.0.0.1:" + std::to_string(port),
                                           "--hep-proto", tcp ? "tcp" : "udp", "--no-progress"};
          args.insert(args.end(), flags.begin(), flags.end());
          if (!point.empty()) setenv("FERRY_TEST_CRASH", point.c_str(), 1);
          r.runs.push_back(RunFerry(args));
          unsetenv("FERRY_TEST_CRASH");
        }
      });
  return r;
}

// The captured rows by payload, with how often each arrived.
std::map<std::string, std::vector<Json>> Captured(const std::string& capture) {
  std::map<std::string, std::vector<Json>> out;
  for (const auto& row : Query(capture, "SELECT raw, protocol_header, sid FROM hep_capture")) {
    Json h = Json::parse(*row[1]);
    h["_sid"] = *row[2];
    out[*row[0]].push_back(h);
  }
  return out;
}

void ExpectArrivedOnce(const std::map<std::string, Expected>& rows, const std::map<std::string, std::vector<Json>>& got,
                       const std::function<bool(const Expected&)>& eligible) {
  size_t want = 0;
  for (const auto& [raw, e] : rows) {
    if (!eligible(e)) {
      EXPECT_EQ(got.count(raw), 0u) << "not eligible but arrived: " << raw;
      continue;
    }
    ++want;
    auto it = got.find(raw);
    ASSERT_NE(it, got.end()) << "missing: " << e.table << " " << raw;
    ASSERT_EQ(it->second.size(), 1u) << "arrived " << it->second.size() << " times: " << raw;
    const Json& h = it->second[0];
    for (const char* key : {"protocolFamily", "protocol", "srcIp", "dstIp", "srcPort", "dstPort", "timeSeconds",
                            "timeUseconds", "payloadType", "captureId", "correlation_id"})
      EXPECT_EQ(h[key], e.header[key]) << key << " of " << e.table << ": " << raw;
    EXPECT_EQ(h.value("capturePass", ""), e.header.value("capturePass", "")) << raw;
    // The capture's sid is the correlation id it received.
    EXPECT_EQ(h["_sid"], e.header["correlation_id"]) << raw;
  }
  EXPECT_EQ(got.size(), want);
}

bool InWindow(const Expected& e) { return e.micros < (kBase + 4 * 3600) * 1000000LL; }

TEST(HomerHep, UdpReplayDeliversEveryRowOnceAndRejectsWhatHepCannotCarry) {
  const std::string pg = FreshDatabase("postgres");
  auto rows = HomerData(pg, 60);
  // A payload no HEP3 packet can carry (u16 lengths): rejected, never cut.
  Query(pg, "INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, data_header, raw) VALUES ('big', "
            "'2024-03-01 10:30:00+00', '{\"srcIp\":\"10.0.0.1\",\"dstIp\":\"10.0.0.2\"}', '{}', repeat('x', 70000))");
  const int big_id = std::stoi(*Query(pg, "SELECT id FROM hep_proto_1_call WHERE sid = 'big'")[0][0]);
  size_t eligible = 0;
  for (const auto& [raw, e] : rows) eligible += InWindow(e);
  const std::string dir = TempDir();
  const std::string capture = "sqlite://" + dir + "/capture.db";
  const std::vector<std::string> flags = {
      "--pg-dsn", pg, "--since", "2024-03-01T10:00:00Z", "--until", "2024-03-01T14:00:00Z", "--rate", "0",
      "--checkpoint", dir + "/cp.json", "--reject-file", dir + "/rejects.jsonl",
      "--tables", "hep_proto_1_call,hep_proto_5_default,hep_proto_100_default,hep_proto_35_default"};
  const int port = FreeLoopbackPort(SOCK_DGRAM);
  auto r = ReplayInto(capture, false, static_cast<int>(eligible), flags, {""}, port);
  const RunResult& replay = r.runs.at(0);
  EXPECT_EQ(replay.exit_code, 3) << replay.err;  // one row rejected
  EXPECT_EQ(r.listen.exit_code, 0) << r.listen.err;
  EXPECT_NE(replay.err.find("hep_proto_35_default: 0 rows (homer_data has no such table)"), std::string::npos)
      << replay.err;
  std::ifstream rejects(dir + "/rejects.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(rejects, line));
  EXPECT_NE(line.find("hep_proto_1_call id " + std::to_string(big_id)), std::string::npos) << line;
  EXPECT_NE(line.find("65529"), std::string::npos) << line;
  EXPECT_FALSE(std::getline(rejects, line)) << "one reject only: " << line;
  ExpectArrivedOnce(rows, Captured(capture), InWindow);
  // The finished replay's checkpoint stays: the same replay again sends
  // nothing (a receiver cannot tell a packet sent twice).
  EXPECT_TRUE(std::filesystem::exists(dir + "/cp.json"));
  auto again = ReplayInto("sqlite://" + dir + "/again.db", false, 1, flags, {""}, port);
  EXPECT_EQ(again.runs.at(0).exit_code, 0) << again.runs[0].err;
  EXPECT_NE(again.runs[0].err.find("this run finished before"), std::string::npos) << again.runs[0].err;
  EXPECT_EQ(Query("sqlite://" + dir + "/again.db", "SELECT count(*) FROM hep_capture")[0][0], "0");
  // The password of the source DSN is never printed.
  EXPECT_EQ(replay.err.find(kPassword), std::string::npos);
  EXPECT_EQ(replay.out.find(kPassword), std::string::npos);
}

// Seed 000's --dry-run: "reconstruct packets but don't send them; useful
// to validate the source". Every row is built (the one HEP cannot carry is
// rejected, as in a replay), nothing reaches a socket bound on the target
// port, and no checkpoint is written, so the real replay after it sends all.
TEST(HomerHep, DryRunBuildsEveryPacketAndSendsNothing) {
  const std::string pg = FreshDatabase("postgres");
  auto rows = HomerData(pg, 30);
  Query(pg, "INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, data_header, raw) VALUES ('big', "
            "'2024-03-01 10:30:00+00', '{\"srcIp\":\"10.0.0.1\",\"dstIp\":\"10.0.0.2\"}', '{}', repeat('x', 70000))");
  const std::string dir = TempDir();
  const int port = FreeLoopbackPort(SOCK_DGRAM);
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  auto run = RunFerry({"homer", "hep", "--pg-dsn", pg, "--hep-target", "127.0.0.1:" + std::to_string(port),
                       "--checkpoint", dir + "/cp.json", "--reject-file", dir + "/rejects.jsonl", "--dry-run",
                       "--no-progress", "--tables", "hep_proto_1_call,hep_proto_5_default,hep_proto_100_default"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;  // the row HEP cannot carry
  EXPECT_NE(run.err.find("none is sent, no checkpoint is written"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find(" " + std::to_string(rows.size()) + " "), std::string::npos)
      << "every other row built: " << run.out;
  std::ifstream rejects(dir + "/rejects.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(rejects, line));
  EXPECT_NE(line.find("65529"), std::string::npos) << line;
  EXPECT_FALSE(std::filesystem::exists(dir + "/cp.json")) << "a dry run records no progress";
  pollfd p{sock, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 300), 0) << "a packet arrived";
  close(sock);
}

const std::vector<std::string> kTables = {"--tables", "hep_proto_1_call,hep_proto_5_default,hep_proto_100_default"};

TEST(HomerHep, TcpReplayKilledAfterACheckpointResumesWithNothingLostOrTwice) {
  const std::string pg = FreshDatabase("postgres");
  auto rows = HomerData(pg, 50);
  const std::string dir = TempDir();
  const std::string capture = "sqlite://" + dir + "/capture.db";
  // Batches of 20 rows; the first run is killed right after its third
  // checkpoint was recorded, the second resumes from it.
  std::vector<std::string> flags = {"--pg-dsn", pg, "--rate", "0", "--batch-size", "20", "--checkpoint",
                                    dir + "/cp.json"};
  flags.insert(flags.end(), kTables.begin(), kTables.end());
  auto r = ReplayInto(capture, true, static_cast<int>(rows.size()), flags, {"hep-recorded:3", ""});
  ASSERT_EQ(r.runs.size(), 2u);
  EXPECT_EQ(r.runs[0].exit_code, 128 + 9) << r.runs[0].err;
  EXPECT_EQ(r.runs[1].exit_code, 0) << r.runs[1].err;
  EXPECT_NE(r.runs[1].err.find("resum"), std::string::npos) << r.runs[1].err;
  EXPECT_EQ(r.listen.exit_code, 0) << r.listen.err;
  ExpectArrivedOnce(rows, Captured(capture), [](const Expected&) { return true; });
}

TEST(HomerHep, TcpReplayKilledBetweenDeliveryAndCheckpointSendsThatBatchAgain) {
  // The one window no sender can close without the receiver's help: the
  // receiver has a batch, the checkpoint does not say so yet. The resumed
  // run sends that batch (20 rows) again, and nothing else twice.
  const std::string pg = FreshDatabase("postgres");
  auto rows = HomerData(pg, 50);
  const std::string dir = TempDir();
  const std::string capture = "sqlite://" + dir + "/capture.db";
  std::vector<std::string> flags = {"--pg-dsn", pg, "--rate", "0", "--batch-size", "20", "--checkpoint",
                                    dir + "/cp.json"};
  flags.insert(flags.end(), kTables.begin(), kTables.end());
  auto r = ReplayInto(capture, true, static_cast<int>(rows.size()) + 20, flags, {"hep-delivered:2", ""});
  ASSERT_EQ(r.runs.size(), 2u);
  EXPECT_EQ(r.runs[0].exit_code, 128 + 9) << r.runs[0].err;
  EXPECT_EQ(r.runs[1].exit_code, 0) << r.runs[1].err;
  auto got = Captured(capture);
  size_t twice = 0;
  for (const auto& [raw, e] : rows) {
    ASSERT_EQ(got.count(raw), 1u) << "missing: " << raw;
    EXPECT_LE(got[raw].size(), 2u);
    if (got[raw].size() == 2) {
      ++twice;
      // Tables go in name order: the second batch is rows 21-40 of the first.
      EXPECT_EQ(e.table, "hep_proto_100_default");
    }
  }
  EXPECT_EQ(twice, 20u);
}

// A TCP receiver taking one connection after another (ferry opens one per
// table) that drops the connection it is reading once `drop_after`
// packets arrived in all, as a node restarting would: what its socket holds
// is read without waiting, then it closes (a packet the kernel had
// acknowledged but the receiver never read is lost to any TCP sender).
// Ends when no connection comes for 3 s. Returns the payloads and how many
// connections came.
std::pair<std::vector<std::string>, int> ServeDroppingOnce(int listen_fd, size_t drop_after) {
  std::vector<std::string> got;
  int connections = 0;
  bool dropped = false;
  for (;;) {
    pollfd p{listen_fd, POLLIN, 0};
    if (poll(&p, 1, 3000) <= 0) break;
    int fd = accept(listen_fd, nullptr, nullptr);
    if (fd < 0) break;
    ++connections;
    std::string buf;
    char chunk[65536];
    bool draining = false;
    for (;;) {
      ssize_t n = recv(fd, chunk, sizeof chunk, draining ? MSG_DONTWAIT : 0);
      if (n <= 0) break;
      buf.append(chunk, static_cast<size_t>(n));
      while (buf.size() >= 6) {
        const size_t len = (static_cast<unsigned char>(buf[4]) << 8) | static_cast<unsigned char>(buf[5]);
        if (buf.size() < len) break;
        auto packet = hep::DecodeHep3(std::string_view(buf).substr(0, len));
        if (packet.ok()) got.push_back(packet->payload);
        buf.erase(0, len);
      }
      if (!dropped && got.size() >= drop_after) draining = dropped = true;
    }
    close(fd);
  }
  return {got, connections};
}

TEST(HomerHep, TcpReconnectsAndResumesFromTheCheckpointWhenTheReceiverDrops) {
  const std::string pg = FreshDatabase("postgres");
  auto rows = HomerData(pg, 40);
  const std::string dir = TempDir();
  int listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&a), &len);
  listen(listen_fd, 4);
  std::pair<std::vector<std::string>, int> got;
  std::thread server([&] { got = ServeDroppingOnce(listen_fd, 50); });
  std::vector<std::string> args = {"homer", "hep", "--pg-dsn", pg, "--hep-proto", "tcp", "--hep-target",
                                   "127.0.0.1:" + std::to_string(ntohs(a.sin_port)), "--rate", "400", "--checkpoint",
                                   dir + "/cp.json", "--no-progress"};
  args.insert(args.end(), kTables.begin(), kTables.end());
  auto run = RunFerry(args);
  server.join();
  close(listen_fd);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(got.second, 4) << "one connection per table, and one more after the drop";
  std::map<std::string, int> seen;
  for (const auto& payload : got.first) seen[payload]++;
  int twice = 0;
  for (const auto& [raw, e] : rows) {
    ASSERT_EQ(seen.count(raw), 1u) << "lost: " << raw;
    twice += seen[raw] - 1;
  }
  // Only what the receiver took after the last checkpoint comes again:
  // at most the batch in flight (--rate 400 reads batches of 40).
  EXPECT_LE(twice, 40) << run.err;
  EXPECT_NE(run.err.find("retry"), std::string::npos) << run.err;
  EXPECT_EQ(seen.size(), rows.size());
}

TEST(HomerHep, LimitIsOneBudgetOverTheTablesInTurn) {
  const std::string pg = FreshDatabase("postgres");
  auto rows = HomerData(pg, 30);
  const std::string dir = TempDir();
  const std::string capture = "sqlite://" + dir + "/capture.db";
  std::vector<std::string> flags = {"--pg-dsn", pg, "--rate", "0", "--limit", "45", "--checkpoint", dir + "/cp.json"};
  flags.insert(flags.end(), kTables.begin(), kTables.end());
  auto r = ReplayInto(capture, false, 45, flags);
  EXPECT_EQ(r.runs.at(0).exit_code, 0) << r.runs[0].err;
  std::map<std::string, int> per_table;
  for (const auto& [raw, v] : Captured(capture)) {
    ASSERT_EQ(v.size(), 1u);
    per_table[rows.at(raw).table]++;
  }
  EXPECT_EQ(per_table["hep_proto_1_call"], 30);
  EXPECT_EQ(per_table["hep_proto_5_default"], 15);
  EXPECT_EQ(per_table["hep_proto_100_default"], 0);
  EXPECT_NE(r.runs[0].err.find("hep_proto_100_default: left out (--limit 45 reached)"), std::string::npos)
      << r.runs[0].err;
}

TEST(HomerHep, RateSpreadsPacketsEvenly) {
  // 300 packets at --rate 200 take 1.5 s, sent in groups of 16 (not one
  // burst per batch): the listener sees them arrive over that time.
  const std::string pg = FreshDatabase("postgres");
  HomerData(pg, 100);
  const std::string dir = TempDir();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> flags = {"--pg-dsn", pg, "--rate", "200", "--checkpoint", dir + "/cp.json"};
  flags.insert(flags.end(), kTables.begin(), kTables.end());
  auto r = ReplayInto("sqlite://" + dir + "/capture.db", false, 300, flags);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.runs.at(0).exit_code, 0) << r.runs[0].err;
  EXPECT_EQ(Query("sqlite://" + dir + "/capture.db", "SELECT count(*) FROM hep_capture")[0][0], "300");
  EXPECT_GE(seconds, 1.4);
}

TEST(HomerHep, BadFlagsAreRefusedBeforeAnythingIsSent) {
  const std::string pg = FreshDatabase("postgres");
  HomerData(pg, 3);
  auto proto = RunFerry({"homer", "hep", "--pg-dsn", pg, "--hep-proto", "sctp"});
  EXPECT_EQ(proto.exit_code, 2);
  EXPECT_NE(proto.err.find("--hep-proto is 'sctp'; it takes udp or tcp"), std::string::npos) << proto.err;
  auto target = RunFerry({"homer", "hep", "--pg-dsn", pg, "--hep-target", "homer"});
  EXPECT_EQ(target.exit_code, 2);
  EXPECT_NE(target.err.find("needs HOST:PORT"), std::string::npos) << target.err;
  auto since = RunFerry({"homer", "hep", "--pg-dsn", pg, "--since", "yesterday"});
  EXPECT_EQ(since.exit_code, 2);
  EXPECT_NE(since.err.find("--since 'yesterday' is not an RFC 3339 time"), std::string::npos) << since.err;
  auto none = RunFerry({"homer", "hep", "--pg-dsn", pg, "--tables", "hep_proto_54_default"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("none of --tables (hep_proto_54_default) is in homer_data"), std::string::npos) << none.err;
  auto not_hep = RunFerry({"copy", FreshDatabase("sqlite"), "hep+udp://127.0.0.1:9"});
  EXPECT_NE(not_hep.exit_code, 0);
  const std::string dir = TempDir();
  auto dry = RunFerry({"homer", "hep", "--pg-dsn", pg, "--dry-run", "--checkpoint", dir + "/cp.json",
                       "--hep-target", "127.0.0.1:9"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  // Every row read and built into a packet: the summary's total line.
  std::istringstream summary(dry.out);
  std::string line, word, read, built;
  while (std::getline(summary, line))
    if (std::istringstream(line) >> word && word == "total") std::istringstream(line) >> word >> read >> built;
  EXPECT_EQ(read, "9") << dry.out;
  EXPECT_EQ(built, "9") << dry.out;
  EXPECT_FALSE(std::filesystem::exists(dir + "/cp.json"));
}

}  // namespace
}  // namespace ferry::test
