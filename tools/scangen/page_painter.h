// One logical A4 page of a student's copy as printed and then written on: the printed header
// box (NOM, Prénom, Classe, Note) filled in by hand on a copy's first page, handwritten answer
// lines, the printed "Page n/P" footer and, optionally, the page's QR code.
#pragma once

#include <cairo.h>

#include <cstdint>

#include "student_roster.h"

namespace korrigo::scangen {

inline constexpr double kA4WidthPt = 595.276;
inline constexpr double kA4HeightPt = 841.89;

struct LogicalPageSpec {
  const Student* student = nullptr;
  int student_index = 0;
  int page = 1;  // 1-based
  int pages_per_copy = 4;
  bool header = false;  // print the identification header at the top ~20 % of the page
  bool qr = false;
  uint64_t seed = 0;  // the batch seed: text, hand and QR payload derive from it
};

// Paints the page as ink onto `cr`, whose user space must be the A4 page in points (origin top
// left, y down); only alpha matters (an A8 surface). The text and its irregularities depend only
// on (seed, student, page), so a page rescanned or laid out differently shows the same writing.
void PaintLogicalPage(cairo_t* cr, const LogicalPageSpec& spec);

}  // namespace korrigo::scangen
