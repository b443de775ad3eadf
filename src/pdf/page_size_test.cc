// Page size rules: A6 to A3 with 5 % tolerance, the size classes, and /Rotate.
#include "pdf/page_size.h"

#include <gtest/gtest.h>

#include "pdf/pdf_refusal.h"

namespace korrigo::pdf {
namespace {

constexpr double kPointsPerMm = 72 / 25.4;

core::Result<PageGeometry> Mm(double width, double height, int rotate = 0) {
  return ClassifyPage(0, width * kPointsPerMm, height * kPointsPerMm, rotate);
}

TEST(PageSizeTest, ClassifiesA4AndA3InBothOrientations) {
  EXPECT_EQ(Mm(210, 297)->size_class, "a4");
  EXPECT_EQ(Mm(297, 210)->size_class, "a4");
  EXPECT_EQ(Mm(420, 297)->size_class, "a3");
  EXPECT_EQ(Mm(297, 420)->size_class, "a3");
  // Within 5 %: a scanner's 216 × 303 mm is still A4.
  EXPECT_EQ(Mm(216, 303)->size_class, "a4");
}

TEST(PageSizeTest, OtherSizesWithinRangeAreAccepted) {
  EXPECT_EQ(Mm(215.9, 279.4)->size_class, "other");  // US Letter
  EXPECT_EQ(Mm(148, 210)->size_class, "other");      // A5
  EXPECT_EQ(Mm(105, 148)->size_class, "other");      // A6
}

TEST(PageSizeTest, RefusesPagesOutsideA6ToA3) {
  for (auto [w, h] : {std::pair{74.0, 105.0},
                      {594.0, 420.0},
                      {297.0, 1000.0},
                      {0.0, 0.0},
                      {99.0, 148.0},
                      {297.0, 445.0}}) {
    auto g = Mm(w, h);
    ASSERT_FALSE(g.ok()) << w << " × " << h;
    EXPECT_EQ(RefusalRule(g.error()), "page_size");
    EXPECT_EQ(g.error().code, core::ErrorCode::kInvalidArgument);
  }
  // Just inside the 5 % tolerance of A3's long side.
  EXPECT_TRUE(Mm(297, 440).ok());
}

TEST(PageSizeTest, MessageNamesThePageAndItsSize) {
  auto g = ClassifyPage(4, 1684, 2384, 0);  // A1
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("page 5"), std::string::npos) << g.error().message;
  EXPECT_NE(g.error().message.find("594"), std::string::npos) << g.error().message;
}

TEST(PageSizeTest, RotateSwapsTheDisplayedSize) {
  auto g = Mm(210, 297, 90);
  ASSERT_TRUE(g.ok());
  EXPECT_GT(g->width_pt, g->height_pt);
  EXPECT_EQ(g->rotate, 90);
  EXPECT_LT(Mm(210, 297, 180)->width_pt, Mm(210, 297, 180)->height_pt);
}

TEST(PageSizeTest, NormalizesRotate) {
  EXPECT_EQ(NormalizeRotate(0), 0);
  EXPECT_EQ(NormalizeRotate(-90), 270);
  EXPECT_EQ(NormalizeRotate(450), 90);
  EXPECT_EQ(NormalizeRotate(45), 0);
  EXPECT_EQ(NormalizeRotate(-540), 180);
}

}  // namespace
}  // namespace korrigo::pdf
