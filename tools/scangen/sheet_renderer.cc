// Physical page rendering (see sheet_renderer.h). Ink is drawn into a cairo A8 surface already
// skewed, so text keeps cairo's antialiasing; ComposeScan then puts it on paper.
#include "sheet_renderer.h"

#include <cairo.h>

#include <cmath>
#include <memory>

#include "page_painter.h"
#include "prng.h"
#include "scan_effects.h"

namespace korrigo::scangen {
namespace {

struct SurfaceFree {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

bool HasHeader(const BatchOptions& options, int page) {
  return options.layout == Layout::kA3Booklet ? page % 4 == 1 : page == 1;
}

// The crease down the middle of a folded A3 sheet: a soft shadow with a darker core.
void DrawFold(cairo_t* cr) {
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.05);
  cairo_set_line_width(cr, 4);
  cairo_move_to(cr, kA4WidthPt, 0);
  cairo_line_to(cr, kA4WidthPt, kA4HeightPt);
  cairo_stroke(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.12);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, kA4WidthPt + 0.3, 0);
  cairo_line_to(cr, kA4WidthPt + 0.3, kA4HeightPt);
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace

PageGeometry GeometryOf(PaperSize size, int dpi) {
  PageGeometry geometry;
  geometry.width_pt = size == PaperSize::kA3 ? 2 * kA4WidthPt : kA4WidthPt;
  geometry.height_pt = kA4HeightPt;
  geometry.width_px = static_cast<int>(std::lround(geometry.width_pt * dpi / 72));
  geometry.height_px = static_cast<int>(std::lround(geometry.height_pt * dpi / 72));
  return geometry;
}

GrayRaster RenderPhysicalPage(const PhysicalPage& page, const BatchOptions& options,
                              const std::vector<Student>& students) {
  const PageGeometry geometry = GeometryOf(page.size, options.dpi);
  Prng random(Mix(options.seed, {0x5343414Eull, static_cast<uint64_t>(page.uid)}));  // "SCAN"
  const ScanLook look =
      DrawScanLook(random, options.skew_degrees, options.noise, options.blur, options.dpi);

  std::unique_ptr<cairo_surface_t, SurfaceFree> ink(
      cairo_image_surface_create(CAIRO_FORMAT_A8, geometry.width_px, geometry.height_px));
  std::unique_ptr<cairo_t, ContextFree> cr(cairo_create(ink.get()));
  // Unhinted outlines: hinting would snap the jittered glyphs back to the pixel grid, and running
  // TrueType hinting for every glyph at its own size and angle costs more than drawing it.
  cairo_font_options_t* fonts = cairo_font_options_create();
  cairo_font_options_set_hint_style(fonts, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fonts, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr.get(), fonts);
  cairo_font_options_destroy(fonts);
  ApplySheetTransform(cr.get(), look, geometry.width_px, geometry.height_px, geometry.width_pt,
                      geometry.height_pt);
  if (page.size == PaperSize::kA3 && !page.blank()) DrawFold(cr.get());
  for (const PagePart& part : page.parts) {
    if (part.student < 0) continue;
    cairo_save(cr.get());
    if (part.half == Half::kRight) cairo_translate(cr.get(), kA4WidthPt, 0);
    PaintLogicalPage(cr.get(), {.student = &students[part.student],
                                .student_index = part.student,
                                .page = part.page,
                                .pages_per_copy = options.pages_per_copy,
                                .header = HasHeader(options, part.page),
                                .qr = options.qr,
                                .seed = options.seed});
    cairo_restore(cr.get());
  }
  DrawDust(cr.get(), look, geometry.width_px, geometry.height_px, random);
  cairo_surface_flush(ink.get());

  GrayRaster scan = ComposeScan(cairo_image_surface_get_data(ink.get()),
                                cairo_image_surface_get_stride(ink.get()), geometry.width_px,
                                geometry.height_px, look, random);
  if (page.rotated_180) Rotate180(&scan);
  return scan;
}

}  // namespace korrigo::scangen
