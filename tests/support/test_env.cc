#include "support/test_env.h"

#include <arpa/inet.h>
#include <duckdb.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/uri.h"

extern char** environ;

namespace ferry::test {

namespace fs = std::filesystem;

namespace {

// Servers started so far, so that Die() can stop them: a test binary that
// cannot start its servers must not leave the other one running.
std::vector<pid_t> g_started_pids;             // mariadbd
std::vector<std::vector<std::string>> g_started_pg_stops;  // pg_ctl stop commands

void StopStartedServers();

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "test_env: %s\n", what.c_str());
  std::fflush(stderr);
  StopStartedServers();
  std::_Exit(2);
}

const std::string& Root() {
  // Never destroyed: the exit-time cleanup below still needs it.
  static const std::string& root = *new std::string([] {
    std::string tmpl = (fs::temp_directory_path() / "ferry-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) Die("mkdtemp failed");
    // World-traversable: the PostgreSQL server runs as an unprivileged user.
    chmod(tmpl.c_str(), 0755);
    return tmpl;
  }());
  return root;
}

// Runs a command (argv, no shell); returns exit code, output in *out.
int Run(const std::vector<std::string>& argv, std::string* out = nullptr) {
  std::string log = Root() + "/cmd-" + std::to_string(getpid()) + ".log";
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) Die("cannot run " + argv[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) {
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int FreePort() { return FreeLoopbackPort(SOCK_STREAM); }


std::string FindPgBin() {
  for (const char* dir : {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin"})
    if (fs::exists(std::string(dir) + "/initdb")) return dir;
  Die("PostgreSQL server binaries not found (run scripts/setup.sh --servers)");
}

// Prefix that runs a command as the unprivileged postgres user when we are root.
std::vector<std::string> AsPg(std::vector<std::string> argv) {
  if (geteuid() != 0) return argv;
  std::vector<std::string> out = {"runuser", "-u", "postgres", "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

void StopStartedServers() {
  for (pid_t p : g_started_pids) kill(p, SIGKILL);
  for (const auto& argv : g_started_pg_stops) Run(argv);
}

struct PostgresServer {
  int port = 0;
  std::string dir, bin;
  PostgresServer() {
    bin = FindPgBin();
    dir = Root() + "/pg";
    fs::create_directories(dir);
    if (geteuid() == 0) Run({"chown", "-R", "postgres:postgres", dir});
    std::string pwfile = dir + "/pw";
    std::ofstream(pwfile) << kPassword << "\n";
    if (geteuid() == 0) Run({"chown", "postgres:postgres", pwfile});
    std::string out;
    if (Run(AsPg({bin + "/initdb", "-D", dir + "/data", "-U", kUser, "--pwfile=" + pwfile,
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                  "--locale=C.UTF-8"}),
            &out) != 0)
      Die("initdb failed:\n" + out);
    port = FreePort();
    opts = "-p " + std::to_string(port) + " -k " + dir +
                       " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                       " -c full_page_writes=off -c max_connections=200";
    if (Run(AsPg({bin + "/pg_ctl", "-D", dir + "/data", "-l", dir + "/log", "-w", "-o", opts,
                  "start"}),
            &out) != 0) {
      std::ifstream in(dir + "/log");
      std::stringstream ss;
      ss << in.rdbuf();
      Die("PostgreSQL failed to start:\n" + out + ss.str());
    }
    g_started_pg_stops.push_back(AsPg({bin + "/pg_ctl", "-D", dir + "/data", "-m", "immediate", "stop"}));
  }
  ~PostgresServer() { Run(AsPg({bin + "/pg_ctl", "-D", dir + "/data", "-m", "immediate", "stop"})); }
  void Restart(double down_seconds) {
    std::string out;
    Run(AsPg({bin + "/pg_ctl", "-D", dir + "/data", "-m", "fast", "stop"}), &out);
    std::this_thread::sleep_for(std::chrono::duration<double>(down_seconds));
    if (Run(AsPg({bin + "/pg_ctl", "-D", dir + "/data", "-l", dir + "/log", "-w", "-o", opts, "start"}), &out) != 0)
      Die("PostgreSQL failed to restart:\n" + out);
  }
  std::string opts;
};

// A private certificate authority, a server certificate it signs for
// 127.0.0.1 and localhost, and a second CA that signed nothing (what a
// client trusting the wrong authority holds). EC keys: fast to make.
void MakeTlsFiles(const std::string& tls) {
  fs::create_directories(tls);
  std::ofstream(tls + "/san.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  std::vector<std::string> ec = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                 "-nodes"};
  auto req = [&](std::vector<std::string> head, std::vector<std::string> tail) {
    head.insert(head.end(), ec.begin(), ec.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  std::vector<std::vector<std::string>> steps = {
      req({"openssl", "req", "-x509"},
          {"-days", "3", "-subj", "/CN=ferry test CA", "-keyout", tls + "/ca-key.pem", "-out",
           tls + "/ca.pem"}),
      req({"openssl", "req", "-x509"},
          {"-days", "3", "-subj", "/CN=some other CA", "-keyout", tls + "/other-ca-key.pem",
           "-out", tls + "/other-ca.pem"}),
      req({"openssl", "req"},
          {"-subj", "/CN=127.0.0.1", "-keyout", tls + "/server-key.pem", "-out",
           tls + "/server.csr"}),
      {"openssl", "x509", "-req", "-in", tls + "/server.csr", "-CA", tls + "/ca.pem", "-CAkey",
       tls + "/ca-key.pem", "-CAcreateserial", "-days", "3", "-extfile", tls + "/san.ext", "-out",
       tls + "/server.pem"}};
  for (const auto& step : steps) {
    std::string out;
    if (Run(step, &out) != 0) Die("openssl failed (is the openssl package installed?):\n" + out);
  }
}

struct MariadbServer {
  int port = 0;
  std::string dir, sock;
  pid_t pid = -1;
  MariadbServer() {
    dir = Root() + "/mariadb";
    fs::create_directories(dir + "/data");
    sock = dir + "/mysqld.sock";
    std::string out;
    // A private tmpdir: two test binaries bootstrapping at once must not
    // share temporary table files.
    fs::create_directories(dir + "/tmp");
    std::vector<std::string> install = {"mariadb-install-db", "--no-defaults",
                                        "--datadir=" + dir + "/data", "--tmpdir=" + dir + "/tmp",
                                        "--auth-root-authentication-method=normal",
                                        "--skip-test-db"};
    if (geteuid() == 0) install.push_back("--user=root");
    if (Run(install, &out) != 0) Die("mariadb-install-db failed:\n" + out);
    MakeTlsFiles(dir + "/tls");
    // Another test binary may start a server at the same moment and take the
    // same free port: wait for our own server's socket, and on a bind
    // failure (the server exits) try again with a new port.
    MYSQL* m = nullptr;
    for (int attempt = 0; attempt < 3 && !m; ++attempt) {
      port = FreePort();
      argv = {"mariadbd", "--no-defaults", "--datadir=" + dir + "/data",
                                       "--tmpdir=" + dir + "/tmp",
                                       "--socket=" + sock, "--port=" + std::to_string(port),
                                       "--bind-address=127.0.0.1", "--local-infile=1",
                                       "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin",
                                       "--innodb-buffer-pool-size=256M", "--max-connections=300",
                                       "--ssl-ca=" + dir + "/tls/ca.pem",
                                       "--ssl-cert=" + dir + "/tls/server.pem",
                                       "--ssl-key=" + dir + "/tls/server-key.pem",
                                       "--log-error=" + dir + "/error.log",
                                       "--pid-file=" + dir + "/mysqld.pid"};
      if (geteuid() == 0) argv.push_back("--user=root");
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      if (posix_spawnp(&pid, "mariadbd", nullptr, nullptr, args.data(), environ) != 0)
        Die("cannot start mariadbd");
      g_started_pids.push_back(pid);
      for (int i = 0; i < 600; ++i) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {  // exited: port taken, or worse
          pid = -1;
          break;
        }
        MYSQL* c = mysql_init(nullptr);
        if (mysql_real_connect(c, nullptr, "root", nullptr, nullptr, 0, sock.c_str(), 0)) {
          m = c;
          break;
        }
        mysql_close(c);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    if (!m) {
      std::ifstream in(dir + "/error.log");
      std::stringstream ss;
      ss << in.rdbuf();
      Die("MariaDB did not start:\n" + ss.str());
    }
    std::string u = std::string("'") + kUser + "'@'%'";
    for (const std::string& sql :
         {"CREATE USER " + u + " IDENTIFIED BY '" + kPassword + "'",
          "GRANT ALL PRIVILEGES ON *.* TO " + u + " WITH GRANT OPTION",
          "CREATE USER '" + std::string(kUser) + "'@'localhost' IDENTIFIED BY '" + kPassword + "'",
          "GRANT ALL PRIVILEGES ON *.* TO '" + std::string(kUser) + "'@'localhost' WITH GRANT OPTION",
          std::string("FLUSH PRIVILEGES")})
      if (mysql_query(m, sql.c_str()) != 0) Die("MariaDB setup: " + sql + ": " + mysql_error(m));
    mysql_close(m);
  }
  // SIGTERM (the server drops every connection mid-statement and rolls
  // back, as in a restart), then the same command line.
  void Restart(double down_seconds) {
    int status;
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, &status, 0);
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(down_seconds));
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    if (posix_spawnp(&pid, "mariadbd", nullptr, nullptr, args.data(), environ) != 0) Die("cannot restart mariadbd");
    g_started_pids.push_back(pid);
    for (int i = 0; i < 600; ++i) {
      MYSQL* c = mysql_init(nullptr);
      bool up = mysql_real_connect(c, nullptr, "root", nullptr, nullptr, 0, sock.c_str(), 0) != nullptr;
      mysql_close(c);
      if (up) return;
      if (waitpid(pid, &status, WNOHANG) == pid) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    Die("MariaDB did not come back after a restart");
  }
  std::vector<std::string> argv;

  ~MariadbServer() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status;
      for (int i = 0; i < 100; ++i) {
        if (waitpid(pid, &status, WNOHANG) == pid) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
  }
};

std::mutex g_mu;
std::unique_ptr<PostgresServer> g_pg;
std::unique_ptr<MariadbServer> g_maria;

struct Cleanup {
  ~Cleanup() {
    g_pg.reset();
    g_maria.reset();
    if (!getenv("FERRY_KEEP_TEST_DIR")) {
      std::error_code ec;
      fs::remove_all(Root(), ec);
    }
  }
} g_cleanup;

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "_" + info->name() : "adhoc";
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_';
  if (out.size() > 48) out = out.substr(0, 40) + "_" + std::to_string(std::hash<std::string>{}(out) % 100000);
  return out;
}

// ---- per-engine clients ----

struct Outcome {
  std::string error;
  std::vector<Row> rows;
};

Outcome PgRun(const Uri& uri, const std::string& sql) {
  Outcome o;
  std::string conninfo = "host=" + uri.host + " port=" + std::to_string(uri.port) +
                         " user=" + uri.user + " password=" + uri.password +
                         " dbname=" + uri.path;
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    o.error = PQerrorMessage(c);
    PQfinish(c);
    return o;
  }
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  PQclear(PQexec(c, "SET TimeZone='UTC'"));
  PGresult* r = PQexec(c, sql.c_str());
  auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    o.error = PQresultErrorMessage(r);
  } else if (st == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(r); ++i) {
      Row row;
      for (int j = 0; j < PQnfields(r); ++j)
        row.push_back(PQgetisnull(r, i, j) ? std::nullopt
                                           : std::optional<std::string>(std::string(
                                                 PQgetvalue(r, i, j), PQgetlength(r, i, j))));
      o.rows.push_back(std::move(row));
    }
  }
  PQclear(r);
  PQfinish(c);
  return o;
}

Outcome MysqlRun(const Uri& uri, const std::string& sql) {
  Outcome o;
  MYSQL* m = mysql_init(nullptr);
  mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (!mysql_real_connect(m, uri.host.c_str(), uri.user.c_str(), uri.password.c_str(),
                          uri.path.empty() ? nullptr : uri.path.c_str(), uri.port, nullptr,
                          CLIENT_MULTI_STATEMENTS)) {
    o.error = mysql_error(m);
    mysql_close(m);
    return o;
  }
  mysql_query(m, "SET time_zone='+00:00'");
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
    o.error = mysql_error(m);
    mysql_close(m);
    return o;
  }
  do {
    MYSQL_RES* res = mysql_store_result(m);
    if (res) {
      o.rows.clear();
      unsigned n = mysql_num_fields(res);
      while (MYSQL_ROW r = mysql_fetch_row(res)) {
        unsigned long* len = mysql_fetch_lengths(res);
        Row row;
        for (unsigned j = 0; j < n; ++j)
          row.push_back(r[j] ? std::optional<std::string>(std::string(r[j], len[j])) : std::nullopt);
        o.rows.push_back(std::move(row));
      }
      mysql_free_result(res);
    } else if (mysql_errno(m)) {
      o.error = mysql_error(m);
      break;
    }
  } while (mysql_next_result(m) == 0);
  if (o.error.empty() && mysql_errno(m)) o.error = mysql_error(m);
  mysql_close(m);
  return o;
}

Outcome SqliteRun(const Uri& uri, const std::string& sql) {
  Outcome o;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(uri.path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    o.error = sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    return o;
  }
  const char* tail = sql.c_str();
  while (tail && *tail) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
      o.error = sqlite3_errmsg(db);
      break;
    }
    if (!st) continue;
    o.rows.clear();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      Row row;
      for (int j = 0; j < sqlite3_column_count(st); ++j) {
        if (sqlite3_column_type(st, j) == SQLITE_NULL) {
          row.push_back(std::nullopt);
        } else if (sqlite3_column_type(st, j) == SQLITE_FLOAT) {
          // SQLite's own text form keeps only 15 digits; show all of them.
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(st, j));
          row.push_back(std::string(buf));
        } else {
          const void* p = sqlite3_column_blob(st, j);
          int n = sqlite3_column_bytes(st, j);
          row.push_back(std::string(static_cast<const char*>(p ? p : ""), n));
        }
      }
      o.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) o.error = sqlite3_errmsg(db);
    sqlite3_finalize(st);
    if (!o.error.empty()) break;
  }
  sqlite3_close_v2(db);
  return o;
}

// Splits SQL on ';' outside quotes (enough for the tests' own statements).
std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ';') {
      if (cur.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (cur.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(cur);
  return out;
}

Outcome DuckdbRun(const Uri& uri, const std::string& sql) {
  Outcome o;
  duckdb_database db;
  char* err = nullptr;
  if (duckdb_open_ext(uri.path.empty() ? nullptr : uri.path.c_str(), &db, nullptr, &err) !=
      DuckDBSuccess) {
    o.error = err ? err : "duckdb_open failed";
    duckdb_free(err);
    return o;
  }
  duckdb_connection con;
  duckdb_connect(db, &con);
  {
    // icu is built in but loads after open, so the zone is set per connection.
    duckdb_result tz;
    duckdb_query(con, "SET TimeZone='UTC'", &tz);
    duckdb_destroy_result(&tz);
  }
  for (std::string stmt : SplitStatements(sql)) {
    // Every value is read as DuckDB's own VARCHAR cast: the old row-wise
    // value API returns no text for INTERVAL, ENUM, UUID and friends.
    std::string head = stmt.substr(stmt.find_first_not_of(" \t\r\n"));
    std::string word = head.substr(0, 6);
    for (auto& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (word == "SELECT" || word.rfind("WITH", 0) == 0)
      stmt = "SELECT COLUMNS(*)::VARCHAR FROM (" + stmt + ") AS ferry_test_q";
    duckdb_result res;
    if (duckdb_query(con, stmt.c_str(), &res) != DuckDBSuccess) {
      o.error = duckdb_result_error(&res);
      duckdb_destroy_result(&res);
      break;
    }
    o.rows.clear();
    idx_t rows = duckdb_row_count(&res), cols = duckdb_column_count(&res);
    for (idx_t r = 0; r < rows; ++r) {
      Row row;
      for (idx_t c = 0; c < cols; ++c) {
        if (duckdb_value_is_null(&res, c, r)) {
          row.push_back(std::nullopt);
        } else {
          char* v = duckdb_value_varchar(&res, c, r);
          row.push_back(std::string(v ? v : ""));
          duckdb_free(v);
        }
      }
      o.rows.push_back(std::move(row));
    }
    duckdb_destroy_result(&res);
  }
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return o;
}

Outcome RunSql(const std::string& uri_text, const std::string& sql) {
  auto uri = ParseUri(uri_text);
  if (!uri.ok()) return Outcome{uri.status().ToString(), {}};
  if (uri->scheme == "postgres") return PgRun(*uri, sql);
  if (uri->scheme == "mysql") return MysqlRun(*uri, sql);
  if (uri->scheme == "sqlite") return SqliteRun(*uri, sql);
  if (uri->scheme == "duckdb") return DuckdbRun(*uri, sql);
  return Outcome{"no test client for " + uri->scheme, {}};
}

}  // namespace

int FreeLoopbackPort(int socket_type) {
  int fd = socket(AF_INET, socket_type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string TempDir() {
  static std::atomic<int> counter{0};
  std::string dir = Root() + "/t" + std::to_string(counter++);
  fs::create_directories(dir);
  chmod(dir.c_str(), 0777);
  return dir;
}

int PostgresPort() {
  std::lock_guard lock(g_mu);
  if (!g_pg) g_pg = std::make_unique<PostgresServer>();
  return g_pg->port;
}

int MariadbPort() {
  std::lock_guard lock(g_mu);
  if (!g_maria) g_maria = std::make_unique<MariadbServer>();
  return g_maria->port;
}

std::string MariadbTlsDir() {
  MariadbPort();
  return g_maria->dir + "/tls";
}

void RestartServer(const std::string& engine, double down_seconds) {
  if (engine == "postgres") {
    PostgresPort();
    g_pg->Restart(down_seconds);
  } else if (engine == "mysql") {
    MariadbPort();
    g_maria->Restart(down_seconds);
  } else {
    Die("RestartServer: no server for engine " + engine);
  }
}

std::string FreshDatabase(const std::string& engine, const std::string& suffix) {
  std::string name = TestName() + suffix;
  if (engine == "sqlite") return "sqlite://" + TempDir() + "/" + name + ".db";
  if (engine == "duckdb") return "duckdb://" + TempDir() + "/" + name + ".duckdb";
  std::string auth = std::string(kUser) + ":" + kPassword + "@127.0.0.1:";
  if (engine == "postgres") {
    std::string admin = "postgres://" + auth + std::to_string(PostgresPort()) + "/postgres";
    auto o = PgRun(*ParseUri(admin), "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    if (!o.error.empty()) Die("drop database: " + o.error);
    o = PgRun(*ParseUri(admin), "CREATE DATABASE \"" + name + "\"");
    if (!o.error.empty()) Die("create database: " + o.error);
    return "postgres://" + auth + std::to_string(PostgresPort()) + "/" + name;
  }
  if (engine == "mysql") {
    std::string base = "mysql://" + auth + std::to_string(MariadbPort());
    auto o = MysqlRun(*ParseUri(base + "/"), "DROP DATABASE IF EXISTS `" + name +
                                                 "`; CREATE DATABASE `" + name +
                                                 "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    if (!o.error.empty()) Die("create database: " + o.error);
    return base + "/" + name;
  }
  Die("FreshDatabase: unknown engine " + engine);
}

std::vector<Row> Query(const std::string& uri, const std::string& sql) {
  Outcome o = RunSql(uri, sql);
  if (!o.error.empty()) {
    ADD_FAILURE() << "query failed on " << uri << ": " << o.error << "\nSQL: " << sql;
  }
  return o.rows;
}

std::string TryExec(const std::string& uri, const std::string& sql) { return RunSql(uri, sql).error; }

RunResult RunFerry(const std::vector<std::string>& args) { return RunFerryWhile(args, nullptr); }

RunResult RunFerryWhile(const std::vector<std::string>& args, const std::function<void(int pid)>& during) {
  const char* bin = getenv("FERRY_BIN");
  RunResult result;
  if (!bin) {
    result.err = "FERRY_BIN is not set (run the tests through ctest)";
    return result;
  }
  std::string dir = TempDir();
  std::string out_path = dir + "/stdout", err_path = dir + "/stderr";
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(bin));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid;
  if (posix_spawn(&pid, bin, &fa, nullptr, argv.data(), environ) != 0) {
    result.err = std::string("cannot run ") + bin;
    posix_spawn_file_actions_destroy(&fa);
    return result;
  }
  posix_spawn_file_actions_destroy(&fa);
  if (during) during(pid);
  // A ferry that hangs fails its test instead of stalling the whole suite.
  constexpr int kLimitSeconds = 300;
  int status = 0;
  bool hung = true;
  for (int i = 0; i < kLimitSeconds * 20; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      hung = false;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (hung) {
    kill(pid, SIGABRT);  // a core, where the system keeps them, shows where it hung
    waitpid(pid, &status, 0);
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  if (hung) {
    result.err += "\ntest_env: ferry ran longer than " + std::to_string(kLimitSeconds) + " s and was aborted";
    ADD_FAILURE() << "ferry hung: " << args[0] << " ... (aborted after " << kLimitSeconds << " s)";
  }
  return result;
}

std::vector<std::string> SortedRows(const std::string& uri, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : Query(uri, sql)) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + (row[i] ? *row[i] : std::string("NULL"));
    out.push_back(line);
  }
  return Sorted(std::move(out));
}

std::vector<std::string> Sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace ferry::test
