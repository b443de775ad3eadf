// PdfWriter: documents that poppler reads back with their text (accents included), pages and
// metadata, and text fitting that keeps within its width without cutting a character in half.
#include "pdf/pdf_writer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pdf/poppler_cli.h"
#include "pdf/utf8_text.h"

namespace korrigo::pdf {
namespace {

using testing::PdfInfo;
using testing::PdfPageCount;
using testing::PdfText;

TEST(PdfWriterTest, WritesFrenchTextThatPopplerReadsBack) {
  PdfWriter pdf({.title = "Relevé de notes — 3e B"});
  pdf.DrawText(50, 100, "Éloïse à l'école : « ça » œuvre Ÿ ç ù ê", {kSansFamily, 12, true});
  pdf.DrawText(50, 130, "ABCD-EFGH-JKLM", {kMonoFamily, 14});
  core::Result<std::string> bytes = pdf.Finish();
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_EQ(bytes->rfind("%PDF-", 0), 0u);
  std::string text = PdfText(*bytes);
  EXPECT_NE(text.find("Éloïse à l'école : « ça » œuvre Ÿ ç ù ê"), std::string::npos) << text;
  EXPECT_NE(text.find("ABCD-EFGH-JKLM"), std::string::npos) << text;
  std::string info = PdfInfo(*bytes);
  EXPECT_NE(info.find("Relevé de notes — 3e B"), std::string::npos) << info;
  EXPECT_NE(info.find("Creator:         Korrigo"), std::string::npos) << info;
  EXPECT_NE(info.find("595.28 x 841.89 pts (A4)"), std::string::npos) << info;
}

TEST(PdfWriterTest, NewPageAddsPagesAndShapesDraw) {
  PdfWriter pdf({.title = "Pages"});
  pdf.DrawLine(10, 10, 500, 10, {.width = 1, .dash = 3});
  pdf.DrawRectangle(20, 20, 100, 50, {});
  pdf.FillRectangle(20, 80, 100, 50, {0.9, 0.9, 0.9});
  pdf.NewPage();
  pdf.NewPage();
  pdf.DrawText(50, 50, "Troisième page", {});
  core::Result<std::string> bytes = pdf.Finish();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(PdfPageCount(*bytes), 3);
}

TEST(PdfWriterTest, InvalidUtf8IsDrawnAsReplacementCharacter) {
  PdfWriter pdf({.title = "a\xff"});
  pdf.DrawText(50, 50, "Nom\xc3 cassé\x01", {});
  core::Result<std::string> bytes = pdf.Finish();
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(PdfText(*bytes).find("Nom� cassé"), std::string::npos);
}

TEST(PdfWriterTest, CairoFailureIsAnInternalError) {
  PdfWriter pdf({.title = "Erreur"});
  // A font size that is not a number makes the font matrix singular, which puts cairo in error.
  pdf.DrawText(50, 50, "taille impossible", {.size = std::nan("")});
  pdf.DrawText(50, 80, "la suite ne change rien", {});
  core::Result<std::string> bytes = pdf.Finish();
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(bytes.error().message, "La création du document PDF a échoué.");
}

TEST(PdfWriterTest, MeasuresText) {
  PdfWriter pdf({.title = "Mesures"});
  const Font regular{kSansFamily, 10};
  EXPECT_EQ(pdf.TextWidth("", regular), 0);
  EXPECT_GT(pdf.TextWidth("Anaïs LE GALL", regular), pdf.TextWidth("Anaïs", regular));
  EXPECT_GT(pdf.TextWidth("Anaïs", {kSansFamily, 10, true}), pdf.TextWidth("Anaïs", regular));
  EXPECT_NEAR(pdf.TextWidth("Anaïs", {kSansFamily, 20}), 2 * pdf.TextWidth("Anaïs", regular), 0.5);
  EXPECT_TRUE(pdf.HasGlyphs("Éloïse ✂ « » …", regular));
  EXPECT_FALSE(pdf.HasGlyphs("\xee\x80\x80", regular));  // U+E000, private use
  (void)pdf.Finish();
}

TEST(PdfWriterTest, FitTextKeepsShrinksOrEllipsizes) {
  PdfWriter pdf({.title = "Ajustement"});
  const Font font{kSansFamily, 16, true};
  const std::string name = "Éloïse DUPONT--MARTIN";
  const double width = pdf.TextWidth(name, font);

  FittedText same = pdf.FitText(name, font, width + 1, 10);
  EXPECT_EQ(same.text, name);
  EXPECT_EQ(same.size, 16);

  FittedText smaller = pdf.FitText(name, font, width * 0.8, 10);
  EXPECT_EQ(smaller.text, name);
  EXPECT_LT(smaller.size, 16);
  EXPECT_GE(smaller.size, 10);
  EXPECT_LE(pdf.TextWidth(name, {kSansFamily, smaller.size, true}), width * 0.8);

  FittedText cut = pdf.FitText("Ééééééééééééééééééééé", font, 60, 10);
  EXPECT_EQ(cut.size, 10);
  EXPECT_TRUE(cut.text.ends_with("…"));
  EXPECT_EQ(cut.text, ValidUtf8(cut.text));  // cut between characters
  EXPECT_LE(pdf.TextWidth(cut.text, {kSansFamily, 10, true}), 60);
  EXPECT_EQ(pdf.FitText("Éloïse", font, 1, 10).text, "…");
  (void)pdf.Finish();
}

TEST(PdfWriterTest, WrapTextBreaksAtSpaces) {
  PdfWriter pdf({.title = "Retour à la ligne"});
  const Font font{kSansFamily, 9};
  const std::string text =
      "Ce code ne sert qu'une fois. Ne le communiquez à personne, même pas à un ami.";
  std::vector<std::string> lines = pdf.WrapText(text, font, 120);
  ASSERT_GT(lines.size(), 1u);
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_LE(pdf.TextWidth(line, font), 120) << line;
    joined += (joined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(pdf.WrapText("court", font, 120), std::vector<std::string>{"court"});
  EXPECT_TRUE(pdf.WrapText("  ", font, 120).empty());
  (void)pdf.Finish();
}

}  // namespace
}  // namespace korrigo::pdf
