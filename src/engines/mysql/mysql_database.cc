#include "engines/mysql/mysql_database.h"

#include <algorithm>
#include <charconv>
#include <mutex>

#include "engines/mysql/connection.h"
#include "engines/mysql/dialect.h"
#include "engines/mysql/introspect.h"
#include "engines/mysql/reader.h"
#include "engines/mysql/writer.h"

namespace ferry::mysql {

namespace {

class MysqlDatabase : public Database {
 public:
  MysqlDatabase(Uri uri, AccessMode mode, Connection control)
      : uri_(std::move(uri)), mode_(mode), control_(std::move(control)) {}

  const Dialect& dialect() const override { return dialect_; }
  std::string DisplayName() const override { return uri_.Redacted(); }

  Result<Catalog> Introspect() override {
    std::lock_guard control(control_mu_);
    auto c = IntrospectDatabase(&control_, uri_.path);
    if (!c.ok()) return c.status().WithContext("mysql introspect");
    return c;
  }

  // MySQL cannot hand one snapshot to several sessions. So: take FLUSH
  // TABLES WITH READ LOCK for a moment, open every reader session (each
  // starts its consistent snapshot while no write can commit), release the
  // lock. All pooled sessions then see the same instant. Without the RELOAD
  // privilege each reader gets its own snapshot, and the note says so.
  Result<std::string> PrepareSnapshot(size_t readers) override {
    if (mode_ != AccessMode::kReadOnly || readers <= 1) return std::string();
    constexpr size_t kMaxPooled = 64;  // idle sessions cost server memory
    std::lock_guard lock(pool_mu_);
    std::lock_guard control(control_mu_);
    Status locked = control_.Exec("FLUSH TABLES WITH READ LOCK");
    if (!locked.ok())
      return std::string("tables are read in separate snapshots: one snapshot for all readers needs "
                         "FLUSH TABLES WITH READ LOCK (the RELOAD privilege): ") + locked.message();
    Status opened;
    for (size_t i = 0; i < std::min(readers, kMaxPooled) && opened.ok(); ++i) {
      auto c = Connection::Open(uri_, mode_, SessionRole::kReader);
      if (c.ok()) pool_.push_back(std::move(*c));
      else opened = c.status();
    }
    FERRY_RETURN_NOT_OK(control_.Exec("UNLOCK TABLES"));
    FERRY_RETURN_NOT_OK(opened);
    if (readers > kMaxPooled)
      return "the first " + std::to_string(kMaxPooled) + " of " + std::to_string(readers) +
             " readers share one snapshot; the others read in their own";
    return std::string();
  }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    std::optional<Connection> pooled;
    {
      std::lock_guard lock(pool_mu_);
      if (!pool_.empty()) {
        pooled.emplace(std::move(pool_.back()));
        pool_.pop_back();
      }
    }
    if (!pooled) {
      FERRY_ASSIGN_OR_RETURN(Connection fresh, Connection::Open(uri_, mode_, SessionRole::kReader));
      pooled.emplace(std::move(fresh));
    }
    Connection conn = std::move(*pooled);
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Reader> r, Reader::Open(std::move(conn), spec));
    return std::unique_ptr<TableReader>(std::move(r));
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    if (mode_ != AccessMode::kReadWrite)
      return Status::Internal("mysql: " + DisplayName() + " is open read-only; no writer");
    FERRY_ASSIGN_OR_RETURN(Connection conn, Connection::Open(uri_, mode_, SessionRole::kWriter));
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Writer> w, Writer::Open(std::move(conn), spec));
    return std::unique_ptr<TableWriter>(std::move(w));
  }

  Status Execute(const std::string& sql) override {
    return OnControl([&](Connection& c) { return c.Exec(sql); });
  }

  Result<int64_t> CountRows(const std::string& table) override {
    FERRY_ASSIGN_OR_RETURN(auto rows, OnControl([&](Connection& c) {
                             return c.Query("SELECT COUNT(*) FROM " + dialect_.QuoteIdent(table));
                           }));
    if (rows.empty() || !rows[0][0]) return Status::Internal("mysql: COUNT(*) returned nothing");
    int64_t n = 0;
    std::from_chars(rows[0][0]->data(), rows[0][0]->data() + rows[0][0]->size(), n);
    return n;
  }

  Result<int64_t> QueryInt(const std::string& sql) override {
    FERRY_ASSIGN_OR_RETURN(auto rows, OnControl([&](Connection& c) { return c.Query(sql); }));
    if (rows.empty() || rows[0].empty() || !rows[0][0]) return int64_t{0};
    int64_t n = 0;
    std::from_chars(rows[0][0]->data(), rows[0][0]->data() + rows[0][0]->size(), n);
    return n;
  }

  Result<TextRows> QueryText(const std::string& sql) override {
    return OnControl([&](Connection& c) { return c.Query(sql); });
  }

  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                              const std::string& column) override {
    std::string col = dialect_.QuoteIdent(column);
    FERRY_ASSIGN_OR_RETURN(auto rows, OnControl([&](Connection& c) {
                             return c.Query("SELECT MIN(" + col + "), MAX(" + col + ") FROM " +
                                            dialect_.QuoteIdent(table));
                           }));
    if (rows.empty() || !rows[0][0] || !rows[0][1])
      return std::optional<std::pair<int64_t, int64_t>>();
    int64_t lo = 0, hi = 0;
    const std::string &a = *rows[0][0], &b = *rows[0][1];
    auto ra = std::from_chars(a.data(), a.data() + a.size(), lo);
    auto rb = std::from_chars(b.data(), b.data() + b.size(), hi);
    if (ra.ec != std::errc() || ra.ptr != a.data() + a.size() || rb.ec != std::errc() ||
        rb.ptr != b.data() + b.size())
      return Status::Unsupported("mysql: key bounds of " + table + "." + column + " (" + a +
                                 ", " + b + ") are not 64-bit integers");
    return std::optional<std::pair<int64_t, int64_t>>(std::make_pair(lo, hi));
  }

  Result<std::string> ResetAutoIncrement(const TableSchema& table,
                                         const ColumnSchema& column) override {
    std::string t = dialect_.QuoteIdent(table.name);
    std::lock_guard control(control_mu_);
    FERRY_ASSIGN_OR_RETURN(
        auto rows,
        control_.Query("SELECT COALESCE(MAX(" + dialect_.QuoteIdent(column.name) + "), 0) + 1 FROM " + t));
    int64_t next = rows.empty() || !rows[0][0] ? 1 : std::strtoll(rows[0][0]->c_str(), nullptr, 10);
    // The source's next value when it kept one past max + 1.
    next = std::max(next, column.next_value.value_or(1));
    std::string sql = "ALTER TABLE " + t + " AUTO_INCREMENT = " + std::to_string(next);
    FERRY_RETURN_NOT_OK(control_.Exec(sql));
    return sql;
  }

 private:
  // Runs `op` on the control connection, one caller at a time (the
  // executor's workers share it for checkpoints). A target whose server went
  // away (restart, failover) is reconnected once and `op` run again, so the
  // run can go on from its checkpoints; a source is not: its snapshot is gone.
  template <typename Op>
  auto OnControl(Op op) -> decltype(op(std::declval<Connection&>())) {
    std::lock_guard control(control_mu_);
    auto result = op(control_);
    if (result.ok() || mode_ != AccessMode::kReadWrite) return result;
    const unsigned int err = mysql_errno(control_.get());
    if (err != 2006 && err != 2013 && err != 4031) return result;  // gone, lost, timed out
    auto fresh = Connection::Open(uri_, mode_, SessionRole::kControl);
    if (!fresh.ok()) return result;
    control_ = std::move(*fresh);
    return op(control_);
  }
  Uri uri_;
  AccessMode mode_;
  std::mutex control_mu_;  // guards control_: a MYSQL handle serves one thread at a time
  Connection control_;
  std::mutex pool_mu_;
  std::vector<Connection> pool_;  // reader sessions sharing one snapshot
  MysqlDialect dialect_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenMysql(const Uri& uri, AccessMode mode) {
  // mysql_library_init is not thread-safe; later mysql_init calls from
  // reader/writer threads rely on it having run once here.
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
  if (uri.path.empty())
    return Status::InvalidInput("mysql: " + uri.Redacted() + " names no database (mysql://host/db)");
  FERRY_ASSIGN_OR_RETURN(Connection control, Connection::Open(uri, mode, SessionRole::kControl));
  return std::unique_ptr<Database>(new MysqlDatabase(uri, mode, std::move(control)));
}

}  // namespace ferry::mysql
