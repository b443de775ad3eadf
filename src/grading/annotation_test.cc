// Annotation validation: every kind accepted in its normal form, and hostile inputs refused with
// the field named.
#include "grading/annotation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace korrigo::grading {
namespace {

using nlohmann::json;

AnnotationRules Rules() {
  AnnotationRules r;
  r.page_ids = {10, 11};
  r.leaves[5] = exams::SchemeLeaf{.id = 5, .path = "Q1", .max_points = exams::Points::Whole(2)};
  return r;
}

std::string FieldOf(const core::Result<Annotation>& a) {
  return a.ok() ? "" : a.error().details.value("field", "");
}

TEST(AnnotationTest, ParsesEveryKind) {
  auto ink = ParseAnnotation(
      {{"id", "a1"}, {"page_id", 10}, {"kind", "ink"}, {"strokes", {{{0.1, 0.2}, {0.3, 0.4}}}}},
      Rules());
  ASSERT_TRUE(ink.ok()) << ink.error().message;
  EXPECT_EQ(ink->data["color"], "#d32f2f");
  EXPECT_DOUBLE_EQ(ink->data["width"].get<double>(), 0.003);
  auto hl = ParseAnnotation({{"page_id", 11},
                             {"kind", "highlight"},
                             {"box", {{"x", 0.1}, {"y", 0.1}, {"w", 0.5}, {"h", 0.05}}}},
                            Rules());
  ASSERT_TRUE(hl.ok());
  EXPECT_EQ(hl->data["color"], "#ffeb3b");
  EXPECT_TRUE(ValidAnnotationUid(hl->uid));
  auto text = ParseAnnotation({{"id", "t"},
                               {"page_id", 10},
                               {"kind", "text"},
                               {"box", {{"x", 0.5}, {"y", 0.5}, {"w", 0.4}, {"h", 0.1}}},
                               {"text", "Très bien,\nmais l'énoncé…"},
                               {"question_id", 5},
                               {"points", "-0,5"}},
                              Rules());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->points, exams::Points::FromMilli(-500));
  auto stamp = ParseAnnotation({{"page_id", 10},
                                {"kind", "stamp"},
                                {"stamp", "label"},
                                {"label", " +1 "},
                                {"anchor", {{"x", 1}, {"y", 0}}},
                                {"color", "#00AA00"}},
                               Rules());
  ASSERT_TRUE(stamp.ok()) << stamp.error().message;
  EXPECT_EQ(stamp->data["label"], "+1");
  EXPECT_EQ(stamp->data["color"], "#00aa00");
}

TEST(AnnotationTest, RefusesHostileInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  json base = {
      {"page_id", 10}, {"kind", "rect"}, {"box", {{"x", 0.1}, {"y", 0.1}, {"w", 0.2}, {"h", 0.2}}}};
  ASSERT_TRUE(ParseAnnotation(base, Rules()).ok());
  auto with = [&](const char* key, json value) {
    json j = base;
    j[key] = std::move(value);
    return ParseAnnotation(j, Rules());
  };
  EXPECT_EQ(FieldOf(with("page_id", 99)), "page_id");
  EXPECT_EQ(FieldOf(with("kind", "circle")), "kind");
  EXPECT_EQ(FieldOf(with("color", "red")), "color");
  EXPECT_EQ(FieldOf(with("box", {{"x", 0.9}, {"y", 0.1}, {"w", 0.2}, {"h", 0.2}})), "box");
  EXPECT_EQ(FieldOf(with("box", {{"x", -0.1}, {"y", 0.1}, {"w", 0.2}, {"h", 0.2}})), "box.x");
  EXPECT_EQ(FieldOf(with("box", {{"x", nan}, {"y", 0.1}, {"w", 0.2}, {"h", 0.2}})), "box.x");
  EXPECT_EQ(FieldOf(with("box", {{"x", 0.1}, {"y", 0.1}, {"w", 0}, {"h", 0.2}})), "box");
  EXPECT_EQ(FieldOf(with("question_id", 6)), "question_id");
  json scored = base;
  scored["question_id"] = 5;
  scored["points"] = 3;  // above the question's 2 points
  EXPECT_EQ(FieldOf(ParseAnnotation(scored, Rules())), "points");
  EXPECT_EQ(FieldOf(with("id", "bad id!")), "id");
  EXPECT_EQ(FieldOf(with("id", std::string(65, 'a'))), "id");
  EXPECT_EQ(FieldOf(with("script", "x")), "script");
  EXPECT_FALSE(ParseAnnotation(json::array(), Rules()).ok());
}

TEST(AnnotationTest, BoundsInkAndText) {
  json ink = {{"page_id", 10}, {"kind", "ink"}};
  json stroke = json::array();
  for (int i = 0; i < 5001; ++i) stroke.push_back({0.5, 0.5});
  ink["strokes"] = {stroke};
  EXPECT_EQ(FieldOf(ParseAnnotation(ink, Rules())), "strokes");
  ink["strokes"] = json::array();
  EXPECT_EQ(FieldOf(ParseAnnotation(ink, Rules())), "strokes");
  ink["strokes"] = {{{0.5, 1.5}}};
  EXPECT_EQ(FieldOf(ParseAnnotation(ink, Rules())), "strokes");
  ink["strokes"] = {{{0.5}}};
  EXPECT_EQ(FieldOf(ParseAnnotation(ink, Rules())), "strokes");
  json text = {{"page_id", 10},
               {"kind", "text"},
               {"box", {{"x", 0}, {"y", 0}, {"w", 1}, {"h", 1}}},
               {"text", std::string(2001, 'e')}};
  EXPECT_EQ(FieldOf(ParseAnnotation(text, Rules())), "text");
  text["text"] = "bip\x07";
  EXPECT_EQ(FieldOf(ParseAnnotation(text, Rules())), "text");
  text["text"] = "";
  EXPECT_EQ(FieldOf(ParseAnnotation(text, Rules())), "text");
  json stamp = {{"page_id", 10},
                {"kind", "stamp"},
                {"stamp", "label"},
                {"label", "trop long pour un tampon"},
                {"anchor", {{"x", 0.5}, {"y", 0.5}}}};
  EXPECT_EQ(FieldOf(ParseAnnotation(stamp, Rules())), "label");
  stamp["stamp"] = "smiley";
  EXPECT_EQ(FieldOf(ParseAnnotation(stamp, Rules())), "stamp");
}

TEST(AnnotationTest, RoundTripsThroughJson) {
  auto a = ParseAnnotation({{"id", "k"},
                            {"page_id", 10},
                            {"kind", "stamp"},
                            {"stamp", "tick"},
                            {"anchor", {{"x", 0.123456789}, {"y", 0.5}}},
                            {"question_id", 5},
                            {"points", 1}},
                           Rules());
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(a->data["anchor"]["x"].get<double>(), 0.12346);
  auto again = ParseAnnotation(a->ToJson(), Rules());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->data, a->data);
  EXPECT_EQ(again->points, a->points);
}

TEST(AnnotationTest, JsonTextSplicesStoredDataUnparsed) {
  auto a = ParseAnnotation({{"id", "k"},
                            {"page_id", 10},
                            {"kind", "ink"},
                            {"strokes", {{{0.1, 0.2}, {0.3, 0.4}}}},
                            {"question_id", 5},
                            {"points", "0,5"}},
                           Rules());
  ASSERT_TRUE(a.ok());
  Annotation common = *a;
  common.data = json::object();
  EXPECT_EQ(json::parse(common.ToJsonText(a->data.dump())), a->ToJson());
  EXPECT_EQ(json::parse(common.ToJsonText("{}")), common.ToJson());
  EXPECT_EQ(json::parse(common.ToJsonText("garbage")), common.ToJson());
}

}  // namespace
}  // namespace korrigo::grading
