// Test-only: synthetic scanned pages (French text drawn with cairo, then skewed, noised and put
// on gray paper), deterministic for a seed. Header-only so that the library does not carry cairo;
// tests that include it link cairo themselves.
#pragma once

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "imaging/gray_image.h"

namespace korrigo::imaging::testing {

struct SamplePage {
  int width = 1654;  // A4 at 200 DPI
  int height = 2339;
  uint32_t seed = 1;
  int lines = 40;            // text lines (0: a blank page)
  double font_px = 34;       // font size in pixels (34 px at 200 DPI ≈ 12 pt)
  bool handwriting = false;  // italic serif with wobbling baselines instead of print
  bool upside_down = false;  // the whole page turned by 180°
  double skew_degrees = 0;   // scanner skew
  int paper = 245;           // gray of the paper
  int noise = 8;             // amplitude of the pixel noise
  int specks = 300;          // isolated dark specks (dust)
};

// A small deterministic generator (tests must not depend on the standard library's engines).
class SampleRandom {
 public:
  explicit SampleRandom(uint32_t seed) : state_(seed * 2654435761u + 12345u) {}
  uint32_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint32_t>(n)); }
  double Unit() { return (Next() & 0xffffff) / static_cast<double>(0x1000000); }

 private:
  uint32_t state_;
};

inline const char* SampleWord(SampleRandom& random) {
  static const char* const kWords[] = {
      "le",         "la",       "les",      "des",        "une",     "est",       "dans",
      "pour",       "que",      "qui",      "avec",       "sont",    "fonction",  "dérivée",
      "équation",   "résultat", "donc",     "ainsi",      "alors",   "théorème",  "exercice",
      "question",   "réponse",  "calcul",   "montrer",    "limite",  "égale",     "première",
      "deuxième",   "période",  "siècle",   "révolution", "société", "économie",  "histoire",
      "géographie", "français", "élève",    "après",      "très",    "où",        "déjà",
      "x",          "f(x)",     "=",        "2",          "3,5",     "1789",      "Paris",
      "Louis",      "XIV",      "On",       "Il",         "Elle",    "Par",       "Soit",
      "cette",      "chaque",   "problème", "solution",   "tableau", "variation", "positive",
      "négative",   "car",      "mais",     "puis",       "enfin",   "document",  "auteur"};
  return kWords[random.Below(sizeof kWords / sizeof kWords[0])];
}

// Renders the page described by `spec`.
inline GrayImage RenderSamplePage(const SamplePage& spec) {
  SampleRandom random(spec.seed);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, spec.width, spec.height);
  cairo_t* cr = cairo_create(surface);
  cairo_translate(cr, spec.width / 2.0, spec.height / 2.0);
  cairo_rotate(cr, (spec.skew_degrees + (spec.upside_down ? 180 : 0)) * M_PI / 180);
  cairo_translate(cr, -spec.width / 2.0, -spec.height / 2.0);
  cairo_select_font_face(cr, spec.handwriting ? "DejaVu Serif" : "DejaVu Sans",
                         spec.handwriting ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  const double margin = spec.width * 0.1;
  const double pitch = spec.font_px * (spec.handwriting ? 2.0 : 1.5);
  double y = spec.height * 0.08 + spec.font_px;
  for (int line = 0; line < spec.lines && y < spec.height * 0.93; ++line, y += pitch) {
    // The first two lines are a printed, bold header; handwriting wobbles and varies in size.
    const bool header = line < 2 && spec.handwriting;
    cairo_select_font_face(
        cr,
        header             ? "DejaVu Sans"
        : spec.handwriting ? "DejaVu Serif"
                           : "DejaVu Sans",
        spec.handwriting && !header ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
        header ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    double x = margin + (spec.handwriting ? random.Below(spec.font_px * 2) : 0);
    const double end = spec.width - margin - random.Below(static_cast<int>(spec.width * 0.3));
    while (x < end) {
      const char* word = SampleWord(random);
      const double size = spec.font_px * (spec.handwriting ? 0.85 + 0.3 * random.Unit() : 1.0);
      cairo_set_font_size(cr, size);
      cairo_move_to(cr, x, y + (spec.handwriting ? (random.Unit() - 0.5) * size * 0.2 : 0));
      cairo_show_text(cr, word);
      cairo_text_extents_t extents;
      cairo_text_extents(cr, word, &extents);
      x += extents.x_advance + size * (0.3 + (spec.handwriting ? 0.3 * random.Unit() : 0));
    }
  }
  cairo_surface_flush(surface);
  GrayImage page(spec.width, spec.height);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int py = 0; py < spec.height; ++py) {
    for (int px = 0; px < spec.width; ++px) {
      // Ink coverage (alpha) darkens the paper towards a pen gray of 30.
      const int alpha = data[py * stride + px];
      const int noise = spec.noise > 0 ? random.Below(2 * spec.noise + 1) - spec.noise : 0;
      const int value = spec.paper - (spec.paper - 30) * alpha / 255 + noise;
      page.Set(px, py, static_cast<uint8_t>(std::clamp(value, 0, 255)));
    }
  }
  for (int i = 0; i < spec.specks; ++i) {
    page.Set(random.Below(spec.width), random.Below(spec.height),
             static_cast<uint8_t>(random.Below(80)));
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return page;
}

}  // namespace korrigo::imaging::testing
