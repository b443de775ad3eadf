// PageExtractor on generated PDFs: the JPEG fast path and its pixels, /Rotate, rendering of vector
// pages, blank pages, A3 sheets cut into halves in reading order, upside-down scans turned
// upright, and the stream and pixel limits.
#include "pdf/page_extractor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "imaging/jpeg_codec.h"
#include "pdf/pdf_refusal.h"
#include "pdf/poppler_cli.h"
#include "pdf/sample_pdfs.h"

namespace korrigo::pdf {
namespace {

using testing::kA3Long;
using testing::kA4Long;
using testing::kA4Short;
using testing::SamplePdf;
using testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double MeanDifference(const imaging::GrayImage& a, const imaging::GrayImage& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  if (a.size() != b.size() || a.size() == 0) return 255;
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += std::abs(a.pixels[i] - b.pixels[i]);
  return sum / static_cast<double>(a.size());
}

// Mean gray of a rectangle given in fractions of the image.
double MeanGray(const imaging::GrayImage& image, double x0, double y0, double x1, double y1) {
  double sum = 0;
  int n = 0;
  for (int y = static_cast<int>(y0 * image.height); y < y1 * image.height; ++y) {
    for (int x = static_cast<int>(x0 * image.width); x < x1 * image.width; ++x, ++n) {
      sum += image.At(x, y);
    }
  }
  return n > 0 ? sum / n : 255;
}

class PageExtractorTest : public ::testing::Test {
 protected:
  // Extracts every page of `bytes`; fails the test on error.
  std::vector<ExtractedPage> ExtractAll(const std::string& bytes) {
    auto pages = TryExtractAll(bytes);
    EXPECT_TRUE(pages.ok()) << (pages.ok() ? "" : pages.error().message);
    return pages.ok() ? *pages : std::vector<ExtractedPage>();
  }
  core::Result<std::vector<ExtractedPage>> TryExtractAll(const std::string& bytes) {
    const std::string path = input_.Write("in" + std::to_string(++files_) + ".pdf", bytes);
    auto pdf = PdfInspector::Open(path, limits_);
    if (!pdf) return pdf.take_error();
    PageExtractor extractor(**pdf, limits_, options_, output_.path());
    std::vector<ExtractedPage> pages;
    for (int i = 0; i < (*pdf)->summary().page_count; ++i) {
      auto page = extractor.Extract(i);
      if (!page) return page.take_error();
      pages.push_back(std::move(*page));
    }
    return pages;
  }
  imaging::GrayImage View(const ExtractedPart& part) {
    auto image = imaging::DecodeJpeg(ReadFile(output_.path() + "/" + part.view_path));
    EXPECT_TRUE(image.ok());
    return image.ok() ? *image : imaging::GrayImage();
  }

  TempDir input_, output_;
  int files_ = 0;
  PdfLimits limits_;
  ExtractOptions options_;
};

// A 200 DPI scan with a black square in its top-left corner.
imaging::GrayImage MarkedScan() {
  imaging::GrayImage scan = testing::ScannedA4(200, 25);
  imaging::FillRect(scan, 0, 0, 200, 200, 0);
  return scan;
}

TEST_F(PageExtractorTest, TakesTheJpegOfAScannedPageAsItIs) {
  const imaging::GrayImage scan = MarkedScan();
  const std::string jpeg = testing::Jpeg(scan);
  SamplePdf pdf;
  pdf.AddJpegPage(kA4Short, kA4Long, jpeg);
  options_.jpeg_quality = 95;
  auto pages = ExtractAll(pdf.Finish());
  ASSERT_EQ(pages.size(), 1u);
  const ExtractedPage& page = pages[0];
  EXPECT_TRUE(page.fast_path);
  ASSERT_EQ(page.parts.size(), 1u);
  EXPECT_EQ(page.parts[0].half, "full");
  // 1654 × 2339 decoded at 3/4: the smallest DCT scale that keeps 1700 pixels.
  EXPECT_EQ(page.parts[0].view_width, imaging::ScaledJpegSize(scan.width, {3, 4}));
  EXPECT_EQ(page.parts[0].view_height, imaging::ScaledJpegSize(scan.height, {3, 4}));
  EXPECT_NEAR(page.parts[0].view_height, 1754, 1);
  auto expected = imaging::DecodeJpeg(jpeg, {.scale = {3, 4}});
  ASSERT_TRUE(expected.ok());
  const imaging::GrayImage view = View(page.parts[0]);
  const double aligned = MeanDifference(view, *expected);  // one JPEG re-encoding apart
  EXPECT_LT(aligned, 2.5);
  // and pixel for pixel: one pixel off is clearly worse.
  const double shifted =
      MeanDifference(imaging::Crop(view, 1, 0, view.width - 1, view.height),
                     imaging::Crop(*expected, 0, 0, view.width - 1, view.height));
  EXPECT_GT(shifted, 1.5 * aligned);
  auto thumb = imaging::DecodeJpeg(ReadFile(output_.path() + "/" + page.parts[0].thumb_path));
  ASSERT_TRUE(thumb.ok());
  EXPECT_EQ(std::max(thumb->width, thumb->height), 240);
}

TEST_F(PageExtractorTest, FastPathMatchesWhatARendererShows) {
  SamplePdf pdf;
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(MarkedScan()));
  const std::string bytes = pdf.Finish();
  auto pages = ExtractAll(bytes);
  ASSERT_EQ(pages.size(), 1u);
  const imaging::GrayImage view = View(pages[0].parts[0]);
  // pdftoppm renders the same page at the view's resolution.
  testing::TempPdf file(bytes);
  const std::string png = output_.path() + "/rendered";
  testing::CommandOutput("pdftoppm -gray -jpeg -r 150 -singlefile '" + file.path() + "' '" + png +
                         "'");
  auto rendered = imaging::DecodeJpeg(ReadFile(png + ".jpg"));
  ASSERT_TRUE(rendered.ok());
  const imaging::GrayImage a = imaging::Downscale(view, 300, 424);
  const imaging::GrayImage b = imaging::Downscale(*rendered, 300, 424);
  EXPECT_LT(MeanDifference(a, b), 6.0);
  EXPECT_LT(MeanGray(view, 0, 0, 0.05, 0.05), 40);  // the mark stays top-left
}

TEST_F(PageExtractorTest, AppliesThePageRotate) {
  SamplePdf pdf;
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(MarkedScan()));
  pdf.AddTextPage(kA4Short, kA4Long, 10);
  const std::string plain = input_.Write("plain.pdf", pdf.Finish());
  const std::string turned = input_.path() + "/turned.pdf";
  testing::CommandOutput("qpdf '" + plain + "' --rotate=+90 '" + turned + "'");
  auto pages = ExtractAll(ReadFile(turned));
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_TRUE(pages[0].fast_path);
  EXPECT_EQ(pages[0].geometry.rotate, 90);
  EXPECT_EQ(pages[0].auto_rotation, 0);  // sideways text is not judged
  const imaging::GrayImage view = View(pages[0].parts[0]);
  EXPECT_GT(view.width, view.height);
  // Turned clockwise, the top-left mark is now top-right.
  EXPECT_LT(MeanGray(view, 0.96, 0, 1, 0.06), 40);
  EXPECT_GT(MeanGray(view, 0, 0, 0.04, 0.06), 200);
  EXPECT_FALSE(pages[1].fast_path);
  EXPECT_GT(pages[1].parts[0].view_width, pages[1].parts[0].view_height);
}

TEST_F(PageExtractorTest, RendersVectorPages) {
  SamplePdf pdf;
  pdf.AddTextPage(kA4Short, kA4Long, 30);
  auto pages = ExtractAll(pdf.Finish());
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_FALSE(pages[0].fast_path);
  EXPECT_NEAR(pages[0].parts[0].view_height, 1700, 2);
  EXPECT_GT(pages[0].parts[0].ink_ratio, 0.01);
  EXPECT_FALSE(pages[0].parts[0].blank);
  EXPECT_EQ(pages[0].auto_rotation, 0);
  EXPECT_GE(pages[0].orientation_confidence, 0.5);
}

TEST_F(PageExtractorTest, DetectsBlankPages) {
  SamplePdf pdf;
  pdf.AddTextPage(kA4Short, kA4Long, 0);  // empty vector page
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(testing::ScannedA4(200, 0)));  // noisy paper
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(testing::ScannedA4(200, 2)));  // two lines
  auto pages = ExtractAll(pdf.Finish());
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_TRUE(pages[0].parts[0].blank);
  EXPECT_TRUE(pages[1].parts[0].blank) << pages[1].parts[0].ink_ratio;
  EXPECT_EQ(pages[1].orientation_confidence, 1);  // nothing to turn
  EXPECT_FALSE(pages[2].parts[0].blank) << pages[2].parts[0].ink_ratio;
}

TEST_F(PageExtractorTest, IdenticalScansHaveTheSameContentHash) {
  const std::string jpeg = testing::Jpeg(testing::ScannedA4(200, 10));
  SamplePdf pdf;
  pdf.AddJpegPage(kA4Short, kA4Long, jpeg);
  pdf.AddJpegPage(kA4Short, kA4Long, jpeg);
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(testing::ScannedA4(200, 11)));
  auto pages = ExtractAll(pdf.Finish());
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].parts[0].content_sha256, pages[1].parts[0].content_sha256);
  EXPECT_NE(pages[0].parts[0].content_sha256, pages[2].parts[0].content_sha256);
  EXPECT_EQ(pages[0].parts[0].content_sha256.size(), 64u);
}

TEST_F(PageExtractorTest, CutsA3SheetsIntoLeftAndRightHalves) {
  SamplePdf pdf;
  pdf.AddJpegPage(kA3Long, kA4Long, testing::Jpeg(testing::ScannedA3(150, 35, 4, false)));
  pdf.AddJpegPage(kA3Long, kA4Long, testing::Jpeg(testing::ScannedA3(150, 35, 4, true)));
  const std::string bytes = pdf.Finish();
  options_.cut_a3 = true;
  auto pages = ExtractAll(bytes);
  ASSERT_EQ(pages.size(), 2u);
  for (const ExtractedPage& page : pages) {
    ASSERT_EQ(page.parts.size(), 2u);
    EXPECT_EQ(page.parts[0].half, "left");
    EXPECT_EQ(page.parts[1].half, "right");
    EXPECT_GE(page.parts[0].view_height, 1700);  // each half is an A4 view
    EXPECT_LT(page.parts[0].view_width, page.parts[0].view_height);
    // The left page is the full one, also on the sheet scanned upside down.
    EXPECT_GT(page.parts[0].ink_ratio, 3 * page.parts[1].ink_ratio) << page.index;
  }
  EXPECT_EQ(pages[0].auto_rotation, 0);
  EXPECT_EQ(pages[1].auto_rotation, 180);
  EXPECT_GE(pages[1].orientation_confidence, 0.5);

  options_.cut_a3 = false;
  auto whole = ExtractAll(bytes);
  ASSERT_EQ(whole.size(), 2u);
  ASSERT_EQ(whole[0].parts.size(), 1u);
  EXPECT_EQ(whole[0].parts[0].half, "full");
}

TEST_F(PageExtractorTest, TurnsUpsideDownScansUpright) {
  SamplePdf pdf;
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(testing::ScannedA4(200, 30, false, 3)));
  pdf.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(testing::ScannedA4(200, 30, true, 4)));
  pdf.AddTextPage(kA4Short, kA4Long, 30, true);
  const std::string bytes = pdf.Finish();
  auto pages = ExtractAll(bytes);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].auto_rotation, 0);
  EXPECT_EQ(pages[1].auto_rotation, 180);
  EXPECT_EQ(pages[2].auto_rotation, 180);  // rendered pages too
  for (const ExtractedPage& p : pages) EXPECT_GE(p.orientation_confidence, 0.5) << p.index;

  options_.detect_orientation = false;
  auto kept = ExtractAll(bytes);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[1].auto_rotation, 0);
  EXPECT_EQ(kept[1].orientation_confidence, 1);
}

TEST_F(PageExtractorTest, RefusesImagesAndStreamsPastTheLimits) {
  SamplePdf scan;
  scan.AddJpegPage(kA4Short, kA4Long, testing::Jpeg(testing::ScannedA4(200, 5)));
  const std::string scan_bytes = scan.Finish();
  limits_.max_page_pixels = 1000 * 1000;
  auto pixels = TryExtractAll(scan_bytes);
  ASSERT_FALSE(pixels.ok());
  EXPECT_EQ(RefusalRule(pixels.error()), "pixels");

  SamplePdf text;
  text.AddTextPage(kA4Short, kA4Long, 30);
  limits_ = PdfLimits{.max_stream_bytes = 1000};
  auto streams = TryExtractAll(text.Finish());
  ASSERT_FALSE(streams.ok());
  EXPECT_EQ(RefusalRule(streams.error()), "streams");
}

}  // namespace
}  // namespace korrigo::pdf
