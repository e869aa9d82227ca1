// The sink's capabilities drive the plan: a fake in-memory sink with
// chosen capabilities gets the schema steps, split decisions and refusals
// that those capabilities call for, whatever engine it stands for.
#include "plan/copy_planner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engines/postgres/dialect.h"
#include "engines/sink.h"
#include "plan/load_order.h"

namespace ferry {
namespace {

// Holds nothing, writes nothing: only what it can do is real.
class FakeSink : public Sink {
 public:
  explicit FakeSink(SinkCapabilities caps) : caps_(std::move(caps)) {}
  std::string DisplayName() const override { return "fake://"; }
  const SinkCapabilities& capabilities() const override { return caps_; }
  const Dialect& dialect() const override { return dialect_; }
  Result<Catalog> Introspect() override { return Catalog{}; }
  Result<std::vector<std::string>> Describe(const SchemaOp&) const override { return std::vector<std::string>{}; }
  Status Apply(const SchemaOp&, const std::function<Status()>&, bool) override { return Status::OK(); }
  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec&) override {
    return Status::Unsupported("fake sink");
  }
  Result<int64_t> CountRows(const std::string&) override { return int64_t{0}; }

 private:
  SinkCapabilities caps_;
  postgres::PostgresDialect dialect_;
};

ColumnSchema Col(std::string name, TypeId type, bool nullable = false) {
  ColumnSchema c;
  c.name = std::move(name);
  c.type = LogicalType(type);
  c.nullable = nullable;
  return c;
}

// users <- orders (FK), orders indexed; users big enough to split.
Catalog Shop() {
  TableSchema users;
  users.name = "users";
  users.columns = {Col("id", TypeId::kInt64), Col("email", TypeId::kText)};
  users.primary_key = {"id"};
  users.indexes = {{"users_email", {"email"}, true}};
  users.row_estimate = 5'000'000;
  TableSchema orders;
  orders.name = "orders";
  orders.columns = {Col("id", TypeId::kInt64), Col("user_id", TypeId::kInt64, true), Col("total", TypeId::kFloat64)};
  orders.primary_key = {"id"};
  orders.indexes = {{"orders_user", {"user_id"}, false}};
  orders.foreign_keys = {{"orders_user_fk", {"user_id"}, "users", {"id"}}};
  Catalog c;
  c.tables = {orders, users};  // children first: the planner orders them
  return c;
}

// users.manager -> users, and a <-> b: a self-reference and a cycle.
Catalog Cycles() {
  TableSchema a, b;
  a.name = "a";
  a.columns = {Col("id", TypeId::kInt64), Col("b_id", TypeId::kInt64, true)};
  a.primary_key = {"id"};
  a.foreign_keys = {{"a_b", {"b_id"}, "b", {"id"}}};
  b.name = "b";
  b.columns = {Col("id", TypeId::kInt64), Col("a_id", TypeId::kInt64, true)};
  b.primary_key = {"id"};
  b.foreign_keys = {{"b_a", {"a_id"}, "a", {"id"}}};
  Catalog c;
  c.tables = {a, b};
  return c;
}

std::vector<std::string> Ops(const std::vector<SchemaOp>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    std::string what;
    switch (op.kind) {
      case SchemaOp::Kind::kDropTable: what = "drop " + op.table.name; break;
      case SchemaOp::Kind::kCreateTable: what = std::string(op.keys_inline ? "create+keys " : "create ") + op.table.name; break;
      case SchemaOp::Kind::kEmptyTables: what = "empty"; break;
      case SchemaOp::Kind::kAddPrimaryKey: what = "pk " + op.table.name; break;
      case SchemaOp::Kind::kCreateIndex: what = "index " + op.table.name + "." + op.index.columns[0]; break;
      case SchemaOp::Kind::kAddForeignKey: what = "fk " + op.table.name + "->" + op.foreign_key.ref_table; break;
    }
    out.push_back(what);
  }
  return out;
}

const TableJob& Job(const Plan& plan, const std::string& table) {
  auto it = std::find_if(plan.jobs.begin(), plan.jobs.end(), [&](const TableJob& j) { return j.target_table == table; });
  EXPECT_NE(it, plan.jobs.end()) << table;
  return *it;
}

Plan PlanFor(const SinkCapabilities& caps, const Catalog& source, CopyOptions options = {}) {
  FakeSink sink(caps);
  auto plan = PlanCopy(options, source, postgres::PostgresDialect(), sink, Catalog{});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? *plan : Plan{};
}

TEST(PlanForCapabilities, KeysAfterDataLoadBareTablesThenAddKeysIndexesAndForeignKeys) {
  SinkCapabilities caps;  // a server database: everything, after the data
  Plan plan = PlanFor(caps, Shop());
  EXPECT_EQ(Ops(plan.pre_data), (std::vector<std::string>{"create users", "create orders"}));
  EXPECT_EQ(Ops(plan.post_data), (std::vector<std::string>{"pk users", "index users.email", "pk orders",
                                                           "index orders.user_id", "fk orders->users"}));
  EXPECT_EQ(plan.jobs[0].target_table, "users") << "parents load first";
  EXPECT_EQ(Job(plan, "users").split_column, "id") << "an integer key lets several writers take key ranges";
}

TEST(PlanForCapabilities, NoKeysMeansNoKeyIndexOrForeignKeyStepsAndNoRanges) {
  SinkCapabilities caps;  // a folder of files
  caps.keys = caps.indexes = caps.defaults = caps.auto_increment = false;
  caps.primary_keys = caps.foreign_keys = SinkCapabilities::When::kNone;
  caps.key_range_writers = false;
  caps.merges = caps.loads_into_existing = false;
  Plan plan = PlanFor(caps, Shop());
  EXPECT_EQ(Ops(plan.pre_data), (std::vector<std::string>{"create users", "create orders"}));
  EXPECT_TRUE(plan.post_data.empty()) << ::testing::PrintToString(Ops(plan.post_data));
  EXPECT_EQ(Job(plan, "users").split_column, "");
}

TEST(PlanForCapabilities, InlineForeignKeysAreCreatedWithTheirTables) {
  SinkCapabilities caps;  // DuckDB: keys and FKs only in CREATE TABLE, checked as rows arrive
  caps.primary_keys = caps.foreign_keys = SinkCapabilities::When::kInline;
  caps.checks_inline_foreign_keys = true;
  Plan plan = PlanFor(caps, Shop());
  EXPECT_EQ(Ops(plan.pre_data), (std::vector<std::string>{"create+keys users", "create+keys orders"}));
  EXPECT_EQ(Ops(plan.post_data), (std::vector<std::string>{"index users.email", "index orders.user_id"}));
  ASSERT_EQ(plan.pre_data.size(), 2u);
  EXPECT_EQ(plan.pre_data[1].table.foreign_keys.size(), 1u) << "orders carries its FK inline";
}

TEST(PlanForCapabilities, AnInlineCheckedCycleKeepsTheForeignKeysToEarlierTablesAndNamesTheRest) {
  SinkCapabilities caps;  // DuckDB: FKs only in CREATE TABLE, no ALTER TABLE ADD FOREIGN KEY
  caps.primary_keys = caps.foreign_keys = SinkCapabilities::When::kInline;
  caps.checks_inline_foreign_keys = true;
  Plan plan = PlanFor(caps, Cycles());
  std::vector<std::string> fks;
  for (const auto& op : plan.pre_data)
    for (const auto& fk : op.table.foreign_keys) fks.push_back(op.table.name + "->" + fk.ref_table);
  ASSERT_EQ(plan.pre_data.size(), 2u);
  // The table created second references the first; the first cannot
  // reference a table that does not exist yet.
  const std::string first = plan.pre_data[0].table.name, second = plan.pre_data[1].table.name;
  EXPECT_EQ(fks, (std::vector<std::string>{second + "->" + first}));
  bool named = false;
  for (const auto& n : plan.notes)
    named |= n.find(first + ": foreign key") == 0 && n.find("closes a cycle: " + second + " is created after") != std::string::npos;
  EXPECT_TRUE(named) << ::testing::PrintToString(plan.notes);
  // Nothing is deferred: the first table's column has no FK to check.
  LoadOrder order = ComputeInlineLoadOrder(plan);
  EXPECT_EQ(order.level[0] + 1, order.level[1]);
  EXPECT_TRUE(order.deferred_columns[0].empty() && order.deferred_columns[1].empty());
}

// employee.boss -> employee: kept and deferred when nullable (loaded NULL,
// set after the load); a NOT NULL one cannot load NULL first: named.
TEST(PlanForCapabilities, AnInlineCheckedSelfReferenceIsDeferredUnlessNotNull) {
  SinkCapabilities caps;
  caps.primary_keys = caps.foreign_keys = SinkCapabilities::When::kInline;
  caps.checks_inline_foreign_keys = true;
  TableSchema e;
  e.name = "employee";
  e.columns = {Col("id", TypeId::kInt64), Col("boss", TypeId::kInt64, true), Col("mentor", TypeId::kInt64)};
  e.primary_key = {"id"};
  e.foreign_keys = {{"employee_boss", {"boss"}, "employee", {"id"}}, {"employee_mentor", {"mentor"}, "employee", {"id"}}};
  Catalog c;
  c.tables = {e};
  Plan plan = PlanFor(caps, c);
  ASSERT_EQ(plan.pre_data.size(), 1u);
  ASSERT_EQ(plan.pre_data[0].table.foreign_keys.size(), 1u);
  EXPECT_EQ(plan.pre_data[0].table.foreign_keys[0].name, "employee_boss");
  bool named = false;
  for (const auto& n : plan.notes)
    named |= n.find("employee: foreign key employee_mentor to employee not created: it references its own table "
                    "through NOT NULL columns") == 0;
  EXPECT_TRUE(named) << ::testing::PrintToString(plan.notes);
  LoadOrder order = ComputeInlineLoadOrder(plan);
  EXPECT_EQ(order.deferred_columns[0], (std::vector<std::string>{"boss"}));
}

TEST(PlanForCapabilities, AfterDataForeignKeysKeepBothSidesOfACycle) {
  Plan plan = PlanFor(SinkCapabilities{}, Cycles());
  auto ops = Ops(plan.post_data);
  EXPECT_EQ(std::count_if(ops.begin(), ops.end(), [](const std::string& s) { return s.rfind("fk ", 0) == 0; }), 2);
}

TEST(PlanForCapabilities, OneWriterAtATimeMeansNoKeyRanges) {
  SinkCapabilities caps;  // SQLite: one file lock
  caps.concurrent_writers = false;
  EXPECT_EQ(Job(PlanFor(caps, Shop()), "users").split_column, "");
}

TEST(PlanForCapabilities, WhatTheSinkCannotDoIsRefusedBeforeWriting) {
  SinkCapabilities caps;
  caps.merges = false;
  caps.loads_into_existing = false;
  FakeSink sink(caps);
  CopyOptions merge;
  merge.on_conflict = ConflictMode::kUpdate;
  auto plan = PlanCopy(merge, Shop(), postgres::PostgresDialect(), sink, Catalog{});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidInput) << plan.status().ToString();
  CopyOptions data_only;
  data_only.mode = SchemaMode::kDataOnly;
  plan = PlanCopy(data_only, Shop(), postgres::PostgresDialect(), sink, Catalog{});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidInput) << plan.status().ToString();
}

}  // namespace
}  // namespace ferry
