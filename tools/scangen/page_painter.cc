// Painting a logical page (see page_painter.h). Printed matter uses DejaVu Sans in near-black;
// everything the student wrote goes through Handwriting with the student's hand.
#include "page_painter.h"

#include <algorithm>
#include <string>
#include <vector>

#include "answer_text.h"
#include "handwriting.h"
#include "qr_mark.h"

namespace korrigo::scangen {
namespace {

constexpr double kPrintedInk = 0.92;
constexpr double kMarginLineX = 70;
constexpr double kTextRight = 548;
constexpr double kQrSize = 56;

void PrintText(cairo_t* cr, double x, double y, double size, bool bold, const std::string& text) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_set_source_rgba(cr, 0, 0, 0, kPrintedInk);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, text.c_str());
}

double PrintedWidth(cairo_t* cr, double size, const std::string& text) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

void StrokeRect(cairo_t* cr, double x0, double y0, double x1, double y1) {
  cairo_set_source_rgba(cr, 0, 0, 0, kPrintedInk);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke(cr);
}

// The identification header; returns where answers may start.
double PaintHeader(cairo_t* cr, const LogicalPageSpec& spec, const Hand& hand, Prng& random) {
  PrintText(cr, 40, 38, 12, true, "Devoir surveillé n° 3 — Mathématiques");
  PrintText(cr, 40, 53, 8.5, false,
            "Durée : 2 heures. Calculatrice autorisée. Soignez la rédaction.");
  const double box_right = 470;
  const char* labels[] = {"NOM", "Prénom", "Classe"};
  const std::string values[] = {spec.student->last_name, spec.student->first_name,
                                spec.student->class_name};
  Hand header_hand = hand;
  header_hand.size_pt *= 1.08;
  header_hand.line_slope = 0;
  for (int row = 0; row < 3; ++row) {
    const double top = 64 + 30.0 * row;
    StrokeRect(cr, 40, top, 120, top + 30);
    StrokeRect(cr, 120, top, box_right, top + 30);
    PrintText(cr, 46, top + 19, 10, true, labels[row]);
    WriteHandwriting(cr, header_hand, random, 128 + random.UniformReal(0, 20),
                     top + 21 + random.UniformReal(-1.5, 1.5), values[row]);
  }
  const double note_top = spec.qr ? 92 : 64;
  StrokeRect(cr, 482, note_top, 555, 154);
  PrintText(cr, 488, note_top + 14, 9, true, "Note");
  PrintText(cr, 522, 147, 10, false, "/ 20");
  return 186;
}

std::vector<std::string> Words(const std::string& paragraph) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < paragraph.size()) {
    size_t end = paragraph.find(' ', start);
    if (end == std::string::npos) end = paragraph.size();
    if (end > start) words.push_back(paragraph.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Writes answer paragraphs line by line from `top` down to `bottom`, stopping after `max_lines`.
void PaintAnswers(cairo_t* cr, const LogicalPageSpec& spec, const Hand& hand, Prng& random,
                  double top, double bottom, int max_lines) {
  const std::vector<std::string> paragraphs = AnswerParagraphs(random, spec.page);
  const double space = MeasureHandwriting(cr, hand, " ") * random.UniformReal(1.0, 1.4);
  double y = top + hand.line_pitch * 0.8;
  int lines = 0;
  for (const std::string& paragraph : paragraphs) {
    if (paragraph.starts_with("Exercice") && lines > 0) y += hand.line_pitch * 0.6;
    double x = kMarginLineX + 8 + random.UniformReal(0, 6);
    bool line_started = false;
    for (const std::string& word : Words(paragraph)) {
      const double width = MeasureHandwriting(cr, hand, word);
      if (line_started && x + width > kTextRight) {
        ++lines;
        y += hand.line_pitch + random.Normal() * 0.8;
        x = kMarginLineX + 8 + random.UniformReal(0, 6);
      }
      if (lines >= max_lines || y > bottom) return;
      const double end = WriteHandwriting(cr, hand, random, x, y, word);
      if (random.Chance(0.015)) {  // a crossed-out word
        cairo_set_source_rgba(cr, 0, 0, 0, hand.ink);
        cairo_set_line_width(cr, 1.1);
        cairo_move_to(cr, x - 1, y - hand.size_pt * 0.3 + random.Normal());
        cairo_line_to(cr, end + 1, y - hand.size_pt * 0.3 + random.Normal());
        cairo_stroke(cr);
      }
      x = end + space;
      line_started = true;
    }
    ++lines;
    y += hand.line_pitch + random.Normal() * 0.8;
  }
}

}  // namespace

void PaintLogicalPage(cairo_t* cr, const LogicalPageSpec& spec) {
  Prng random(Mix(spec.seed, {0x50414745ull, static_cast<uint64_t>(spec.student_index),
                              static_cast<uint64_t>(spec.page)}));  // "PAGE"
  const Hand hand = HandFor(spec.seed, spec.student_index);
  cairo_save(cr);
  // The faint printed margin rule of French exam paper, below the header when there is one.
  cairo_set_source_rgba(cr, 0, 0, 0, 0.16);
  cairo_set_line_width(cr, 0.7);
  cairo_move_to(cr, kMarginLineX, spec.header ? 166 : 0);
  cairo_line_to(cr, kMarginLineX, kA4HeightPt);
  cairo_stroke(cr);

  double top = spec.qr ? 96 : 62;
  if (spec.header) top = PaintHeader(cr, spec, hand, random);
  if (spec.qr) {
    DrawQrMark(cr, QrPayload(spec.seed, spec.student_index, spec.page), 555 - kQrSize, 24, kQrSize);
  }
  const double bottom = kA4HeightPt - 70;
  const int capacity = static_cast<int>((bottom - top) / hand.line_pitch);
  const bool last = spec.page == spec.pages_per_copy;
  const double fill = last ? random.UniformReal(0.3, 0.7) : random.UniformReal(0.6, 1.0);
  PaintAnswers(cr, spec, hand, random, top, bottom, std::max(6, static_cast<int>(capacity * fill)));

  const std::string footer =
      "Page " + std::to_string(spec.page) + "/" + std::to_string(spec.pages_per_copy);
  PrintText(cr, (kA4WidthPt - PrintedWidth(cr, 9, footer)) / 2, kA4HeightPt - 30, 9, false, footer);
  cairo_restore(cr);
}

}  // namespace korrigo::scangen
