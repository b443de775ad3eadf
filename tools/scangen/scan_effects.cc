// Scanner effects (see scan_effects.h). Composition runs once per pixel over several million
// pixels per page, so the per-pixel work is a few additions: lighting is split into a row term
// and a column term, and noise comes from a lookup table fed with one random byte per sample.
#include "scan_effects.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace korrigo::scangen {
namespace {

constexpr int kInkGray = 22;  // darkest ink, a little lighter than black as scanners render it

uint8_t Clamp(int value) { return static_cast<uint8_t>(std::clamp(value, 0, 255)); }

// Separable box blur with running sums, edges clamped.
void BoxBlur(GrayRaster* raster, int radius) {
  const int w = raster->width, h = raster->height, window = 2 * radius + 1;
  std::vector<uint8_t> line(static_cast<size_t>(std::max(w, h)));
  for (int y = 0; y < h; ++y) {
    uint8_t* row = raster->Row(y);
    std::copy(row, row + w, line.begin());
    int sum = 0;
    for (int i = -radius; i <= radius; ++i) sum += line[std::clamp(i, 0, w - 1)];
    for (int x = 0; x < w; ++x) {
      row[x] = static_cast<uint8_t>(sum / window);
      sum += line[std::min(x + radius + 1, w - 1)] - line[std::max(x - radius, 0)];
    }
  }
  std::vector<int> sums(static_cast<size_t>(w), 0);
  std::vector<uint8_t> source = raster->pixels;
  auto source_row = [&](int y) {
    return source.data() + static_cast<size_t>(std::clamp(y, 0, h - 1)) * w;
  };
  for (int i = -radius; i <= radius; ++i) {
    const uint8_t* row = source_row(i);
    for (int x = 0; x < w; ++x) sums[x] += row[x];
  }
  for (int y = 0; y < h; ++y) {
    uint8_t* out = raster->Row(y);
    const uint8_t* add = source_row(y + radius + 1);
    const uint8_t* drop = source_row(y - radius);
    for (int x = 0; x < w; ++x) {
      out[x] = static_cast<uint8_t>(sums[x] / window);
      sums[x] += add[x] - drop[x];
    }
  }
}

// Sensor noise: each sample is a sum of four random bytes (Irwin–Hall, close to normal).
void AddNoise(GrayRaster* raster, double sigma, Prng& random) {
  std::vector<int8_t> table(4 * 255 + 1);
  const double byte_sum_sd = std::sqrt(4 * (256.0 * 256.0 - 1) / 12);
  for (int sum = 0; sum <= 4 * 255; ++sum) {
    table[sum] = static_cast<int8_t>(
        std::clamp(std::lround((sum - 510) / byte_sum_sd * sigma), long{-127}, long{127}));
  }
  uint8_t* pixel = raster->pixels.data();
  const size_t count = raster->pixels.size();
  for (size_t i = 0; i < count; i += 2) {
    const uint64_t bits = random.Next();
    const int a =
        (bits & 0xFF) + ((bits >> 8) & 0xFF) + ((bits >> 16) & 0xFF) + ((bits >> 24) & 0xFF);
    const int b =
        ((bits >> 32) & 0xFF) + ((bits >> 40) & 0xFF) + ((bits >> 48) & 0xFF) + (bits >> 56);
    pixel[i] = Clamp(pixel[i] + table[a]);
    if (i + 1 < count) pixel[i + 1] = Clamp(pixel[i + 1] + table[b]);
  }
}

}  // namespace

ScanLook DrawScanLook(Prng& random, double skew_degrees, double noise, double blur, int dpi) {
  const double scale = dpi / 200.0;
  ScanLook look;
  look.paper = random.Uniform(236, 249);
  look.lid = std::min(255, look.paper + random.Uniform(3, 9));
  look.skew_radians = random.UniformReal(-skew_degrees, skew_degrees) * std::numbers::pi / 180;
  look.shift_x = random.UniformReal(-6, 6) * scale;
  look.shift_y = random.UniformReal(-8, 8) * scale;
  look.gradient_x = random.UniformReal(-5, 5);
  look.gradient_y = random.UniformReal(-5, 5);
  look.noise_sigma = noise * 6;
  look.blur_radius = static_cast<int>(std::lround(blur * 2 * scale));
  look.streaks = noise > 0 ? random.Uniform(0, static_cast<int>(3 * noise + 0.5)) : 0;
  look.specks = noise > 0 ? random.Uniform(2, 4 + static_cast<int>(20 * noise)) : 0;
  return look;
}

void ApplySheetTransform(cairo_t* cr, const ScanLook& look, int width_px, int height_px,
                         double width_pt, double height_pt) {
  cairo_identity_matrix(cr);
  cairo_translate(cr, width_px / 2.0 + look.shift_x, height_px / 2.0 + look.shift_y);
  cairo_rotate(cr, look.skew_radians);
  cairo_translate(cr, -width_px / 2.0, -height_px / 2.0);
  cairo_scale(cr, width_px / width_pt, height_px / height_pt);
}

void DrawDust(cairo_t* cr, const ScanLook& look, int width_px, int height_px, Prng& random) {
  cairo_save(cr);
  cairo_identity_matrix(cr);
  for (int i = 0; i < look.specks; ++i) {
    const double x = random.UniformReal(0, width_px), y = random.UniformReal(0, height_px);
    cairo_set_source_rgba(cr, 0, 0, 0, random.UniformReal(0.35, 0.9));
    if (random.Chance(0.2)) {  // a hair or fibre: a short thin curve
      cairo_set_line_width(cr, random.UniformReal(0.8, 1.6));
      cairo_move_to(cr, x, y);
      cairo_curve_to(cr, x + random.UniformReal(-15, 15), y + random.UniformReal(-15, 15),
                     x + random.UniformReal(-25, 25), y + random.UniformReal(-25, 25),
                     x + random.UniformReal(-30, 30), y + random.UniformReal(-30, 30));
      cairo_stroke(cr);
    } else {
      cairo_arc(cr, x, y, random.UniformReal(0.6, 2.2), 0, 2 * std::numbers::pi);
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);
}

GrayRaster ComposeScan(const uint8_t* ink, int stride, int width, int height, const ScanLook& look,
                       Prng& random) {
  GrayRaster scan(width, height);
  // Lighting as row + column terms; streaks darken a few whole columns.
  std::vector<int> column(static_cast<size_t>(width));
  for (int x = 0; x < width; ++x) {
    column[x] = static_cast<int>(std::lround(look.gradient_x * (x / double(width) - 0.5)));
  }
  for (int i = 0; i < look.streaks; ++i) {
    const int x = random.Uniform(0, width - 2), depth = random.Uniform(4, 12);
    column[x] -= depth;
    column[x + 1] -= depth / 2;
  }
  const double c = std::cos(look.skew_radians), s = std::sin(look.skew_radians);
  const double cx = width / 2.0, cy = height / 2.0;
  constexpr double kEdge = 2.5;  // width of the shadow line along the sheet's edge, in pixels
  for (int y = 0; y < height; ++y) {
    const uint8_t* ink_row = ink + static_cast<size_t>(y) * stride;
    uint8_t* out = scan.Row(y);
    const int row_paper =
        look.paper + static_cast<int>(std::lround(look.gradient_y * (y / double(height) - 0.5)));
    // Sheet coordinates (q) of pixel (0, y): the inverse of the sheet transform.
    const double dx0 = 0.5 - cx - look.shift_x, dy = y + 0.5 - cy - look.shift_y;
    double qx = cx + c * dx0 + s * dy, qy = cy - s * dx0 + c * dy;
    for (int x = 0; x < width; ++x, qx += c, qy -= s) {
      const double inside = std::min(std::min(qx, width - qx), std::min(qy, height - qy));
      int paper = row_paper + column[x];
      if (inside < 0) {
        paper = look.lid + column[x];
      } else if (inside < kEdge) {
        paper -= static_cast<int>(40 * (1 - inside / kEdge));
      }
      const int alpha = ink_row[x];
      out[x] = Clamp(paper - ((paper - kInkGray) * alpha + 127) / 255);
    }
  }
  if (look.blur_radius > 0) BoxBlur(&scan, look.blur_radius);
  if (look.noise_sigma > 0) AddNoise(&scan, look.noise_sigma, random);
  return scan;
}

void Rotate180(GrayRaster* raster) { std::reverse(raster->pixels.begin(), raster->pixels.end()); }

}  // namespace korrigo::scangen
