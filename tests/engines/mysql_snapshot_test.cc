// One snapshot for all readers of a MySQL source (PrepareSnapshot): rows
// committed after it are invisible to every pooled reader, whenever that
// reader is opened; without it, a later reader sees them.
#include <gtest/gtest.h>

#include "engines/mysql/mysql_database.h"
#include "support/test_env.h"

namespace ferry::mysql {
namespace {

int64_t ReadAll(Database* db, const std::string& table) {
  auto catalog = db->Introspect();
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  ReadSpec spec;
  spec.table = table;
  spec.columns = catalog->FindTable(table)->columns;
  auto reader = db->OpenReader(spec);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<Field> fields;
  for (const auto& c : spec.columns) fields.push_back(Field{c.name, c.type});
  int64_t rows = 0;
  for (;;) {
    RecordBatch batch(fields);
    auto more = (*reader)->Next(&batch);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    rows += static_cast<int64_t>(batch.num_rows());
  }
  return rows;
}

TEST(MysqlSnapshot, PooledReadersShareOneInstant) {
  std::string uri = test::FreshDatabase("mysql");
  test::Query(uri, "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);"
                   "INSERT INTO a VALUES (1), (2); INSERT INTO b VALUES (1)");
  auto db = OpenMysql(*ParseUri(uri), AccessMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto note = (*db)->PrepareSnapshot(2);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(*note, "");
  EXPECT_EQ(ReadAll(db->get(), "a"), 2);
  test::Query(uri, "INSERT INTO b VALUES (2), (3)");  // after the snapshot
  EXPECT_EQ(ReadAll(db->get(), "b"), 1) << "the second reader must see the same instant as the first";
  // Past the pool, a reader takes its own (later) snapshot.
  EXPECT_EQ(ReadAll(db->get(), "b"), 3);
}

}  // namespace
}  // namespace ferry::mysql
