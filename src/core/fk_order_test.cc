#include "core/fk_order.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TableSchema Table(const std::string& name, const std::vector<std::string>& parents) {
  TableSchema t;
  t.name = name;
  for (const auto& p : parents) t.foreign_keys.push_back(ForeignKeySchema{"", {"x"}, p, {"id"}});
  return t;
}

// The tables in FkOrder, with their levels: "a:0 b:1".
std::string Ordered(const std::vector<TableSchema>& tables) {
  std::vector<const TableSchema*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  const auto edges = ForeignKeyEdges(ptrs);
  const auto level = FkLevels(tables.size(), edges);
  std::string out;
  for (size_t i : FkOrder(tables.size(), edges))
    out += (out.empty() ? "" : " ") + tables[i].name + ":" + std::to_string(level[i]);
  return out;
}

TEST(FkOrder, ParentsFirstOtherwiseAsGiven) {
  EXPECT_EQ(Ordered({Table("c", {"b"}), Table("b", {"a"}), Table("a", {})}), "a:0 b:1 c:2");
  EXPECT_EQ(Ordered({Table("z", {}), Table("y", {}), Table("x", {})}), "z:0 y:0 x:0");
  // A child's level is one more than its highest parent's.
  EXPECT_EQ(Ordered({Table("order_line", {"orders", "product"}), Table("orders", {"customer"}),
                     Table("product", {}), Table("customer", {})}),
            "product:0 customer:0 orders:1 order_line:2");
  EXPECT_EQ(Ordered({}), "");
}

TEST(FkOrder, ReferencesOutsideTheListAndSelfReferencesDoNotOrder) {
  EXPECT_EQ(Ordered({Table("b", {"elsewhere"}), Table("a", {})}), "b:0 a:0");
  EXPECT_EQ(Ordered({Table("tree", {"tree"}), Table("leaf", {"tree"})}), "tree:0 leaf:1");
}

// user.home_board_id -> board, board.creator_id -> user: one unit, and what
// hangs off it still comes after it (Kahn's algorithm left all three last).
TEST(FkOrder, ACycleIsPlacedAsOneUnit) {
  std::vector<TableSchema> tables = {Table("comment", {"user"}), Table("board", {"user"}),
                                     Table("user", {"board"}), Table("misc", {})};
  EXPECT_EQ(Ordered(tables), "board:0 user:0 misc:0 comment:1");
  std::vector<const TableSchema*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  const auto comp = FkComponents(tables.size(), ForeignKeyEdges(ptrs));
  EXPECT_EQ(comp[1], comp[2]);
  EXPECT_NE(comp[0], comp[1]);
  EXPECT_NE(comp[3], comp[1]);
}

TEST(FkOrder, EdgesNameTheirForeignKey) {
  std::vector<TableSchema> tables = {Table("a", {}), Table("b", {"nowhere", "a", "b"})};
  std::vector<const TableSchema*> ptrs = {&tables[0], &tables[1]};
  const auto edges = ForeignKeyEdges(ptrs);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].child, 1u);
  EXPECT_EQ(edges[0].parent, 0u);
  EXPECT_EQ(edges[0].fk, 1u);
  EXPECT_EQ(edges[1].parent, 1u);  // the self-reference
  EXPECT_EQ(edges[1].fk, 2u);
}

TEST(FkOrder, ComponentsAreNumberedParentsFirst) {
  // 0 -> 1 -> 2 <-> 3, 4 -> 0 (child -> parent).
  std::vector<FkEdge> edges = {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {3, 2, 0}, {4, 0, 0}};
  const auto comp = FkComponents(5, edges);
  EXPECT_EQ(comp[2], comp[3]);
  for (const auto& e : edges) EXPECT_LE(comp[e.parent], comp[e.child]);
  EXPECT_EQ(FkLevels(5, edges), (std::vector<int>{2, 1, 0, 0, 3}));
}

TEST(FkOrder, LongChains) {
  const size_t n = 20000;
  std::vector<FkEdge> edges;
  for (size_t i = 0; i + 1 < n; ++i) edges.push_back({i, i + 1, 0});  // each table references the next
  const auto order = FkOrder(n, edges);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(order[i], n - 1 - i);
}

}  // namespace
}  // namespace ferry
