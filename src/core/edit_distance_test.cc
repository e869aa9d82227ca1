#include "core/edit_distance.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(EditDistance, CountsEditsAndSwaps) {
  EXPECT_EQ(EditDistance("tables", "tables"), 0u);
  EXPECT_EQ(EditDistance("tabels", "tables"), 1u);  // a swap
  EXPECT_EQ(EditDistance("table", "tables"), 1u);
  EXPECT_EQ(EditDistance("cpoy", "copy"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(EditDistance, NearestWordOnlyWhenNearEnough) {
  const std::vector<std::string> flags = {"--tables", "--exclude", "--include", "--drop", "--data-only"};
  EXPECT_EQ(NearestWord("--tabels", flags), "--tables");
  EXPECT_EQ(NearestWord("--dorp", flags), "--drop");
  EXPECT_EQ(NearestWord("--data_only", flags), "--data-only");
  EXPECT_EQ(NearestWord("--colour", flags), std::nullopt);
  EXPECT_EQ(NearestWord("verfiy", {"copy", "inspect", "verify", "run"}), "verify");
  EXPECT_EQ(NearestWord("xyz", {"copy", "run"}), std::nullopt);
}

}  // namespace
}  // namespace ferry
