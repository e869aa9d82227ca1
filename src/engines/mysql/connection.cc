#include "engines/mysql/connection.h"

#include <cstdlib>

namespace ferry::mysql {

namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// TLS from the URI parameters ssl-mode, ssl-ca, ssl-cert, ssl-key (the
// spelling of the mysql command-line client). libmariadb turns TLS on as
// soon as any ssl option is set; MYSQL_OPT_SSL_ENFORCE makes a server
// without TLS an error and MYSQL_OPT_SSL_VERIFY_SERVER_CERT checks the
// certificate chain and the host name (so VERIFY_CA is as strict as
// VERIFY_IDENTITY here). libmariadb 3.3 still connects in plain text when
// the server offers no TLS even with ENFORCE set, so Open() checks the
// negotiated cipher itself.
Status ApplyTls(MYSQL* m, const Uri& uri, bool* require_tls) {
  auto param = [&](const char* key) -> std::string {
    auto it = uri.params.find(key);
    if (it == uri.params.end()) {
      // Also accept the underscore spelling (ssl_mode) some URLs use.
      std::string alt(key);
      for (char& c : alt)
        if (c == '-') c = '_';
      it = uri.params.find(alt);
    }
    return it == uri.params.end() ? std::string() : it->second;
  };
  std::string mode = Upper(param("ssl-mode"));
  std::string ca = param("ssl-ca"), cert = param("ssl-cert"), key = param("ssl-key");
  if (mode.empty()) mode = (ca.empty() && cert.empty() && key.empty()) ? "DISABLED" : "PREFERRED";
  if (mode != "DISABLED" && mode != "PREFERRED" && mode != "REQUIRED" && mode != "VERIFY_CA" &&
      mode != "VERIFY_IDENTITY")
    return Status::InvalidInput("ssl-mode '" + mode +
                                "' is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, "
                                "VERIFY_IDENTITY");
  *require_tls = mode != "DISABLED" && mode != "PREFERRED";
  if (mode == "DISABLED") return Status::OK();
  if (!ca.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_CA, ca.c_str());
  if (!cert.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_CERT, cert.c_str());
  if (!key.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_KEY, key.c_str());
  my_bool enforce = mode != "PREFERRED";
  my_bool verify = mode == "VERIFY_CA" || mode == "VERIFY_IDENTITY";
  if (mode == "PREFERRED" && ca.empty() && cert.empty() && key.empty()) {
    // Ask for TLS without certificates: an empty cipher list leaves the
    // library defaults and only switches TLS on.
    mysql_ssl_set(m, nullptr, nullptr, nullptr, nullptr, nullptr);
  }
  if (enforce) mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &enforce);
  mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
  return Status::OK();
}

}  // namespace

bool IsDataErrno(unsigned int err) {
  switch (err) {
    case 1048:  // column cannot be null
    case 1062:  // duplicate entry
    case 1136:  // column count doesn't match
    case 1216: case 1217: case 1451: case 1452:  // foreign key
    case 1261: case 1262: case 1263:  // row doesn't contain data / NULL to NOT NULL
    case 1264:  // out of range
    case 1265:  // data truncated
    case 1292:  // incorrect datetime value
    case 1300:  // invalid character string
    case 1366: case 1367:  // incorrect value
    case 1406:  // data too long
    case 1411:  // incorrect value for function
    case 1690:  // value out of range
    case 3140:  // invalid JSON text (MySQL)
    case 4025:  // CHECK constraint failed (MariaDB json_valid)
      return true;
    default:
      return false;
  }
}

Result<Connection> Connection::Open(const Uri& uri, AccessMode mode, SessionRole role) {
  std::string display = uri.Redacted();
  auto fail = [&](const std::string& msg) {
    std::string text = "cannot connect to " + display + ": " + msg;
    text = RedactSecrets(text, uri.password);
    return mode == AccessMode::kReadOnly ? Status::Source(text) : Status::Target(text);
  };
  MysqlPtr handle(mysql_init(nullptr));
  if (!handle) return fail("out of memory in mysql_init");
  MYSQL* m = handle.get();
  mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (mode == AccessMode::kReadWrite) {
    // LOAD DATA LOCAL INFILE is the writer's fast path; the data comes from
    // memory through our own local-infile handler, never from a file.
    unsigned int on = 1;
    mysql_optionsv(m, MYSQL_OPT_LOCAL_INFILE, &on);
  }
  // Large rows (longblob) need a big packet on the client side too.
  unsigned long max_packet = 1UL << 30;
  mysql_optionsv(m, MYSQL_OPT_MAX_ALLOWED_PACKET, &max_packet);
  bool require_tls = false;
  if (Status s = ApplyTls(m, uri, &require_tls); !s.ok()) return fail(s.message());

  std::string password;
  const char* pw = nullptr;
  if (uri.has_password) {
    password = uri.password;
    pw = password.c_str();
  } else if (const char* env = std::getenv("MYSQL_PWD")) {
    password = env;
    pw = password.c_str();
  }
  std::string host = uri.host.empty() ? "localhost" : uri.host;
  unsigned int port = uri.port ? static_cast<unsigned int>(uri.port) : 3306;
  // caching_sha2_password (MySQL 8 default) is handled by libmariadb's own
  // auth plugin; only MariaDB is exercised by the tests here.
  if (!mysql_real_connect(m, host.c_str(), uri.user.empty() ? nullptr : uri.user.c_str(), pw,
                          uri.path.empty() ? nullptr : uri.path.c_str(), port, nullptr,
                          CLIENT_FOUND_ROWS)) {
    return Status(fail(std::string(mysql_error(m)) + " (errno " + std::to_string(mysql_errno(m)) +
                       ")"));
  }

  if (require_tls && mysql_get_ssl_cipher(m) == nullptr)
    return fail("ssl-mode requires TLS but the server did not negotiate it");

  Connection conn(std::move(handle), mode, display, password);
  std::vector<std::string> setup = {"SET time_zone = '+00:00'", "SET NAMES utf8mb4"};
  if (mode == AccessMode::kReadWrite) {
    setup.push_back(
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
  }
  if (role == SessionRole::kWriter) {
    // The executor adds FKs after the data or loads parents first. Unique
    // checks stay on: with unique_checks=0 InnoDB may let duplicates into an
    // existing unique index (a data-only load), and nothing would say so.
    setup.push_back("SET SESSION foreign_key_checks = 0");
  }
  if (role == SessionRole::kReader) {
    setup.push_back("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    setup.push_back("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  }
  for (const auto& sql : setup) {
    if (Status s = conn.Exec(sql); !s.ok()) return s.WithContext("session setup");
  }
  return conn;
}

Status Connection::Exec(const std::string& sql) {
  MYSQL* m = handle_.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) return Error(sql);
  // Drain any result set (and further results of a multi-statement).
  do {
    if (MYSQL_RES* res = mysql_store_result(m)) mysql_free_result(res);
    else if (mysql_field_count(m) != 0) return Error(sql);
  } while (mysql_next_result(m) == 0);
  if (mysql_errno(m) != 0) return Error(sql);
  return Status::OK();
}

Result<std::vector<Connection::Row>> Connection::Query(const std::string& sql) {
  MYSQL* m = handle_.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) return Error(sql);
  ResultPtr res(mysql_store_result(m));
  std::vector<Row> rows;
  if (!res) {
    if (mysql_field_count(m) != 0) return Error(sql);
    return rows;
  }
  unsigned int n = mysql_num_fields(res.get());
  rows.reserve(mysql_num_rows(res.get()));
  while (MYSQL_ROW r = mysql_fetch_row(res.get())) {
    unsigned long* lens = mysql_fetch_lengths(res.get());
    Row row(n);
    for (unsigned int i = 0; i < n; ++i)
      if (r[i]) row[i] = std::string(r[i], lens[i]);
    rows.push_back(std::move(row));
  }
  return rows;
}

Status Connection::Error(const std::string& context) const {
  MYSQL* m = handle_.get();
  // Statements can be megabytes (INSERT fallback): keep the head only.
  std::string what = context.size() > 200 ? context.substr(0, 200) + "..." : context;
  std::string text = display_ + ": " + what + ": " + mysql_error(m) + " (errno " +
                     std::to_string(mysql_errno(m)) + ")";
  text = RedactSecrets(text, password_);
  return mode_ == AccessMode::kReadOnly ? Status::Source(text) : Status::Target(text);
}

Status Connection::DataError(const std::string& context) const {
  return Status::Data(Error(context).message());
}

std::string Connection::Escape(std::string_view text) const {
  std::string out(text.size() * 2 + 1, '\0');
  unsigned long n = mysql_real_escape_string(handle_.get(), out.data(), text.data(), text.size());
  out.resize(n);
  return out;
}

}  // namespace ferry::mysql
