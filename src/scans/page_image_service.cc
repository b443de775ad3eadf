// Page images per caller (see page_image_service.h). The stored JPEG goes out untouched when
// nothing is to change; otherwise it is decoded, turned, masked and encoded again.
#include "scans/page_image_service.h"

#include <fmt/format.h>

#include "core/digest.h"
#include "imaging/gray_image.h"
#include "imaging/jpeg_codec.h"
#include "imaging/raster_ops.h"
#include "scans/copy.h"
#include "scans/identity_zone.h"

namespace korrigo::scans {
namespace {

constexpr const char* kNotFound = "Page introuvable.";
constexpr int kQuality = 85;

// What the caller may see of a page, decided from the database.
struct Access {
  Page page;
  bool masked = false;
  IdentityZone zone;
};

}  // namespace

core::Result<PageImage> PageImageService::Get(int64_t page_id, const std::string& variant,
                                              const ImageViewer& viewer,
                                              const std::string& if_none_match) {
  if (variant != "view" && variant != "thumb") {
    return core::Error::InvalidArgument("« variant » : view ou thumb.", {{"field", "variant"}});
  }
  auto access = db_.WithSession([&](soci::session& s) -> core::Result<Access> {
    auto page = pages_.FindById(s, page_id);
    if (!page) return core::Error::NotFound(kNotFound);
    Access out{.page = *page};
    if (viewer.role == "admin") return out;
    // The copy's corrector, for a page of a validated copy: masked where the zone applies.
    if (viewer.role != "teacher" || !page->copy_id || !page->position) {
      return core::Error::NotFound(kNotFound);
    }
    auto copy = copies_.FindById(s, *page->copy_id);
    if (!copy || copy->removed || copy->status == kCopyStaging) {
      return core::Error::NotFound(kNotFound);
    }
    // Only the corrector the copy is dispatched to.
    if (copy->corrector_id != viewer.user_id) return core::Error::NotFound(kNotFound);
    long long exam = page->exam_id;
    std::string stored, layout;
    s << "SELECT identity_zone, scan_layout FROM exams WHERE id = :e", soci::use(exam),
        soci::into(stored), soci::into(layout);
    out.zone = IdentityZone::FromStored(stored, layout);
    out.masked = out.zone.MasksPosition(*page->position) && !out.zone.rects.empty();
    return out;
  });
  if (!access) return access.take_error();
  const Page& page = access->page;
  const std::string& key = variant == "thumb" ? page.thumb_key : page.view_key;
  std::string fingerprint = fmt::format("{}|{}|{}", key, page.rotation,
                                        access->masked ? access->zone.ToJson().dump() : "");
  PageImage image;
  image.masked = access->masked;
  image.etag = "\"" + core::Sha256Hex(fingerprint).substr(0, 32) + "\"";
  if (!if_none_match.empty() && if_none_match == image.etag) {
    image.not_modified = true;
    return image;
  }
  auto bytes = files_.ReadAll(key);
  if (!bytes) return bytes.take_error();
  if (page.rotation == 0 && !access->masked) {
    image.bytes = std::move(*bytes);
    return image;
  }
  auto decoded = imaging::DecodeJpeg(*bytes);
  if (!decoded) return core::Error::Internal("Image de page illisible.");
  imaging::GrayImage upright = imaging::Rotate(*decoded, page.rotation);
  if (access->masked) {
    for (const PixelRect& r : access->zone.PixelRects(upright.width, upright.height))
      imaging::FillRect(upright, r.x, r.y, r.width, r.height, 255);
  }
  auto encoded = imaging::EncodeJpeg(upright, kQuality);
  if (!encoded) return encoded.take_error();
  image.bytes = std::move(*encoded);
  return image;
}

}  // namespace korrigo::scans
