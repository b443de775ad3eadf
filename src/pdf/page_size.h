// Page sizes an exam scan may have: between A6 and A3 (each side ±5 %), classified as "a4",
// "a3" or "other". Pure arithmetic on the page box and /Rotate, shared by the inspector and its
// tests.
#pragma once

#include "core/result.h"
#include "pdf/page_extraction.h"

namespace korrigo::pdf {

// /Rotate normalised to 0, 90, 180 or 270 (values that are not multiples of 90 count as 0, as
// PDF viewers treat them).
int NormalizeRotate(long long rotate);

// The geometry of a page whose visible box (MediaBox ∩ CropBox, times UserUnit) is width_pt ×
// height_pt before `rotate` (already normalised). Errors: refusal "page_size" when the short side
// is outside 105–297 mm or the long side outside 148–420 mm (each ±5 %); the message gives the
// page number (`index` is 0-based) and its size in millimetres.
core::Result<PageGeometry> ClassifyPage(int index, double width_pt, double height_pt, int rotate);

}  // namespace korrigo::pdf
