// JPEG codec: round trips, DCT scaling choices and sizes, colour to gray, the pixel budget and
// damaged input.
#include "imaging/jpeg_codec.h"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cstdlib>

#include "imaging/raster_ops.h"

namespace korrigo::imaging {
namespace {

// A gradient with a dark square, smooth enough for JPEG to keep it closely.
GrayImage TestImage(int width, int height) {
  GrayImage image(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) image.Set(x, y, static_cast<uint8_t>(40 + 200 * x / width));
  }
  FillRect(image, width / 4, height / 4, width / 4, height / 4, 0);
  return image;
}

double MeanDifference(const GrayImage& a, const GrayImage& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += std::abs(a.pixels[i] - b.pixels[i]);
  return sum / static_cast<double>(a.size());
}

TEST(JpegCodecTest, RoundTripsGrayImages) {
  const GrayImage image = TestImage(320, 200);
  auto jpeg = EncodeJpeg(image, 90);
  ASSERT_TRUE(jpeg.ok());
  auto header = ReadJpegHeader(*jpeg);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->width, 320);
  EXPECT_EQ(header->height, 200);
  EXPECT_EQ(header->color, JpegColor::kGray);
  auto decoded = DecodeJpeg(*jpeg);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->width, 320);
  EXPECT_LT(MeanDifference(*decoded, image), 2.0);
  EXPECT_GT(EncodeJpeg(image, 95)->size(), EncodeJpeg(image, 30)->size());
}

TEST(JpegCodecTest, ChoosesTheSmallestScaleThatKeepsTheLongEdge) {
  // The page pipeline's cases: 200 DPI A4 to a 1700-pixel view, 300 DPI A4, thumbnails.
  EXPECT_EQ(ChooseJpegScale(1654, 2339, 1700), (JpegScale{3, 4}));
  EXPECT_EQ(ChooseJpegScale(2480, 3508, 1700), (JpegScale{1, 2}));
  EXPECT_EQ(ChooseJpegScale(4961, 3508, 2404), (JpegScale{1, 2}));
  EXPECT_EQ(ChooseJpegScale(1654, 2339, 240), (JpegScale{1, 8}));
  EXPECT_EQ(ChooseJpegScale(1240, 1754, 1700), (JpegScale{1, 1}));
  EXPECT_EQ(ChooseJpegScale(800, 600, 1700), (JpegScale{1, 1}));  // never enlarges
  EXPECT_EQ(ScaledJpegSize(2339, {3, 4}), 1755);
  EXPECT_EQ(ScaledJpegSize(1654, {1, 8}), 207);
}

TEST(JpegCodecTest, DecodesScaledInsideTheDecoder) {
  const GrayImage image = TestImage(1600, 1200);
  auto jpeg = EncodeJpeg(image, 90);
  ASSERT_TRUE(jpeg.ok());
  for (JpegScale scale : {JpegScale{3, 4}, JpegScale{1, 2}, JpegScale{1, 8}}) {
    auto decoded = DecodeJpeg(*jpeg, {.scale = scale});
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->width, ScaledJpegSize(1600, scale));
    EXPECT_EQ(decoded->height, ScaledJpegSize(1200, scale));
    // Same picture, smaller.
    EXPECT_LT(MeanDifference(*decoded, Downscale(image, decoded->width, decoded->height)), 4.0);
  }
}

TEST(JpegCodecTest, DecodesColourJpegsToGray) {
  // A red and a white half: luminance of red is about 76.
  const int w = 64, h = 32;
  std::vector<unsigned char> rgb(w * h * 3, 255);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w / 2; ++x) {
      rgb[(y * w + x) * 3 + 1] = 0;
      rgb[(y * w + x) * 3 + 2] = 0;
    }
  }
  tjhandle handle = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  ASSERT_EQ(tjCompress2(handle, rgb.data(), w, 0, h, TJPF_RGB, &out, &size, TJSAMP_444, 95, 0), 0);
  const std::string jpeg(reinterpret_cast<char*>(out), size);
  tjFree(out);
  tjDestroy(handle);
  EXPECT_EQ(ReadJpegHeader(jpeg)->color, JpegColor::kColor);
  auto gray = DecodeJpeg(jpeg);
  ASSERT_TRUE(gray.ok());
  EXPECT_NEAR(gray->At(8, 16), 76, 6);
  EXPECT_NEAR(gray->At(56, 16), 255, 3);
}

TEST(JpegCodecTest, RefusesImagesOverThePixelBudgetBeforeDecoding) {
  auto jpeg = EncodeJpeg(TestImage(1000, 1000), 80);
  ASSERT_TRUE(jpeg.ok());
  auto refused = DecodeJpeg(*jpeg, {.max_source_pixels = 999999});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().details.value("rule", ""), "pixels");
  EXPECT_TRUE(DecodeJpeg(*jpeg, {.max_source_pixels = 1000000}).ok());
}

TEST(JpegCodecTest, HandlesDamagedInput) {
  EXPECT_FALSE(ReadJpegHeader("not a jpeg").ok());
  EXPECT_FALSE(DecodeJpeg("").ok());
  EXPECT_FALSE(DecodeJpeg(std::string("\xff\xd8\xff\xe0", 4)).ok());
  // A truncated stream still gives an image of the right size (libjpeg fills in gray).
  auto jpeg = EncodeJpeg(TestImage(400, 400), 80);
  ASSERT_TRUE(jpeg.ok());
  auto partial = DecodeJpeg(jpeg->substr(0, jpeg->size() / 2));
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->width, 400);
}

}  // namespace
}  // namespace korrigo::imaging
