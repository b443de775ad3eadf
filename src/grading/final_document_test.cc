// From grading data to the final PDF's input: pages in the copy's order with their overlays, and a
// summary with French numbers, subtotals and remarks.
#include "grading/final_document.h"

#include <gtest/gtest.h>

namespace korrigo::grading {
namespace {

using exams::Points;

FinalCopyData Sample() {
  FinalCopyData d;
  d.exam.name = "Bac blanc";
  d.exam.subject = "Physique";
  d.exam.exam_date = "2026-03-12";
  d.exam.scale_milli = 20000;
  exams::SchemeNode ex{.id = 1, .label = "Exercice 1"};
  ex.children.push_back({.id = 2, .label = "Q1", .max_points = Points::Whole(2)});
  ex.children.push_back({.id = 3, .label = "Q2", .max_points = Points::Whole(3)});
  d.scheme.roots.push_back(ex);
  d.scheme.roots.push_back(
      {.id = 4, .label = "Bonus", .max_points = Points::Whole(1), .bonus = true});
  d.copy.anonymous_id = "K7Q-014";
  d.pages = {scans::Page{.id = 21,
                         .scan_id = 5,
                         .source_index = 3,
                         .half = "right",
                         .auto_rotation = 180,
                         .rotation = 90},
             scans::Page{.id = 20, .scan_id = 6, .source_index = 0}};
  d.scan_paths = {{5, "/s/5.pdf"}, {6, "/s/6.pdf"}};
  Annotation tick{.uid = "t", .page_id = 20, .kind = kKindStamp};
  tick.data = {{"color", "#00ff00"},
               {"stamp", "tick"},
               {"anchor", {{"x", 0.25}, {"y", 0.75}}},
               {"size", 0.05}};
  Annotation ink{.uid = "i", .page_id = 21, .kind = kKindInk};
  ink.data = {{"color", "#d32f2f"}, {"width", 0.004}, {"strokes", {{{0.1, 0.2}, {0.3, 0.4}}}}};
  Annotation gone{.uid = "g", .page_id = 99, .kind = kKindRect};
  gone.data = {{"color", "#000000"}, {"box", {{"x", 0}, {"y", 0}, {"w", 0.1}, {"h", 0.1}}}};
  d.state.annotations = {tick, ink, gone};
  d.state.scores[2].points = Points::FromMilli(1500);
  d.state.scores[2].remark = "Justifiez.";
  d.state.scores[3].points = Points::Whole(3);
  d.state.scores[4].points = Points::Whole(1);
  d.state.appreciation = "Bon travail.";
  d.student_name = "Éloïse Dupont";
  d.class_name = "T.02";
  d.raw = Points::FromMilli(5500);
  d.mark = Points::Whole(22);
  d.graded_at_ms = 1'800'000'000'000;
  return d;
}

TEST(FinalDocumentTest, PagesKeepTheCopysOrderSourcesAndOverlays) {
  pdf::FinalPdfInput in = MakeFinalPdfInput(Sample());
  ASSERT_EQ(in.sources, (std::vector<std::string>{"/s/5.pdf", "/s/6.pdf"}));
  ASSERT_EQ(in.pages.size(), 2u);
  EXPECT_EQ(in.pages[0].source, 0);
  EXPECT_EQ(in.pages[0].source_index, 3);
  EXPECT_EQ(in.pages[0].half, "right");
  EXPECT_EQ(in.pages[0].auto_rotation, 180);
  EXPECT_EQ(in.pages[0].rotation, 90);
  EXPECT_EQ(in.pages[1].source, 1);
  ASSERT_EQ(in.pages[0].overlays.size(),
            1u);  // the ink; the rect on a page not in the copy is dropped
  EXPECT_EQ(in.pages[0].overlays[0].kind, pdf::OverlayKind::kInk);
  EXPECT_DOUBLE_EQ(in.pages[0].overlays[0].strokes[0][1].x, 0.3);
  ASSERT_EQ(in.pages[1].overlays.size(), 1u);
  const pdf::Overlay& tick = in.pages[1].overlays[0];
  EXPECT_EQ(tick.stamp, "tick");
  EXPECT_DOUBLE_EQ(tick.anchor.y, 0.75);
  EXPECT_DOUBLE_EQ(tick.color.green, 1.0);
  EXPECT_EQ(in.timestamp_ms, 1'800'000'000'000);
}

TEST(FinalDocumentTest, SummaryUsesFrenchNumbersSubtotalsAndRemarks) {
  pdf::FinalPdfInput in = MakeFinalPdfInput(Sample());
  const pdf::FinalSummary& s = in.summary;
  EXPECT_EQ(s.mark, "22 / 20");
  EXPECT_EQ(s.raw_points, "5,5 / 5 points");
  EXPECT_EQ(s.exam_date, "12/03/2026");
  EXPECT_EQ(s.student_name, "Éloïse Dupont");
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_TRUE(s.rows[0].is_total);
  EXPECT_EQ(s.rows[0].points, "4,5 / 5");
  EXPECT_EQ(s.rows[1].points, "1,5 / 2");
  EXPECT_EQ(s.rows[1].depth, 1);
  EXPECT_EQ(s.rows[1].remark, "Justifiez.");
  EXPECT_EQ(s.rows[3].points, "1 / 1 (bonus)");
  EXPECT_EQ(s.appreciation, "Bon travail.");
  EXPECT_EQ(in.title, "Bac blanc — Éloïse Dupont");
}

TEST(FinalDocumentTest, ParsesColours) {
  EXPECT_DOUBLE_EQ(ParseHexColor("#ff0000").red, 1.0);
  EXPECT_DOUBLE_EQ(ParseHexColor("#zz0000").red, 0.0);
  EXPECT_DOUBLE_EQ(ParseHexColor("red").red, 0.0);
}

}  // namespace
}  // namespace korrigo::grading
