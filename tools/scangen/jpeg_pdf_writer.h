// JpegPdfWriter: a PDF whose every page is one full-page grayscale JPEG and nothing else, the
// way scanners write them. Pages are JPEG-encoded with libturbojpeg and handed to cairo's PDF
// surface as JPEG mime data, so the bytes are embedded unchanged (/DCTDecode, /DeviceGray).
#pragma once

#include <cairo.h>

#include <memory>
#include <string>

#include "core/result.h"
#include "gray_raster.h"

namespace korrigo::scangen {

// Encodes `raster` as a baseline grayscale JPEG (TJSAMP_GRAY) at `quality` (1–100).
// Errors: internal when libturbojpeg fails.
core::Result<std::string> EncodeGrayJpeg(const GrayRaster& raster, int quality);

class JpegPdfWriter {
 public:
  JpegPdfWriter();
  ~JpegPdfWriter();
  JpegPdfWriter(const JpegPdfWriter&) = delete;
  JpegPdfWriter& operator=(const JpegPdfWriter&) = delete;

  // Appends a page of width_pt × height_pt showing `jpeg` (width_px × height_px pixels)
  // stretched over the whole page. Errors: internal when cairo fails.
  core::Status AddPage(std::string jpeg, int width_px, int height_px, double width_pt,
                       double height_pt);

  // Ends the document and returns its bytes; the writer must not be used afterwards. The output
  // carries a fixed creation date, so equal pages give byte-identical files.
  // Errors: failed_precondition without pages, internal when cairo fails.
  core::Result<std::string> Finish();

 private:
  struct SurfaceFree {
    void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
  };
  static cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length);

  std::string bytes_;
  std::unique_ptr<cairo_surface_t, SurfaceFree> pdf_;
  int pages_ = 0;
};

}  // namespace korrigo::scangen
