// PageExtractor: turns the pages of an inspected PDF into upright A4 images. A page that is one
// JPEG is decoded straight from its bytes (downscaled by the decoder); any other page is checked
// against the stream budget and rendered with poppler. Then the page is turned upright (its
// /Rotate, and 180° when detection is confident that it was scanned upside down, judged on the
// whole sheet), an A3 landscape sheet is cut into its left and right halves if asked, and each
// part is written as a view and a thumbnail.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "imaging/gray_image.h"
#include "pdf/page_extraction.h"
#include "pdf/page_rasterizer.h"
#include "pdf/pdf_inspector.h"
#include "pdf/stream_budget.h"

namespace korrigo::pdf {

// Detection must be at least this sure before a page is turned.
inline constexpr double kAutoRotateConfidence = 0.5;

class PageExtractor {
 public:
  // `pdf` must outlive the extractor; files go to `output_dir`, which must exist.
  PageExtractor(const PdfInspector& pdf, const PdfLimits& limits, const ExtractOptions& options,
                std::string output_dir);
  ~PageExtractor();

  // Extracts page `index` (0-based, < page_count). Errors: refusals "streams", "pixels" and
  // "damaged"; unavailable when the output cannot be written. Not thread-safe.
  core::Result<ExtractedPage> Extract(int index);

 private:
  core::Result<ExtractedPage> ExtractPage(int index);
  // The displayed page at view resolution (see ExtractOptions::view_long_edge): its long edge,
  // or for a sheet to cut its short edge, is about view_long_edge pixels (never enlarged from a
  // smaller JPEG).
  core::Result<imaging::GrayImage> PageImage(int index, const PageGeometry& geometry, bool cut,
                                             bool* fast_path);
  core::Result<imaging::GrayImage> RenderPage(int index, const PageGeometry& geometry,
                                              double long_edge_px);

  const PdfInspector& pdf_;
  PdfLimits limits_;
  ExtractOptions options_;
  std::string output_dir_;
  StreamBudget budget_;
  std::unique_ptr<PageRasterizer> rasterizer_;  // opened for the first page that needs it
};

}  // namespace korrigo::pdf
