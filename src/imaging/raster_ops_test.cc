// Rotations, crops, box downscaling, halving and fills.
#include "imaging/raster_ops.h"

#include <gtest/gtest.h>

namespace korrigo::imaging {
namespace {

// 3 × 2 image with distinct values: 0 1 2 / 3 4 5.
GrayImage Small() {
  GrayImage image(3, 2);
  for (int i = 0; i < 6; ++i) image.pixels[i] = static_cast<uint8_t>(i);
  return image;
}

TEST(RasterOpsTest, RotatesClockwise) {
  const GrayImage r = Rotate(Small(), 90);
  ASSERT_EQ(r.width, 2);
  ASSERT_EQ(r.height, 3);
  // Clockwise: the left column (0, 3) becomes the top row, read bottom-up.
  EXPECT_EQ(r.pixels, (std::vector<uint8_t>{3, 0, 4, 1, 5, 2}));
  EXPECT_EQ(Rotate(Small(), 270).pixels, (std::vector<uint8_t>{2, 5, 1, 4, 0, 3}));
  EXPECT_EQ(Rotate(Small(), 180).pixels, (std::vector<uint8_t>{5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(Rotate(Small(), -90), Rotate(Small(), 270));
  EXPECT_EQ(Rotate(Small(), 360), Small());
}

TEST(RasterOpsTest, QuarterTurnsComposeOnLargeImages) {
  GrayImage image(301, 157);  // not a multiple of the tile size
  for (size_t i = 0; i < image.size(); ++i) image.pixels[i] = static_cast<uint8_t>(i * 7);
  EXPECT_EQ(Rotate(Rotate(image, 90), 270), image);
  EXPECT_EQ(Rotate(Rotate(image, 90), 90), Rotate(image, 180));
}

TEST(RasterOpsTest, CropsAndClips) {
  EXPECT_EQ(Crop(Small(), 1, 0, 2, 2).pixels, (std::vector<uint8_t>{1, 2, 4, 5}));
  const GrayImage clipped = Crop(Small(), 2, 1, 10, 10);
  EXPECT_EQ(clipped.width, 1);
  EXPECT_EQ(clipped.pixels, (std::vector<uint8_t>{5}));
  EXPECT_TRUE(Crop(Small(), 5, 5, 2, 2).empty());
}

TEST(RasterOpsTest, DownscaleAveragesTheAreaBehindEachPixel) {
  GrayImage image(4, 2);
  image.pixels = {0, 100, 200, 40, 100, 0, 40, 200};
  const GrayImage half = Downscale(image, 2, 1);
  EXPECT_EQ(half.pixels, (std::vector<uint8_t>{50, 120}));
  // A non-integer ratio keeps a uniform image uniform and the mean of a pattern.
  GrayImage stripes(300, 300);
  for (int y = 0; y < 300; ++y) {
    for (int x = 0; x < 300; ++x) stripes.Set(x, y, x % 2 ? 200 : 100);
  }
  const GrayImage small = Downscale(stripes, 7, 11);
  for (uint8_t v : small.pixels) EXPECT_NEAR(v, 150, 3);
  EXPECT_EQ(Downscale(GrayImage(90, 60, 77), 40, 17).pixels, std::vector<uint8_t>(40 * 17, 77));
  EXPECT_EQ(Downscale(Small(), 10, 10), Small());  // never enlarges
}

TEST(RasterOpsTest, DownscaleToLongEdgeKeepsTheAspect) {
  const GrayImage page = DownscaleToLongEdge(GrayImage(1241, 1754), 240);
  EXPECT_EQ(page.height, 240);
  EXPECT_EQ(page.width, 170);
  EXPECT_EQ(DownscaleToLongEdge(GrayImage(100, 50), 240).width, 100);
}

TEST(RasterOpsTest, HalvesByTwoByTwoMeans) {
  GrayImage image(5, 3);
  image.pixels = {0, 4, 8, 8, 99, 8, 4, 8, 8, 99, 99, 99, 99, 99, 99};
  const GrayImage half = Halve(image);
  EXPECT_EQ(half.width, 2);
  EXPECT_EQ(half.height, 1);
  EXPECT_EQ(half.pixels, (std::vector<uint8_t>{4, 8}));
}

TEST(RasterOpsTest, FillRectMasksAndClips) {
  GrayImage image(10, 10, 0);
  FillRect(image, 8, -5, 10, 7, 255);
  int white = 0;
  for (uint8_t v : image.pixels) white += v == 255;
  EXPECT_EQ(white, 2 * 2);  // columns 8–9, rows 0–1
  EXPECT_EQ(image.At(9, 1), 255);
  EXPECT_EQ(image.At(9, 2), 0);
  FillRect(image, 3, 3, -4, 2, 255);  // negative size: nothing
  EXPECT_EQ(image.At(3, 3), 0);
}

}  // namespace
}  // namespace korrigo::imaging
