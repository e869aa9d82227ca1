#include "engines/archive/manifest.h"

#include <gtest/gtest.h>

namespace ferry::archive {
namespace {

// Every field of the catalog survives the manifest's text, exactly.
TEST(ArchiveManifest, SchemaRoundTripsExactly) {
  TableSchema t;
  t.name = "Orders";
  ColumnSchema id{"id", LogicalType(TypeId::kInt64), "bigint", false, {}, true};
  ColumnSchema price{"price", LogicalType::Decimal(10, 2), "numeric(10,2)", true, {DefaultKind::kLiteral, "0.00"}, false};
  ColumnSchema kind{"kind", LogicalType(TypeId::kEnum), "enum('a','b c')", true, {DefaultKind::kExpression, "'a'"}, false};
  kind.type.enum_values = {"a", "b c"};
  ColumnSchema code{"code", LogicalType::Text(3), "char(3)", true, {DefaultKind::kCurrentTimestamp, ""}, false};
  code.type.fixed_length = true;
  t.columns = {id, price, kind, code};
  t.primary_key = {"id"};
  IndexSchema idx{"orders_code", {"code", "kind"}, true, IndexKind::kFullText, {2, 0}, true};
  t.indexes = {idx};
  t.foreign_keys = {ForeignKeySchema{"fk", {"id"}, "other", {"oid"}, FkAction::kCascade, FkAction::kSetNull}};

  Manifest m;
  m.name = "shop";
  m.created = "2026-12-03T02:00:00Z";
  m.source_engine = "mysql";
  m.tables.push_back(ManifestTable{t, "Orders.parquet", 12, 345, "ab"});
  m.complete = true;
  const std::string text = ManifestToText(m);
  EXPECT_EQ(text.substr(text.size() - 19), "\"complete\": true\n}\n") << "complete is the last field";
  auto back = ParseManifest(text, "test");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ManifestToText(*back), text);
  const TableSchema& u = back->tables[0].schema;
  ASSERT_EQ(u.columns.size(), 4u);
  EXPECT_TRUE(u.columns[0].auto_increment);
  EXPECT_FALSE(u.columns[0].nullable);
  EXPECT_EQ(u.columns[1].type, LogicalType::Decimal(10, 2));
  EXPECT_EQ(u.columns[2].type.enum_values, (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(u.columns[2].default_value.kind, DefaultKind::kExpression);
  EXPECT_TRUE(u.columns[3].type.fixed_length);
  EXPECT_EQ(u.indexes[0].prefix_lengths, (std::vector<int>{2, 0}));
  EXPECT_EQ(u.indexes[0].kind, IndexKind::kFullText);
  EXPECT_EQ(u.foreign_keys[0].on_update, FkAction::kSetNull);
  EXPECT_EQ(back->ToCatalog().tables[0].row_estimate, 12);
}

TEST(ArchiveManifest, RefusesWhatItCannotRead) {
  EXPECT_EQ(ParseManifest("{", "m.json").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseManifest("{\"format\": \"other\"}", "m.json").status().code(), StatusCode::kInvalidInput);
  auto newer = ParseManifest("{\"format\": \"ferry-archive\", \"format_version\": 99}", "m.json");
  EXPECT_EQ(newer.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(newer.status().message().find("newer ferry"), std::string::npos);
  auto incomplete = ParseManifest("{\"format\": \"ferry-archive\", \"format_version\": 1}", "m.json");
  ASSERT_TRUE(incomplete.ok());
  EXPECT_FALSE(incomplete->complete);
}

}  // namespace
}  // namespace ferry::archive
