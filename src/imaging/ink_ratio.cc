// Ink measurement (see ink_ratio.h): a histogram for the paper level, then one pass that counts
// dark pixels having a dark 4-neighbour.
#include "imaging/ink_ratio.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace korrigo::imaging {
namespace {

struct Area {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int64_t size() const { return static_cast<int64_t>(x1 - x0) * (y1 - y0); }
};

Area InnerArea(const GrayImage& image, double margin_fraction) {
  const double m = std::clamp(margin_fraction, 0.0, 0.45);
  const int mx = static_cast<int>(image.width * m), my = static_cast<int>(image.height * m);
  return {mx, my, std::max(mx, image.width - mx), std::max(my, image.height - my)};
}

}  // namespace

int PaperLevel(const GrayImage& image, double margin_fraction) {
  const Area area = InnerArea(image, margin_fraction);
  if (area.size() == 0) return 255;
  // Every other pixel of every other row: the median of a quarter of the pixels is the same.
  std::array<int64_t, 256> histogram{};
  int64_t counted = 0;
  for (int y = area.y0; y < area.y1; y += 2) {
    const uint8_t* row = image.Row(y);
    for (int x = area.x0; x < area.x1; x += 2, ++counted) ++histogram[row[x]];
  }
  int64_t seen = 0;
  for (int level = 0; level < 256; ++level) {
    seen += histogram[level];
    if (2 * seen >= counted) return level;
  }
  return 255;
}

int InkThreshold(int paper_level) { return paper_level * 6 / 10; }

InkMeasure MeasureInk(const GrayImage& image, double margin_fraction) {
  InkMeasure measure;
  const Area area = InnerArea(image, margin_fraction);
  if (area.size() == 0) return measure;
  measure.paper_level = PaperLevel(image, margin_fraction);
  measure.threshold = InkThreshold(measure.paper_level);
  const auto t = static_cast<uint8_t>(measure.threshold);
  int64_t ink = 0;
  for (int y = area.y0; y < area.y1; ++y) {
    const uint8_t* row = image.Row(y);
    const uint8_t* up = y > 0 ? image.Row(y - 1) : nullptr;
    const uint8_t* down = y + 1 < image.height ? image.Row(y + 1) : nullptr;
    for (int x = area.x0; x < area.x1; ++x) {
      if (row[x] >= t) continue;
      const bool neighbour = (x > 0 && row[x - 1] < t) || (x + 1 < image.width && row[x + 1] < t) ||
                             (up != nullptr && up[x] < t) || (down != nullptr && down[x] < t);
      if (neighbour) ++ink;
    }
  }
  measure.ink_ratio = static_cast<double>(ink) / static_cast<double>(area.size());
  return measure;
}

}  // namespace korrigo::imaging
