// Page size rules (see page_size.h). Tolerances are relative to each bound, so a page 5 % wider
// than A3 still passes: scanners and PDF producers round sizes differently.
#include "pdf/page_size.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pdf/pdf_refusal.h"

namespace korrigo::pdf {
namespace {

constexpr double kMmPerPoint = 25.4 / 72;
constexpr double kTolerance = 0.05;

bool Near(double value_mm, double target_mm) {
  return std::abs(value_mm - target_mm) <= target_mm * kTolerance;
}

}  // namespace

int NormalizeRotate(long long rotate) {
  if (rotate % 90 != 0) return 0;
  return static_cast<int>(((rotate % 360) + 360) % 360);
}

core::Result<PageGeometry> ClassifyPage(int index, double width_pt, double height_pt, int rotate) {
  PageGeometry g;
  g.rotate = rotate;
  const bool turned = rotate == 90 || rotate == 270;
  g.width_pt = turned ? height_pt : width_pt;
  g.height_pt = turned ? width_pt : height_pt;
  const double short_mm = std::min(width_pt, height_pt) * kMmPerPoint;
  const double long_mm = std::max(width_pt, height_pt) * kMmPerPoint;
  const bool finite = std::isfinite(short_mm) && std::isfinite(long_mm);
  if (!finite || short_mm < 105 * (1 - kTolerance) || short_mm > 297 * (1 + kTolerance) ||
      long_mm < 148 * (1 - kTolerance) || long_mm > 420 * (1 + kTolerance)) {
    return Refusal(
        "page_size",
        fmt::format("La page {} mesure {:.0f} × {:.0f} mm : seuls les formats de A6 à A3 "
                    "sont acceptés.",
                    index + 1, finite ? g.width_pt * kMmPerPoint : 0.0,
                    finite ? g.height_pt * kMmPerPoint : 0.0));
  }
  if (Near(short_mm, 210) && Near(long_mm, 297)) {
    g.size_class = "a4";
  } else if (Near(short_mm, 297) && Near(long_mm, 420)) {
    g.size_class = "a3";
  } else {
    g.size_class = "other";
  }
  return g;
}

}  // namespace korrigo::pdf
