#include "engines/sqlite/sqlite_database.h"

#include <mutex>

#include "engines/sqlite/connection.h"
#include "engines/sqlite/dialect.h"
#include "engines/sqlite/introspect.h"
#include "engines/sqlite/reader.h"
#include "engines/sqlite/writer.h"

namespace ferry::sqlite {

namespace {

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, AccessMode mode, std::string display, ConnHandle db)
      : path_(std::move(path)), mode_(mode), display_(std::move(display)), db_(std::move(db)) {}

  const Dialect& dialect() const override { return dialect_; }
  std::string DisplayName() const override { return display_; }

  Result<Catalog> Introspect() override {
    std::lock_guard lock(mu_);
    // One read transaction: every table is described from the same snapshot.
    FERRY_RETURN_NOT_OK(Exec(db_.get(), "BEGIN", ErrorCode()));
    auto catalog = IntrospectCatalog(db_.get());
    (void)Exec(db_.get(), "COMMIT", ErrorCode());
    if (!catalog.ok()) return catalog.status().WithContext(display_);
    return catalog;
  }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    return OpenSqliteReader(path_, spec);
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    if (mode_ == AccessMode::kReadOnly)
      return Status::InvalidInput("sqlite: " + display_ +
                                  " was opened read-only (a source is never written); cannot write table " +
                                  spec.table);
    return OpenSqliteWriter(path_, spec);
  }

  Status Execute(const std::string& sql) override {
    std::lock_guard lock(mu_);
    Status s = Exec(db_.get(), sql, ErrorCode());
    return s.ok() ? s : s.WithContext("sqlite: " + display_);
  }

  Result<int64_t> CountRows(const std::string& table) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(StmtHandle stmt,
                           Prepare(db_.get(), "SELECT count(*) FROM " + Quote(table), ErrorCode()));
    if (sqlite3_step(stmt.get()) != SQLITE_ROW)
      return Status(ErrorCode(), "sqlite: count rows of " + table + ": " + ErrorText(db_.get()));
    return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
  }

  Result<int64_t> QueryInt(const std::string& sql) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(StmtHandle stmt, Prepare(db_.get(), sql, ErrorCode()));
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return int64_t{0};
    if (rc != SQLITE_ROW) return Status(ErrorCode(), "sqlite: " + sql + ": " + ErrorText(db_.get()));
    return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
  }

  Result<TextRows> QueryText(const std::string& sql) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(StmtHandle stmt, Prepare(db_.get(), sql, ErrorCode()));
    TextRows rows;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      auto& row = rows.emplace_back(sqlite3_column_count(stmt.get()));
      for (int c = 0; c < sqlite3_column_count(stmt.get()); ++c) {
        if (sqlite3_column_type(stmt.get(), c) == SQLITE_NULL) continue;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), c));
        row[c] = std::string(text, sqlite3_column_bytes(stmt.get(), c));
      }
    }
    if (rc != SQLITE_DONE) return Status(ErrorCode(), "sqlite: " + sql + ": " + ErrorText(db_.get()));
    return rows;
  }

  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                               const std::string& column) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(StmtHandle stmt,
                           Prepare(db_.get(),
                                   // Separate subqueries: SQLite answers a lone
                                   // min() or max() from the index, not a pair.
                                   "SELECT (SELECT min(" + Quote(column) + ") FROM " + Quote(table) +
                                       "), (SELECT max(" + Quote(column) + ") FROM " + Quote(table) + ")",
                                   ErrorCode()));
    const std::string where = "sqlite: key bounds of " + table + "." + column;
    if (sqlite3_step(stmt.get()) != SQLITE_ROW)
      return Status(ErrorCode(), where + ": " + ErrorText(db_.get()));
    if (sqlite3_column_type(stmt.get(), 0) == SQLITE_NULL)
      return std::optional<std::pair<int64_t, int64_t>>();
    if (sqlite3_column_type(stmt.get(), 0) != SQLITE_INTEGER ||
        sqlite3_column_type(stmt.get(), 1) != SQLITE_INTEGER)
      return Status::InvalidInput(where + ": the column holds values that are not integers");
    return std::optional<std::pair<int64_t, int64_t>>(
        std::make_pair(static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0)),
                       static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 1))));
  }

  Result<std::string> ResetAutoIncrement(const TableSchema& table,
                                         const ColumnSchema& column) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(bool keyword, UsesAutoincrementKeyword(db_.get(), table.name));
    if (!keyword)
      return std::string("-- ") + table.name +
             ": INTEGER PRIMARY KEY assigns max(rowid)+1 by itself; nothing to reset" +
             (column.next_value ? " (the source's counter was at " + std::to_string(*column.next_value) +
                                      "; without AUTOINCREMENT SQLite may give out ids past max again)"
                                : std::string());
    // AUTOINCREMENT keeps its high-water mark in sqlite_sequence (no unique
    // key on name, hence update-then-insert).
    // The high-water mark: max, or the source's counter when it kept one
    // past it (ids given out and deleted are not given out again).
    const std::string max = "(SELECT max(coalesce(max(" + Quote(column.name) + "), 0), " +
                            std::to_string(column.next_value.value_or(1) - 1) + ") FROM " + Quote(table.name) + ")";
    const std::string name = dialect_.QuoteString(table.name);
    std::string sql = "UPDATE sqlite_sequence SET seq = " + max + " WHERE name = " + name +
                      ";\nINSERT INTO sqlite_sequence (name, seq) SELECT " + name + ", " + max +
                      " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = " + name + ")";
    FERRY_RETURN_NOT_OK(Execute(sql));
    return sql;
  }

 private:
  StatusCode ErrorCode() const {
    return mode_ == AccessMode::kReadOnly ? StatusCode::kSource : StatusCode::kTarget;
  }

  SqliteDialect dialect_;
  // Guards db_: the executor's workers share it for checkpoints. Recursive:
  // ResetAutoIncrement runs Execute.
  std::recursive_mutex mu_;
  std::string path_;
  AccessMode mode_;
  std::string display_;
  ConnHandle db_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const Uri& uri, AccessMode mode) {
  FERRY_ASSIGN_OR_RETURN(ConnHandle db, OpenConnection(uri.path, mode));
  return std::unique_ptr<Database>(
      new SqliteDatabase(uri.path, mode, uri.Redacted(), std::move(db)));
}

}  // namespace ferry::sqlite
