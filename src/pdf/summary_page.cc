// Laying out the summary: a header (title, exam, student on the left, the mark framed on the
// right), the question table, the appreciation and who graded when. A cursor walks down the page;
// whatever does not fit below it moves to a new page, which repeats the table's heading row while
// the table goes on. Rows break between lines only when a row is taller than a whole page.
#include "pdf/summary_page.h"

#include <algorithm>
#include <vector>

namespace korrigo::pdf {
namespace {

constexpr double kLeft = 50;
constexpr double kRight = kA4Width - 50;
constexpr double kTop = 60;
constexpr double kBottom = kA4Height - 62;  // the footer sits below
constexpr double kFooterY = kA4Height - 34;

// Table columns: label | points (right-aligned) | remark.
constexpr double kLabelWidth = 190;
constexpr double kPointsRight = kLeft + kLabelWidth + 70;
constexpr double kRemarkLeft = kPointsRight + 14;
constexpr double kRemarkWidth = kRight - kRemarkLeft - 6;
constexpr double kIndent = 12;  // per depth level
constexpr int kMaxDepth = 6;
constexpr double kPad = 5;  // inside a cell, above and below its lines
constexpr double kTableLeading = 12.5;
constexpr double kTextLeading = 15;

constexpr Color kInk{0.1, 0.1, 0.1};
constexpr Color kGrey{0.42, 0.42, 0.42};
constexpr Color kRule{0.8, 0.8, 0.8};
constexpr Color kAccent{0.12, 0.29, 0.53};
constexpr Color kHeadFill{0.93, 0.94, 0.96};
constexpr Color kTotalFill{0.97, 0.97, 0.97};
constexpr Color kMarkFill{0.95, 0.96, 0.98};

Font Sans(double size, bool bold = false) { return {kSansFamily, size, bold}; }

class SummaryLayout {
 public:
  SummaryLayout(PdfWriter& pdf, const FinalSummary& summary) : pdf_(pdf), s_(summary) {
    measure_ = [this](std::string_view text, const Font& font) {
      return pdf_.TextWidth(text, font);
    };
  }

  void Draw() {
    DrawFooter();
    DrawHeader();
    if (!s_.rows.empty()) DrawTable();
    if (!s_.appreciation.empty()) DrawAppreciation();
    DrawSignature();
  }

 private:
  // Moves to a new page unless `height` fits below the cursor; true when it did.
  bool Ensure(double height) {
    if (y_ + height <= kBottom) return false;
    pdf_.NewPage();
    ++page_;
    y_ = kTop;
    DrawFooter();
    return true;
  }

  void DrawFooter() {
    const std::string who = s_.student_name.empty() ? s_.anonymous_id : s_.student_name;
    FittedText left = pdf_.FitText("Relevé de correction — " + s_.exam_name + " — " + who, Sans(8),
                                   kRight - kLeft - 60, 6);
    pdf_.DrawLine(kLeft, kFooterY - 11, kRight, kFooterY - 11, {.width = 0.4, .color = kRule});
    pdf_.DrawText(kLeft, kFooterY, left.text, Sans(left.size), Align::kLeft, kGrey);
    pdf_.DrawText(kRight, kFooterY, "Page " + std::to_string(page_), Sans(8), Align::kRight, kGrey);
  }

  void DrawHeader() {
    pdf_.DrawText(kLeft, kTop + 14, "Relevé de correction", Sans(20, true), Align::kLeft, kAccent);
    FittedText exam = pdf_.FitText(s_.exam_name, Sans(14, true), kRight - kLeft, 9);
    pdf_.DrawText(kLeft, kTop + 40, exam.text, Sans(exam.size, true), Align::kLeft, kInk);
    std::string line = s_.subject;
    if (!s_.exam_date.empty()) line += (line.empty() ? "" : " — ") + ("Épreuve du " + s_.exam_date);
    if (!line.empty()) {
      FittedText fitted = pdf_.FitText(line, Sans(10.5), kRight - kLeft, 8);
      pdf_.DrawText(kLeft, kTop + 58, fitted.text, Sans(fitted.size), Align::kLeft, kGrey);
    }
    pdf_.DrawLine(kLeft, kTop + 70, kRight, kTop + 70, {.width = 0.8, .color = kAccent});

    // Student on the left, the mark framed on the right.
    const double box_width = 170, box_left = kRight - box_width, top = kTop + 86;
    const double column = box_left - 16 - kLeft;
    pdf_.DrawText(kLeft, top + 12, s_.student_name.empty() ? "Copie" : "Élève", Sans(9),
                  Align::kLeft, kGrey);
    FittedText name = pdf_.FitText(s_.student_name.empty() ? s_.anonymous_id : s_.student_name,
                                   Sans(15, true), column, 9);
    pdf_.DrawText(kLeft, top + 32, name.text, Sans(name.size, true), Align::kLeft, kInk);
    std::string details;
    if (!s_.class_name.empty()) details = "Classe : " + s_.class_name;
    if (!s_.student_name.empty() && !s_.anonymous_id.empty()) {
      details += (details.empty() ? "" : "   ·   ") + ("Copie " + s_.anonymous_id);
    }
    if (!details.empty()) {
      FittedText fitted = pdf_.FitText(details, Sans(10), column, 7);
      pdf_.DrawText(kLeft, top + 50, fitted.text, Sans(fitted.size), Align::kLeft, kInk);
    }
    const double center = box_left + box_width / 2;
    pdf_.FillRectangle(box_left, top, box_width, 74, kMarkFill);
    pdf_.DrawRectangle(box_left, top, box_width, 74, {.width = 0.8, .color = kAccent});
    pdf_.DrawText(center, top + 15, "Note", Sans(9), Align::kCenter, kGrey);
    FittedText mark = pdf_.FitText(s_.mark, Sans(28, true), box_width - 16, 12);
    pdf_.DrawText(center, top + 48, mark.text, Sans(mark.size, true), Align::kCenter, kAccent);
    if (!s_.raw_points.empty()) {
      FittedText raw = pdf_.FitText(s_.raw_points, Sans(9.5), box_width - 16, 7);
      pdf_.DrawText(center, top + 65, raw.text, Sans(raw.size), Align::kCenter, kGrey);
    }
    y_ = top + 74 + 26;
  }

  void DrawTableHead() {
    const double height = kTableLeading + 2 * kPad;
    pdf_.FillRectangle(kLeft, y_, kRight - kLeft, height, kHeadFill);
    const double base = y_ + kPad + 9.5;
    const Font font = Sans(9, true);
    pdf_.DrawText(kLeft + 6, base, "Question", font, Align::kLeft, kInk);
    pdf_.DrawText(kPointsRight, base, "Points", font, Align::kRight, kInk);
    pdf_.DrawText(kRemarkLeft, base, "Remarque", font, Align::kLeft, kInk);
    y_ += height;
  }

  void DrawTable() {
    Ensure(3 * (kTableLeading + 2 * kPad));
    DrawTableHead();
    for (const SummaryRow& row : s_.rows) {
      const int depth = std::clamp(row.depth, 0, kMaxDepth);
      const Font font = Sans(9.5, row.is_total);
      const double indent = 6 + depth * kIndent;
      std::vector<std::string> label =
          WrapMeasuredLines(row.label, font, kLabelWidth - indent - 6, measure_);
      std::vector<std::string> remark =
          WrapMeasuredLines(row.remark, Sans(9.5), kRemarkWidth, measure_);
      const size_t lines = std::max({label.size(), remark.size(), size_t{1}});
      const double height = lines * kTableLeading + 2 * kPad;
      // A row that fits on a page is kept whole; a taller one breaks between its lines.
      if (height <= kBottom - kTop - 30 && Ensure(height)) DrawTableHead();
      double top = y_;
      if (row.is_total) {
        pdf_.FillRectangle(kLeft, top, kRight - kLeft, std::min(height, kBottom - top), kTotalFill);
      }
      for (size_t i = 0; i < lines; ++i) {
        if (Ensure(kTableLeading + kPad)) {
          DrawTableHead();
          top = y_ - i * kTableLeading;  // line i comes first on the new page
        }
        const double base = top + kPad + (i + 0.78) * kTableLeading;
        if (i < label.size()) {
          pdf_.DrawText(kLeft + indent, base, label[i], font, Align::kLeft, kInk);
        }
        if (i == 0 && !row.points.empty()) {
          FittedText points = pdf_.FitText(row.points, font, kPointsRight - kLabelWidth - kLeft, 6);
          Font sized = font;
          sized.size = points.size;
          pdf_.DrawText(kPointsRight, base, points.text, sized, Align::kRight, kInk);
        }
        if (i < remark.size()) {
          pdf_.DrawText(kRemarkLeft, base, remark[i], Sans(9.5), Align::kLeft, kGrey);
        }
        y_ = base + (1 - 0.78) * kTableLeading + kPad;
      }
      pdf_.DrawLine(kLeft, y_, kRight, y_, {.width = 0.4, .color = kRule});
    }
    y_ += 24;
  }

  void DrawAppreciation() {
    Ensure(20 + 2 * kTextLeading);
    pdf_.DrawText(kLeft, y_ + 10, "Appréciation", Sans(12, true), Align::kLeft, kAccent);
    y_ += 18;
    const Font font = Sans(10.5);
    for (const std::string& line :
         WrapMeasuredLines(s_.appreciation, font, kRight - kLeft, measure_)) {
      Ensure(kTextLeading);
      y_ += kTextLeading;
      pdf_.DrawText(kLeft, y_ - 4, line, font, Align::kLeft, kInk);
    }
    y_ += 18;
  }

  void DrawSignature() {
    std::string text;
    if (!s_.corrector.empty()) text = "Corrigé par " + s_.corrector;
    if (!s_.graded_at.empty()) text += (text.empty() ? "Corrigé le " : ", le ") + s_.graded_at;
    if (text.empty()) return;
    Ensure(kTextLeading + 6);
    FittedText fitted = pdf_.FitText(text, Sans(9.5), kRight - kLeft, 7);
    pdf_.DrawText(kRight, y_ + 12, fitted.text, Sans(fitted.size), Align::kRight, kGrey);
    y_ += kTextLeading + 6;
  }

  PdfWriter& pdf_;
  const FinalSummary& s_;
  TextMeasure measure_;
  double y_ = kTop;
  int page_ = 1;
};

}  // namespace

core::Result<std::string> DrawSummaryPages(const FinalSummary& summary, const DocumentInfo& info) {
  PdfWriter pdf(info);
  SummaryLayout(pdf, summary).Draw();
  return pdf.Finish();
}

}  // namespace korrigo::pdf
