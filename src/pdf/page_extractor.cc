// Page extraction (see page_extractor.h). The analysis image (half the view, about 75 DPI) serves
// orientation detection, ink measurement, hashing and thumbnails, so the view itself is only
// decoded, possibly turned and cut, and encoded.
#include "pdf/page_extractor.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/log.h"
#include "imaging/jpeg_codec.h"
#include "imaging/orientation.h"
#include "imaging/raster_ops.h"
#include "pdf/jpeg_page_source.h"
#include "pdf/part_writer.h"
#include "pdf/pdf_refusal.h"

namespace korrigo::pdf {
namespace {

// A decoded JPEG this much larger than the view is shrunk further with a box filter.
constexpr double kOversize = 1.25;

}  // namespace

PageExtractor::PageExtractor(const PdfInspector& pdf, const PdfLimits& limits,
                             const ExtractOptions& options, std::string output_dir)
    : pdf_(pdf),
      limits_(limits),
      options_(options),
      output_dir_(std::move(output_dir)),
      budget_(limits) {}

PageExtractor::~PageExtractor() = default;

core::Result<ExtractedPage> PageExtractor::Extract(int index) {
  try {
    return ExtractPage(index);
  } catch (const std::exception& e) {
    // qpdf throws on damage it finds while reading a page's objects.
    core::LogInfo("pdf.refused", {{"page", index}, {"reason", e.what()}});
    return Refusal("damaged", fmt::format("La page {} de ce PDF est endommagée.", index + 1));
  }
}

core::Result<ExtractedPage> PageExtractor::ExtractPage(int index) {
  ExtractedPage page;
  page.index = index;
  page.geometry = pdf_.summary().pages.at(index);
  const bool cut = options_.cut_a3 && page.geometry.size_class == "a3" &&
                   page.geometry.width_pt > page.geometry.height_pt;
  auto image = PageImage(index, page.geometry, cut, &page.fast_path);
  if (!image) return image.take_error();
  imaging::GrayImage view = std::move(*image);
  imaging::GrayImage analysis = imaging::Halve(view);

  page.orientation_confidence = 1;
  if (options_.detect_orientation) {
    const imaging::OrientationGuess guess = imaging::DetectUpsideDown(analysis);
    page.orientation_confidence = guess.confidence;
    if (guess.upside_down && guess.confidence >= kAutoRotateConfidence) {
      view = imaging::Rotate(view, 180);
      analysis = imaging::Rotate(analysis, 180);
      page.auto_rotation = 180;
    }
  }

  const std::string stem = fmt::format("p{:05d}", index);
  if (!cut) {
    auto part = WritePart("full", view, analysis, options_, output_dir_, stem);
    if (!part) return part.take_error();
    page.parts.push_back(std::move(*part));
  } else {
    const int vw = view.width / 2, aw = analysis.width / 2;
    for (int right = 0; right < 2; ++right) {
      auto part = WritePart(
          right ? "right" : "left",
          imaging::Crop(view, right * vw, 0, right ? view.width - vw : vw, view.height),
          imaging::Crop(analysis, right * aw, 0, right ? analysis.width - aw : aw, analysis.height),
          options_, output_dir_, stem);
      if (!part) return part.take_error();
      page.parts.push_back(std::move(*part));
    }
  }
  // A page without ink has no orientation to doubt.
  if (std::all_of(page.parts.begin(), page.parts.end(),
                  [](const ExtractedPart& p) { return p.blank; })) {
    page.orientation_confidence = 1;
  }
  return page;
}

core::Result<imaging::GrayImage> PageExtractor::PageImage(int index, const PageGeometry& geometry,
                                                          bool cut, bool* fast_path) {
  const double long_pt = std::max(geometry.width_pt, geometry.height_pt);
  const double short_pt = std::min(geometry.width_pt, geometry.height_pt);
  // A sheet to cut gives two views whose long edge is the sheet's short edge.
  const double long_edge_px = options_.view_long_edge * (cut ? long_pt / short_pt : 1.0);
  *fast_path = false;
  if (std::optional<PageJpeg> jpeg = FindPageJpeg(pdf_.Page(index), geometry.rotate)) {
    imaging::JpegDecodeOptions decode{
        .scale =
            imaging::ChooseJpegScale(jpeg->width, jpeg->height, static_cast<int>(long_edge_px)),
        .max_source_pixels = limits_.max_page_pixels};
    auto decoded = imaging::DecodeJpeg(jpeg->bytes, decode);
    if (decoded) {
      imaging::GrayImage image =
          jpeg->rotation == 0 ? std::move(*decoded) : imaging::Rotate(*decoded, jpeg->rotation);
      if (std::max(image.width, image.height) > long_edge_px * kOversize) {
        image = imaging::DownscaleToLongEdge(image, static_cast<int>(std::lround(long_edge_px)));
      }
      *fast_path = true;
      return image;
    }
    if (RefusalRule(decoded.error()) == "pixels") {
      return Refusal("pixels", fmt::format("L'image de la page {} est trop grande.", index + 1));
    }
    core::LogInfo("pdf.fast_path_failed", {{"page", index}});  // poppler may do better
  }
  return RenderPage(index, geometry, long_edge_px);
}

core::Result<imaging::GrayImage> PageExtractor::RenderPage(int index, const PageGeometry& geometry,
                                                           double long_edge_px) {
  if (core::Status s = budget_.CheckPage(pdf_.Page(index), index); !s) return s.take_error();
  if (!rasterizer_) {
    auto opened = PageRasterizer::Open(pdf_.path());
    if (!opened) return opened.take_error();
    rasterizer_ = std::move(*opened);
  }
  const double long_pt = std::max(geometry.width_pt, geometry.height_pt);
  double dpi = long_edge_px / (long_pt / 72);
  const double pixels = (geometry.width_pt / 72 * dpi) * (geometry.height_pt / 72 * dpi);
  if (pixels > static_cast<double>(limits_.max_page_pixels)) {
    dpi *= std::sqrt(static_cast<double>(limits_.max_page_pixels) / pixels);
  }
  return rasterizer_->Render(index, dpi);
}

}  // namespace korrigo::pdf
