// BuildFinalPdf, seen through rendered pixels: every page shows the source's quadrants where the
// grading screen showed them (rotations, /Rotate, A3 halves, sheets scanned upside down), and the
// annotations land at their normalised place of the displayed page, not at a mirrored one.
#include <gtest/gtest.h>

#include "pdf/final_pdf.h"
#include "pdf/final_pdf_samples.h"
#include "pdf/sample_pdfs.h"

namespace korrigo::pdf {
namespace {

using testing::IsBlueTint;
using testing::IsGreen;
using testing::IsGrey;
using testing::IsRed;
using testing::QuadrantSheet;
using testing::Raster;
using testing::RenderPage;
using testing::Rgb;

constexpr double kA4W = 595.28, kA4H = 841.89, kA3W = 1190.55;
constexpr Color kRed{0.83, 0.18, 0.18};

// A highlight at the top centre, ink across the middle, a box at the bottom centre and a tick on
// the left: turned or mirrored, each would land somewhere else.
std::vector<Overlay> Marks() {
  return {
      {.kind = OverlayKind::kHighlight, .color = {0, 0, 1}, .box = {0.42, 0.05, 0.16, 0.07}},
      {.kind = OverlayKind::kInk,
       .color = kRed,
       .strokes = {{{0.40, 0.50}, {0.45, 0.49}, {0.50, 0.50}, {0.55, 0.51}, {0.60, 0.50}}},
       .width = 0.012},
      {.kind = OverlayKind::kRect, .color = kRed, .width = 0.008, .box = {0.42, 0.88, 0.16, 0.08}},
      {.kind = OverlayKind::kStamp,
       .color = {0.1, 0.6, 0.1},
       .stamp = "tick",
       .anchor = {0.08, 0.5},
       .size = 0.06},
  };
}

bool IsWhite(Rgb p) { return p.r > 235 && p.g > 235 && p.b > 235; }

void ExpectMarks(const Raster& page) {
  EXPECT_TRUE(IsBlueTint(page.AtNorm(0.5, 0.085))) << "highlight";
  EXPECT_FALSE(IsBlueTint(page.AtNorm(0.5, 0.915))) << "highlight mirrored";
  EXPECT_TRUE(page.AnyNear(0.5, 0.5, 2, IsRed)) << "ink";
  EXPECT_TRUE(page.AnyNear(0.42, 0.92, 2, IsRed)) << "rect edge";
  EXPECT_TRUE(IsWhite(page.AtNorm(0.5, 0.92))) << "rect is an outline";
  EXPECT_TRUE(page.AnyNear(0.08, 0.5, 5, IsGreen)) << "stamp";
  EXPECT_FALSE(page.AnyNear(0.92, 0.5, 5, IsGreen)) << "stamp mirrored";
}

struct Point {
  double x, y;
};
Point Clockwise(Point p, int degrees) {
  for (int i = 0; i < degrees / 90; ++i) p = {1 - p.y, p.x};
  return p;
}

// Checks that each quadrant square of the upright sheet that `page` shows sits where the turn by
// `rotation` puts it: `half` is "full", "left" or "right" of the upright sheet.
void ExpectQuadrants(const Raster& page, const std::string& half, int rotation) {
  const int greys[2][2] = {{testing::kTopLeftGrey, testing::kTopRightGrey},
                           {testing::kBottomLeftGrey, testing::kBottomRightGrey}};
  for (int row = 0; row < 2; ++row) {
    for (int col = 0; col < 2; ++col) {
      if ((half == "left" && col == 1) || (half == "right" && col == 0)) continue;
      // The square's centre in the displayed part before `rotation`.
      const Point centre =
          half == "full" ? Point{0.25 + col * 0.5, 0.25 + row * 0.5} : Point{0.5, 0.25 + row * 0.5};
      const Point shown = Clockwise(centre, rotation);
      const Rgb p = page.AtNorm(shown.x, shown.y);
      EXPECT_TRUE(IsGrey(p, greys[row][col]))
          << "quadrant " << row << "," << col << " at " << shown.x << "," << shown.y << ": " << p.r
          << " " << p.g << " " << p.b;
    }
  }
}

void ExpectShape(const Raster& page, double width_pt, double height_pt) {
  ASSERT_GT(page.width, 0) << "pdftoppm failed";
  EXPECT_NEAR(static_cast<double>(page.width) / page.height, width_pt / height_pt, 0.02);
}

FinalPage Page(int source, const std::string& half, int auto_rotation, int rotation) {
  return {.source = source,
          .half = half,
          .auto_rotation = auto_rotation,
          .rotation = rotation,
          .overlays = Marks()};
}

TEST(FinalPdfPlacementTest, FullPageAtEveryRotation) {
  testing::TempDir dir;
  FinalPdfInput input;
  input.sources = {dir.Write("a4.pdf", QuadrantSheet(kA4W, kA4H, 0, false))};
  for (int rotation : {0, 90, 180, 270}) input.pages.push_back(Page(0, "full", 0, rotation));
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE("rotation " + std::to_string(i * 90));
    Raster page = RenderPage(*pdf, i + 1);
    i % 2 == 0 ? ExpectShape(page, kA4W, kA4H) : ExpectShape(page, kA4H, kA4W);
    ExpectQuadrants(page, "full", i * 90);
    ExpectMarks(page);
  }
}

TEST(FinalPdfPlacementTest, PagesWithARotateEntry) {
  testing::TempDir dir;
  FinalPdfInput input;
  // Stored landscape and shown portrait by /Rotate 90; stored portrait and shown landscape.
  input.sources = {dir.Write("portrait.pdf", QuadrantSheet(kA4W, kA4H, 90, false)),
                   dir.Write("landscape.pdf", QuadrantSheet(kA4H, kA4W, 90, false))};
  input.pages = {Page(0, "full", 0, 0), Page(0, "full", 0, 270), Page(1, "full", 0, 0),
                 Page(1, "full", 180, 90)};
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;

  Raster upright = RenderPage(*pdf, 1);
  ExpectShape(upright, kA4W, kA4H);
  ExpectQuadrants(upright, "full", 0);
  ExpectMarks(upright);
  Raster turned = RenderPage(*pdf, 2);
  ExpectShape(turned, kA4H, kA4W);
  ExpectQuadrants(turned, "full", 270);
  ExpectMarks(turned);
  Raster landscape = RenderPage(*pdf, 3);
  ExpectShape(landscape, kA4H, kA4W);
  ExpectQuadrants(landscape, "full", 0);
  ExpectMarks(landscape);
  Raster both = RenderPage(*pdf, 4);  // 180 then 90: three quarters in all
  ExpectShape(both, kA4W, kA4H);
  ExpectQuadrants(both, "full", 270);
  ExpectMarks(both);
}

TEST(FinalPdfPlacementTest, A3HalvesShowTheirQuadrants) {
  testing::TempDir dir;
  FinalPdfInput input;
  // Every way a sheet reaches us: upright, upside down, stored portrait with /Rotate 90, both.
  input.sources = {dir.Write("a3.pdf", QuadrantSheet(kA3W, kA4H, 0, false)),
                   dir.Write("a3-upside-down.pdf", QuadrantSheet(kA3W, kA4H, 0, true)),
                   dir.Write("a3-rotate.pdf", QuadrantSheet(kA3W, kA4H, 90, false)),
                   dir.Write("a3-rotate-upside-down.pdf", QuadrantSheet(kA3W, kA4H, 90, true))};
  for (int source = 0; source < 4; ++source) {
    const int auto_rotation = source % 2 == 1 ? 180 : 0;
    input.pages.push_back(Page(source, "left", auto_rotation, 0));
    input.pages.push_back(Page(source, "right", auto_rotation, 0));
  }
  input.pages.push_back(Page(1, "right", 180, 90));
  input.pages.push_back(Page(3, "left", 180, 180));
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;

  for (size_t i = 0; i < input.pages.size(); ++i) {
    const FinalPage& p = input.pages[i];
    SCOPED_TRACE("page " + std::to_string(i + 1) + ": " + p.half + " of source " +
                 std::to_string(p.source) + ", rotation " + std::to_string(p.rotation));
    Raster page = RenderPage(*pdf, static_cast<int>(i) + 1);
    p.rotation % 180 == 0 ? ExpectShape(page, kA4W, kA4H) : ExpectShape(page, kA4H, kA4W);
    ExpectQuadrants(page, p.half, p.rotation);
    ExpectMarks(page);
  }
}

// A tree that is not flat (the page is found by qpdf's walk) whose pages inherit /Rotate and
// /Resources from an intermediate node.
TEST(FinalPdfPlacementTest, NestedTreeWithInheritedAttributes) {
  testing::TempDir dir;
  FinalPdfInput input;
  input.sources = {dir.Write("nested.pdf", testing::NestedPageTree())};
  input.pages = {Page(0, "full", 0, 0), Page(0, "full", 0, 0), Page(0, "full", 0, 0)};
  input.pages[0].source_index = 2;
  input.pages[2].source_index = 1;
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;

  Raster a5 = RenderPage(*pdf, 1);
  ExpectShape(a5, 419.53, 595.28);
  ExpectQuadrants(a5, "full", 0);
  ExpectMarks(a5);
  Raster portrait = RenderPage(*pdf, 2);  // inherits /Rotate 90 and its resources
  ExpectShape(portrait, kA4H, kA4W);
  ExpectQuadrants(portrait, "full", 90);
  ExpectMarks(portrait);
  Raster landscape = RenderPage(*pdf, 3);
  ExpectShape(landscape, kA4W, kA4H);
  ExpectQuadrants(landscape, "full", 90);
  ExpectMarks(landscape);
}

}  // namespace
}  // namespace korrigo::pdf
