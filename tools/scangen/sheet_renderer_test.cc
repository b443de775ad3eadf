// Tests of page rendering: sizes at each DPI, written pages carrying clearly more ink than blank
// ones, upside-down pages being exact 180° turns, and the header sitting at the top.
#include "sheet_renderer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace korrigo::scangen {
namespace {

// Share of pixels darker than 60 % of the paper gray, in rows [top, bottom) of the raster.
double InkShare(const GrayRaster& raster, double top = 0, double bottom = 1) {
  const int y0 = static_cast<int>(top * raster.height),
            y1 = static_cast<int>(bottom * raster.height);
  size_t dark = 0;
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = raster.Row(y);
    dark += std::count_if(row, row + raster.width, [](uint8_t v) { return v < 140; });
  }
  return static_cast<double>(dark) / (static_cast<double>(y1 - y0) * raster.width);
}

class SheetRendererTest : public ::testing::Test {
 protected:
  BatchOptions options_{.seed = 9, .students = 1, .dpi = 150};
  std::vector<Student> students_ = MakeStudents(9, 1, "T.02");
  BatchPlan plan_;
};

TEST(GeometryOf, MatchesScannerPixelSizes) {
  const PageGeometry a4 = GeometryOf(PaperSize::kA4, 200);
  EXPECT_EQ(a4.width_px, 1654);
  EXPECT_EQ(a4.height_px, 2339);
  EXPECT_DOUBLE_EQ(a4.width_pt, 595.276);
  const PageGeometry a3 = GeometryOf(PaperSize::kA3, 300);
  EXPECT_EQ(a3.width_px, 4961);
  EXPECT_EQ(a3.height_px, 3508);
  EXPECT_NEAR(a3.width_pt, 1190.55, 0.01);
}

TEST_F(SheetRendererTest, WrittenPagesCarryMoreInkThanBlankOnes) {
  const PhysicalPage blank = MakeBlankPage(&plan_, PaperSize::kA4);
  const PhysicalPage written{.uid = 99, .parts = {{.half = Half::kFull, .student = 0, .page = 2}}};
  const double blank_ink = InkShare(RenderPhysicalPage(blank, options_, students_));
  const double written_ink = InkShare(RenderPhysicalPage(written, options_, students_));
  EXPECT_LT(blank_ink, 0.001);
  EXPECT_GT(written_ink, 0.01);
}

TEST_F(SheetRendererTest, FirstPageHasItsHeaderAtTheTop) {
  const PhysicalPage first{.uid = 1, .parts = {{.half = Half::kFull, .student = 0, .page = 1}}};
  const GrayRaster scan = RenderPhysicalPage(first, options_, students_);
  // Boxes, labels and the handwritten name make the top band the inkiest of the page.
  EXPECT_GT(InkShare(scan, 0.03, 0.2), InkShare(scan, 0.3, 0.9));
}

TEST_F(SheetRendererTest, UpsideDownIsAnExactHalfTurn) {
  PhysicalPage page{.uid = 5,
                    .size = PaperSize::kA3,
                    .parts = {{.half = Half::kLeft, .student = 0, .page = 2},
                              {.half = Half::kRight, .student = 0, .page = 3}}};
  const GrayRaster upright = RenderPhysicalPage(page, options_, students_);
  page.rotated_180 = true;
  GrayRaster turned = RenderPhysicalPage(page, options_, students_);
  EXPECT_EQ(turned.width, 2480);
  std::reverse(turned.pixels.begin(), turned.pixels.end());
  EXPECT_TRUE(turned.pixels == upright.pixels);
}

TEST_F(SheetRendererTest, PaperIsGrayNotWhite) {
  const GrayRaster scan =
      RenderPhysicalPage(MakeBlankPage(&plan_, PaperSize::kA4), options_, students_);
  std::vector<uint8_t> sorted = scan.pixels;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const int median = sorted[sorted.size() / 2];
  EXPECT_GE(median, 230);
  EXPECT_LE(median, 252);
}

}  // namespace
}  // namespace korrigo::scangen
