// Drawing PDF pages with cairo. Cairo errors are sticky on the context and the surface, so drawing
// calls don't check them one by one: Finish() reads both statuses once and turns a failure into an
// internal error.
#include "pdf/pdf_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cassert>

#include "core/log.h"
#include "pdf/utf8_text.h"

namespace korrigo::pdf {
namespace {

constexpr const char* kEllipsis = "…";

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void UseColor(cairo_t* cr, Color color) {
  cairo_set_source_rgb(cr, color.red, color.green, color.blue);
}

void UseStroke(cairo_t* cr, const Stroke& stroke) {
  UseColor(cr, stroke.color);
  cairo_set_line_width(cr, stroke.width);
  cairo_set_dash(cr, &stroke.dash, stroke.dash > 0 ? 1 : 0, 0);
}

}  // namespace

FittedText FitMeasuredText(std::string_view text, const Font& font, double max_width,
                           double min_size, const TextMeasure& measure) {
  std::string valid = ValidUtf8(text);
  min_size = std::min(min_size, font.size);
  Font sized = font;
  for (; sized.size > min_size; sized.size -= 0.5) {
    if (measure(valid, sized) <= max_width) return {valid, sized.size};
  }
  sized.size = min_size;
  if (measure(valid, sized) <= max_width) return {valid, sized.size};
  // Binary search for the longest prefix (in whole characters) that still fits with the ellipsis.
  std::vector<size_t> ends = CharacterEnds(valid);
  size_t low = 0, high = ends.size();  // prefix of `low` characters fits; `high` doesn't
  auto shortened = [&](size_t n) {
    std::string prefix = valid.substr(0, n == 0 ? 0 : ends[n - 1]);
    while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
    return prefix + kEllipsis;
  };
  while (high - low > 1) {
    size_t middle = (low + high) / 2;
    (measure(shortened(middle), sized) <= max_width ? low : high) = middle;
  }
  return {shortened(low), sized.size};
}

std::vector<std::string> WrapMeasuredText(std::string_view text, const Font& font, double max_width,
                                          const TextMeasure& measure) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (measure(candidate, font) <= max_width) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line = FitMeasuredText(word, font, max_width, font.size, measure).text;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::vector<std::string> WrapMeasuredLines(std::string_view text, const Font& font,
                                           double max_width, const TextMeasure& measure) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    std::string_view piece = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
    std::vector<std::string> wrapped = WrapMeasuredText(piece, font, max_width, measure);
    if (wrapped.empty()) wrapped.emplace_back();
    for (std::string& line : wrapped) lines.push_back(std::move(line));
    if (end == std::string_view::npos) return lines;
    start = end + 1;
  }
}

struct PdfWriter::Cairo {
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;

  ~Cairo() {
    if (cr != nullptr) cairo_destroy(cr);
    if (surface != nullptr) cairo_surface_destroy(surface);
  }
};

PdfWriter::PdfWriter(const DocumentInfo& info) : cairo_(std::make_unique<Cairo>()) {
  cairo_->surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &bytes_, kA4Width, kA4Height);
  cairo_pdf_surface_set_metadata(cairo_->surface, CAIRO_PDF_METADATA_TITLE,
                                 ValidUtf8(info.title).c_str());
  cairo_pdf_surface_set_metadata(cairo_->surface, CAIRO_PDF_METADATA_CREATOR,
                                 ValidUtf8(info.creator).c_str());
  if (!info.date.empty()) {
    for (cairo_pdf_metadata_t key : {CAIRO_PDF_METADATA_CREATE_DATE, CAIRO_PDF_METADATA_MOD_DATE})
      cairo_pdf_surface_set_metadata(cairo_->surface, key, ValidUtf8(info.date).c_str());
  }
  cairo_->cr = cairo_create(cairo_->surface);
}

PdfWriter::~PdfWriter() = default;

void PdfWriter::UseFont(const Font& font) {
  cairo_select_font_face(cairo_->cr, font.family.c_str(), CAIRO_FONT_SLANT_NORMAL,
                         font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cairo_->cr, font.size);
}

double PdfWriter::TextWidth(std::string_view text, const Font& font) {
  UseFont(font);
  cairo_text_extents_t extents;
  cairo_text_extents(cairo_->cr, ValidUtf8(text).c_str(), &extents);
  return extents.x_advance;
}

bool PdfWriter::HasGlyphs(std::string_view text, const Font& font) {
  UseFont(font);
  std::string valid = ValidUtf8(text);
  cairo_glyph_t* glyphs = nullptr;
  int count = 0;
  cairo_status_t status = cairo_scaled_font_text_to_glyphs(
      cairo_get_scaled_font(cairo_->cr), 0, 0, valid.data(), static_cast<int>(valid.size()),
      &glyphs, &count, nullptr, nullptr, nullptr);
  bool all_found = status == CAIRO_STATUS_SUCCESS;
  for (int i = 0; all_found && i < count; ++i) all_found = glyphs[i].index != 0;  // 0 is .notdef
  cairo_glyph_free(glyphs);
  return all_found;
}

FittedText PdfWriter::FitText(std::string_view text, const Font& font, double max_width,
                              double min_size) {
  return FitMeasuredText(text, font, max_width, min_size,
                         [this](std::string_view t, const Font& f) { return TextWidth(t, f); });
}

std::vector<std::string> PdfWriter::WrapText(std::string_view text, const Font& font,
                                             double max_width) {
  return WrapMeasuredText(text, font, max_width,
                          [this](std::string_view t, const Font& f) { return TextWidth(t, f); });
}

void PdfWriter::DrawText(double x, double y, std::string_view text, const Font& font, Align align,
                         Color color) {
  std::string valid = ValidUtf8(text);
  if (align != Align::kLeft) {
    double width = TextWidth(valid, font);
    x -= align == Align::kCenter ? width / 2 : width;
  }
  UseFont(font);
  UseColor(cairo_->cr, color);
  cairo_move_to(cairo_->cr, x, y);
  cairo_show_text(cairo_->cr, valid.c_str());
}

void PdfWriter::DrawLine(double x1, double y1, double x2, double y2, const Stroke& stroke) {
  UseStroke(cairo_->cr, stroke);
  cairo_move_to(cairo_->cr, x1, y1);
  cairo_line_to(cairo_->cr, x2, y2);
  cairo_stroke(cairo_->cr);
}

void PdfWriter::DrawRectangle(double x, double y, double width, double height,
                              const Stroke& stroke) {
  UseStroke(cairo_->cr, stroke);
  cairo_rectangle(cairo_->cr, x, y, width, height);
  cairo_stroke(cairo_->cr);
}

void PdfWriter::FillRectangle(double x, double y, double width, double height, Color color) {
  UseColor(cairo_->cr, color);
  cairo_rectangle(cairo_->cr, x, y, width, height);
  cairo_fill(cairo_->cr);
}

void PdfWriter::NewPage() { cairo_show_page(cairo_->cr); }

core::Result<std::string> PdfWriter::Finish() {
  assert(!finished_ && "PdfWriter::Finish() called twice");
  finished_ = true;
  cairo_status_t status = cairo_status(cairo_->cr);
  cairo_surface_finish(cairo_->surface);  // writes the last page and the trailer into bytes_
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(cairo_->surface);
  cairo_.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    core::LogError("pdf_render_failed", {{"cairo_status", cairo_status_to_string(status)}});
    return core::Error::Internal("La création du document PDF a échoué.");
  }
  return std::move(bytes_);
}

}  // namespace korrigo::pdf
