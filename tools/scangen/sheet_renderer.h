// Rendering one physical page of a batch — an A4 page, or an A3 side carrying two logical
// pages — into the grayscale raster a scanner would produce at the batch's DPI.
#pragma once

#include <vector>

#include "batch_options.h"
#include "batch_plan.h"
#include "gray_raster.h"
#include "student_roster.h"

namespace korrigo::scangen {

struct PageGeometry {
  double width_pt = 0;  // PDF page size in points
  double height_pt = 0;
  int width_px = 0;  // image size at the DPI
  int height_px = 0;
};

// A4 portrait (595.276 × 841.89 pt) or A3 landscape (1190.55 × 841.89 pt) at `dpi`, pixel sizes
// rounded to the nearest integer (A4 at 200 DPI: 1654 × 2339 px).
PageGeometry GeometryOf(PaperSize size, int dpi);

// The scan of `page`: its logical pages painted upright on the sheet, then skew, lighting,
// dust, blur and noise drawn from the page's uid and the batch seed, then turned by 180° when
// page.rotated_180. A blank page has only paper, noise and dust. Deterministic.
GrayRaster RenderPhysicalPage(const PhysicalPage& page, const BatchOptions& options,
                              const std::vector<Student>& students);

}  // namespace korrigo::scangen
