// Test-only: PDFs built with cairo the way scanners and office tools make them: pages of vector
// text (upright or turned), pages that are one JPEG (cairo embeds the JPEG bytes unchanged, as
// scanners do), blank pages, A3 sheets of two A4 pages; plus a temporary directory. Header-only,
// like poppler_cli.h, so that the library does not carry it.
#pragma once

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "imaging/gray_image.h"
#include "imaging/jpeg_codec.h"
#include "imaging/raster_ops.h"
#include "imaging/sample_pages.h"

namespace korrigo::pdf::testing {

inline constexpr double kA4Short = 595.28, kA4Long = 841.89, kA3Long = 1190.55;

// A multi-page PDF drawn with cairo into memory.
class SamplePdf {
 public:
  SamplePdf() {
    surface_ = cairo_pdf_surface_create_for_stream(&SamplePdf::Append, &bytes_, kA4Short, kA4Long);
    cr_ = cairo_create(surface_);
  }
  ~SamplePdf() {
    if (cr_ != nullptr) cairo_destroy(cr_);
    if (surface_ != nullptr) cairo_surface_destroy(surface_);
  }
  SamplePdf(const SamplePdf&) = delete;
  SamplePdf& operator=(const SamplePdf&) = delete;

  // A page of `lines` lines of French text (none: a blank page), drawn turned by 180° if asked.
  void AddTextPage(double width, double height, int lines, bool upside_down = false) {
    Begin(width, height);
    cairo_save(cr_);
    if (upside_down) {
      cairo_translate(cr_, width / 2, height / 2);
      cairo_rotate(cr_, M_PI);
      cairo_translate(cr_, -width / 2, -height / 2);
    }
    cairo_select_font_face(cr_, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, 12);
    imaging::testing::SampleRandom random(static_cast<uint32_t>(lines * 7 + width));
    for (int line = 0; line < lines && 72 + line * 18 < height - 60; ++line) {
      std::string text;
      while (text.size() < width / 7.5) {
        text += imaging::testing::SampleWord(random);
        text += ' ';
      }
      cairo_move_to(cr_, 60, 72 + line * 18);
      cairo_show_text(cr_, text.c_str());
    }
    cairo_restore(cr_);
    End();
  }

  // A page that is nothing but `jpeg` stretched over it.
  void AddJpegPage(double width, double height, const std::string& jpeg) {
    Begin(width, height);
    cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    auto* copy = static_cast<unsigned char*>(malloc(jpeg.size()));
    std::memcpy(copy, jpeg.data(), jpeg.size());
    cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, copy, jpeg.size(), free, copy);
    cairo_save(cr_);
    cairo_scale(cr_, width, height);
    cairo_set_source_surface(cr_, image, 0, 0);
    cairo_paint(cr_);
    cairo_restore(cr_);
    cairo_surface_destroy(image);
    End();
  }

  // The PDF bytes; call once.
  std::string Finish() {
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    return bytes_;
  }

 private:
  static cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  }
  void Begin(double width, double height) { cairo_pdf_surface_set_size(surface_, width, height); }
  void End() { cairo_show_page(cr_); }

  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// The JPEG (quality 85) of an image.
inline std::string Jpeg(const imaging::GrayImage& image) { return *imaging::EncodeJpeg(image, 85); }

// A scanned A4 page at `dpi` with `lines` lines of text.
inline imaging::GrayImage ScannedA4(int dpi, int lines, bool upside_down = false,
                                    uint32_t seed = 1) {
  return imaging::testing::RenderSamplePage({.width = static_cast<int>(std::lround(8.27 * dpi)),
                                             .height = static_cast<int>(std::lround(11.69 * dpi)),
                                             .seed = seed,
                                             .lines = lines,
                                             .font_px = 12.0 * dpi / 72,
                                             .upside_down = upside_down});
}

// A scanned A3 landscape sheet at `dpi`: two A4 pages side by side, the left one with
// `left_lines` lines of text and the right one with `right_lines`; turned by 180° if asked.
inline imaging::GrayImage ScannedA3(int dpi, int left_lines, int right_lines, bool upside_down) {
  imaging::GrayImage left = ScannedA4(dpi, left_lines, false, 11);
  imaging::GrayImage right = ScannedA4(dpi, right_lines, false, 12);
  imaging::GrayImage sheet(left.width * 2, left.height);
  for (int y = 0; y < sheet.height; ++y) {
    std::memcpy(sheet.Row(y), left.Row(y), left.width);
    std::memcpy(sheet.Row(y) + left.width, right.Row(y), right.width);
  }
  return upside_down ? imaging::Rotate(sheet, 180) : sheet;
}

// A fresh directory, removed with its content at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "korrigo-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `bytes` to `name` in the directory and returns the file's path.
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace korrigo::pdf::testing
