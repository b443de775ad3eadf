// PageRasterizer: renders PDF pages to gray images with poppler (Splash, anti-aliased), the slow
// path for pages that are not a single JPEG: vector pages, JBIG2 or Flate scans, several images.
// Runs inside the sandboxed child only; callers check a page's streams (StreamBudget) first.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "imaging/gray_image.h"

namespace poppler {
class document;
}

namespace korrigo::pdf {

class PageRasterizer {
 public:
  // Opens `path` with poppler and the empty password. Errors: refusal "damaged" when poppler
  // cannot load it, "encrypted" when it needs a password.
  static core::Result<std::unique_ptr<PageRasterizer>> Open(const std::string& path);
  ~PageRasterizer();
  PageRasterizer(const PageRasterizer&) = delete;
  PageRasterizer& operator=(const PageRasterizer&) = delete;

  // Page `index` (0-based) at `dpi`, upright as displayed (its /Rotate applied), on white paper.
  // Errors: refusal "damaged" when poppler cannot render it.
  core::Result<imaging::GrayImage> Render(int index, double dpi);

 private:
  explicit PageRasterizer(std::unique_ptr<poppler::document> document);

  std::unique_ptr<poppler::document> document_;
};

}  // namespace korrigo::pdf
