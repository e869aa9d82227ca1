// SqlSink: a SQL database as a sink. Every schema op becomes the dialect's
// DDL (engines/dialect.cc and each engine's dialect), run on the database's
// own connection; the sink adds only the order of a step (the op and its
// checkpoint in one transaction where DDL is transactional).
#include <mutex>
#include <utility>

#include "engines/sink.h"

namespace ferry {

namespace {

class SqlSink final : public Sink {
 public:
  SqlSink(std::unique_ptr<Database> db, std::unique_ptr<Dialect> own_dialect)
      : db_(std::move(db)),
        own_dialect_(std::move(own_dialect)),
        dialect_(db_ ? &db_->dialect() : own_dialect_.get()),
        capabilities_(dialect_->Capabilities()) {}

  std::string DisplayName() const override { return db_ ? db_->DisplayName() : std::string(dialect_->name()); }
  const SinkCapabilities& capabilities() const override { return capabilities_; }
  const Dialect& dialect() const override { return *dialect_; }
  Result<Catalog> Introspect() override { return db_ ? db_->Introspect() : Catalog(); }

  Result<std::vector<std::string>> Describe(const SchemaOp& op) const override {
    const Dialect& d = *dialect_;
    switch (op.kind) {
      case SchemaOp::Kind::kDropTable: return std::vector<std::string>{d.DropTableSql(op.table.name)};
      case SchemaOp::Kind::kCreateTable: return d.CreateTableSql(op.table, op.keys_inline);
      case SchemaOp::Kind::kEmptyTables: return d.EmptyTablesSql(op.tables);
      case SchemaOp::Kind::kAddPrimaryKey: return std::vector<std::string>{d.AddPrimaryKeySql(op.table)};
      case SchemaOp::Kind::kCreateIndex: return std::vector<std::string>{d.CreateIndexSql(op.table, op.index)};
      case SchemaOp::Kind::kAddForeignKey:
        return std::vector<std::string>{d.AddForeignKeySql(op.table, op.foreign_key, op.validate)};
    }
    return Status::Internal("unknown schema op");
  }

  Status Apply(const SchemaOp& op, const std::function<Status()>& record, bool may_be_done) override {
    FERRY_RETURN_NOT_OK(Writable());
    FERRY_ASSIGN_OR_RETURN(std::vector<std::string> statements, Describe(op));
    Status first = Run(statements, record, may_be_done);
    if (first.ok() || op.kind != SchemaOp::Kind::kCreateIndex) return first;
    // The data is in: an index the target refuses as declared is made in
    // its documented fallback form, or left out when it holds no rule
    // (docs/schema-translation.md), before the run is allowed to fail.
    const std::string what = op.table.name + ": " + op.index.Describe();
    std::string tried = first.message();
    for (const auto& form : op.index_fallbacks) {
      std::string sql = dialect_->CreateIndexSql(op.table, form);
      Status st = Run({sql}, record, may_be_done);
      if (st.ok()) {
        notes_.push_back(what + " created as " + sql + " (as declared: " + first.message() + ")");
        return st;
      }
      tried += "; then " + st.message();
    }
    if (op.index_optional) {
      Status st = Run({}, record, false);  // counted as done: a resumed run does not try again
      if (st.ok()) notes_.push_back(what + " not created: " + tried);
      return st;
    }
    return Status(first.code(), tried);
  }

  std::vector<std::string> TakeNotes() override { return std::exchange(notes_, {}); }

  Status SettleSchema() override {
    if (!db_ || dialect_->SettleDdlSql().empty()) return Status::OK();
    return db_->Execute(dialect_->SettleDdlSql());
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    FERRY_RETURN_NOT_OK(Writable());
    return db_->OpenWriter(spec);
  }

  Result<int64_t> CountRows(const std::string& table) override {
    FERRY_RETURN_NOT_OK(Writable());
    return db_->CountRows(table);
  }

  Result<std::string> ResetKeyCounter(const TableSchema& table, const ColumnSchema& column) override {
    FERRY_RETURN_NOT_OK(Writable());
    return db_->ResetAutoIncrement(table, column);
  }

  Result<Orphans> FindOrphans(const TableSchema& table, const ForeignKeySchema& fk, size_t sample) override {
    FERRY_RETURN_NOT_OK(Writable());
    const Dialect& d = *dialect_;
    std::string where = " FROM " + d.QuoteIdent(table.name) + " c WHERE ";
    for (const auto& col : fk.columns) where += "c." + d.QuoteIdent(col) + " IS NOT NULL AND ";
    where += "NOT EXISTS (SELECT 1 FROM " + d.QuoteIdent(fk.ref_table) + " p WHERE ";
    for (size_t i = 0; i < fk.columns.size(); ++i)
      where += (i ? " AND p." : "p.") + d.QuoteIdent(fk.ref_columns[i]) + " = c." + d.QuoteIdent(fk.columns[i]);
    where += ")";
    Orphans out;
    FERRY_ASSIGN_OR_RETURN(out.count, db_->QueryInt("SELECT count(*)" + where));
    if (out.count == 0 || sample == 0) return out;
    std::string columns;
    for (const auto& col : fk.columns) columns += (columns.empty() ? "c." : ", c.") + d.QuoteIdent(col);
    FERRY_ASSIGN_OR_RETURN(TextRows rows, db_->QueryText("SELECT DISTINCT " + columns + where + " ORDER BY " +
                                                         columns + " LIMIT " + std::to_string(sample)));
    for (const auto& row : rows) {
      std::string keys;
      for (size_t i = 0; i < row.size() && i < fk.columns.size(); ++i)
        keys += (i ? ", " : "") + fk.columns[i] + "=" + row[i].value_or("NULL");
      out.sample.push_back(keys);
    }
    return out;
  }

  Result<std::string> SetColumnsFrom(const std::string& table, const std::string& staging,
                                     const std::vector<std::string>& key,
                                     const std::vector<std::string>& columns) override {
    FERRY_RETURN_NOT_OK(Writable());
    std::string sql = dialect_->UpdateFromSql(table, staging, key, columns);
    FERRY_RETURN_NOT_OK(db_->Execute(sql));
    return sql;
  }

  Database* CheckpointDatabase() override { return db_.get(); }

 private:
  // Runs `statements` and then `record` as one step: in one transaction
  // where DDL is transactional, rolled back as a whole when any fails.
  Status Run(const std::vector<std::string>& statements, const std::function<Status()>& record, bool may_be_done) {
    // MySQL commits at each DDL and leaves a moment between them
    // (docs/resume.md), which `may_be_done` covers on the next run.
    const bool atomic = record && dialect_->TransactionalDdl();
    Status st = atomic ? db_->Execute("BEGIN") : Status::OK();
    for (size_t i = 0; st.ok() && i < statements.size(); ++i) {
      st = db_->Execute(statements[i]);
      if (!st.ok() && !atomic && may_be_done && dialect_->AlreadyExists(st)) st = Status::OK();
    }
    if (st.ok() && record) st = record();
    if (st.ok() && atomic) st = db_->Execute("COMMIT");
    if (!st.ok() && atomic) (void)db_->Execute("ROLLBACK");
    return st;
  }

  Status Writable() const {
    if (!db_) return Status::Internal("a dry-run sink of " + std::string(dialect_->name()) + " cannot write");
    return Status::OK();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Dialect> own_dialect_;
  const Dialect* dialect_;
  SinkCapabilities capabilities_;
  std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<Sink> MakeSqlSink(std::unique_ptr<Database> db, std::unique_ptr<Dialect> dialect_if_no_db) {
  return std::make_unique<SqlSink>(std::move(db), std::move(dialect_if_no_db));
}

}  // namespace ferry
