// Upside-down detection (see orientation.h). The page is binarised against its paper level and
// cut into narrow vertical strips; in each strip the row profile splits into text-line segments
// (ink rows separated by blank rows), and each segment's profile splits its ink into the x-height
// band, what rises above it and what hangs below it. Narrow strips keep a skewed line flat.
#include "imaging/orientation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "imaging/ink_ratio.h"

namespace korrigo::imaging {
namespace {

constexpr int kStripWidth = 40;     // pixels: a skew of 2° moves a line by 1.4 px across it
constexpr int kMinLineHeight = 6;   // shorter segments are dots, dashes and noise
constexpr int kMaxLineHeight = 70;  // taller ones are figures or lines that touch
constexpr int kMinLineInk = 12;     // pixels
constexpr double kBandLevel = 0.5;  // share of the fullest row that marks the x-height band

struct Tally {
  double above = 0, below = 0;
  int up_votes = 0, down_votes = 0;
};

// One text-line segment of a strip: rows[first..last] of the strip's profile.
void MeasureSegment(const std::vector<int>& rows, int first, int last, Tally* tally) {
  const int height = last - first + 1;
  if (height < kMinLineHeight || height > kMaxLineHeight) return;
  int fullest = 0, ink = 0;
  for (int y = first; y <= last; ++y) {
    fullest = std::max(fullest, rows[y]);
    ink += rows[y];
  }
  if (ink < kMinLineInk) return;
  // The band runs from the first to the last row that reaches the level: the top and bottom
  // strokes of x-height letters (a e o s) are the fullest rows, their middle rows may be sparse.
  const int level = static_cast<int>(std::ceil(fullest * kBandLevel));
  int top = first, bottom = last;
  while (rows[top] < level) ++top;
  while (rows[bottom] < level) --bottom;
  double above = 0, below = 0;
  for (int y = first; y < top; ++y) above += rows[y];
  for (int y = bottom + 1; y <= last; ++y) below += rows[y];
  tally->above += above;
  tally->below += below;
  if (above > 1.5 * below + 2) ++tally->up_votes;
  if (below > 1.5 * above + 2) ++tally->down_votes;
}

// The share of blank entries between the first and last inked entry of each profile (`count`
// profiles of `length` entries each).
double GapShare(const std::vector<int>& profiles, int count, int length) {
  int64_t blank = 0, inside = 0;
  for (int p = 0; p < count; ++p) {
    const int* profile = profiles.data() + static_cast<size_t>(p) * length;
    int first = 0, last = length - 1;
    while (first < length && profile[first] == 0) ++first;
    while (last > first && profile[last] == 0) --last;
    if (first >= length) continue;
    inside += last - first + 1;
    for (int i = first; i <= last; ++i) blank += profile[i] == 0;
  }
  return inside > 0 ? static_cast<double>(blank) / static_cast<double>(inside) : 0;
}

}  // namespace

OrientationGuess DetectUpsideDown(const GrayImage& image) {
  OrientationGuess guess;
  if (image.empty()) return guess;
  const int w = image.width, h = image.height;
  const auto t = static_cast<uint8_t>(InkThreshold(PaperLevel(image, 0.1)));
  // Borders of a scan are often dark: leave 3 % out on each side.
  const int x0 = w * 3 / 100, x1 = w - x0, y0 = h * 3 / 100, y1 = h - y0;
  const int strips = std::max(1, (x1 - x0) / kStripWidth);
  const int bands = std::max(1, (y1 - y0) / kStripWidth);
  // profile[s * h + y]: ink pixels of vertical strip s on row y; columns[b * w + x]: ink pixels
  // of horizontal band b in column x.
  std::vector<int> profile(static_cast<size_t>(strips) * h, 0);
  std::vector<int> columns(static_cast<size_t>(bands) * w, 0);
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = image.Row(y);
    int* column =
        columns.data() + static_cast<size_t>(std::min(bands - 1, (y - y0) / kStripWidth)) * w;
    for (int s = 0; s < strips; ++s) {
      const int begin = x0 + s * kStripWidth, end = std::min(x1, begin + kStripWidth);
      int count = 0;
      for (int x = begin; x < end; ++x) {
        const int ink = row[x] < t;
        count += ink;
        column[x] += ink;
      }
      profile[static_cast<size_t>(s) * h + y] = count;
    }
  }
  // Text lines run across the page when rows between lines are blank far more often than
  // columns between letters: a page scanned sideways shows the opposite, and must not be judged.
  const double row_gaps = GapShare(profile, strips, h);
  const double column_gaps = GapShare(columns, bands, w);
  const double across = std::clamp((row_gaps / std::max(column_gaps, 0.01) - 1.0) / 0.5, 0.0, 1.0);
  Tally tally;
  std::vector<int> rows(h);
  for (int s = 0; s < strips; ++s) {
    std::copy_n(profile.begin() + static_cast<ptrdiff_t>(s) * h, h, rows.begin());
    // Segments: ink rows, where a single blank row (between an accent and its letter) does not
    // end a segment.
    int first = -1, last = -1;
    for (int y = y0; y <= y1; ++y) {
      const bool ink = y < y1 && rows[y] > 0;
      if (ink) {
        if (first < 0) first = y;
        last = y;
      } else if (first >= 0 && (y - last > 1 || y == y1)) {
        MeasureSegment(rows, first, last, &tally);
        first = -1;
      }
    }
  }
  guess.words = tally.up_votes + tally.down_votes;
  if (guess.words == 0 || tally.above + tally.below <= 0) return guess;
  const double mass = (tally.above - tally.below) / (tally.above + tally.below);
  const double votes = static_cast<double>(tally.up_votes - tally.down_votes) / guess.words;
  guess.score = (mass + votes) / 2;
  guess.upside_down = guess.score < 0;
  // Sure when the asymmetry is clear and rests on enough evidence.
  const double strength = std::min(1.0, std::abs(guess.score) / 0.3);
  const double support = std::min(1.0, guess.words / 20.0);
  guess.confidence = strength * support * across;
  return guess;
}

}  // namespace korrigo::imaging
