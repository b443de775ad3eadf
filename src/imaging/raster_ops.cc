// Rotations, crops, box downscaling and fills (see raster_ops.h). Quarter turns walk the image in
// tiles so that both source and target stay in cache; downscaling is separable, in fixed point.
#include "imaging/raster_ops.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <vector>

namespace korrigo::imaging {
namespace {

constexpr int kTile = 64;
constexpr int kWeightBits = 12;  // weights of one target pixel sum to 1 << kWeightBits

// Source pixels that make one target pixel along an axis, with their fixed-point weights.
struct Span {
  int first = 0;
  std::vector<uint32_t> weights;
};

std::vector<Span> BoxSpans(int source, int target) {
  std::vector<Span> spans(target);
  const double scale = static_cast<double>(source) / target;
  for (int i = 0; i < target; ++i) {
    const double start = i * scale, end = (i + 1) * scale;
    Span& span = spans[i];
    span.first = static_cast<int>(start);
    const int last = std::min(source - 1, static_cast<int>(std::ceil(end)) - 1);
    uint32_t total = 0;
    for (int j = span.first; j <= last; ++j) {
      double overlap = std::min<double>(end, j + 1) - std::max<double>(start, j);
      auto w = static_cast<uint32_t>(std::lround(overlap / scale * (1 << kWeightBits)));
      span.weights.push_back(w);
      total += w;
    }
    // Rounding must not make the span brighter or darker than its sources.
    span.weights.back() += (1u << kWeightBits) - total;
  }
  return spans;
}

// Integer ratios (the common case: halving) need no weights.
GrayImage DownscaleByFactor(const GrayImage& image, int fx, int fy) {
  GrayImage out(image.width / fx, image.height / fy);
  std::vector<uint32_t> sums(out.width);
  const uint32_t area = static_cast<uint32_t>(fx * fy);
  for (int y = 0; y < out.height; ++y) {
    std::fill(sums.begin(), sums.end(), 0);
    for (int dy = 0; dy < fy; ++dy) {
      const uint8_t* row = image.Row(y * fy + dy);
      for (int x = 0; x < out.width; ++x) {
        const uint8_t* p = row + x * fx;
        uint32_t s = 0;
        for (int dx = 0; dx < fx; ++dx) s += p[dx];
        sums[x] += s;
      }
    }
    uint8_t* target = out.Row(y);
    for (int x = 0; x < out.width; ++x)
      target[x] = static_cast<uint8_t>((sums[x] + area / 2) / area);
  }
  return out;
}

}  // namespace

GrayImage Rotate(const GrayImage& image, int degrees) {
  assert(degrees % 90 == 0);
  const int turns = ((degrees / 90) % 4 + 4) % 4;
  if (turns == 0) return image;
  if (turns == 2) {
    GrayImage out = image;
    std::reverse(out.pixels.begin(), out.pixels.end());
    return out;
  }
  GrayImage out(image.height, image.width);
  const int w = image.width, h = image.height;
  for (int ty = 0; ty < h; ty += kTile) {
    for (int tx = 0; tx < w; tx += kTile) {
      const int ye = std::min(h, ty + kTile), xe = std::min(w, tx + kTile);
      for (int y = ty; y < ye; ++y) {
        const uint8_t* row = image.Row(y);
        for (int x = tx; x < xe; ++x) {
          // Clockwise: (x, y) goes to (h-1-y, x); counter-clockwise: to (y, w-1-x).
          if (turns == 1) {
            out.pixels[static_cast<size_t>(x) * h + (h - 1 - y)] = row[x];
          } else {
            out.pixels[static_cast<size_t>(w - 1 - x) * h + y] = row[x];
          }
        }
      }
    }
  }
  return out;
}

GrayImage Crop(const GrayImage& image, int x, int y, int width, int height) {
  const int x0 = std::clamp(x, 0, image.width), y0 = std::clamp(y, 0, image.height);
  const int x1 = std::clamp(x + std::max(width, 0), x0, image.width);
  const int y1 = std::clamp(y + std::max(height, 0), y0, image.height);
  GrayImage out(x1 - x0, y1 - y0);
  for (int row = 0; row < out.height; ++row) {
    std::memcpy(out.Row(row), image.Row(y0 + row) + x0, out.width);
  }
  return out;
}

GrayImage Downscale(const GrayImage& image, int width, int height) {
  if (image.empty()) return image;
  width = std::clamp(width, 1, image.width);
  height = std::clamp(height, 1, image.height);
  if (width == image.width && height == image.height) return image;
  if (image.width % width == 0 && image.height % height == 0) {
    return DownscaleByFactor(image, image.width / width, image.height / height);
  }
  const std::vector<Span> xs = BoxSpans(image.width, width);
  const std::vector<Span> ys = BoxSpans(image.height, height);
  // Horizontal pass into 8.8 fixed point, then vertical pass.
  std::vector<uint16_t> rows(static_cast<size_t>(width) * image.height);
  for (int y = 0; y < image.height; ++y) {
    const uint8_t* source = image.Row(y);
    uint16_t* target = rows.data() + static_cast<size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      const Span& span = xs[x];
      uint32_t sum = 0;
      for (size_t k = 0; k < span.weights.size(); ++k)
        sum += span.weights[k] * source[span.first + k];
      target[x] = static_cast<uint16_t>(sum >> (kWeightBits - 8));
    }
  }
  GrayImage out(width, height);
  std::vector<uint32_t> sums(width);
  for (int y = 0; y < height; ++y) {
    const Span& span = ys[y];
    std::fill(sums.begin(), sums.end(), 0);
    for (size_t k = 0; k < span.weights.size(); ++k) {
      const uint16_t* row = rows.data() + static_cast<size_t>(span.first + k) * width;
      const uint32_t w = span.weights[k];
      for (int x = 0; x < width; ++x) sums[x] += w * row[x];
    }
    uint8_t* target = out.Row(y);
    constexpr int kShift = kWeightBits + 8;
    for (int x = 0; x < width; ++x) {
      target[x] =
          static_cast<uint8_t>(std::min<uint32_t>(255, (sums[x] + (1u << (kShift - 1))) >> kShift));
    }
  }
  return out;
}

GrayImage Halve(const GrayImage& image) {
  GrayImage out(image.width / 2, image.height / 2);
  for (int y = 0; y < out.height; ++y) {
    const uint8_t* a = image.Row(2 * y);
    const uint8_t* b = image.Row(2 * y + 1);
    uint8_t* target = out.Row(y);
    for (int x = 0; x < out.width; ++x) {
      target[x] =
          static_cast<uint8_t>((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2);
    }
  }
  return out;
}

GrayImage DownscaleToLongEdge(const GrayImage& image, int long_edge) {
  const int current = std::max(image.width, image.height);
  if (current <= long_edge || image.empty()) return image;
  const double scale = static_cast<double>(long_edge) / current;
  return Downscale(image, std::max(1, static_cast<int>(std::lround(image.width * scale))),
                   std::max(1, static_cast<int>(std::lround(image.height * scale))));
}

void FillRect(GrayImage& image, int x, int y, int width, int height, uint8_t value) {
  const int x0 = std::clamp(x, 0, image.width), y0 = std::clamp(y, 0, image.height);
  const int x1 = std::clamp(x + std::max(width, 0), x0, image.width);
  const int y1 = std::clamp(y + std::max(height, 0), y0, image.height);
  for (int row = y0; row < y1; ++row) std::memset(image.Row(row) + x0, value, x1 - x0);
}

}  // namespace korrigo::imaging
