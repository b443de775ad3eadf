// Identity zone parsing and geometry (see identity_zone.h).
#include "scans/identity_zone.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/json_fields.h"

namespace korrigo::scans {

IdentityZone IdentityZone::Default(const std::string& scan_layout) {
  IdentityZone zone;
  zone.every_pages = scan_layout == "a3_booklet" ? 4 : 0;
  return zone;
}

core::Result<IdentityZone> IdentityZone::FromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& field, const std::string& why) {
    return core::Error::InvalidArgument(fmt::format("Zone d'identité : {}", why),
                                        {{"field", field}});
  };
  if (!j.is_object()) return bad("", "un objet JSON est attendu.");
  if (core::Status s = core::RejectUnknownFields(j, {"rects", "every_pages"}); !s)
    return s.take_error();
  IdentityZone zone;
  zone.every_pages = 0;
  if (j.contains("every_pages")) {
    if (!j["every_pages"].is_number_integer() || j["every_pages"].get<int64_t>() < 0 ||
        j["every_pages"].get<int64_t>() > 200)
      return bad("every_pages", "« every_pages » doit être un entier de 0 à 200.");
    zone.every_pages = j["every_pages"].get<int>();
  }
  if (!j.contains("rects") || !j["rects"].is_array() || j["rects"].size() > 10)
    return bad("rects", "« rects » doit être une liste de 0 à 10 rectangles.");
  zone.rects.clear();
  for (const auto& r : j["rects"]) {
    if (!r.is_object()) return bad("rects", "chaque rectangle est un objet.");
    if (core::Status s = core::RejectUnknownFields(r, {"x", "y", "width", "height"}); !s)
      return s.take_error();
    ZoneRect rect;
    double* fields[] = {&rect.x, &rect.y, &rect.width, &rect.height};
    const char* names[] = {"x", "y", "width", "height"};
    for (int i = 0; i < 4; ++i) {
      if (!r.contains(names[i]) || !r[names[i]].is_number())
        return bad("rects", fmt::format("« {} » manque ou n'est pas un nombre.", names[i]));
      double v = r[names[i]].get<double>();
      if (!std::isfinite(v) || v < 0 || v > 1)
        return bad("rects", fmt::format("« {} » doit être compris entre 0 et 1.", names[i]));
      *fields[i] = v;
    }
    if (rect.width <= 0 || rect.height <= 0 || rect.x + rect.width > 1.000001 ||
        rect.y + rect.height > 1.000001)
      return bad("rects", "chaque rectangle doit avoir une taille et tenir dans la page.");
    zone.rects.push_back(rect);
  }
  return zone;
}

IdentityZone IdentityZone::FromStored(const std::string& stored, const std::string& scan_layout) {
  if (stored.empty()) return Default(scan_layout);
  auto j = nlohmann::json::parse(stored, nullptr, false);
  auto zone = FromJson(j);
  return zone ? *zone : Default(scan_layout);
}

nlohmann::json IdentityZone::ToJson() const {
  nlohmann::json rects_json = nlohmann::json::array();
  for (const ZoneRect& r : rects)
    rects_json.push_back({{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}});
  return {{"rects", rects_json}, {"every_pages", every_pages}};
}

bool IdentityZone::MasksPosition(int position) const {
  if (position < 1) return false;
  if (position == 1) return true;
  return every_pages > 0 && (position - 1) % every_pages == 0;
}

std::vector<PixelRect> IdentityZone::PixelRects(int w, int h) const {
  // Outwards, but not past what rounding noise adds (0.05 + 0.1 is not exactly 0.15).
  constexpr double kSlack = 1e-6;
  std::vector<PixelRect> out;
  for (const ZoneRect& r : rects) {
    int x0 = std::clamp(static_cast<int>(std::floor(r.x * w + kSlack)), 0, w);
    int y0 = std::clamp(static_cast<int>(std::floor(r.y * h + kSlack)), 0, h);
    int x1 = std::clamp(static_cast<int>(std::ceil((r.x + r.width) * w - kSlack)), 0, w);
    int y1 = std::clamp(static_cast<int>(std::ceil((r.y + r.height) * h - kSlack)), 0, h);
    if (x1 > x0 && y1 > y0) out.push_back({x0, y0, x1 - x0, y1 - y0});
  }
  return out;
}

}  // namespace korrigo::scans
