// Annotation drawing with cairo (see overlay_painter.h). Ink dominates the cost: a stroke of a
// hundred stylus samples drawn as curves makes cairo print six numbers per sample, which is slow
// and large. Strokes are smoothed here instead, flattened and simplified to a polyline within
// 0.1 pt of the smooth curve (two numbers per vertex, far fewer vertices). Coordinates are rounded
// to 1/100 pt before cairo prints them: invisible on paper, shorter in the content streams.
#include "pdf/overlay_painter.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>

#include "core/log.h"
#include "pdf/utf8_text.h"

namespace korrigo::pdf {
namespace {

constexpr double kHighlightAlpha = 0.35;
constexpr double kLineSpacing = 1.25;   // text lines, in font sizes
constexpr double kMinLineWidth = 0.25;  // points: thinner strokes vanish in print
constexpr double kMinFontSize = 2;
constexpr double kStampSymbolShare = 0.8;  // of a stamp's size: its symbol's larger side
constexpr double kInkTolerance = 0.1;      // points: how far a drawn stroke may be from its curve
constexpr double kFlatteningStep = 2;      // points of curve per straight piece before simplifying
constexpr int kMaxPieces = 16;             // straight pieces per sample of a stroke
constexpr size_t kSimplifyRun = 256;       // flattened points simplified together

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

double Round(double v) { return std::round(v * 100) / 100; }

double SegmentDistance(NormPoint p, NormPoint a, NormPoint b) {
  const double dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
  const double t =
      length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Appends to `kept` the vertices of line[first..last] (`first` excepted) that keep it within
// `tolerance` of itself (Ramer–Douglas–Peucker). Costs at worst (last - first)² distances.
void Simplify(const std::vector<NormPoint>& line, size_t first, size_t last, double tolerance,
              std::vector<NormPoint>& kept) {
  std::vector<bool> keep(last - first + 1, false);
  keep.back() = true;
  std::vector<std::pair<size_t, size_t>> spans{{first, last}};
  while (!spans.empty()) {
    const auto [from, to] = spans.back();
    spans.pop_back();
    double farthest = 0;
    size_t at = from;
    for (size_t i = from + 1; i < to; ++i) {
      const double d = SegmentDistance(line[i], line[from], line[to]);
      if (d > farthest) {
        farthest = d;
        at = i;
      }
    }
    if (farthest > tolerance) {
      keep[at - first] = true;
      spans.push_back({from, at});
      spans.push_back({at, to});
    }
  }
  for (size_t i = first + 1; i <= last; ++i) {
    if (keep[i - first]) kept.push_back(line[i]);
  }
}

// The stroke through `samples` (in points) as drawn: the quadratic B-spline whose control points
// are the samples, so that it runs from the first sample through the midpoints of consecutive
// samples to the last (which smooths a stylus's jitter), flattened and simplified.
std::vector<NormPoint> SmoothStroke(const std::vector<NormPoint>& samples) {
  if (samples.size() < 3) return samples;
  std::vector<NormPoint> curve{samples.front()};
  NormPoint start = samples.front();
  for (size_t i = 1; i + 1 < samples.size(); ++i) {
    const NormPoint control = samples[i], next = samples[i + 1];
    const NormPoint end{(control.x + next.x) / 2, (control.y + next.y) / 2};
    const double length = std::hypot(control.x - start.x, control.y - start.y) +
                          std::hypot(end.x - control.x, end.y - control.y);
    const int pieces =
        std::clamp(static_cast<int>(std::ceil(length / kFlatteningStep)), 2, kMaxPieces);
    for (int k = 1; k <= pieces; ++k) {
      const double t = static_cast<double>(k) / pieces, u = 1 - t;
      curve.push_back({u * u * start.x + 2 * u * t * control.x + t * t * end.x,
                       u * u * start.y + 2 * u * t * control.y + t * t * end.y});
    }
    start = end;
  }
  curve.push_back(samples.back());
  // Simplified in runs of bounded length, which keeps the cost linear however a stroke zigzags.
  std::vector<NormPoint> line{curve.front()};
  for (size_t first = 0; first + 1 < curve.size(); first += kSimplifyRun) {
    Simplify(curve, first, std::min(first + kSimplifyRun, curve.size() - 1), kInkTolerance, line);
  }
  return line;
}

bool HasVisibleCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
}

// The stamp's text, or "" for an unknown stamp.
std::string StampText(const Overlay& overlay) {
  if (overlay.stamp == "tick") return "✓";
  if (overlay.stamp == "cross") return "✗";
  if (overlay.stamp == "question") return "?";
  if (overlay.stamp == "caret") return "‸";
  if (overlay.stamp == "label") return HasVisibleCharacter(overlay.text) ? overlay.text : "";
  return "";
}

void UseFont(cairo_t* cr, const Font& font) {
  cairo_select_font_face(cr, font.family.c_str(), CAIRO_FONT_SLANT_NORMAL,
                         font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, font.size);
}

}  // namespace

bool OverlayDrawsSomething(const Overlay& overlay) {
  switch (overlay.kind) {
    case OverlayKind::kInk:
      return overlay.width > 0 &&
             std::any_of(overlay.strokes.begin(), overlay.strokes.end(),
                         [](const std::vector<NormPoint>& s) { return !s.empty(); });
    case OverlayKind::kHighlight:
      return overlay.box.w > 0 && overlay.box.h > 0;
    case OverlayKind::kRect:
      return overlay.width > 0 && (overlay.box.w > 0 || overlay.box.h > 0);
    case OverlayKind::kText:
      return overlay.font_size > 0 && HasVisibleCharacter(overlay.text);
    case OverlayKind::kStamp:
      return overlay.size > 0 && !StampText(overlay).empty();
  }
  return false;
}

struct OverlayPainter::Cairo {
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;

  ~Cairo() {
    if (cr != nullptr) cairo_destroy(cr);
    if (surface != nullptr) cairo_surface_destroy(surface);
  }
};

OverlayPainter::OverlayPainter(std::string date)
    : date_(std::move(date)), cairo_(std::make_unique<Cairo>()) {}

OverlayPainter::~OverlayPainter() = default;

int OverlayPainter::AddPage(double width, double height, const std::vector<Overlay>& overlays) {
  assert(!finished_ && width > 0 && height > 0);
  if (cairo_->surface == nullptr) {
    cairo_->surface = cairo_pdf_surface_create_for_stream(AppendToString, &bytes_, width, height);
    for (cairo_pdf_metadata_t key : {CAIRO_PDF_METADATA_CREATE_DATE, CAIRO_PDF_METADATA_MOD_DATE})
      cairo_pdf_surface_set_metadata(cairo_->surface, key, date_.c_str());
    cairo_->cr = cairo_create(cairo_->surface);
  } else {
    cairo_show_page(cairo_->cr);
    cairo_pdf_surface_set_size(cairo_->surface, width, height);
  }
  for (const Overlay& overlay : overlays) {
    if (!OverlayDrawsSomething(overlay)) continue;
    cairo_save(cairo_->cr);
    Draw(overlay, width, height);
    cairo_restore(cairo_->cr);
  }
  return pages_++;
}

void OverlayPainter::Draw(const Overlay& overlay, double width, double height) {
  cairo_t* cr = cairo_->cr;
  const Color& c = overlay.color;
  cairo_set_source_rgb(cr, c.red, c.green, c.blue);
  const NormBox& b = overlay.box;
  switch (overlay.kind) {
    case OverlayKind::kInk:
      DrawInk(overlay, width, height);
      break;
    case OverlayKind::kHighlight:
      cairo_set_source_rgba(cr, c.red, c.green, c.blue, kHighlightAlpha);
      cairo_rectangle(cr, Round(b.x * width), Round(b.y * height), Round(b.w * width),
                      Round(b.h * height));
      cairo_fill(cr);
      break;
    case OverlayKind::kRect:
      cairo_set_line_width(cr, std::max(kMinLineWidth, overlay.width * width));
      cairo_rectangle(cr, Round(b.x * width), Round(b.y * height), Round(b.w * width),
                      Round(b.h * height));
      cairo_stroke(cr);
      break;
    case OverlayKind::kText:
      DrawText(overlay, width, height);
      break;
    case OverlayKind::kStamp:
      DrawStamp(overlay, width, height);
      break;
  }
}

void OverlayPainter::DrawInk(const Overlay& overlay, double width, double height) {
  cairo_t* cr = cairo_->cr;
  const double line_width = std::max(kMinLineWidth, overlay.width * width);
  cairo_set_line_width(cr, line_width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (const std::vector<NormPoint>& stroke : overlay.strokes) {
    if (stroke.empty()) continue;
    std::vector<NormPoint> samples;
    samples.reserve(stroke.size());
    for (const NormPoint& p : stroke) samples.push_back({p.x * width, p.y * height});
    // A single sample stays a zero-length line, which round caps draw as a dot.
    std::vector<NormPoint> line = SmoothStroke(samples);
    if (line.size() == 1) line.push_back(line[0]);
    cairo_move_to(cr, Round(line[0].x), Round(line[0].y));
    for (size_t i = 1; i < line.size(); ++i) cairo_line_to(cr, Round(line[i].x), Round(line[i].y));
  }
  cairo_stroke(cr);  // all strokes at once: one path, one painting operation
}

// The text starts at the box's top-left corner and wraps at its width (kept inside the page); it
// may run below the box, and lines that would cross the bottom of the page are left out.
void OverlayPainter::DrawText(const Overlay& overlay, double width, double height) {
  cairo_t* cr = cairo_->cr;
  const Font font{kSansFamily, std::max(kMinFontSize, overlay.font_size * height), false};
  const double left = overlay.box.x * width;
  const double max_width = std::max(std::min(overlay.box.w * width, width - left), 2 * font.size);
  TextMeasure measure = [cr](std::string_view text, const Font& f) {
    UseFont(cr, f);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, ValidUtf8(text).c_str(), &extents);
    return extents.x_advance;
  };
  UseFont(cr, font);
  cairo_font_extents_t metrics;
  cairo_font_extents(cr, &metrics);
  double baseline = overlay.box.y * height + metrics.ascent;
  for (const std::string& line : WrapMeasuredLines(overlay.text, font, max_width, measure)) {
    if (baseline + metrics.descent > height) return;
    if (!line.empty()) {
      UseFont(cr, font);
      cairo_move_to(cr, Round(left), Round(baseline));
      cairo_show_text(cr, ValidUtf8(line).c_str());
    }
    baseline += font.size * kLineSpacing;
  }
}

// A stamp is centred on the anchor by its ink box, whatever the glyph's bearings. The symbols are
// scaled so that their larger side is the same share of `size` (the caret is a small glyph in
// DejaVu Sans, the tick a large one); a label is set at `size` like text.
void OverlayPainter::DrawStamp(const Overlay& overlay, double width, double height) {
  cairo_t* cr = cairo_->cr;
  const std::string text = ValidUtf8(StampText(overlay));
  Font font{kSansFamily, std::max(kMinFontSize, overlay.size * height), true};
  cairo_text_extents_t extents;
  UseFont(cr, font);
  cairo_text_extents(cr, text.c_str(), &extents);
  const double side = std::max(extents.width, extents.height);
  if (overlay.stamp != "label" && side > 0) {
    font.size = std::max(kMinFontSize, font.size * kStampSymbolShare * font.size / side);
    UseFont(cr, font);
    cairo_text_extents(cr, text.c_str(), &extents);
  }
  cairo_move_to(cr, Round(overlay.anchor.x * width - extents.x_bearing - extents.width / 2),
                Round(overlay.anchor.y * height - extents.y_bearing - extents.height / 2));
  cairo_show_text(cr, text.c_str());
}

core::Result<std::string> OverlayPainter::Finish() {
  assert(!finished_ && "OverlayPainter::Finish() called twice");
  finished_ = true;
  if (cairo_->surface == nullptr) return std::string();
  cairo_status_t status = cairo_status(cairo_->cr);
  cairo_surface_finish(cairo_->surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(cairo_->surface);
  cairo_.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    core::LogError("final_pdf.overlay_failed", {{"cairo_status", cairo_status_to_string(status)}});
    return core::Error::Internal("Le dessin des annotations a échoué.");
  }
  return std::move(bytes_);
}

}  // namespace korrigo::pdf
