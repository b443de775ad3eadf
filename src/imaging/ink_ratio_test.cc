// Ink measurement: blank scans on white or gray paper measure near zero despite noise and dust,
// written pages do not, and margins do not count.
#include "imaging/ink_ratio.h"

#include <gtest/gtest.h>

#include "imaging/raster_ops.h"
#include "imaging/sample_pages.h"

namespace korrigo::imaging {
namespace {

using testing::RenderSamplePage;
using testing::SamplePage;

// The pipeline measures on the analysis image: a 200 DPI page at 3/8.
InkMeasure Measure(const SamplePage& spec) {
  const GrayImage page = RenderSamplePage(spec);
  return MeasureInk(DownscaleToLongEdge(page, page.height * 3 / 8));
}

TEST(InkRatioTest, BlankScansMeasureNearZero) {
  for (int paper : {250, 215, 170}) {
    const InkMeasure m = Measure({.lines = 0, .paper = paper, .noise = 12, .specks = 3000});
    EXPECT_LT(m.ink_ratio, 0.0005) << paper;
    EXPECT_NEAR(m.paper_level, paper, 6);
  }
}

TEST(InkRatioTest, WrittenPagesMeasureTheirInk) {
  const double two = Measure({.lines = 2, .handwriting = true}).ink_ratio;
  const double twenty = Measure({.lines = 20, .handwriting = true}).ink_ratio;
  EXPECT_GT(two, 0.003);
  EXPECT_GT(twenty, 5 * two);
  // On gray paper the same text measures about the same.
  const double gray = Measure({.lines = 20, .handwriting = true, .paper = 180}).ink_ratio;
  EXPECT_NEAR(gray, twenty, twenty * 0.35);
}

TEST(InkRatioTest, FaintRulingIsPaper) {
  GrayImage page(600, 800, 245);
  for (int y = 40; y < 800; y += 24) FillRect(page, 0, y, 600, 1, 190);  // Seyès-like lines
  EXPECT_LT(MeasureInk(page).ink_ratio, 0.0001);
  FillRect(page, 100, 300, 200, 3, 20);  // one pen stroke
  EXPECT_GT(MeasureInk(page).ink_ratio, 0.001);
}

TEST(InkRatioTest, MarginsDoNotCount) {
  GrayImage page(600, 800, 240);
  FillRect(page, 0, 0, 20, 800, 0);     // scanner border
  FillRect(page, 570, 380, 30, 30, 0);  // punched hole
  EXPECT_EQ(MeasureInk(page).ink_ratio, 0);
  EXPECT_GT(MeasureInk(page, 0).ink_ratio, 0.03);
  EXPECT_EQ(MeasureInk(GrayImage()).ink_ratio, 0);
}

}  // namespace
}  // namespace korrigo::imaging
