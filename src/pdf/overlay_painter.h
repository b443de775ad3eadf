// OverlayPainter: draws the corrector's annotations (Overlay, see final_pdf.h) with cairo into one
// in-memory PDF document, one page per annotated page, each page the size of that page as
// displayed. Keeping every overlay page in one document makes cairo embed one font subset for all
// of them instead of one per page.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "pdf/final_pdf.h"

namespace korrigo::pdf {

// Whether `overlay` leaves a mark: ink with at least one point, a highlight or box with an area,
// a text with a visible character, a known stamp (a label only with text).
bool OverlayDrawsSomething(const Overlay& overlay);

class OverlayPainter {
 public:
  // `date` (ISO 8601, e.g. "2026-11-28T14:05:00Z") is written as the document's creation and
  // modification dates, so that the same annotations always give the same bytes. Failures inside
  // cairo are remembered and reported by Finish(). Used by one thread at a time.
  explicit OverlayPainter(std::string date);
  ~OverlayPainter();
  OverlayPainter(const OverlayPainter&) = delete;
  OverlayPainter& operator=(const OverlayPainter&) = delete;

  // Adds a transparent page of width × height points (> 0) and draws `overlays` on it in order,
  // scaled from normalised coordinates (origin top-left); overlays that draw nothing are skipped.
  // Returns the page's 0-based index in the document.
  int AddPage(double width, double height, const std::vector<Overlay>& overlays);

  // The number of pages added so far.
  int page_count() const { return pages_; }

  // Ends the document and returns its PDF bytes ("" when no page was added).
  // Call once. Errors: internal when cairo failed (the status is logged).
  core::Result<std::string> Finish();

 private:
  struct Cairo;
  void Draw(const Overlay& overlay, double width, double height);
  void DrawInk(const Overlay& overlay, double width, double height);
  void DrawText(const Overlay& overlay, double width, double height);
  void DrawStamp(const Overlay& overlay, double width, double height);

  std::string date_;
  std::string bytes_;  // cairo's stream target
  std::unique_ptr<Cairo> cairo_;
  int pages_ = 0;
  bool finished_ = false;
};

}  // namespace korrigo::pdf
