// Timings of the JPEG fast path, printed rather than asserted (a benchmark, not a test): a
// 200 DPI A4 scan into view + thumbnail with ink and orientation, its steps one by one against
// the alternatives, and a 300 DPI A3 sheet cut in two. The only assertions are on the results.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "core/digest.h"
#include "imaging/ink_ratio.h"
#include "imaging/jpeg_codec.h"
#include "imaging/orientation.h"
#include "imaging/raster_ops.h"
#include "pdf/page_extractor.h"
#include "pdf/sample_pdfs.h"

namespace korrigo::pdf {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds per call of `work`, the best of `rounds` rounds.
template <typename F>
double Millis(int rounds, F&& work) {
  double best = 1e9;
  for (int i = 0; i < rounds; ++i) {
    const auto start = Clock::now();
    work();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return best;
}

// Extracts every page of `bytes` and returns the mean milliseconds per page.
double ExtractMillis(const std::string& bytes, const ExtractOptions& options, int* fast_pages) {
  testing::TempDir dir;
  const std::string path = dir.Write("in.pdf", bytes);
  auto pdf = PdfInspector::Open(path, PdfLimits{});
  EXPECT_TRUE(pdf.ok());
  if (!pdf.ok()) return 0;
  PageExtractor extractor(**pdf, PdfLimits{}, options, dir.path());
  const int pages = (*pdf)->summary().page_count;
  const auto start = Clock::now();
  for (int i = 0; i < pages; ++i) {
    auto page = extractor.Extract(i);
    EXPECT_TRUE(page.ok());
    if (page.ok() && page->fast_path) ++*fast_pages;
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / pages;
}

// Times a batch of 20 A4 pages at 200 DPI like `spec` (scanner JPEG quality `quality`), then
// each step on one of them.
void TimeA4(const char* kind, imaging::testing::SamplePage spec, int quality) {
  std::vector<std::string> jpegs;
  size_t bytes = 0;
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    spec.seed = seed;
    spec.upside_down = seed % 2 == 0;
    jpegs.push_back(*imaging::EncodeJpeg(imaging::testing::RenderSamplePage(spec), quality));
    bytes += jpegs.back().size();
  }
  testing::SamplePdf pdf;
  for (int i = 0; i < 20; ++i) pdf.AddJpegPage(testing::kA4Short, testing::kA4Long, jpegs[i % 4]);
  int fast = 0;
  const double per_page = ExtractMillis(pdf.Finish(), ExtractOptions{}, &fast);
  EXPECT_EQ(fast, 20);

  const std::string& jpeg = jpegs[2];
  imaging::GrayImage view, analysis;
  const double decode = Millis(5, [&] { view = *imaging::DecodeJpeg(jpeg, {.scale = {3, 4}}); });
  const double decode_full = Millis(5, [&] { (void)imaging::DecodeJpeg(jpeg); });
  const double full_then_box =
      Millis(5, [&] { (void)imaging::DownscaleToLongEdge(*imaging::DecodeJpeg(jpeg), 1754); });
  const double halve = Millis(5, [&] { analysis = imaging::Halve(view); });
  const double orient = Millis(5, [&] { (void)imaging::DetectUpsideDown(analysis); });
  const double ink = Millis(5, [&] { (void)imaging::MeasureInk(analysis); });
  const double encode = Millis(5, [&] { (void)imaging::EncodeJpeg(view, 80); });
  const double thumb = Millis(
      5, [&] { (void)imaging::EncodeJpeg(imaging::DownscaleToLongEdge(analysis, 240), 80); });
  const double thumb_eighth = Millis(5, [&] {
    auto small = imaging::DecodeJpeg(jpeg, {.scale = {1, 8}});
    (void)imaging::EncodeJpeg(imaging::DownscaleToLongEdge(*small, 240), 80);
  });
  const double hash = Millis(5, [&] {
    const imaging::GrayImage quarter = imaging::Halve(analysis);
    (void)core::Sha256Hex(std::string_view(reinterpret_cast<const char*>(quarter.pixels.data()),
                                           quarter.pixels.size()));
  });
  std::printf(
      "A4 200 DPI %s (1654x2339, JPEG q%d, %zu KB): %.1f ms/page end to end, %.0f pages/s on "
      "one core\n  decode 3/4 %.1f | decode 1/1 %.1f | 1/1 + box %.1f | halve %.2f | "
      "orientation %.2f | ink %.2f | encode view %.1f | thumb from analysis %.2f | thumb via "
      "1/8 decode %.2f | sha256 %.2f\n",
      kind, quality, bytes / jpegs.size() / 1024, per_page, 1000 / per_page, decode, decode_full,
      full_then_box, halve, orient, ink, encode, thumb, thumb_eighth, hash);
}

TEST(PageExtractorTimingTest, A4At200DpiThroughTheFastPath) {
  TimeA4("handwritten, 20 lines", {.lines = 20, .handwriting = true, .noise = 3}, 75);
  TimeA4("dense print, noisy", {.lines = 40, .font_px = 30, .noise = 8}, 85);
}

TEST(PageExtractorTimingTest, A3At300DpiCutInTwo) {
  testing::SamplePdf pdf;
  const std::string jpeg = testing::Jpeg(testing::ScannedA3(300, 30, 20, false));
  for (int i = 0; i < 4; ++i) pdf.AddJpegPage(testing::kA3Long, testing::kA4Long, jpeg);
  ExtractOptions options;
  options.cut_a3 = true;
  int fast = 0;
  const double per_sheet = ExtractMillis(pdf.Finish(), options, &fast);
  EXPECT_EQ(fast, 4);
  std::printf("A3 300 DPI (4961x3508) fast path, cut in two: %.1f ms/sheet\n", per_sheet);
}

}  // namespace
}  // namespace korrigo::pdf
