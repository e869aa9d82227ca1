// SQLite introspection and dialect: declared types -> logical types,
// defaults, keys, indexes, FKs, auto-increment, and DDL that maps back.
#include <gtest/gtest.h>

#include "core/uri.h"
#include "engines/engine.h"
#include "engines/sqlite/dialect.h"
#include "engines/sqlite/sqlite_database.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::sqlite {
namespace {

using test::FreshDatabase;
using test::Query;

std::unique_ptr<Database> Open(const std::string& uri_text, AccessMode mode) {
  auto uri = ParseUri(uri_text);
  EXPECT_TRUE(uri.ok()) << uri.status().ToString();
  auto db = OpenSqlite(*uri, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

ColumnSchema Col(const std::string& name, LogicalType type) {
  ColumnSchema c;
  c.name = name;
  c.type = std::move(type);
  return c;
}

Catalog IntrospectOrDie(const std::string& uri) {
  auto db = Open(uri, AccessMode::kReadOnly);
  auto catalog = db->Introspect();
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  return catalog.ok() ? *catalog : Catalog{};
}

TEST(SqliteIntrospect, ColumnsTypesNullabilityDefaults) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t ("
        " id INTEGER PRIMARY KEY,"
        " flag BOOLEAN NOT NULL DEFAULT 0,"
        " tiny TINYINT(1) DEFAULT TRUE,"
        " big BIGINT DEFAULT -5,"
        " ratio DOUBLE PRECISION DEFAULT 1.5,"
        " price DECIMAL(10,2) DEFAULT '1.50',"
        " amount NUMERIC(12),"
        " plain_numeric NUMERIC,"
        " name VARCHAR(40) NOT NULL DEFAULT 'it''s',"
        " code CHAR(3),"
        " body TEXT,"
        " data BLOB,"
        " anything,"
        " born DATE DEFAULT CURRENT_DATE,"
        " at TIME,"
        " created DATETIME DEFAULT CURRENT_TIMESTAMP,"
        " updated TIMESTAMP DEFAULT (datetime('now')),"
        " zoned TIMESTAMPTZ,"
        " doc JSON,"
        " uid UUID,"
        " span INTERVAL,"
        " custom MONEYISH DEFAULT (strftime('%s','now')),"
        " nul TEXT DEFAULT NULL)");
  Catalog catalog = IntrospectOrDie(uri);
  ASSERT_EQ(catalog.tables.size(), 1u);
  const TableSchema& t = catalog.tables[0];
  EXPECT_EQ(t.name, "t");
  struct Expect {
    const char* name;
    const char* type;
    bool nullable;
    DefaultKind def;
    const char* def_text;
  };
  const Expect expected[] = {
      {"id", "int64", false, DefaultKind::kNone, ""},
      {"flag", "bool", false, DefaultKind::kLiteral, "0"},
      {"tiny", "bool", true, DefaultKind::kLiteral, "1"},
      {"big", "int64", true, DefaultKind::kLiteral, "-5"},
      {"ratio", "float64", true, DefaultKind::kLiteral, "1.5"},
      {"price", "decimal(10,2)", true, DefaultKind::kLiteral, "1.50"},
      {"amount", "decimal(12,0)", true, DefaultKind::kNone, ""},
      {"plain_numeric", "text", true, DefaultKind::kNone, ""},
      {"name", "text(40)", false, DefaultKind::kLiteral, "it's"},
      {"code", "text(3)", true, DefaultKind::kNone, ""},
      {"body", "text", true, DefaultKind::kNone, ""},
      {"data", "bytes", true, DefaultKind::kNone, ""},
      {"anything", "text", true, DefaultKind::kNone, ""},
      {"born", "date", true, DefaultKind::kCurrentDate, ""},
      {"at", "time", true, DefaultKind::kNone, ""},
      {"created", "timestamp", true, DefaultKind::kCurrentTimestamp, ""},
      {"updated", "timestamp", true, DefaultKind::kCurrentTimestamp, ""},
      {"zoned", "timestamptz", true, DefaultKind::kNone, ""},
      {"doc", "json", true, DefaultKind::kNone, ""},
      {"uid", "uuid", true, DefaultKind::kNone, ""},
      {"span", "interval", true, DefaultKind::kNone, ""},
      {"custom", "text", true, DefaultKind::kExpression, "strftime('%s','now')"},
      {"nul", "text", true, DefaultKind::kNone, ""},
  };
  ASSERT_EQ(t.columns.size(), std::size(expected));
  for (size_t i = 0; i < t.columns.size(); ++i) {
    SCOPED_TRACE(expected[i].name);
    const ColumnSchema& c = t.columns[i];
    EXPECT_EQ(c.name, expected[i].name);
    EXPECT_EQ(c.type.ToString(), expected[i].type);
    EXPECT_EQ(c.nullable, expected[i].nullable);
    EXPECT_EQ(c.default_value.kind, expected[i].def);
    if (expected[i].def == DefaultKind::kLiteral || expected[i].def == DefaultKind::kExpression) {
      EXPECT_EQ(c.default_value.text, expected[i].def_text);
    }
  }
  EXPECT_EQ(t.columns[3].native_type, "BIGINT");
  EXPECT_TRUE(t.columns[0].auto_increment);
  for (size_t i = 1; i < t.columns.size(); ++i) EXPECT_FALSE(t.columns[i].auto_increment);
  EXPECT_EQ(t.primary_key, std::vector<std::string>{"id"});
  EXPECT_EQ(t.row_estimate, 0);
}

// SQLite -> SQLite: the planner keeps native_type; the DDL made from the
// introspected schema describes the same table again.
TEST(SqliteIntrospect, SameEngineDdlRoundTrip) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE p (id INTEGER PRIMARY KEY, code CHAR(3) NOT NULL UNIQUE);"
        "CREATE TABLE t (id INTEGER PRIMARY KEY, big BIGINT DEFAULT -5, price DECIMAL(10,2) "
        "DEFAULT '1.50', name VARCHAR(40) NOT NULL DEFAULT 'it''s', flag BOOLEAN DEFAULT TRUE, "
        "created DATETIME DEFAULT CURRENT_TIMESTAMP, custom MONEYISH DEFAULT (strftime('%s','now')), "
        "blobby BLOB DEFAULT X'00', p_id INTEGER REFERENCES p (id) ON DELETE SET NULL);"
        "CREATE INDEX t_by_name ON t (name, big);");
  Catalog first = IntrospectOrDie(src);
  std::string dst = FreshDatabase("sqlite", "_dst");
  auto db = Open(dst, AccessMode::kReadWrite);
  for (const auto& table : first.tables) {
    auto ddl = db->dialect().CreateTableSql(table, true);
    ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
    for (const auto& sql : *ddl) ASSERT_OK(db->Execute(sql));
    for (const auto& index : table.indexes) ASSERT_OK(db->Execute(db->dialect().CreateIndexSql(table, index)));
  }
  Catalog second = IntrospectOrDie(dst);
  ASSERT_EQ(second.tables.size(), first.tables.size());
  for (size_t i = 0; i < first.tables.size(); ++i) {
    const TableSchema& a = first.tables[i];
    const TableSchema& b = second.tables[i];
    SCOPED_TRACE(a.name);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.primary_key, b.primary_key);
    ASSERT_EQ(a.columns.size(), b.columns.size());
    for (size_t c = 0; c < a.columns.size(); ++c) {
      SCOPED_TRACE(a.columns[c].name);
      EXPECT_EQ(a.columns[c].name, b.columns[c].name);
      EXPECT_EQ(a.columns[c].type, b.columns[c].type);
      EXPECT_EQ(a.columns[c].native_type, b.columns[c].native_type);
      EXPECT_EQ(a.columns[c].nullable, b.columns[c].nullable);
      EXPECT_EQ(a.columns[c].auto_increment, b.columns[c].auto_increment);
      EXPECT_EQ(a.columns[c].default_value.kind, b.columns[c].default_value.kind);
      EXPECT_EQ(a.columns[c].default_value.text, b.columns[c].default_value.text);
    }
    ASSERT_EQ(a.indexes.size(), b.indexes.size());
    for (size_t x = 0; x < a.indexes.size(); ++x) {
      EXPECT_EQ(a.indexes[x].name, b.indexes[x].name);
      EXPECT_EQ(a.indexes[x].columns, b.indexes[x].columns);
      EXPECT_EQ(a.indexes[x].unique, b.indexes[x].unique);
    }
    ASSERT_EQ(a.foreign_keys.size(), b.foreign_keys.size());
    for (size_t f = 0; f < a.foreign_keys.size(); ++f) {
      EXPECT_EQ(a.foreign_keys[f].columns, b.foreign_keys[f].columns);
      EXPECT_EQ(a.foreign_keys[f].ref_table, b.foreign_keys[f].ref_table);
      EXPECT_EQ(a.foreign_keys[f].ref_columns, b.foreign_keys[f].ref_columns);
      EXPECT_EQ(a.foreign_keys[f].on_delete, b.foreign_keys[f].on_delete);
    }
  }
}

TEST(SqliteIntrospect, KeysIndexesForeignKeysAutoIncrement) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE parent (a INT, b TEXT, PRIMARY KEY (b, a));"
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, "
        "  first TEXT, last TEXT, UNIQUE (last, first));"
        "CREATE TABLE intpk (id INT PRIMARY KEY, v TEXT);"
        "CREATE TABLE norowid (id INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) "
        "  ON DELETE CASCADE ON UPDATE SET NULL, pa INT, pb TEXT, created TEXT, "
        "  FOREIGN KEY (pb, pa) REFERENCES parent);"
        "CREATE INDEX child_created ON child (created);"
        "CREATE INDEX child_lower ON child (lower(pb));"
        "CREATE INDEX child_partial ON child (pa) WHERE pa > 0;"
        "CREATE UNIQUE INDEX uq_both ON child (pa, pb);"
        "INSERT INTO users (email) VALUES ('a@x'), ('b@x');");
  Catalog catalog = IntrospectOrDie(uri);
  std::vector<std::string> names;
  for (const auto& t : catalog.tables) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"parent", "users", "intpk", "norowid", "child"}));

  const TableSchema* parent = catalog.FindTable("parent");
  EXPECT_EQ(parent->primary_key, (std::vector<std::string>{"b", "a"}));
  EXPECT_FALSE(parent->columns[0].auto_increment);
  EXPECT_TRUE(parent->indexes.empty());

  const TableSchema* users = catalog.FindTable("users");
  EXPECT_TRUE(users->columns[0].auto_increment);
  EXPECT_EQ(users->row_estimate, 2);
  ASSERT_EQ(users->indexes.size(), 2u);
  EXPECT_EQ(users->indexes[0].name, "users_email_key");
  EXPECT_EQ(users->indexes[0].columns, std::vector<std::string>{"email"});
  EXPECT_TRUE(users->indexes[0].unique);
  EXPECT_EQ(users->indexes[1].name, "users_last_first_key");
  EXPECT_EQ(users->indexes[1].columns, (std::vector<std::string>{"last", "first"}));

  EXPECT_FALSE(catalog.FindTable("intpk")->columns[0].auto_increment);
  EXPECT_FALSE(catalog.FindTable("norowid")->columns[0].auto_increment);

  const TableSchema* child = catalog.FindTable("child");
  ASSERT_EQ(child->indexes.size(), 2u);  // expression and partial indexes skipped
  EXPECT_EQ(child->indexes[0].name, "child_created");
  EXPECT_FALSE(child->indexes[0].unique);
  EXPECT_EQ(child->indexes[1].name, "child_uq_both");
  EXPECT_TRUE(child->indexes[1].unique);
  EXPECT_EQ(child->indexes[1].columns, (std::vector<std::string>{"pa", "pb"}));
  ASSERT_EQ(child->foreign_keys.size(), 2u);
  const ForeignKeySchema& fk1 = child->foreign_keys[0];
  EXPECT_EQ(fk1.name, "child_user_id_fkey");
  EXPECT_EQ(fk1.columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(fk1.ref_table, "users");
  EXPECT_EQ(fk1.ref_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(fk1.on_delete, FkAction::kCascade);
  EXPECT_EQ(fk1.on_update, FkAction::kSetNull);
  const ForeignKeySchema& fk2 = child->foreign_keys[1];
  EXPECT_EQ(fk2.columns, (std::vector<std::string>{"pb", "pa"}));
  EXPECT_EQ(fk2.ref_table, "parent");
  EXPECT_EQ(fk2.ref_columns, (std::vector<std::string>{"b", "a"}));  // implicit: parent's PK
  EXPECT_EQ(fk2.on_delete, FkAction::kNoAction);
}

TEST(SqliteIntrospect, SkipsInternalViewsAndVirtualTables) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
        "INSERT INTO a (v) VALUES ('x');"
        "CREATE VIEW av AS SELECT * FROM a;");
  bool fts = test::TryExec(uri, "CREATE VIRTUAL TABLE docs USING fts5(body)").empty();
  Catalog catalog = IntrospectOrDie(uri);
  ASSERT_EQ(catalog.tables.size(), 1u) << "fts5 available: " << fts;
  EXPECT_EQ(catalog.tables[0].name, "a");
  EXPECT_EQ(catalog.schema_name, "main");
}

TEST(SqliteDialect, DeclaredTypeNames) {
  struct Case {
    const char* declared;
    const char* logical;
  } cases[] = {
      {"INTEGER", "int64"},          {"int", "int64"},
      {"UNSIGNED BIG INT", "int64"}, {"MEDIUMINT", "int64"},
      {"bool", "bool"},              {"TINYINT(1)", "bool"},
      {"TINYINT(4)", "int64"},       {"REAL", "float64"},
      {"FLOAT", "float64"},          {"double", "float64"},
      {"DECIMAL(10, 3)", "decimal(10,3)"}, {"numeric(5)", "decimal(5,0)"},
      {"DECIMAL_TEXT(38,10)", "decimal(38,10)"}, {"DECIMAL_TEXT", "decimal"},
      {"NUMERIC", "text"},           {"varchar(255)", "text(255)"},
      {"NVARCHAR(10)", "text(10)"},  {"CLOB", "text"},
      {"", "text"},                  {"blob", "bytes"},
      {"Date", "date"},              {"datetime", "timestamp"},
      {"timestamp(3)", "timestamp"}, {"TIMESTAMP WITH TIME ZONE", "timestamptz"},
      {"time", "time"},              {"json", "json"},
      {"JSON_TEXT", "json"},         {"uuid", "uuid"},
      {"INTERVAL", "interval"},      {"DURATION_TEXT", "interval"},
      {"WHATEVER", "text"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(LogicalFromDeclared(c.declared).ToString(), c.logical) << c.declared;
}

TEST(SqliteDialect, ParseDefault) {
  EXPECT_EQ(ParseDefault(nullptr).kind, DefaultKind::kNone);
  EXPECT_EQ(ParseDefault("NULL").kind, DefaultKind::kNone);
  EXPECT_EQ(ParseDefault("current_timestamp").kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(ParseDefault("(CURRENT_TIMESTAMP)").kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(ParseDefault("(datetime( 'now' ))").kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(ParseDefault("CURRENT_DATE").kind, DefaultKind::kCurrentDate);
  EXPECT_EQ(ParseDefault("'a''b'").text, "a'b");
  EXPECT_EQ(ParseDefault("''").kind, DefaultKind::kLiteral);
  EXPECT_EQ(ParseDefault("''").text, "");
  EXPECT_EQ(ParseDefault("+7").text, "7");
  EXPECT_EQ(ParseDefault("-1.5e3").text, "-1.5e3");
  EXPECT_EQ(ParseDefault("'a' || 'b'").kind, DefaultKind::kExpression);
  EXPECT_EQ(ParseDefault("(1) + (2)").kind, DefaultKind::kExpression);
  EXPECT_EQ(ParseDefault("X'00'").kind, DefaultKind::kExpression);
}

// Every logical type's native name maps back to the same logical type, and
// SQLite's affinity keeps the stored text as written.
TEST(SqliteDialect, NativeTypesRoundTripAndKeepText) {
  SqliteDialect dialect;
  std::vector<LogicalType> types = {
      LogicalType(TypeId::kBool),        LogicalType(TypeId::kInt64),
      LogicalType(TypeId::kFloat64),     LogicalType::Decimal(20, 4),
      LogicalType::Decimal(-1, -1),      LogicalType::Text(),
      LogicalType::Text(12),             LogicalType(TypeId::kBytes),
      LogicalType(TypeId::kDate),        LogicalType(TypeId::kTime),
      LogicalType(TypeId::kTimestamp),   LogicalType(TypeId::kTimestampTz),
      LogicalType(TypeId::kInterval),    LogicalType(TypeId::kUuid),
      LogicalType(TypeId::kJson),
  };
  for (const auto& t : types) {
    auto native = dialect.NativeType(t);
    ASSERT_TRUE(native.ok());
    EXPECT_EQ(LogicalFromDeclared(*native), t) << t.ToString() << " -> " << *native;
  }
  EXPECT_EQ(*dialect.NativeType(LogicalType(TypeId::kInt16)), "INTEGER");
  EXPECT_EQ(*dialect.NativeType(LogicalType(TypeId::kEnum)), "TEXT");

  std::string uri = FreshDatabase("sqlite");
  Query(uri, "CREATE TABLE t (d " + *dialect.NativeType(LogicalType::Decimal(30, 2)) + ", j " +
                 *dialect.NativeType(LogicalType(TypeId::kJson)) + ", i " +
                 *dialect.NativeType(LogicalType(TypeId::kInterval)) + ");"
             "INSERT INTO t VALUES ('1.10', '1.50', '10');");
  auto rows = Query(uri, "SELECT typeof(d), d, typeof(j), j, typeof(i), i FROM t");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (test::Row{"text", "1.10", "text", "1.50", "text", "10"}));
}

TEST(SqliteDialect, CreateTableSqlInlineKeysAndRowidAlias) {
  SqliteDialect dialect;
  TableSchema t;
  t.name = "orders";
  ColumnSchema id = Col("id", LogicalType(TypeId::kInt64));
  id.auto_increment = true;
  id.nullable = false;
  ColumnSchema user = Col("user_id", LogicalType(TypeId::kInt32));
  ColumnSchema total = Col("total", LogicalType::Decimal(10, 2));
  total.default_value = {DefaultKind::kLiteral, "0.50"};
  ColumnSchema at = Col("at", LogicalType(TypeId::kTimestamp));
  at.nullable = false;
  at.default_value = {DefaultKind::kCurrentTimestamp, ""};
  ColumnSchema paid = Col("paid", LogicalType(TypeId::kBool));
  paid.default_value = {DefaultKind::kLiteral, "true"};
  t.columns = {id, user, total, at, paid};
  t.primary_key = {"id"};
  t.foreign_keys.push_back({"orders_user_fkey", {"user_id"}, "users", {"id"}, FkAction::kCascade,
                            FkAction::kNoAction});
  auto sql = dialect.CreateTableSql(t, true);
  ASSERT_TRUE(sql.ok());
  ASSERT_EQ(sql->size(), 1u);
  EXPECT_EQ((*sql)[0],
            "CREATE TABLE \"orders\" (\n"
            "  \"id\" INTEGER PRIMARY KEY,\n"
            "  \"user_id\" INTEGER,\n"
            "  \"total\" DECIMAL_TEXT(10,2) DEFAULT '0.50',\n"
            "  \"at\" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "  \"paid\" BOOLEAN DEFAULT 1,\n"
            "  CONSTRAINT \"orders_user_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" "
            "(\"id\") ON DELETE CASCADE\n)");

  // Composite key and no auto-increment: a PRIMARY KEY clause.
  t.columns[0].auto_increment = false;
  t.primary_key = {"id", "user_id"};
  sql = dialect.CreateTableSql(t, true);
  EXPECT_NE((*sql)[0].find("PRIMARY KEY (\"id\", \"user_id\")"), std::string::npos) << (*sql)[0];

  // Same-engine copy: native_type verbatim, expression defaults kept.
  t.columns[1].native_type = "BIGINT";
  t.columns[1].default_value = {DefaultKind::kExpression, "abs(-3)"};
  sql = dialect.CreateTableSql(t, true);
  EXPECT_NE((*sql)[0].find("\"user_id\" BIGINT DEFAULT (abs(-3))"), std::string::npos) << (*sql)[0];

  // The generated DDL runs and introspects back.
  std::string uri = FreshDatabase("sqlite");
  t.primary_key = {"id"};
  t.columns[0].auto_increment = true;
  Query(uri, (*dialect.CreateTableSql(t, true))[0]);
  Query(uri, "INSERT INTO orders (user_id) VALUES (5)");
  EXPECT_EQ(Query(uri, "SELECT id, total, at IS NOT NULL, paid FROM orders")[0],
            (test::Row{"1", "0.50", "1", "1"}));
  Catalog catalog = IntrospectOrDie(uri);
  const TableSchema& back = catalog.tables[0];
  EXPECT_TRUE(back.columns[0].auto_increment);
  EXPECT_EQ(back.columns[2].type.ToString(), "decimal(10,2)");
  EXPECT_EQ(back.columns[2].default_value.text, "0.50");
  EXPECT_EQ(back.foreign_keys.size(), 1u);
}

// Index names read from a SQLite source carry their table's name; the
// planner (plan/index_names.h) decides the names the dialect then writes.
TEST(SqliteDialect, IndexNamesReadFromASource) {
  SqliteDialect dialect;
  TableSchema t;
  t.name = "calls";
  EXPECT_EQ(SqliteDialect::IndexName(t, {"idx_created", {"created"}, false}), "calls_idx_created");
  EXPECT_EQ(SqliteDialect::IndexName(t, {"calls_by_user", {"user", "at"}, true}), "calls_by_user");
  EXPECT_EQ(SqliteDialect::IndexName(t, {"", {"a"}, true}), "calls_a_key");
  EXPECT_EQ(SqliteDialect::IndexName(t, {"sqlite_autoindex_calls_1", {"a"}, false}), "calls_a_idx");
  EXPECT_EQ(dialect.CreateIndexSql(t, {"idx_created", {"created"}, false}),
            "CREATE INDEX \"idx_created\" ON \"calls\" (\"created\")");
  EXPECT_EQ(dialect.CreateIndexSql(t, {"calls_by_user", {"user", "at"}, true}),
            "CREATE UNIQUE INDEX \"calls_by_user\" ON \"calls\" (\"user\", \"at\")");
}

}  // namespace
}  // namespace ferry::sqlite
