// IdentityZone: where students write their names on a copy, hidden from everyone but admins. A
// zone is a list of rectangles in page fractions (0–1, origin top left of the upright page), masked
// on the first page of a copy and on the first page of every further sheet (every `every_pages`
// pages; 0 = the first page only). Default: the top 25 % — every 4 pages for A3 booklets.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::scans {

struct ZoneRect {
  double x = 0, y = 0, width = 1, height = 0.25;
  bool operator==(const ZoneRect&) const = default;
};

// A rectangle in pixels, clipped to the image.
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool operator==(const PixelRect&) const = default;
};

struct IdentityZone {
  std::vector<ZoneRect> rects{ZoneRect{}};
  int every_pages = 0;

  // The exam's default for its scan layout.
  static IdentityZone Default(const std::string& scan_layout);
  // Parses {"rects": [{"x", "y", "width", "height"}...], "every_pages": n}. At most 10 rectangles,
  // each inside the page with a positive size; every_pages 0–200. Errors: invalid_argument naming
  // the field.
  static core::Result<IdentityZone> FromJson(const nlohmann::json& j);
  // The stored value ("" = default) for an exam with this layout; a damaged value gives the
  // default.
  static IdentityZone FromStored(const std::string& stored, const std::string& scan_layout);

  nlohmann::json ToJson() const;

  // Whether the page at 1-based `position` of a copy carries the zone.
  bool MasksPosition(int position) const;
  // The rectangles to blank on an upright image of this size (rounded outwards).
  std::vector<PixelRect> PixelRects(int image_width, int image_height) const;
};

}  // namespace korrigo::scans
