// Ink measurement: which share of a page is written on. The threshold follows the page's own
// paper level (gray recycled paper, a dim scanner) rather than a fixed gray, and isolated dark
// pixels (scanner dust and noise) do not count, so a blank sheet measures close to zero.
#pragma once

#include "imaging/gray_image.h"

namespace korrigo::imaging {

struct InkMeasure {
  double ink_ratio = 0;   // share of ink pixels in the measured area, 0–1
  int paper_level = 255;  // the gray of the paper (median of the measured area)
  int threshold = 0;      // pixels darker than this are ink candidates
};

// The paper level of an image: the median gray of its inner area (margin_fraction of each side
// left out). Pages are mostly paper, so the median is paper even on a well-filled page.
int PaperLevel(const GrayImage& image, double margin_fraction);

// The gray under which a pixel is ink on paper of `paper_level`: 60 % of the paper level, so
// faint ruling (Seyès lines) and gray paper stay paper while pen, pencil and print are ink.
int InkThreshold(int paper_level);

// Measures ink over the image minus `margin_fraction` of its width and height on each side
// (scanner borders, punched holes, staples). A pixel is ink when it is darker than the threshold
// and so is one of its four neighbours. Works best on a downscaled image (75–100 DPI), where the
// box filter has already averaged the noise out. An empty area measures 0.
InkMeasure MeasureInk(const GrayImage& image, double margin_fraction = 0.06);

}  // namespace korrigo::imaging
