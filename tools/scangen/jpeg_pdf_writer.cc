// JPEG encoding and the single-image PDF pages (see jpeg_pdf_writer.h). Cairo needs an image
// surface of the JPEG's size to paint; with JPEG mime data attached it never reads its pixels,
// so an opaque RGB24 surface that stays zero (untouched pages of memory) is enough.
#include "jpeg_pdf_writer.h"

#include <cairo-pdf.h>
#include <turbojpeg.h>

#include <cstdlib>
#include <cstring>

namespace korrigo::scangen {
namespace {

core::Error Internal(std::string message) {
  return core::Error{.code = core::ErrorCode::kInternal, .message = std::move(message)};
}

struct HandleFree {
  void operator()(void* handle) const { tjDestroy(handle); }
};

struct ContextFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

}  // namespace

core::Result<std::string> EncodeGrayJpeg(const GrayRaster& raster, int quality) {
  std::unique_ptr<void, HandleFree> handle(tjInitCompress());
  if (!handle) return Internal("tjInitCompress a échoué.");
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (tjCompress2(handle.get(), raster.pixels.data(), raster.width, raster.width, raster.height,
                  TJPF_GRAY, &buffer, &size, TJSAMP_GRAY, quality, 0) != 0) {
    tjFree(buffer);
    return Internal(std::string("Encodage JPEG impossible : ") + tjGetErrorStr2(handle.get()));
  }
  std::string jpeg(reinterpret_cast<const char*>(buffer), size);
  tjFree(buffer);
  return jpeg;
}

JpegPdfWriter::JpegPdfWriter() = default;
JpegPdfWriter::~JpegPdfWriter() = default;

cairo_status_t JpegPdfWriter::Append(void* closure, const unsigned char* data,
                                     unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

core::Status JpegPdfWriter::AddPage(std::string jpeg, int width_px, int height_px, double width_pt,
                                    double height_pt) {
  if (!pdf_) {
    pdf_.reset(cairo_pdf_surface_create_for_stream(&Append, &bytes_, width_pt, height_pt));
    // Cairo would otherwise stamp the current time into the document information.
    cairo_pdf_surface_set_metadata(pdf_.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                   "2024-01-15T08:00:00");
    cairo_pdf_surface_set_metadata(pdf_.get(), CAIRO_PDF_METADATA_CREATOR, "Korrigo scangen");
  } else {
    cairo_pdf_surface_set_size(pdf_.get(), width_pt, height_pt);
  }
  std::unique_ptr<cairo_surface_t, SurfaceFree> image(
      cairo_image_surface_create(CAIRO_FORMAT_A1, width_px, height_px));
  // Cairo frees the mime data with the surface; it needs a malloc'ed copy it can own.
  void* data = std::malloc(jpeg.size());
  if (data == nullptr) return Internal("Mémoire insuffisante.");
  std::memcpy(data, jpeg.data(), jpeg.size());
  if (cairo_surface_set_mime_data(
          image.get(), CAIRO_MIME_TYPE_JPEG, static_cast<unsigned char*>(data), jpeg.size(),
          [](void* owned) { std::free(owned); }, data) != CAIRO_STATUS_SUCCESS) {
    std::free(data);
    return Internal("cairo refuse l'image JPEG.");
  }
  std::unique_ptr<cairo_t, ContextFree> cr(cairo_create(pdf_.get()));
  cairo_scale(cr.get(), width_pt / width_px, height_pt / height_px);
  cairo_set_source_surface(cr.get(), image.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr.get()), CAIRO_FILTER_NEAREST);
  cairo_paint(cr.get());
  cairo_show_page(cr.get());
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("Écriture PDF impossible : ") +
                    cairo_status_to_string(cairo_status(cr.get())));
  }
  ++pages_;
  return {};
}

core::Result<std::string> JpegPdfWriter::Finish() {
  if (pages_ == 0) {
    return core::Error{.code = core::ErrorCode::kFailedPrecondition,
                       .message = "Un PDF doit avoir au moins une page."};
  }
  cairo_surface_finish(pdf_.get());
  const cairo_status_t status = cairo_surface_status(pdf_.get());
  pdf_.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("Écriture PDF impossible : ") + cairo_status_to_string(status));
  }
  return std::move(bytes_);
}

}  // namespace korrigo::scangen
