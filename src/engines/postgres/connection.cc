#include "engines/postgres/connection.h"

#include <set>

#include "core/sql_text.h"

namespace ferry::postgres {

namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// libpq's own keywords: any URI parameter that is one passes through, so
// sslmode, sslrootcert, connect_timeout, application_name... all work.
const std::set<std::string>& LibpqKeywords() {
  static const std::set<std::string> keywords = [] {
    std::set<std::string> out;
    PQconninfoOption* opts = PQconndefaults();
    if (opts) {
      for (PQconninfoOption* o = opts; o->keyword; ++o) out.insert(o->keyword);
      PQconninfoFree(opts);
    }
    return out;
  }();
  return keywords;
}

}  // namespace

std::string SchemaOf(const Uri& uri) {
  auto it = uri.params.find("schema");
  return it == uri.params.end() || it->second.empty() ? "public" : it->second;
}

std::string QuoteIdentifier(std::string_view identifier) {
  return QuoteDoubling(identifier, '"');
}

std::string QuoteLiteral(std::string_view text) {
  return QuoteDoubling(text, '\'');
}

std::string ConnError(PGconn* conn, const Uri& uri) {
  return RedactSecrets(Trim(conn ? PQerrorMessage(conn) : "out of memory"), uri.password);
}

std::string ResultError(const PGresult* res, PGconn* conn, const Uri& uri) {
  if (!res) return ConnError(conn, uri);
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  if (!primary) {
    std::string msg = Trim(PQresultErrorMessage(res));
    if (msg.empty()) msg = ConnError(conn, uri);
    if (msg.empty()) msg = std::string("unexpected result ") + PQresStatus(PQresultStatus(res));
    return RedactSecrets(msg, uri.password);
  }
  std::string msg = primary;
  if (const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE)) msg += std::string(" [") + state + "]";
  if (const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) msg += std::string(": ") + detail;
  if (const char* ctx = PQresultErrorField(res, PG_DIAG_CONTEXT)) msg += " (" + Trim(ctx) + ")";
  return RedactSecrets(msg, uri.password);
}

Result<PgConn> Connect(const Uri& uri, AccessMode mode) {
  StatusCode code = mode == AccessMode::kReadOnly ? StatusCode::kSource : StatusCode::kTarget;
  std::vector<std::pair<std::string, std::string>> kv;
  if (!uri.host.empty()) kv.emplace_back("host", uri.host);
  if (uri.port) kv.emplace_back("port", std::to_string(uri.port));
  if (!uri.user.empty()) kv.emplace_back("user", uri.user);
  if (uri.has_password) kv.emplace_back("password", uri.password);
  if (!uri.path.empty()) kv.emplace_back("dbname", uri.path);
  const auto& keywords = LibpqKeywords();
  for (const auto& [k, v] : uri.params) {
    if (k == "schema" || !keywords.count(k)) continue;  // ferry's own or unknown
    kv.emplace_back(k, v);
  }
  kv.emplace_back("client_encoding", "UTF8");
  kv.emplace_back("fallback_application_name", "ferry");
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : kv) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  PgConn conn(PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/0));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    return Status(code, "cannot connect to " + uri.Redacted() + ": " + ConnError(conn.get(), uri));

  // One round trip for the whole session setup.
  std::string schema = SchemaOf(uri);
  std::string search_path = QuoteIdentifier(schema);
  if (schema != "public") search_path += ", public";
  std::string setup =
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET extra_float_digits = 3; "
      "SET IntervalStyle = 'postgres'; SET search_path = " + search_path + ";";
  if (mode == AccessMode::kReadOnly) setup += " SET default_transaction_read_only = on;";
  PgResult res(PQexec(conn.get(), setup.c_str()));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
    return Status(code, "cannot set up session on " + uri.Redacted() + ": " +
                            ResultError(res.get(), conn.get(), uri));
  return conn;
}

Result<PgResult> Exec(PGconn* conn, const Uri& uri, const std::string& sql, StatusCode code,
                      std::string_view what) {
  PgResult res(PQexec(conn, sql.c_str()));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    return Status(code, std::string(what) + ": " + ResultError(res.get(), conn, uri));
  return res;
}

Result<PgResult> ExecParams(PGconn* conn, const Uri& uri, const std::string& sql,
                            const std::vector<std::string>& params, StatusCode code,
                            std::string_view what) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PgResult res(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    return Status(code, std::string(what) + ": " + ResultError(res.get(), conn, uri));
  return res;
}

}  // namespace ferry::postgres
