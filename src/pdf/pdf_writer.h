// PdfWriter: a small drawing layer over cairo's PDF surface that builds a document of A4 pages in
// memory, with UTF-8 text in the DejaVu fonts (measured, fitted to a width, wrapped), lines and
// rectangles. Coordinates are PDF points (1/72 inch) from the top-left corner of the page; text is
// placed by its baseline.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace korrigo::pdf {

inline constexpr double kA4Width = 595.28;
inline constexpr double kA4Height = 841.89;

inline constexpr const char* kSansFamily = "DejaVu Sans";
inline constexpr const char* kMonoFamily = "DejaVu Sans Mono";

// A missing family falls back silently to fontconfig's choice; HasGlyphs() tells what it covers.
struct Font {
  std::string family = kSansFamily;  // a fontconfig family name
  double size = 11;                  // points
  bool bold = false;
};

struct Color {  // components in [0, 1]
  double red = 0;
  double green = 0;
  double blue = 0;
};

struct Stroke {
  double width = 0.5;  // points
  Color color;
  double dash = 0;  // length of each dash and gap in points; 0 draws a solid line
};

enum class Align { kLeft, kCenter, kRight };  // which point of the text the x coordinate gives

struct DocumentInfo {
  std::string title;  // shown by PDF viewers as the document title
  std::string creator = "Korrigo";
  // Creation and modification dates written in the document, ISO 8601 ("2026-11-28T14:05:00Z");
  // "" lets cairo write the current time.
  std::string date;
};

// Text fitted to a width: what to draw and at which size.
struct FittedText {
  std::string text;
  double size = 0;
};

// The advance width of `text` in `font` as some cairo context measures it.
using TextMeasure = std::function<double(std::string_view text, const Font& font)>;

// PdfWriter::FitText and PdfWriter::WrapText (see below) with text measured by `measure`, so that
// text drawn on another cairo context is laid out by the same rules.
FittedText FitMeasuredText(std::string_view text, const Font& font, double max_width,
                           double min_size, const TextMeasure& measure);
std::vector<std::string> WrapMeasuredText(std::string_view text, const Font& font, double max_width,
                                          const TextMeasure& measure);
// WrapMeasuredText on each line of `text` (cut at line feeds, "\r\n" too), one after the other;
// an empty line gives an empty string.
std::vector<std::string> WrapMeasuredLines(std::string_view text, const Font& font,
                                           double max_width, const TextMeasure& measure);

class PdfWriter {
 public:
  // Starts a document whose first page, A4 portrait and blank, is the current page. Failures
  // inside cairo are remembered and reported by Finish(), so drawing calls never fail. A writer
  // is used by one thread at a time; separate writers are independent.
  explicit PdfWriter(const DocumentInfo& info);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // The advance width of `text` in `font`: pieces drawn side by side are laid out with it.
  double TextWidth(std::string_view text, const Font& font);
  // Whether `font` has a glyph for every character of `text` (drawing never falls back).
  bool HasGlyphs(std::string_view text, const Font& font);
  // `text` at the largest size from font.size down to min_size, by half points, that is at most
  // max_width wide; when even min_size is too wide, the text is cut between two characters and
  // ends with "…". The returned text is valid UTF-8.
  FittedText FitText(std::string_view text, const Font& font, double max_width, double min_size);
  // `text` split at spaces into lines at most max_width wide. A word wider than max_width gets a
  // line of its own and is ellipsized like FitText does.
  std::vector<std::string> WrapText(std::string_view text, const Font& font, double max_width);

  // Draws `text` on the current page with its baseline at y. Invalid UTF-8 bytes are drawn as
  // "�" and control characters as spaces.
  void DrawText(double x, double y, std::string_view text, const Font& font,
                Align align = Align::kLeft, Color color = {});
  void DrawLine(double x1, double y1, double x2, double y2, const Stroke& stroke);
  void DrawRectangle(double x, double y, double width, double height, const Stroke& stroke);
  void FillRectangle(double x, double y, double width, double height, Color color);

  // Ends the current page and makes a new blank A4 page current.
  void NewPage();
  // Ends the document and returns the PDF bytes. Call once; the writer must not be used afterwards.
  // Errors: internal when cairo failed at any step (the cairo status is logged).
  core::Result<std::string> Finish();

 private:
  struct Cairo;
  void UseFont(const Font& font);

  std::string bytes_;  // the stream target; cairo appends to it until Finish()
  std::unique_ptr<Cairo> cairo_;
  bool finished_ = false;
};

}  // namespace korrigo::pdf
