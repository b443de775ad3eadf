// Glyph-by-glyph handwriting (see handwriting.h). Drawing each code point on its own is what
// lets every glyph get its own size, baseline and angle; cairo's toy text API is enough since
// the DejaVu faces cover every character the answer text uses.
#include "handwriting.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace korrigo::scangen {
namespace {

struct Face {
  const char* family;
  cairo_font_slant_t slant;
};

constexpr Face kFaces[] = {
    {"DejaVu Sans", CAIRO_FONT_SLANT_OBLIQUE},
    {"DejaVu Sans Condensed", CAIRO_FONT_SLANT_OBLIQUE},
    {"DejaVu Serif", CAIRO_FONT_SLANT_ITALIC},
    {"DejaVu Serif Condensed", CAIRO_FONT_SLANT_ITALIC},
};

// Length of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
size_t CodePointLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

void SelectFace(cairo_t* cr, const Hand& hand) {
  cairo_select_font_face(cr, hand.family, hand.slant, CAIRO_FONT_WEIGHT_NORMAL);
}

}  // namespace

Hand HandFor(uint64_t seed, int student) {
  Prng random(Mix(seed, {0x48414E44ull, static_cast<uint64_t>(student)}));  // "HAND"
  const Face& face = random.Pick(kFaces);
  Hand hand;
  hand.family = face.family;
  hand.slant = face.slant;
  hand.size_pt = random.UniformReal(12.5, 15.5);
  hand.line_pitch = hand.size_pt * random.UniformReal(1.7, 2.1);
  hand.lean = random.UniformReal(-0.05, 0.2);
  hand.ink = random.UniformReal(0.68, 0.88);
  hand.jitter = random.UniformReal(0.6, 1.4);
  hand.spacing = random.UniformReal(-0.3, 0.45);
  hand.line_slope = random.UniformReal(-0.012, 0.012);
  return hand;
}

double MeasureHandwriting(cairo_t* cr, const Hand& hand, std::string_view text) {
  SelectFace(cr, hand);
  cairo_set_font_size(cr, hand.size_pt);
  cairo_text_extents_t extents;
  const std::string copy(text);
  cairo_text_extents(cr, copy.c_str(), &extents);
  size_t glyphs = 0;
  for (size_t i = 0; i < text.size(); i += CodePointLength(text[i])) ++glyphs;
  return extents.x_advance + hand.spacing * static_cast<double>(glyphs);
}

double WriteHandwriting(cairo_t* cr, const Hand& hand, Prng& random, double x, double y,
                        std::string_view text) {
  SelectFace(cr, hand);
  cairo_set_source_rgba(cr, 0, 0, 0, hand.ink);
  const double start_x = x;
  // Slow drift of size and baseline along the line, plus fast per-glyph noise.
  double drift_size = 0;
  double drift_base = 0;
  char glyph[8];
  for (size_t i = 0; i < text.size();) {
    const size_t length = std::min(CodePointLength(text[i]), text.size() - i);
    text.copy(glyph, length, i);
    glyph[length] = '\0';
    i += length;
    drift_size = 0.8 * drift_size + 0.2 * random.Normal() * 0.05 * hand.jitter;
    drift_base = 0.85 * drift_base + 0.15 * random.Normal() * 0.9 * hand.jitter;
    const double size = hand.size_pt * (1 + drift_size + random.Normal() * 0.03 * hand.jitter);
    const double baseline =
        y + (x - start_x) * hand.line_slope + drift_base + random.Normal() * 0.25 * hand.jitter;
    cairo_set_font_size(cr, size);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, glyph, &extents);
    if (glyph[0] != ' ') {
      cairo_save(cr);
      cairo_translate(cr, x, baseline);
      cairo_rotate(cr, random.Normal() * 0.03 * hand.jitter);
      cairo_matrix_t shear;
      cairo_matrix_init(&shear, 1, 0, -hand.lean, 1, 0, 0);
      cairo_transform(cr, &shear);
      cairo_move_to(cr, 0, 0);
      cairo_show_text(cr, glyph);
      cairo_restore(cr);
    }
    x += extents.x_advance + hand.spacing + random.Normal() * 0.3 * hand.jitter;
  }
  return x;
}

}  // namespace korrigo::scangen
