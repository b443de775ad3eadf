// The contract between Korrigo and the sandboxed child (`korrigo pdf-pages`) that opens an uploaded
// PDF: what may be asked (inspect a file, extract a range of its pages as images) and what comes
// back (page geometry, image files written to a directory, ink and orientation measures). Both
// sides use these types and their JSON forms; the parent never parses the PDF itself.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::pdf {

// Bounds a file must respect to be processed (each refusal names its rule, see pdf_refusal.h).
struct PdfLimits {
  int min_pages = 1;
  int max_pages = 2000;
  int64_t max_objects = 500000;
  int64_t max_stream_bytes = 256LL * 1024 * 1024;  // one decompressed stream
  int64_t max_page_pixels = 60LL * 1000 * 1000;    // pixels of one page image (decoded or rendered)

  nlohmann::json ToJson() const;
  static core::Result<PdfLimits> FromJson(const nlohmann::json& j);
};

// One page as the PDF declares it, after its /Rotate.
struct PageGeometry {
  double width_pt = 0;   // displayed width (after /Rotate), 1 pt = 1/72 inch
  double height_pt = 0;  // displayed height
  int rotate = 0;        // the page's /Rotate, normalised to 0, 90, 180 or 270
  // "a4" (portrait or landscape, ±5 %), "a3" (either orientation, ±5 %), or "other" (within the
  // accepted range A6–A3 but neither).
  std::string size_class;
};

struct PdfSummary {
  int page_count = 0;
  std::vector<PageGeometry> pages;
};

struct ExtractOptions {
  int first_page = 0;         // 0-based, inclusive
  int last_page = 0;          // 0-based, inclusive
  bool cut_a3 = false;        // cut every "a3" landscape page into its left and right halves
  int view_long_edge = 1700;  // pixels of the longer side of a viewing image (about 150–200 DPI)
  int thumb_long_edge = 240;  // pixels of the longer side of a thumbnail
  int jpeg_quality = 80;
  bool detect_orientation = true;  // detect pages scanned upside down and turn them upright

  nlohmann::json ToJson() const;
  static core::Result<ExtractOptions> FromJson(const nlohmann::json& j);
};

// One A4 image taken from a page: the whole page, or one half of a cut A3 page.
struct ExtractedPart {
  std::string half;  // "full", "left" or "right" (halves of the upright A3 page)
  // JPEG files in the output directory: bare file names in the child's report, full paths once
  // PdfSandbox has checked them.
  std::string view_path;
  std::string thumb_path;
  int view_width = 0;
  int view_height = 0;
  double ink_ratio = 0;  // share of dark pixels, margins excluded (0–1)
  bool blank = false;    // ink_ratio under the blank threshold
  // SHA-256 of the part's pixels at a quarter of the view's size (and of that size): equal for
  // identical scans, and far cheaper to compute than over the view.
  std::string content_sha256;
};

struct ExtractedPage {
  int index = 0;  // 0-based page index in the PDF
  PageGeometry geometry;
  bool fast_path = false;  // decoded from the page's own JPEG instead of rendered
  int auto_rotation = 0;   // 0 or 180: what orientation detection applied before cutting
  // 0–1; below 0.5 the page is worth a human look. 1 for a page without ink (nothing to turn)
  // and when detection is off.
  double orientation_confidence = 0;
  std::vector<ExtractedPart> parts;  // 1 part, or 2 (left, right) for a cut A3 page

  nlohmann::json ToJson() const;
  static core::Result<ExtractedPage> FromJson(const nlohmann::json& j);
};

nlohmann::json SummaryToJson(const PdfSummary& summary);
core::Result<PdfSummary> SummaryFromJson(const nlohmann::json& j);

}  // namespace korrigo::pdf
