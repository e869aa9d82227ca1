// DuckDB engine: opening, introspection, dialect DDL, counts, key bounds and
// auto-increment reset, against a real DuckDB file. Setup and asserts go
// through test_env's Query (DuckDB's own C API); the ferry Database is always
// closed before Query touches the same file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engines/duckdb/dialect.h"
#include "engines/duckdb/duckdb_database.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::duckdb {
namespace {

using test::FreshDatabase;
using test::Query;
using test::Row;

std::unique_ptr<Database> OpenOrDie(const std::string& uri_text, AccessMode mode) {
  auto uri = ParseUri(uri_text);
  EXPECT_TRUE(uri.ok());
  auto db = OpenDuckdb(*uri, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

TEST(DuckdbOpen, MissingSourceIsNotFoundAndNotCreated) {
  std::string uri_text = FreshDatabase("duckdb");
  auto uri = ParseUri(uri_text);
  ASSERT_OK(uri);
  ASSERT_FALSE(FileExists(uri->path));
  auto db = OpenDuckdb(*uri, AccessMode::kReadOnly);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kNotFound) << db.status().ToString();
  EXPECT_FALSE(FileExists(uri->path));
}

TEST(DuckdbOpen, TargetIsCreatedAndInMemoryWorks) {
  std::string uri_text = FreshDatabase("duckdb");
  {
    auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
    ASSERT_TRUE(db);
    ASSERT_OK(db->Execute("CREATE TABLE t (a INTEGER)"));
    ASSERT_OK(db->Execute("INSERT INTO t VALUES (1), (2)"));
    EXPECT_EQ(db->DisplayName(), uri_text);
  }
  EXPECT_EQ(Query(uri_text, "SELECT count(*) FROM t")[0][0], "2");

  Uri mem;
  mem.scheme = "duckdb";
  mem.path = ":memory:";
  auto db = OpenDuckdb(mem, AccessMode::kReadWrite);
  ASSERT_OK(db);
  ASSERT_OK((*db)->Execute("CREATE TABLE m (a INTEGER)"));
  auto n = (*db)->CountRows("m");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0);
}

TEST(DuckdbOpen, ReadOnlySourceRefusesWrites) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)");
  {
    auto db = OpenOrDie(uri_text, AccessMode::kReadOnly);
    ASSERT_TRUE(db);
    Status st = db->Execute("INSERT INTO t VALUES (2)");
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("read-only"), std::string::npos) << st.ToString();
    WriteSpec spec{"t", {Field{"a", LogicalType(TypeId::kInt32)}}};
    EXPECT_FALSE(db->OpenWriter(spec).ok());
    auto n = db->CountRows("t");
    ASSERT_OK(n);
    EXPECT_EQ(*n, 1);
  }
  EXPECT_EQ(Query(uri_text, "SELECT count(*) FROM t")[0][0], "1");
}

TEST(DuckdbIntrospect, ColumnsTypesKeysIndexesForeignKeys) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, R"(
    CREATE TYPE mood AS ENUM ('sad', 'it''s ok');
    CREATE SEQUENCE parent_id_seq;
    CREATE TABLE parent (
      id BIGINT DEFAULT nextval('parent_id_seq') PRIMARY KEY,
      code VARCHAR NOT NULL UNIQUE,
      a INTEGER DEFAULT -1,
      b VARCHAR DEFAULT 'it''s',
      c TIMESTAMP DEFAULT current_timestamp,
      d DATE DEFAULT current_date,
      e BOOLEAN DEFAULT true,
      f DOUBLE DEFAULT 1.5,
      g mood,
      h ENUM('x', 'y z'),
      i INTEGER[],
      j STRUCT(a INTEGER, b VARCHAR),
      k MAP(VARCHAR, INTEGER),
      l TIMESTAMPTZ DEFAULT now(),
      m DECIMAL(10,2) DEFAULT 3.50,
      n VARCHAR(20),
      p HUGEINT, q UBIGINT, r UTINYINT, s TIMESTAMP_NS, t UUID, u JSON, w INTERVAL, x BLOB,
      y FLOAT, z USMALLINT, aa UINTEGER, bb TINYINT, cc SMALLINT, dd TIME, ee INTEGER[3],
      ff VARCHAR DEFAULT (lower('X')),
      UNIQUE (a, b)
    );
    CREATE TABLE child (
      id INTEGER PRIMARY KEY,
      parent_id BIGINT REFERENCES parent (id),
      pa INTEGER, pb VARCHAR,
      FOREIGN KEY (pa, pb) REFERENCES parent (a, b)
    );
    CREATE INDEX child_parent ON child (parent_id);
    CREATE UNIQUE INDEX "two cols" ON child (pa, "pb");
    CREATE INDEX child_expr ON child ((pa + 1));
    CREATE VIEW v AS SELECT 1 AS one;
    INSERT INTO parent (code, a) VALUES ('a', 1), ('b', 2), ('c', 3);
  )");
  auto db = OpenOrDie(uri_text, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat);
  EXPECT_EQ(cat->schema_name, "main");
  ASSERT_EQ(cat->tables.size(), 2u);  // the view is not a table
  const TableSchema* parent = cat->FindTable("parent");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->row_estimate, 3);
  EXPECT_EQ(parent->primary_key, std::vector<std::string>{"id"});

  auto col = [&](const char* name) {
    const ColumnSchema* c = parent->FindColumn(name);
    EXPECT_NE(c, nullptr) << name;
    return c ? *c : ColumnSchema{};
  };
  EXPECT_TRUE(col("id").auto_increment);
  EXPECT_EQ(col("id").default_value.kind, DefaultKind::kNone);
  EXPECT_EQ(col("id").type, LogicalType(TypeId::kInt64));
  EXPECT_FALSE(col("id").nullable);
  EXPECT_FALSE(col("code").nullable);
  EXPECT_TRUE(col("a").nullable);
  EXPECT_EQ(col("a").type, LogicalType(TypeId::kInt32));
  EXPECT_EQ(col("a").default_value.kind, DefaultKind::kLiteral);
  EXPECT_EQ(col("a").default_value.text, "-1");
  EXPECT_EQ(col("b").default_value.kind, DefaultKind::kLiteral);
  EXPECT_EQ(col("b").default_value.text, "it's");
  EXPECT_EQ(col("c").default_value.kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(col("d").default_value.kind, DefaultKind::kCurrentDate);
  EXPECT_EQ(col("e").default_value.kind, DefaultKind::kLiteral);
  EXPECT_EQ(col("e").default_value.text, "true");
  EXPECT_EQ(col("f").default_value.text, "1.5");
  EXPECT_EQ(col("l").default_value.kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(col("m").default_value.text, "3.50");
  EXPECT_EQ(col("ff").default_value.kind, DefaultKind::kExpression);

  LogicalType mood(TypeId::kEnum);
  mood.enum_values = {"sad", "it's ok"};
  EXPECT_EQ(col("g").type, mood);
  LogicalType xy(TypeId::kEnum);
  xy.enum_values = {"x", "y z"};
  EXPECT_EQ(col("h").type, xy);
  EXPECT_EQ(col("i").type.id, TypeId::kJson);
  EXPECT_EQ(col("j").type.id, TypeId::kJson);
  EXPECT_EQ(col("k").type.id, TypeId::kJson);
  EXPECT_EQ(col("ee").type.id, TypeId::kJson);
  EXPECT_EQ(col("l").type.id, TypeId::kTimestampTz);
  EXPECT_EQ(col("m").type, LogicalType::Decimal(10, 2));
  EXPECT_EQ(col("n").type, LogicalType(TypeId::kText));
  EXPECT_EQ(col("p").type, LogicalType::Decimal(38, 0));
  EXPECT_EQ(col("q").type, LogicalType::Decimal(20, 0));
  EXPECT_EQ(col("r").type, LogicalType(TypeId::kInt16));
  EXPECT_EQ(col("z").type, LogicalType(TypeId::kInt32));
  EXPECT_EQ(col("aa").type, LogicalType(TypeId::kInt64));
  EXPECT_EQ(col("bb").type, LogicalType(TypeId::kInt8));
  EXPECT_EQ(col("cc").type, LogicalType(TypeId::kInt16));
  EXPECT_EQ(col("s").type, LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(col("t").type, LogicalType(TypeId::kUuid));
  EXPECT_EQ(col("u").type, LogicalType(TypeId::kJson));
  EXPECT_EQ(col("w").type, LogicalType(TypeId::kInterval));
  EXPECT_EQ(col("x").type, LogicalType(TypeId::kBytes));
  EXPECT_EQ(col("y").type, LogicalType(TypeId::kFloat32));
  EXPECT_EQ(col("f").type, LogicalType(TypeId::kFloat64));
  EXPECT_EQ(col("dd").type, LogicalType(TypeId::kTime));
  EXPECT_EQ(col("c").type, LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(col("d").type, LogicalType(TypeId::kDate));
  EXPECT_EQ(col("e").type, LogicalType(TypeId::kBool));
  EXPECT_EQ(col("m").native_type, "DECIMAL(10,2)");

  // Unique constraints arrive as unique indexes.
  bool code_unique = false, ab_unique = false;
  for (const auto& ix : parent->indexes) {
    if (ix.columns == std::vector<std::string>{"code"} && ix.unique) code_unique = true;
    if (ix.columns == std::vector<std::string>{"a", "b"} && ix.unique) ab_unique = true;
  }
  EXPECT_TRUE(code_unique);
  EXPECT_TRUE(ab_unique);

  const TableSchema* child = cat->FindTable("child");
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->primary_key, std::vector<std::string>{"id"});
  ASSERT_EQ(child->foreign_keys.size(), 2u);
  EXPECT_EQ(child->foreign_keys[0].columns, std::vector<std::string>{"parent_id"});
  EXPECT_EQ(child->foreign_keys[0].ref_table, "parent");
  EXPECT_EQ(child->foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(child->foreign_keys[1].columns, (std::vector<std::string>{"pa", "pb"}));
  EXPECT_EQ(child->foreign_keys[1].ref_columns, (std::vector<std::string>{"a", "b"}));
  // Two plain indexes; the expression index is skipped.
  ASSERT_EQ(child->indexes.size(), 2u);
  EXPECT_EQ(child->indexes[0].name, "child_parent");
  EXPECT_EQ(child->indexes[0].columns, std::vector<std::string>{"parent_id"});
  EXPECT_FALSE(child->indexes[0].unique);
  EXPECT_EQ(child->indexes[1].name, "two cols");
  EXPECT_EQ(child->indexes[1].columns, (std::vector<std::string>{"pa", "pb"}));
  EXPECT_TRUE(child->indexes[1].unique);
}

TEST(DuckdbIntrospect, OtherSchemaFromUriParam) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, "CREATE SCHEMA app; CREATE TABLE app.users (id INTEGER PRIMARY KEY); "
                  "CREATE TABLE main.other (x INTEGER); INSERT INTO app.users VALUES (7)");
  auto db = OpenOrDie(uri_text + "?schema=app", AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat);
  ASSERT_EQ(cat->tables.size(), 1u);
  EXPECT_EQ(cat->tables[0].name, "users");
  auto n = db->CountRows("users");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 1);
}

TEST(DuckdbDialect, NativeTypes) {
  DuckdbDialect d;
  auto nt = [&](const LogicalType& t) {
    auto r = d.NativeType(t);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::string();
  };
  EXPECT_EQ(nt(LogicalType(TypeId::kBool)), "BOOLEAN");
  EXPECT_EQ(nt(LogicalType(TypeId::kInt8)), "TINYINT");
  EXPECT_EQ(nt(LogicalType(TypeId::kInt16)), "SMALLINT");
  EXPECT_EQ(nt(LogicalType(TypeId::kInt32)), "INTEGER");
  EXPECT_EQ(nt(LogicalType(TypeId::kInt64)), "BIGINT");
  EXPECT_EQ(nt(LogicalType(TypeId::kFloat32)), "REAL");
  EXPECT_EQ(nt(LogicalType(TypeId::kFloat64)), "DOUBLE");
  EXPECT_EQ(nt(LogicalType::Decimal(38, 10)), "DECIMAL(38,10)");
  EXPECT_EQ(nt(LogicalType::Decimal(39, 0)), "VARCHAR");
  EXPECT_EQ(nt(LogicalType::Decimal(-1, -1)), "VARCHAR");
  EXPECT_EQ(nt(LogicalType::Text(20)), "VARCHAR");
  EXPECT_EQ(nt(LogicalType(TypeId::kBytes)), "BLOB");
  EXPECT_EQ(nt(LogicalType(TypeId::kTimestampTz)), "TIMESTAMPTZ");
  EXPECT_EQ(nt(LogicalType(TypeId::kUuid)), "UUID");
  LogicalType e(TypeId::kEnum);
  e.enum_values = {"a", "b'c"};
  EXPECT_EQ(nt(e), "ENUM('a', 'b''c')");
  EXPECT_EQ(nt(LogicalType(TypeId::kEnum)), "VARCHAR");
  EXPECT_EQ(d.QuoteIdent("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(d.Capabilities().foreign_keys, SinkCapabilities::When::kInline);
  EXPECT_TRUE(d.Capabilities().checks_inline_foreign_keys);
}

TEST(DuckdbDialect, CreateTablesWithSequenceKeysAndForeignKeys) {
  std::string uri_text = FreshDatabase("duckdb");
  DuckdbDialect d;
  TableSchema parent;
  parent.name = "parent";
  parent.columns = {
      ColumnSchema{"id", LogicalType(TypeId::kInt64), "", false, {}, true},
      ColumnSchema{"name", LogicalType::Text(10), "", false, {DefaultKind::kLiteral, "it's"}, false},
      ColumnSchema{"at", LogicalType(TypeId::kTimestamp), "", true, {DefaultKind::kCurrentTimestamp, ""}, false},
      ColumnSchema{"flag", LogicalType(TypeId::kBool), "", true, {DefaultKind::kLiteral, "1"}, false},
  };
  parent.primary_key = {"id"};
  TableSchema child;
  child.name = "child";
  child.columns = {ColumnSchema{"id", LogicalType(TypeId::kInt32), "", false, {}, false},
                   ColumnSchema{"parent_id", LogicalType(TypeId::kInt64), "", true, {}, false}};
  child.primary_key = {"id"};
  ForeignKeySchema fk;
  fk.name = "child_parent_fk";
  fk.columns = {"parent_id"};
  fk.ref_table = "parent";
  fk.ref_columns = {"id"};
  fk.on_delete = FkAction::kCascade;  // DuckDB refuses actions: dropped
  child.foreign_keys = {fk};
  {
    auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
    ASSERT_TRUE(db);
    for (const TableSchema* t : {&parent, &child}) {
      auto sqls = d.CreateTableSql(*t, true);
      ASSERT_OK(sqls);
      for (const auto& sql : *sqls) ASSERT_OK(db->Execute(sql));
    }
    ASSERT_OK(db->Execute("INSERT INTO parent (name) VALUES ('x'), ('y')"));
    ASSERT_OK(db->Execute("INSERT INTO parent (id, name) VALUES (10, 'z')"));
    ASSERT_OK(db->Execute("INSERT INTO child VALUES (1, 10)"));
    EXPECT_FALSE(db->Execute("INSERT INTO child VALUES (2, 99)").ok());  // FK enforced
    auto cat = db->Introspect();
    ASSERT_OK(cat);
    const TableSchema* p = cat->FindTable("parent");
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->FindColumn("id")->auto_increment);
    EXPECT_EQ(p->FindColumn("name")->default_value.text, "it's");
    EXPECT_EQ(p->FindColumn("at")->default_value.kind, DefaultKind::kCurrentTimestamp);
    EXPECT_EQ(p->FindColumn("flag")->default_value.text, "true");
    ASSERT_EQ(cat->FindTable("child")->foreign_keys.size(), 1u);
  }
  auto rows = Query(uri_text, "SELECT id, name, \"at\" IS NOT NULL, flag FROM parent ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Row{"1", "x", "true", "true"}));
  EXPECT_EQ(rows[1], (Row{"2", "y", "true", "true"}));
  EXPECT_EQ(rows[2], (Row{"10", "z", "true", "true"}));
}

TEST(DuckdbDialect, SameEngineCopyKeepsNativeType) {
  DuckdbDialect d;
  TableSchema t;
  t.name = "t";
  t.columns = {ColumnSchema{"h", LogicalType::Decimal(38, 0), "HUGEINT", true, {}, false},
               ColumnSchema{"l", LogicalType(TypeId::kJson), "INTEGER[]", true, {}, false}};
  auto sqls = d.CreateTableSql(t, true);
  ASSERT_OK(sqls);
  ASSERT_EQ(sqls->size(), 1u);
  EXPECT_NE((*sqls)[0].find("\"h\" HUGEINT"), std::string::npos) << (*sqls)[0];
  EXPECT_NE((*sqls)[0].find("\"l\" INTEGER[]"), std::string::npos) << (*sqls)[0];
}

TEST(DuckdbDatabase, CountRowsAndKeyBounds) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, "CREATE TABLE e (id INTEGER); CREATE TABLE t (id BIGINT, v VARCHAR);"
                  "INSERT INTO t SELECT i, 'v' FROM range(-5, 1000) r(i)");
  auto db = OpenOrDie(uri_text, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto n = db->CountRows("t");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 1005);
  auto b = db->KeyBounds("t", "id");
  ASSERT_OK(b);
  ASSERT_TRUE(b->has_value());
  EXPECT_EQ((*b)->first, -5);
  EXPECT_EQ((*b)->second, 999);
  auto e = db->KeyBounds("e", "id");
  ASSERT_OK(e);
  EXPECT_FALSE(e->has_value());
  EXPECT_FALSE(db->CountRows("missing").ok());
}

TEST(DuckdbDatabase, ResetAutoIncrement) {
  std::string uri_text = FreshDatabase("duckdb");
  DuckdbDialect d;
  TableSchema lone;  // no table references it: a new sequence becomes the default
  lone.name = "lone";
  lone.columns = {ColumnSchema{"id", LogicalType(TypeId::kInt64), "", false, {}, true},
                  ColumnSchema{"v", LogicalType::Text(), "", true, {}, false}};
  lone.primary_key = {"id"};
  TableSchema parent = lone;  // referenced by child: DuckDB cannot ALTER it
  parent.name = "parent";
  TableSchema child;
  child.name = "child";
  child.columns = {ColumnSchema{"pid", LogicalType(TypeId::kInt64), "", true, {}, false}};
  child.foreign_keys = {ForeignKeySchema{"", {"pid"}, "parent", {"id"}}};
  {
    auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
    ASSERT_TRUE(db);
    for (const TableSchema* t : {&lone, &parent, &child}) {
      auto sqls = d.CreateTableSql(*t, true);
      ASSERT_OK(sqls);
      for (const auto& sql : *sqls) ASSERT_OK(db->Execute(sql));
    }
    ASSERT_OK(db->Execute("INSERT INTO lone VALUES (5, 'a'), (41, 'b')"));
    ASSERT_OK(db->Execute("INSERT INTO parent VALUES (3, 'a'), (77, 'b')"));
    auto sql = db->ResetAutoIncrement(lone, lone.columns[0]);
    ASSERT_OK(sql);
    EXPECT_NE(sql->find("START WITH 42"), std::string::npos) << *sql;
    auto sql2 = db->ResetAutoIncrement(parent, parent.columns[0]);
    ASSERT_OK(sql2);
    ASSERT_OK(db->Execute("INSERT INTO lone (v) VALUES ('c')"));
    ASSERT_OK(db->Execute("INSERT INTO parent (v) VALUES ('c')"));
    // A second reset after more rows keeps working.
    ASSERT_OK(db->Execute("INSERT INTO lone VALUES (100, 'd')"));
    ASSERT_OK(db->ResetAutoIncrement(lone, lone.columns[0]));
    ASSERT_OK(db->Execute("INSERT INTO lone (v) VALUES ('e')"));
    ASSERT_OK(db->Execute("INSERT INTO parent VALUES (200, 'd')"));
    ASSERT_OK(db->ResetAutoIncrement(parent, parent.columns[0]));
    ASSERT_OK(db->Execute("INSERT INTO parent (v) VALUES ('e')"));
    // A gap too long to walk (keys hashed by --mask) is left, and said so.
    ASSERT_OK(db->Execute("INSERT INTO parent VALUES (9000000000000, 'f')"));
    auto far = db->ResetAutoIncrement(parent, parent.columns[0]);
    ASSERT_OK(far);
    EXPECT_NE(far->find("not advanced"), std::string::npos) << *far;
    // Empty table: next id is 1.
    ASSERT_OK(db->Execute("DELETE FROM child"));
  }
  EXPECT_EQ(Query(uri_text, "SELECT id FROM lone WHERE v = 'c'")[0][0], "42");
  EXPECT_EQ(Query(uri_text, "SELECT id FROM lone WHERE v = 'e'")[0][0], "101");
  EXPECT_EQ(Query(uri_text, "SELECT id FROM parent WHERE v = 'c'")[0][0], "78");
  EXPECT_EQ(Query(uri_text, "SELECT id FROM parent WHERE v = 'e'")[0][0], "201");
}

}  // namespace
}  // namespace ferry::duckdb
