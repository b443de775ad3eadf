// Upside-down detection on synthetic scanned pages: printed and handwriting-like French text,
// skewed, noised, on white or gray paper, upright and turned; sparse pages; and pages that give
// no evidence (blank, sideways), which must come out unsure rather than wrong.
#include "imaging/orientation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "imaging/raster_ops.h"
#include "imaging/sample_pages.h"

namespace korrigo::imaging {
namespace {

using testing::RenderSamplePage;
using testing::SamplePage;

// The analysis image of the page pipeline: a 200 DPI page at 3/4 (the view), halved.
GrayImage AnalysisImage(const GrayImage& page) {
  return DownscaleToLongEdge(page, std::max(page.width, page.height) * 3 / 8);
}

struct Score {
  int correct = 0, turned_right = 0, sure_wrong = 0, total = 0;
  double millis = 0;
};

// Runs the detector on `spec` upright and upside down.
void Judge(SamplePage spec, Score* score) {
  for (bool upside_down : {false, true}) {
    spec.upside_down = upside_down;
    const GrayImage analysis = AnalysisImage(RenderSamplePage(spec));
    const auto start = std::chrono::steady_clock::now();
    const OrientationGuess guess = DetectUpsideDown(analysis);
    score->millis +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ++score->total;
    const bool right = guess.upside_down == upside_down;
    score->correct += right;
    score->turned_right += right && guess.confidence >= 0.5;
    score->sure_wrong += !right && guess.confidence >= 0.5;
  }
}

TEST(OrientationTest, TellsUprightFromUpsideDownOnFullPages) {
  Score score;
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    Judge({.seed = seed,
           .lines = 6 + static_cast<int>(seed * 7 % 35),
           .font_px = 26.0 + seed % 5 * 6,
           .handwriting = seed % 2 == 0,
           .skew_degrees = (static_cast<int>(seed % 7) - 3) * 0.5,
           .paper = 200 + static_cast<int>(seed % 4) * 15},
          &score);
  }
  std::printf(
      "orientation, full pages: %d/%d correct, %d/%d sure and correct, %d sure and wrong, "
      "%.2f ms per page\n",
      score.correct, score.total, score.turned_right, score.total, score.sure_wrong,
      score.millis / score.total);
  EXPECT_EQ(score.correct, score.total);
  EXPECT_EQ(score.turned_right, score.total);
}

TEST(OrientationTest, SparseNoisyPagesAreNeverSurelyWrong) {
  Score score;
  for (uint32_t seed = 100; seed < 140; ++seed) {
    Judge({.seed = seed,
           .lines = 2 + static_cast<int>(seed % 5),
           .font_px = 24.0 + seed % 7 * 5,
           .handwriting = seed % 2 == 1,
           .skew_degrees = (static_cast<int>(seed % 9) - 4) * 0.5,
           .paper = 160 + static_cast<int>(seed % 5) * 20,
           .noise = 20,
           .specks = 2000},
          &score);
  }
  std::printf(
      "orientation, 2-6 lines, heavy noise: %d/%d correct, %d/%d sure and correct, %d "
      "sure and wrong\n",
      score.correct, score.total, score.turned_right, score.total, score.sure_wrong);
  EXPECT_EQ(score.sure_wrong, 0);
  EXPECT_GE(score.correct, score.total * 9 / 10);
  EXPECT_GE(score.turned_right, score.total * 6 / 10);
}

TEST(OrientationTest, PagesWithoutHorizontalTextGiveNoConfidence) {
  const GrayImage page = AnalysisImage(RenderSamplePage({.lines = 30}));
  for (int degrees : {90, 270}) {
    EXPECT_LT(DetectUpsideDown(Rotate(page, degrees)).confidence, 0.2) << degrees;
  }
  const OrientationGuess blank = DetectUpsideDown(AnalysisImage(RenderSamplePage({.lines = 0})));
  EXPECT_EQ(blank.confidence, 0);
  EXPECT_FALSE(blank.upside_down);
  EXPECT_EQ(DetectUpsideDown(GrayImage()).confidence, 0);
}

}  // namespace
}  // namespace korrigo::imaging
