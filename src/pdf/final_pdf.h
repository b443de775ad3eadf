// The final PDF of a graded copy: the ORIGINAL scanned pages (copied with qpdf, never
// re-rasterised, no identity mask), each shown as the grading screen showed it (an A3 half through
// its page box, the copy's rotations), with the corrector's annotations burned in as vector
// overlays drawn by cairo, followed by a summary page (exam, student, mark, per-question table,
// appreciation). Same input → same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "pdf/pdf_writer.h"

namespace korrigo::pdf {

// A point or box in coordinates normalised to [0, 1] of the page AS DISPLAYED on the grading
// screen (after every rotation, an A3 half alone), origin top-left, y down.
struct NormPoint {
  double x = 0;
  double y = 0;
};
struct NormBox {
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
};

enum class OverlayKind { kInk, kHighlight, kRect, kText, kStamp };

// One annotation, already validated by grading (finite, in range, sizes bounded).
struct Overlay {
  OverlayKind kind = OverlayKind::kInk;
  Color color;  // e.g. red (0.83, 0.18, 0.18)
  // kInk: strokes of points; width is a fraction of the displayed page width (e.g. 0.003).
  std::vector<std::vector<NormPoint>> strokes;
  double width = 0.003;
  // kHighlight (filled, semi-transparent), kRect (outlined, `width` thick), kText (the box the
  // text wraps in: text starts at its top-left and wraps at its width; it may overflow the box
  // downwards but never the page).
  NormBox box;
  // kText: up to 2,000 characters of UTF-8; font_size is a fraction of the displayed page height.
  // kStamp: the custom label when stamp is "label".
  std::string text;
  double font_size = 0.016;
  // kStamp: "tick" (✓), "cross" (✗), "question" (?), "caret" (the missing-step mark ‸) or
  // "label" (`text`, e.g. "+1"), centred on `anchor`, `size` a fraction of the displayed page
  // height.
  std::string stamp;
  NormPoint anchor;
  double size = 0.04;
};

// One page of the copy and where it comes from.
struct FinalPage {
  int source = 0;             // index into FinalPdfInput::sources
  int source_index = 0;       // 0-based page of that PDF
  std::string half = "full";  // "full", or "left"/"right": a half of a cut A3 sheet
  // Exactly the values stored on the page by scan processing (see src/pdf/page_extraction.h and
  // src/scans/page.h): auto_rotation is what orientation detection applied to the whole sheet
  // BEFORE cutting (0 or 180), rotation what the exam office added afterwards (0/90/180/270
  // clockwise, applied when serving the image). The displayed page = the PDF page with its
  // /Rotate, turned by auto_rotation, cut to `half`, turned by rotation.
  int auto_rotation = 0;
  int rotation = 0;
  std::vector<Overlay> overlays;  // drawn in order
};

// One line of the summary table.
struct SummaryRow {
  std::string label;      // "Exercice 1 > Question 2"
  int depth = 0;          // 0 for a root: indentation of the label
  std::string points;     // already formatted, e.g. "1,5 / 2" ("" for a parent without a total)
  std::string remark;     // may be long: wrapped
  bool is_total = false;  // drawn bold (a parent's subtotal)
};

struct FinalSummary {
  std::string exam_name;
  std::string subject;
  std::string exam_date;     // already formatted, e.g. "12/03/2026" ("" when unknown)
  std::string student_name;  // "" → the copy's anonymous id is shown instead
  std::string class_name;
  std::string anonymous_id;  // "K7Q-014"
  std::string mark;          // already formatted: "15,5 / 20"
  std::string raw_points;    // "31 / 40 points" (may be "")
  std::vector<SummaryRow> rows;
  std::string appreciation;  // up to a few thousand characters, wrapped over pages if needed
  std::string corrector;     // "" to leave out
  std::string graded_at;     // already formatted, e.g. "28/11/2026 14:05"
};

struct FinalPdfInput {
  std::vector<std::string> sources;  // paths of the original scan PDFs
  std::vector<FinalPage> pages;      // in the copy's order; at least one
  FinalSummary summary;
  std::string title;         // document title, e.g. "Bac blanc — K7Q-014"
  int64_t timestamp_ms = 0;  // creation and modification dates written in the PDF
};

// Builds the final PDF: input.pages.size() pages then the summary page(s). Errors: invalid_argument
// (no page, a source index or page number out of range, an unknown half), unavailable (a source
// cannot be read), internal (qpdf or cairo failed; details are logged). Thread-safe: no shared
// state.
core::Result<std::string> BuildFinalPdf(const FinalPdfInput& input);

}  // namespace korrigo::pdf
