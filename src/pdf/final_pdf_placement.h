// Where a page of the final PDF shows its scan page: the part of the page (the whole page or a
// half of an A3 sheet) and the /Rotate that reproduce the grading screen's view, and how to lay a
// drawing of that view (the annotations) over the page's own coordinates.
#pragma once

#include <qpdf/QPDFObjectHandle.hh>
#include <string>

#include "pdf/final_pdf.h"

namespace korrigo::pdf {

struct PagePlacement {
  QPDFObjectHandle::Rectangle box;  // in the page's default user space, llx < urx, lly < ury
  int rotate = 0;                   // the page's new /Rotate: 0, 90, 180 or 270
  double width = 0;                 // the displayed page (box turned by rotate), in points
  double height = 0;
};

// The placement of `page` (its source page `source_page`, inherited attributes resolved through
// its ancestors): the visible box (MediaBox ∩ CropBox) with the page's /Rotate, turned by
// auto_rotation, cut to the half, turned by rotation, all clockwise like the served page images.
// page.half must be "full", "left" or "right", the rotations multiples of 90 (any sign).
PagePlacement PlacePage(QPDFObjectHandle source_page, const FinalPage& page);

// The six numbers of a `cm` operator mapping the displayed page (origin bottom-left, y up,
// width × height) to the page's default user space, e.g. "0 1 -1 0 612 0".
std::string PlacementMatrix(const PagePlacement& placement);

}  // namespace korrigo::pdf
