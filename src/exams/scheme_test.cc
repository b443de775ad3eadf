// The scheme tree: leaves and their paths at any depth, maxima with bonus leaves, a copy's running
// total, score checks, and copying a scheme under fresh ids.
#include "exams/scheme.h"

#include <gtest/gtest.h>

namespace korrigo::exams {
namespace {

using nlohmann::json;

Points P(const char* text) { return *Points::ParseText(text); }

SchemeNode Leaf(int64_t id, std::string label, const char* max, bool bonus = false) {
  return {.id = id, .label = std::move(label), .max_points = P(max), .bonus = bonus};
}

SchemeNode Parent(int64_t id, std::string label, std::vector<SchemeNode> children) {
  return {.id = id, .label = std::move(label), .children = std::move(children)};
}

// Depth 4: Exercice 1 > Partie A > 1 > a.
Scheme DeepScheme() {
  return Scheme{
      .roots = {Parent(1, "Exercice 1",
                       {Parent(2, "Partie A",
                               {Parent(3, "1", {Leaf(4, "a", "1.5"), Leaf(5, "b", "0.5")}),
                                Leaf(6, "2", "2")}),
                        Leaf(7, "Présentation", "1", /*bonus=*/true)}),
                Parent(8, "Exercice 2", {Leaf(9, "1", "3.25"), Leaf(10, "2", "0.75")})},
      .next_id = 11,
      .version = 3};
}

TEST(SchemeTest, ListsLeavesWithPathsInDisplayOrder) {
  std::vector<SchemeLeaf> leaves = Leaves(DeepScheme());
  ASSERT_EQ(leaves.size(), 6u);
  EXPECT_EQ(leaves[0],
            (SchemeLeaf{4, "Exercice 1 > Partie A > 1 > a", P("1.5"), P("0.25"), false}));
  EXPECT_EQ(leaves[1].path, "Exercice 1 > Partie A > 1 > b");
  EXPECT_EQ(leaves[2].path, "Exercice 1 > Partie A > 2");
  EXPECT_EQ(leaves[3].path, "Exercice 1 > Présentation");
  EXPECT_TRUE(leaves[3].bonus);
  EXPECT_EQ(leaves[5].path, "Exercice 2 > 2");
  EXPECT_EQ(FindLeaf(DeepScheme(), 9)->max_points, P("3.25"));
  EXPECT_FALSE(FindLeaf(DeepScheme(), 3).has_value());  // a parent
  EXPECT_EQ(FindNode(DeepScheme(), 3)->label, "1");
  EXPECT_EQ(FindNode(DeepScheme(), 42), nullptr);
}

TEST(SchemeTest, BonusLeavesDoNotCountTowardTheMaximum) {
  Scheme scheme = DeepScheme();
  EXPECT_EQ(SchemeMax(scheme), P("8"));
  EXPECT_EQ(SchemeBonusMax(scheme), P("1"));
  EXPECT_EQ(NodeMax(scheme.roots[0]), P("4"));
  EXPECT_EQ(NodeBonusMax(scheme.roots[0]), P("1"));
  EXPECT_EQ(NodeMax(scheme.roots[0].children[0].children[0]), P("2"));  // depth 3
  EXPECT_EQ(SchemeMax(Scheme{}), Points());
}

TEST(SchemeTest, RawTotalCountsBonusAndIgnoresStaleScores) {
  Scheme scheme = DeepScheme();
  std::map<int64_t, Points> scores = {{4, P("1.25")}, {6, P("2")}, {7, P("1")}, {9, P("0.5")}};
  EXPECT_EQ(RawTotal(scheme, scores), P("4.75"));
  scores[3] = P("5");    // a parent: never scored
  scores[99] = P("10");  // a deleted leaf
  EXPECT_EQ(RawTotal(scheme, scores), P("4.75"));
  EXPECT_EQ(RawTotal(scheme, {}), Points());
}

TEST(SchemeTest, ValidatesScoresAgainstTheLeaf) {
  SchemeLeaf leaf{.id = 4, .path = "Exercice 1 > 1.b", .max_points = P("2"), .step = P("0.5")};
  EXPECT_TRUE(ValidateScore(leaf, P("0")).ok());
  EXPECT_TRUE(ValidateScore(leaf, P("1.5")).ok());
  EXPECT_TRUE(ValidateScore(leaf, P("2")).ok());
  auto over = ValidateScore(leaf, P("2.5"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message,
            "« Exercice 1 > 1.b » : la note doit être comprise entre 0 et 2.");
  EXPECT_EQ(over.error().details["leaf_id"], 4);
  EXPECT_FALSE(ValidateScore(leaf, P("-0.5")).ok());
  auto off_grid = ValidateScore(leaf, P("0.25"));
  ASSERT_FALSE(off_grid.ok());
  EXPECT_EQ(off_grid.error().message,
            "« Exercice 1 > 1.b » : la note doit être un multiple de 0,5 (reçu : 0,25).");
}

TEST(SchemeTest, CopyAllocatesFreshIdsFromTheTarget) {
  Scheme source = DeepScheme();
  int64_t target_next_id = 40;
  Scheme copy = CopyScheme(source, target_next_id);
  EXPECT_EQ(target_next_id, 50);
  EXPECT_EQ(copy.next_id, 50);
  EXPECT_EQ(copy.version, 1);
  std::vector<SchemeLeaf> leaves = Leaves(copy);
  ASSERT_EQ(leaves.size(), 6u);
  EXPECT_EQ(copy.roots[0].id, 40);
  EXPECT_EQ(leaves[0].id, 43);
  EXPECT_EQ(leaves[0].path, "Exercice 1 > Partie A > 1 > a");
  EXPECT_EQ(leaves[5].id, 49);
  EXPECT_EQ(SchemeMax(copy), SchemeMax(source));
  EXPECT_EQ(SchemeBonusMax(copy), SchemeBonusMax(source));
  EXPECT_EQ(source.roots[0].id, 1);  // the source is untouched
}

}  // namespace
}  // namespace korrigo::exams
