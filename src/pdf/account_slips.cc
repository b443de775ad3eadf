// Laying out account slips: each one fills a quarter of an A4 page, with the student's name and
// username on the left, the activation code framed on the right, and the instructions across the
// bottom. Positions are offsets from the top of the slip, chosen so that a slip still reads well
// when the cut is a few millimetres off.
#include "pdf/account_slips.h"

#include "pdf/pdf_writer.h"

namespace korrigo::pdf {
namespace {

constexpr double kSlipHeight = kA4Height / kSlipsPerPage;
constexpr double kLeft = 40;
constexpr double kRight = kA4Width - 40;
constexpr double kBoxWidth = 190;
constexpr double kBoxLeft = kRight - kBoxWidth;
// The left column (name, class, address, username) stops short of the code box.
constexpr double kColumnWidth = kBoxLeft - 16 - kLeft;
// Usernames, codes and the address are shrunk this far before being cut: a cut one is useless.
constexpr double kSmallestSize = 6;

constexpr Color kInk{0.1, 0.1, 0.1};
constexpr Color kGrey{0.4, 0.4, 0.4};
constexpr Color kAccent{0.12, 0.29, 0.53};
constexpr Color kBoxFill{0.95, 0.96, 0.98};

constexpr const char* kInstructions =
    "Rendez-vous sur l'adresse ci-dessus, choisissez « Activer mon compte », saisissez ce code "
    "puis choisissez votre mot de passe (12 caractères au moins). Connectez-vous ensuite avec "
    "votre identifiant.";
constexpr const char* kWarning = "Ce code ne sert qu'une fois. Ne le communiquez à personne.";

Font Sans(double size, bool bold = false) { return {kSansFamily, size, bold}; }
Font Mono(double size, bool bold = true) { return {kMonoFamily, size, bold}; }

// Draws "label value" on one line: the label in grey, the value fitted to what is left of `width`.
void DrawField(PdfWriter& pdf, double y, double width, const std::string& label,
               const std::string& value, const Font& value_font) {
  const Font label_font = Sans(10);
  pdf.DrawText(kLeft, y, label, label_font, Align::kLeft, kGrey);
  const double label_width = pdf.TextWidth(label + " ", label_font);
  FittedText fitted = pdf.FitText(value, value_font, width - label_width, kSmallestSize);
  Font font = value_font;
  font.size = fitted.size;
  pdf.DrawText(kLeft + label_width, y, fitted.text, font, Align::kLeft, kInk);
}

void DrawCodeBox(PdfWriter& pdf, double top, const AccountSlip& slip) {
  const double center = kBoxLeft + kBoxWidth / 2;
  pdf.FillRectangle(kBoxLeft, top + 53, kBoxWidth, 80, kBoxFill);
  pdf.DrawRectangle(kBoxLeft, top + 53, kBoxWidth, 80, {.width = 0.8, .color = kAccent});
  pdf.DrawText(center, top + 71, "Code d'activation", Sans(9), Align::kCenter, kGrey);
  FittedText code = pdf.FitText(slip.code, Mono(19), kBoxWidth - 16, kSmallestSize);
  pdf.DrawText(center, top + 100, code.text, Mono(code.size), Align::kCenter, kInk);
  FittedText expiry =
      pdf.FitText("Valable jusqu'au " + slip.expires_at_text, Sans(9), kBoxWidth - 16, 7);
  pdf.DrawText(center, top + 122, expiry.text, Sans(expiry.size), Align::kCenter, kInk);
}

void DrawSlip(PdfWriter& pdf, double top, const AccountSlip& slip,
              const AccountSlipOptions& options) {
  FittedText title = pdf.FitText(options.title, Sans(10, true), (kRight - kLeft) * 0.6, 8);
  const Font title_font = Sans(title.size, true);
  pdf.DrawText(kLeft, top + 34, title.text, title_font, Align::kLeft, kAccent);
  if (!options.school_name.empty()) {
    const double room = kRight - kLeft - pdf.TextWidth(title.text, title_font) - 24;
    FittedText school = pdf.FitText(options.school_name, Sans(9), room, 7);
    pdf.DrawText(kRight, top + 34, school.text, Sans(school.size), Align::kRight, kGrey);
  }
  pdf.DrawLine(kLeft, top + 41, kRight, top + 41, {.width = 0.5, .color = kGrey});

  FittedText name = pdf.FitText(slip.student_name, Sans(17, true), kColumnWidth, 11);
  pdf.DrawText(kLeft, top + 69, name.text, Sans(name.size, true), Align::kLeft, kInk);
  if (!slip.class_name.empty()) {
    FittedText class_name = pdf.FitText("Classe : " + slip.class_name, Sans(10), kColumnWidth, 8);
    pdf.DrawText(kLeft, top + 86, class_name.text, Sans(class_name.size), Align::kLeft, kInk);
  }
  DrawField(pdf, top + 110, kColumnWidth, "Adresse du site :", options.site_url, Sans(10, true));
  DrawField(pdf, top + 128, kColumnWidth, "Identifiant :", slip.username, Mono(11));
  DrawCodeBox(pdf, top, slip);

  double y = top + 157;
  for (const std::string& line : pdf.WrapText(kInstructions, Sans(8.5), kRight - kLeft)) {
    pdf.DrawText(kLeft, y, line, Sans(8.5), Align::kLeft, kInk);
    y += 11;
  }
  pdf.DrawText(kLeft, y, kWarning, Sans(8.5, true), Align::kLeft, kInk);
}

// A dashed line across the page at `y`, scissors at its left end (a word if the font lacks them).
void DrawCutLine(PdfWriter& pdf, double y, bool has_scissors) {
  const Stroke dashes{.width = 0.6, .color = kGrey, .dash = 4};
  const Font mark_font = Sans(has_scissors ? 12 : 7);
  const std::string mark = has_scissors ? "✂" : "découper";
  const double mark_left = 18, mark_right = mark_left + pdf.TextWidth(mark, mark_font);
  pdf.DrawLine(8, y, mark_left - 3, y, dashes);
  pdf.DrawText(mark_left, y + mark_font.size * 0.35, mark, mark_font, Align::kLeft, kGrey);
  pdf.DrawLine(mark_right + 3, y, kA4Width - 8, y, dashes);
}

}  // namespace

core::Result<std::string> RenderAccountSlips(const std::vector<AccountSlip>& slips,
                                             const AccountSlipOptions& options) {
  if (slips.empty()) return core::Error::InvalidArgument("Aucun élève sélectionné.");
  if (slips.size() > kMaxSlipsPerDocument) {
    return core::Error::InvalidArgument(
        "Trop de fiches pour un seul document : 5 000 au plus. Imprimez les classes séparément.",
        {{"max_slips", kMaxSlipsPerDocument}});
  }
  std::string title = options.title;
  if (!options.school_name.empty()) title += " — " + options.school_name;
  PdfWriter pdf({.title = title});
  const bool has_scissors = pdf.HasGlyphs("✂", Sans(12));
  for (size_t i = 0; i < slips.size(); ++i) {
    const size_t slot = i % kSlipsPerPage;
    if (i > 0 && slot == 0) pdf.NewPage();
    const double top = slot * kSlipHeight;
    DrawSlip(pdf, top, slips[i], options);
    // A line below every slot but the last: a partly filled page still shows where to cut.
    if (slot + 1 < kSlipsPerPage) DrawCutLine(pdf, top + kSlipHeight, has_scissors);
  }
  return pdf.Finish();
}

}  // namespace korrigo::pdf
