// SqlSink: a SQL database as a sink. Every schema op becomes the dialect's
// DDL (engines/dialect.cc and each engine's dialect), run on the database's
// own connection; the sink adds only the order of a step (the op and its
// checkpoint in one transaction where DDL is transactional).
#include <algorithm>
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
    if (op.kind == SchemaOp::Kind::kCreateIndex && !indexes_prepared_) {
      if (!dialect_->BeforeIndexesSql().empty()) FERRY_RETURN_NOT_OK(db_->Execute(dialect_->BeforeIndexesSql()));
      indexes_prepared_ = true;
    }
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

  Result<ColumnsSet> SetColumnsFrom(const TableSchema& table, const std::string& staging,
                                    const std::vector<std::string>& columns) override {
    FERRY_RETURN_NOT_OK(Writable());
    ColumnsSet out;
    std::vector<const ForeignKeySchema*> self;
    for (const auto& fk : table.foreign_keys)
      if (fk.ref_table == table.name &&
          std::all_of(fk.columns.begin(), fk.columns.end(),
                      [&](const std::string& c) { return std::count(columns.begin(), columns.end(), c) > 0; }))
        self.push_back(&fk);
    if (self.empty() || !dialect_->UpdateChecksAgainstStoredRows()) {
      out.sql.push_back(dialect_->UpdateFromSql(table.name, staging, table.primary_key, columns));
      FERRY_RETURN_NOT_OK(db_->Execute(out.sql.back()));
      return out;
    }
    FERRY_RETURN_NOT_OK(SetByLevels(table, staging, columns, self, &out));
    return out;
  }

  Database* CheckpointDatabase() override { return db_.get(); }

 private:
  // "a = b AND c = d" over two aliases' same-named (or paired) columns.
  std::string Pairs(const std::string& a, const std::vector<std::string>& a_cols, const std::string& b,
                    const std::vector<std::string>& b_cols, const std::string& op, const std::string& glue) const {
    std::string sql;
    for (size_t i = 0; i < a_cols.size(); ++i)
      sql += (i ? glue : "") + a + "." + dialect_->QuoteIdent(a_cols[i]) + op + b + "." +
             dialect_->QuoteIdent(b_cols[i]);
    return sql;
  }
  // Row `t` holds what staging row `s` says for `columns` (NULL = NULL).
  std::string Settled(const std::string& t, const std::string& s, const std::vector<std::string>& columns) const {
    std::string sql;
    for (const auto& c : columns)
      sql += (sql.empty() ? "" : " AND ") + std::string("NOT (") +
             dialect_->DistinctSql(t + "." + dialect_->QuoteIdent(c), s + "." + dialect_->QuoteIdent(c)) + ")";
    return "(" + sql + ")";
  }

  // Self-references set from the top of each hierarchy down: each UPDATE
  // sets the rows whose parents are already as the source has them (set
  // before, or holding nothing to set), so no row of a statement points at
  // another row of it, and no row is updated after a child points at it.
  // Stops when a statement sets nothing more; one statement per level.
  Status SetByLevels(const TableSchema& table, const std::string& staging, const std::vector<std::string>& columns,
                     const std::vector<const ForeignKeySchema*>& self, ColumnsSet* out) {
    const Dialect& d = *dialect_;
    const std::string t = d.QuoteIdent(table.name), s = d.QuoteIdent(staging);
    const std::vector<std::string>& key = table.primary_key;
    std::string ready = Pairs(t, key, "ferry_s", key, " = ", " AND ") + " AND NOT " + Settled(t, "ferry_s", columns);
    for (const ForeignKeySchema* fk : self) {
      std::string unset;
      for (const auto& c : fk->columns) unset += (unset.empty() ? "" : " OR ") + ("ferry_s." + d.QuoteIdent(c)) + " IS NULL";
      ready += " AND (" + unset + " OR EXISTS (SELECT 1 FROM " + t + " AS ferry_p LEFT JOIN " + s +
               " AS ferry_ps ON " + Pairs("ferry_p", key, "ferry_ps", key, " = ", " AND ") + " WHERE " +
               Pairs("ferry_p", fk->ref_columns, "ferry_s", fk->columns, " = ", " AND ") + " AND (ferry_ps." +
               d.QuoteIdent(key[0]) + " IS NULL OR " + Settled("ferry_p", "ferry_ps", columns) + ")))";
    }
    std::string set;
    for (const auto& c : columns) set += (set.empty() ? "" : ", ") + d.QuoteIdent(c) + " = ferry_s." + d.QuoteIdent(c);
    const std::string update = "UPDATE " + t + " SET " + set + " FROM " + s + " AS ferry_s WHERE " + ready;
    const std::string unsettled = " FROM " + t + " AS ferry_t JOIN " + s + " AS ferry_s ON " +
                                  Pairs("ferry_t", key, "ferry_s", key, " = ", " AND ") + " WHERE NOT " +
                                  Settled("ferry_t", "ferry_s", columns);
    FERRY_ASSIGN_OR_RETURN(int64_t left, db_->QueryInt("SELECT count(*)" + unsettled));
    for (int64_t before = -1; left > 0 && left != before;) {
      FERRY_RETURN_NOT_OK(db_->Execute(update));
      out->sql.push_back(update);
      before = left;
      FERRY_ASSIGN_OR_RETURN(left, db_->QueryInt("SELECT count(*)" + unsettled));
    }
    out->rows_left = left;
    if (left == 0) return Status::OK();
    std::string keys;
    for (const auto& k : key) keys += (keys.empty() ? "ferry_t." : ", ferry_t.") + d.QuoteIdent(k);
    FERRY_ASSIGN_OR_RETURN(TextRows rows,
                           db_->QueryText("SELECT " + keys + unsettled + " ORDER BY " + keys + " LIMIT 5"));
    for (const auto& row : rows) {
      std::string one;
      for (size_t i = 0; i < row.size() && i < key.size(); ++i) one += (i ? ", " : "") + key[i] + "=" + row[i].value_or("NULL");
      out->sample_left.push_back(one);
    }
    return Status::OK();
  }

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
  bool indexes_prepared_ = false;  // BeforeIndexesSql has run
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
