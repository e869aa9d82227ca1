#include "engines/archive/layout.h"

#include <gtest/gtest.h>

namespace ferry::archive {
namespace {

TEST(ArchiveLayout, FolderNamesRoundTrip) {
  EXPECT_EQ(ArchiveFolderName("halo", 1796263200), "halo-20261203T020000Z");
  EXPECT_EQ(FormatRfc3339(1796263200), "2026-12-03T02:00:00Z");
  auto parsed = ParseArchiveFolderName("halo-db-20261203T020000Z");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->name, "halo-db");
  EXPECT_EQ(parsed->time, 1796263200);
  EXPECT_EQ(ArchiveFolderName("x", 0), "x-19700101T000000Z");
  for (const char* bad : {"halo", "halo-20261203T020000", "-20261203T020000Z", "halo-20261303T020000Z",
                          "halo-20261203X020000Z", "halo20261203T020000Z"})
    EXPECT_FALSE(ParseArchiveFolderName(bad)) << bad;
}

TEST(ArchiveLayout, NamesAreFileNames) {
  EXPECT_EQ(SafeArchiveName("homarr"), "homarr");
  EXPECT_EQ(SafeArchiveName("my db/1"), "my_db_1");
  EXPECT_EQ(SafeArchiveName(""), "backup");
  EXPECT_EQ(SafeArchiveName(".."), "backup");
  EXPECT_EQ(TableFileName("users", {}), "users.parquet");
  EXPECT_EQ(TableFileName("users", {"users.parquet"}), "users.2.parquet");
  EXPECT_EQ(TableFileName("a/b c", {}), "a_b_c.2.parquet") << "never the name a plain table would take";
  EXPECT_EQ(TableFileName("a/b c", {"a_b_c.2.parquet"}), "a_b_c.3.parquet");
  EXPECT_EQ(TableFileName("..", {}), "table.2.parquet");
}

}  // namespace
}  // namespace ferry::archive
