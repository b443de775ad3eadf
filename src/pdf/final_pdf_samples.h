// Test-only: what the final PDF tests need to see where things land. Source sheets whose four
// quadrants each hold a square of its own grey (so any turn or cut shows which quadrant ended up
// where), written with cairo and given a /Rotate with qpdf; and pages rendered back by poppler's
// pdftoppm into RGB pixels sampled at normalised positions. Header-only, like sample_pdfs.h.
#pragma once

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <sstream>
#include <string>
#include <vector>

#include "pdf/poppler_cli.h"

namespace korrigo::pdf::testing {

// The grey of the square in each quadrant of an upright sample sheet.
inline constexpr int kTopLeftGrey = 0, kTopRightGrey = 80, kBottomLeftGrey = 150,
                     kBottomRightGrey = 210;

inline cairo_status_t AppendPdfBytes(void* closure, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

// `qpdf` written to memory.
inline std::string WritePdf(QPDF& qpdf) {
  QPDFWriter writer(qpdf);
  writer.setOutputMemory();
  writer.write();
  auto buffer = writer.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
}

// A one-page PDF that DISPLAYS as an upright width × height sheet with the four grey squares
// (images, side a fifth of the shorter side, centred in each quadrant). With rotate = 90 the page
// is stored turned a quarter counter-clockwise with /Rotate 90, as some scanners write it; with
// upside_down its content is turned by 180° (a sheet fed the wrong way up).
inline std::string QuadrantSheet(double width, double height, int rotate, bool upside_down) {
  const bool across = rotate == 90;
  const double page_w = across ? height : width, page_h = across ? width : height;
  std::string bytes;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendPdfBytes, &bytes, page_w, page_h);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  if (across) {  // display (u, v) is drawn at page (v, page_h - u)
    cairo_matrix_t m;
    cairo_matrix_init(&m, 0, -1, 1, 0, 0, page_h);
    cairo_transform(cr, &m);
  }
  if (upside_down) {
    cairo_translate(cr, width, height);
    cairo_rotate(cr, M_PI);
  }
  const double side = std::min(width, height) / 5;
  const int greys[2][2] = {{kTopLeftGrey, kTopRightGrey}, {kBottomLeftGrey, kBottomRightGrey}};
  // Each square is an image (as in a scan), so that a page missing its resources shows nothing.
  for (int row = 0; row < 2; ++row) {
    for (int col = 0; col < 2; ++col) {
      const double g = greys[row][col] / 255.0;
      cairo_surface_t* square = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2, 2);
      cairo_t* paint = cairo_create(square);
      cairo_set_source_rgb(paint, g, g, g);
      cairo_paint(paint);
      cairo_destroy(paint);
      cairo_save(cr);
      cairo_translate(cr, (col * 2 + 1) * width / 4 - side / 2,
                      (row * 2 + 1) * height / 4 - side / 2);
      cairo_scale(cr, side / 2, side / 2);
      cairo_set_source_surface(cr, square, 0, 0);
      cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
      cairo_paint(cr);
      cairo_restore(cr);
      cairo_surface_destroy(square);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  if (rotate == 0) return bytes;
  QPDF qpdf;
  qpdf.processMemoryFile("sheet", bytes.data(), bytes.size());
  QPDFObjectHandle page = qpdf.getAllPages().at(0);
  page.replaceKey("/Rotate", QPDFObjectHandle::newInteger(rotate));
  return WritePdf(qpdf);
}

// Three quadrant sheets (A4 portrait, A4 landscape, A5 portrait) in a nested page tree:
// root → [inner → [page 0, page 1], page 2], where `inner` gives its two pages /Rotate 90 and
// page 0 its /Resources, as some producers share them.
inline std::string NestedPageTree() {
  const std::string sheets[] = {QuadrantSheet(595.28, 841.89, 0, false),
                                QuadrantSheet(841.89, 595.28, 0, false),
                                QuadrantSheet(419.53, 595.28, 0, false)};
  QPDF inputs[3];
  QPDF out;
  out.emptyPDF();
  for (int i = 0; i < 3; ++i) {
    inputs[i].processMemoryFile("sheet", sheets[i].data(), sheets[i].size());
    QPDFPageDocumentHelper(out).addPage(QPDFPageObjectHelper(inputs[i].getAllPages().at(0)), false);
  }
  std::vector<QPDFObjectHandle> pages = out.getAllPages();
  QPDFObjectHandle root = out.getRoot().getKey("/Pages");
  QPDFObjectHandle inner = out.makeIndirectObject(QPDFObjectHandle::newDictionary());
  inner.replaceKey("/Type", QPDFObjectHandle::newName("/Pages"));
  inner.replaceKey("/Parent", root);
  inner.replaceKey("/Kids", QPDFObjectHandle::newArray({pages[0], pages[1]}));
  inner.replaceKey("/Count", QPDFObjectHandle::newInteger(2));
  inner.replaceKey("/Rotate", QPDFObjectHandle::newInteger(90));
  inner.replaceKey("/Resources", pages[0].getKey("/Resources"));
  pages[0].removeKey("/Resources");
  for (int i = 0; i < 2; ++i) {
    pages[i].removeKey("/Rotate");
    pages[i].replaceKey("/Parent", inner);
  }
  root.replaceKey("/Kids", QPDFObjectHandle::newArray({inner, pages[2]}));
  return WritePdf(out);
}

struct Rgb {
  int r = 0, g = 0, b = 0;
};

// One rendered page.
struct Raster {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;

  Rgb At(int x, int y) const {
    x = std::clamp(x, 0, width - 1);
    y = std::clamp(y, 0, height - 1);
    const uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    return {p[0], p[1], p[2]};
  }
  // The pixel at normalised (x, y) of the page.
  Rgb AtNorm(double x, double y) const {
    return At(static_cast<int>(x * width), static_cast<int>(y * height));
  }
  // Whether some pixel within `radius` pixels of normalised (x, y) satisfies `test`.
  template <typename Test>
  bool AnyNear(double x, double y, int radius, Test test) const {
    const int cx = static_cast<int>(x * width), cy = static_cast<int>(y * height);
    for (int dy = -radius; dy <= radius; ++dy) {
      for (int dx = -radius; dx <= radius; ++dx) {
        if (test(At(cx + dx, cy + dy))) return true;
      }
    }
    return false;
  }
};

inline bool IsRed(Rgb p) { return p.r > 150 && p.g < 110 && p.b < 110; }
inline bool IsGreen(Rgb p) { return p.g > 100 && p.r < 90 && p.b < 90; }
// The blue highlight (alpha 0.35) over white paper.
inline bool IsBlueTint(Rgb p) { return p.b > 200 && p.r > 120 && p.r < 215 && p.b - p.r > 40; }
inline bool IsGrey(Rgb p, int level) {
  return std::abs(p.r - level) < 25 && std::abs(p.g - level) < 25 && std::abs(p.b - level) < 25;
}

// Page `page` (1-based) of `pdf` rendered by pdftoppm at `dpi`; empty (width 0) on failure.
inline Raster RenderPage(const std::string& pdf, int page, int dpi = 40) {
  Raster raster;
  TempPdf file(pdf);
  const std::string out = file.path() + "-render";
  const std::string command = "pdftoppm -q -r " + std::to_string(dpi) + " -f " +
                              std::to_string(page) + " -l " + std::to_string(page) +
                              " -singlefile '" + file.path() + "' '" + out + "'";
  if (std::system(command.c_str()) != 0) return raster;
  std::ifstream in(out + ".ppm", std::ios::binary);
  std::string magic;
  int max = 0;
  in >> magic >> raster.width >> raster.height >> max;
  in.get();
  if (magic != "P6" || max != 255) return Raster{};
  raster.rgb.resize(static_cast<size_t>(raster.width) * raster.height * 3);
  in.read(reinterpret_cast<char*>(raster.rgb.data()),
          static_cast<std::streamsize>(raster.rgb.size()));
  std::filesystem::remove(out + ".ppm");
  if (!in) return Raster{};
  return raster;
}

}  // namespace korrigo::pdf::testing
