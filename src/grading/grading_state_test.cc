// Batches of grading operations: parsed strictly, applied in order, all-or-nothing.
#include "grading/grading_state.h"

#include <gtest/gtest.h>

namespace korrigo::grading {
namespace {

using nlohmann::json;

AnnotationRules Rules() {
  AnnotationRules r;
  r.page_ids = {10};
  r.leaves[5] = exams::SchemeLeaf{.id = 5,
                                  .path = "Q1",
                                  .max_points = exams::Points::Whole(2),
                                  .step = exams::Points::FromMilli(500)};
  r.leaves[6] = exams::SchemeLeaf{.id = 6, .path = "Q2", .max_points = exams::Points::Whole(3)};
  return r;
}

json Tick(const std::string& id) {
  return {{"id", id},
          {"page_id", 10},
          {"kind", "stamp"},
          {"stamp", "tick"},
          {"anchor", {{"x", 0.5}, {"y", 0.5}}}};
}

core::Result<GradingChanges> Apply(GradingState& state, const json& ops) {
  auto parsed = ParseOps(ops, Rules());
  if (!parsed) return parsed.take_error();
  return ApplyOps(state, *parsed, Rules(), 7, 1000);
}

TEST(GradingStateTest, AppliesEveryOperation) {
  GradingState state;
  auto changes = Apply(
      state, {{{"op_id", "1"}, {"type", "add_annotation"}, {"annotation", Tick("a")}},
              {{"op_id", "2"}, {"type", "set_score"}, {"question_id", 5}, {"points", "1,5"}},
              {{"op_id", "3"}, {"type", "set_remark"}, {"question_id", 5}, {"text", "Bien."}},
              {{"op_id", "4"}, {"type", "set_appreciation"}, {"text", "Sérieux.\nContinuez."}}});
  ASSERT_TRUE(changes.ok()) << changes.error().message;
  ASSERT_EQ(state.annotations.size(), 1u);
  EXPECT_EQ(state.annotations[0].author_id, 7);
  EXPECT_EQ(state.scores[5].points, exams::Points::FromMilli(1500));
  EXPECT_EQ(state.scores[5].remark, "Bien.");
  EXPECT_EQ(state.appreciation, "Sérieux.\nContinuez.");
  EXPECT_EQ(changes->upserted, std::set<std::string>{"a"});
  EXPECT_EQ(changes->questions, std::set<int64_t>{5});
  EXPECT_TRUE(changes->appreciation);

  json moved = Tick("a");
  moved["anchor"] = {{"x", 0.1}, {"y", 0.9}};
  changes = Apply(
      state, {{{"op_id", "5"}, {"type", "update_annotation"}, {"annotation", moved}},
              {{"op_id", "6"}, {"type", "set_score"}, {"question_id", 5}, {"points", nullptr}}});
  ASSERT_TRUE(changes.ok()) << changes.error().message;
  EXPECT_DOUBLE_EQ(state.annotations[0].data["anchor"]["x"].get<double>(), 0.1);
  EXPECT_FALSE(state.scores[5].points.has_value());
  changes = Apply(state, {{{"op_id", "7"}, {"type", "delete_annotation"}, {"annotation_id", "a"}}});
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(state.annotations.empty());
  EXPECT_EQ(changes->deleted, std::set<std::string>{"a"});
}

TEST(GradingStateTest, AddThenDeleteInOneBatchLeavesNothingToWrite) {
  GradingState state;
  auto changes =
      Apply(state, {{{"op_id", "1"}, {"type", "add_annotation"}, {"annotation", Tick("a")}},
                    {{"op_id", "2"}, {"type", "delete_annotation"}, {"annotation_id", "a"}}});
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->upserted.empty());
  EXPECT_EQ(changes->deleted, std::set<std::string>{"a"});
}

TEST(GradingStateTest, UnloadedAnnotationsCountTowardsTheLimit) {
  GradingState state;  // as loaded for a batch: the copy's other annotations are only counted
  state.unloaded_annotations = kMaxAnnotationsPerCopy - 1;
  auto changes =
      Apply(state, {{{"op_id", "1"}, {"type", "add_annotation"}, {"annotation", Tick("a")}},
                    {{"op_id", "2"}, {"type", "add_annotation"}, {"annotation", Tick("b")}}});
  ASSERT_FALSE(changes.ok());
  EXPECT_EQ(changes.error().details["op_index"], 1);
  GradingState fresh;
  fresh.unloaded_annotations = kMaxAnnotationsPerCopy - 1;
  EXPECT_TRUE(
      Apply(fresh, {{{"op_id", "1"}, {"type", "add_annotation"}, {"annotation", Tick("a")}}}).ok());
}

TEST(GradingStateTest, RefusesWrongOperationsNamingThem) {
  GradingState state;
  auto op_index = [&](const json& ops) {
    auto r = Apply(state, ops);
    return r.ok() ? -1 : r.error().details.value("op_index", -1);
  };
  // Score off the step, above the max, unknown question, unknown annotation, duplicate op id.
  EXPECT_EQ(
      op_index({{{"op_id", "1"}, {"type", "set_score"}, {"question_id", 5}, {"points", 1.25}}}), 0);
  EXPECT_EQ(op_index({{{"op_id", "1"}, {"type", "set_score"}, {"question_id", 6}, {"points", 1}},
                      {{"op_id", "2"}, {"type", "set_score"}, {"question_id", 6}, {"points", 4}}}),
            1);
  EXPECT_EQ(op_index({{{"op_id", "1"}, {"type", "set_score"}, {"question_id", 99}, {"points", 1}}}),
            0);
  EXPECT_EQ(op_index({{{"op_id", "1"}, {"type", "delete_annotation"}, {"annotation_id", "zz"}}}),
            0);
  EXPECT_EQ(op_index({{{"op_id", "1"}, {"type", "set_appreciation"}, {"text", "a"}},
                      {{"op_id", "1"}, {"type", "set_appreciation"}, {"text", "b"}}}),
            1);
  EXPECT_EQ(op_index({{{"op_id", "1"}, {"type", "drop_table"}}}), 0);
  EXPECT_EQ(op_index({{{"type", "set_appreciation"}, {"text", "b"}}}), 0);
  EXPECT_EQ(op_index({{{"op_id", "1"}, {"type", "set_score"}, {"question_id", 5}}}), 0);
  EXPECT_FALSE(Apply(state, json::array()).ok());
  json many = json::array();
  for (int i = 0; i < 201; ++i)
    many.push_back({{"op_id", std::to_string(i)}, {"type", "set_appreciation"}, {"text", "x"}});
  EXPECT_FALSE(Apply(state, many).ok());
  // Adding the same annotation id twice, and changing an annotation's kind.
  ASSERT_TRUE(
      Apply(state, {{{"op_id", "a"}, {"type", "add_annotation"}, {"annotation", Tick("t")}}}).ok());
  EXPECT_EQ(op_index({{{"op_id", "b"}, {"type", "add_annotation"}, {"annotation", Tick("t")}}}), 0);
  json as_rect = {{"id", "t"},
                  {"page_id", 10},
                  {"kind", "rect"},
                  {"box", {{"x", 0}, {"y", 0}, {"w", 0.1}, {"h", 0.1}}}};
  EXPECT_EQ(op_index({{{"op_id", "c"}, {"type", "update_annotation"}, {"annotation", as_rect}}}),
            0);
}

TEST(GradingStateTest, ScoreValuesAndJsonSkipUnsetScores) {
  GradingState state;
  state.scores[5].remark = "à revoir";
  state.scores[6].points = exams::Points::Whole(3);
  EXPECT_EQ(state.ScoreValues(), (std::map<int64_t, exams::Points>{{6, exams::Points::Whole(3)}}));
  json j = state.ToJson();
  ASSERT_EQ(j["scores"].size(), 2u);
  EXPECT_TRUE(j["scores"][0]["points"].is_null());
  EXPECT_EQ(j["scores"][1]["points"], 3);
}

}  // namespace
}  // namespace korrigo::grading
