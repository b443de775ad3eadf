// Handwriting: text drawn glyph by glyph in an italic DejaVu face with the irregularities of a
// hand — each glyph slightly resized, lifted and turned, uneven spacing, lines that drift — in
// a pen colour of the student's own. Each student keeps one hand over all their pages.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string_view>

#include "prng.h"

namespace korrigo::scangen {

struct Hand {
  const char* family = "DejaVu Sans";
  cairo_font_slant_t slant = CAIRO_FONT_SLANT_OBLIQUE;
  double size_pt = 14;     // nominal font size
  double line_pitch = 26;  // distance between baselines, in points
  double lean = 0.1;       // extra shear on top of the italic face (x += lean × height)
  double ink = 0.75;       // ink opacity: dark blue ballpoint scans as a dark gray
  double jitter = 1;       // scale of the per-glyph irregularities (0.6–1.4)
  double spacing = 0;      // extra letter spacing, in points
  double line_slope = 0;   // baseline rise per point of line length
};

// The hand of student `student` in a batch of seed `seed`.
Hand HandFor(uint64_t seed, int student);

// The width `text` takes in `hand`, ignoring jitter (close enough to wrap lines).
double MeasureHandwriting(cairo_t* cr, const Hand& hand, std::string_view text);

// Writes `text` (UTF-8) starting at baseline point (x, y) in the current user space of `cr`,
// drawing with the ink opacity of `hand` (the target is an alpha "ink" surface). Random
// irregularities come from `random`. Returns the x where the text ended.
double WriteHandwriting(cairo_t* cr, const Hand& hand, Prng& random, double x, double y,
                        std::string_view text);

}  // namespace korrigo::scangen
