// Comparing scheme versions: which edits touch scores already given (and need the teacher's
// confirmation), the audit record and the French summary.
#include "exams/scheme_diff.h"

#include <gtest/gtest.h>

#include <functional>

namespace korrigo::exams {
namespace {

using nlohmann::json;
using Ids = std::vector<int64_t>;

Points P(const char* text) { return *Points::ParseText(text); }

// Exercice 1 (1) > [1.a (2), 1.b (3)], Exercice 2 (4) > [2.a (5), Partie B (6) > [i (7), ii (8)]].
Scheme Before() {
  auto scheme = ParseSchemeJson(json::parse(R"([
    {"label": "Exercice 1", "children": [
      {"label": "1.a", "max_points": 2}, {"label": "1.b", "max_points": 2}]},
    {"label": "Exercice 2", "children": [
      {"label": "2.a", "max_points": 1},
      {"label": "Partie B", "children": [
        {"label": "i", "max_points": 1}, {"label": "ii", "max_points": 1, "bonus": true}]}]}
  ])"),
                                Scheme{});
  EXPECT_TRUE(scheme.ok());
  return *scheme;
}

// `before` edited through its exported JSON, as the web client does.
Scheme Edit(const Scheme& before, const std::function<void(json&)>& change) {
  json body = SchemeToJson(before);
  change(body["nodes"]);
  auto after = ParseSchemeJson(body, before);
  EXPECT_TRUE(after.ok()) << after.error().message;
  return *after;
}

TEST(SchemeDiffTest, NoChangeIsEmpty) {
  Scheme scheme = Before();
  SchemeDiff diff = DiffSchemes(scheme, scheme);
  EXPECT_TRUE(diff.empty());
  EXPECT_FALSE(diff.NeedsConfirmationWith({2, 3, 5, 7, 8}));
  EXPECT_TRUE(DiffSummary(diff, scheme, scheme).empty());
}

TEST(SchemeDiffTest, RelabelAndReorderNeedNoConfirmation) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) {
    nodes[0]["children"][1]["label"] = "1.c";
    std::swap(nodes[0], nodes[1]);
  });
  SchemeDiff diff = DiffSchemes(before, after);
  EXPECT_FALSE(diff.empty());
  EXPECT_EQ(diff.relabelled_ids, Ids{3});
  EXPECT_EQ(diff.reordered_ids, Ids{1});  // one of the two swapped exercises
  EXPECT_TRUE(diff.moved_ids.empty());
  EXPECT_TRUE(diff.changed_leaves.empty());
  EXPECT_FALSE(diff.NeedsConfirmationWith({2, 3, 5, 7, 8}));
  EXPECT_EQ(DiffSummary(diff, before, after),
            (std::vector<std::string>{"« Exercice 1 > 1.b » renommé en « 1.c ».",
                                      "Ordre modifié : « Exercice 1 »."}));
}

TEST(SchemeDiffTest, MaxChangeOnAScoredLeafNeedsConfirmation) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) { nodes[0]["children"][1]["max_points"] = "1,5"; });
  SchemeDiff diff = DiffSchemes(before, after);
  ASSERT_EQ(diff.changed_leaves.size(), 1u);
  EXPECT_EQ(diff.changed_leaves[0],
            (LeafChange{3, P("2"), P("1.5"), P("0.25"), P("0.25"), false, false}));
  EXPECT_TRUE(diff.NeedsConfirmationWith({2, 3}));
  EXPECT_EQ(diff.AffectedScoredIds({2, 3}), std::set<int64_t>{3});
  EXPECT_FALSE(diff.NeedsConfirmationWith({2, 5}));  // nobody scored 1.b yet
  EXPECT_EQ(DiffSummary(diff, before, after),
            std::vector<std::string>{"Question « Exercice 1 > 1.b » : barème 2 → 1,5 points."});
  EXPECT_EQ(DiffToJson(diff)["changed_leaves"],
            json::parse(R"([{"id": 3, "max_points": [2, 1.5]}])"));
}

TEST(SchemeDiffTest, StepAndBonusChangesAreReported) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) {
    nodes[1]["children"][0]["step"] = 0.5;
    nodes[1]["children"][1]["children"][1]["bonus"] = false;
  });
  SchemeDiff diff = DiffSchemes(before, after);
  EXPECT_EQ(diff.AffectedScoredIds({5, 8}), (std::set<int64_t>{5, 8}));
  EXPECT_EQ(
      DiffSummary(diff, before, after),
      (std::vector<std::string>{"Question « Exercice 2 > 2.a » : pas 0,25 → 0,5 point.",
                                "Question « Exercice 2 > Partie B > ii » : n'est plus un bonus."}));
}

TEST(SchemeDiffTest, DeletingAParentWithAScoredLeafNeedsConfirmation) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) { nodes[1]["children"].erase(1); });
  SchemeDiff diff = DiffSchemes(before, after);
  EXPECT_EQ(diff.removed_ids, (Ids{6, 7, 8}));
  EXPECT_EQ(diff.removed_leaf_ids, (Ids{7, 8}));
  EXPECT_TRUE(diff.reordered_ids.empty());
  EXPECT_TRUE(diff.NeedsConfirmationWith({2, 7}));
  EXPECT_EQ(diff.AffectedScoredIds({2, 7}), std::set<int64_t>{7});
  EXPECT_EQ(DiffSummary(diff, before, after),
            std::vector<std::string>{
                "Suppression de « Exercice 2 > Partie B » (1 point + bonus 1 point)."});
}

TEST(SchemeDiffTest, DeletingAnUnscoredLeafNeedsNoConfirmation) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) { nodes[0]["children"].erase(0); });
  SchemeDiff diff = DiffSchemes(before, after);
  EXPECT_EQ(diff.removed_leaf_ids, Ids{2});
  EXPECT_TRUE(diff.reordered_ids.empty());  // 1.b moving up a place is not a reorder
  EXPECT_FALSE(diff.NeedsConfirmationWith({3, 5}));
  EXPECT_TRUE(diff.NeedsConfirmationWith({2}));
}

TEST(SchemeDiffTest, AddingAndMovingNodes) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) {
    json moved = nodes[1]["children"][0];  // 2.a goes to Exercice 1
    nodes[1]["children"].erase(0);
    nodes[0]["children"].push_back(moved);
    nodes.insert(nodes.begin(), json::parse(R"({"label": "Exercice 0", "children": [
        {"label": "a", "max_points": 1}, {"label": "b", "max_points": "0.5", "bonus": true}]})"));
  });
  SchemeDiff diff = DiffSchemes(before, after);
  EXPECT_EQ(diff.added_ids, (Ids{9, 10, 11}));
  EXPECT_EQ(diff.moved_ids, Ids{5});
  EXPECT_TRUE(diff.reordered_ids.empty());
  EXPECT_FALSE(diff.NeedsConfirmationWith({2, 3, 5, 7, 8}));
  EXPECT_EQ(DiffSummary(diff, before, after),
            (std::vector<std::string>{
                "Ajout de « Exercice 0 » (1 point + bonus 0,5 point).",
                "« Exercice 1 > 2.a » déplacé (auparavant « Exercice 2 > 2.a »)."}));
  json record = DiffToJson(diff);
  EXPECT_EQ(record["added"], json::array({9, 10, 11}));
  EXPECT_EQ(record["moved"], json::array({5}));
  EXPECT_EQ(record["counts"]["added"], 3);
  EXPECT_EQ(record["counts"]["removed"], 0);
}

TEST(SchemeDiffTest, TurningALeafIntoAParentRetiresItsScores) {
  Scheme before = Before();
  Scheme after = Edit(before, [](json& nodes) {
    json& leaf = nodes[0]["children"][0];
    leaf.erase("max_points");
    leaf.erase("step");
    leaf.erase("bonus");
    leaf["children"] = json::parse(R"([{"label": "i", "max_points": 2}])");
  });
  SchemeDiff diff = DiffSchemes(before, after);
  EXPECT_EQ(diff.kind_changed_ids, Ids{2});
  EXPECT_EQ(diff.removed_leaf_ids, Ids{2});
  EXPECT_TRUE(diff.NeedsConfirmationWith({2}));
  EXPECT_EQ(DiffSummary(diff, before, after)[1],
            "« Exercice 1 > 1.a » est désormais divisée en sous-questions.");
}

}  // namespace
}  // namespace korrigo::exams
