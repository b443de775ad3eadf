// Writing one part of a page (the whole page, or half of a cut A3 sheet): its view and thumbnail
// JPEG files, and the measures the page list needs (ink, blank, content hash).
#pragma once

#include <string>

#include "core/result.h"
#include "imaging/gray_image.h"
#include "pdf/page_extraction.h"

namespace korrigo::pdf {

// Parts with less ink than this (share of the area inside the margins) count as blank.
inline constexpr double kBlankInkRatio = 0.002;

// Encodes `view` (upright) as `<stem>-<half>-view.jpg` and a thumbnail made from `analysis` (the
// same part at half the view's size) as `<stem>-<half>-thumb.jpg` in `output_dir`, and measures
// ink on `analysis`. The part reports bare file names. Files are created with O_NOFOLLOW, so a
// link planted in the directory is not followed. Errors: unavailable when a file cannot be
// written, internal when encoding fails.
core::Result<ExtractedPart> WritePart(const std::string& half, const imaging::GrayImage& view,
                                      const imaging::GrayImage& analysis,
                                      const ExtractOptions& options, const std::string& output_dir,
                                      const std::string& stem);

}  // namespace korrigo::pdf
