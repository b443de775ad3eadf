// BuildFinalPdf as a reader of the document sees it: the copied pages then the summary, the French
// text of the summary and of text annotations, the same bytes for the same input, fonts embedded
// once however many pages are annotated, the errors of the contract, and odd PDFs of the qpdf
// corpus copied and annotated without damage.
#include "pdf/final_pdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <qpdf/QPDF.hh>

#include "pdf/final_pdf_samples.h"
#include "pdf/poppler_cli.h"
#include "pdf/sample_pdfs.h"
#include "pdf/summary_page.h"

namespace korrigo::pdf {
namespace {

using testing::PdfPageCount;
using testing::PdfText;
using testing::QuadrantSheet;

constexpr Color kRed{0.83, 0.18, 0.18};
constexpr const char* kCorpus = "/work/shared/testdata/pdf-corpus/";

FinalSummary Summary() {
  FinalSummary s;
  s.exam_name = "Bac blanc de mathématiques";
  s.subject = "Mathématiques";
  s.exam_date = "12/03/2026";
  s.student_name = "Éloïse Lefèvre";
  s.class_name = "T.02";
  s.anonymous_id = "K7Q-014";
  s.mark = "15,5 / 20";
  s.raw_points = "31 / 40 points";
  s.rows = {{.label = "Exercice 1", .points = "8 / 10", .is_total = true},
            {.label = "Question 1",
             .depth = 1,
             .points = "4,5 / 5",
             .remark = "Très bien, mais l'énoncé demandait une justification."},
            {.label = "Question 2", .depth = 1, .points = "3,5 / 5", .remark = "Coût : 12 €"}};
  s.appreciation = "Travail sérieux et soigné ; la rédaction de l'exercice 2 reste à œuvrer.";
  s.corrector = "Mme Dupont";
  s.graded_at = "28/11/2026 14:05";
  return s;
}

Overlay TextNote(const std::string& text) {
  return {.kind = OverlayKind::kText,
          .color = kRed,
          .box = {0.55, 0.4, 0.35, 0.1},
          .text = text,
          .font_size = 0.018};
}

// Two portrait pages, one annotated with ink, a text and a label stamp.
FinalPdfInput TwoPages(const testing::TempDir& dir) {
  FinalPdfInput input;
  input.sources = {dir.Write("scan.pdf", QuadrantSheet(595.28, 841.89, 0, false))};
  input.title = "Bac blanc — K7Q-014";
  input.timestamp_ms = 1795874700000;  // 2026-11-28 14:05 UTC
  input.summary = Summary();
  FinalPage first;
  first.overlays = {
      {.kind = OverlayKind::kInk, .color = kRed, .strokes = {{{0.1, 0.1}, {0.2, 0.15}}}},
      TextNote("Attention au signe : ½ point retiré, voir l'énoncé € œ"),
      {.kind = OverlayKind::kStamp,
       .color = kRed,
       .text = "+1",
       .stamp = "label",
       .anchor = {0.9, 0.1}},
  };
  input.pages = {first, FinalPage{}};
  return input;
}

// pdfinfo's report with dates in ISO 8601 as stored, whatever the local time zone.
std::string PdfIsoInfo(const std::string& pdf) {
  testing::TempPdf file(pdf);
  return testing::CommandOutput("pdfinfo -isodates -enc UTF-8 '" + file.path() + "' 2>&1");
}

int SummaryPageCount(const FinalSummary& summary) {
  auto pdf = DrawSummaryPages(summary, {.title = "t"});
  return pdf.ok() ? PdfPageCount(*pdf) : -1;
}

TEST(FinalPdfTest, PagesThenSummaryThatReadsInFrench) {
  testing::TempDir dir;
  FinalPdfInput input = TwoPages(dir);
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(SummaryPageCount(input.summary), 1);
  EXPECT_EQ(PdfPageCount(*pdf), 3);
  const std::string text = PdfText(*pdf);
  for (const char* expected :
       {"Relevé de correction", "Bac blanc de mathématiques", "Éloïse Lefèvre", "T.02", "15,5 / 20",
        "31 / 40 points", "Très bien, mais l'énoncé", "Coût : 12 €", "4,5 / 5",
        "la rédaction de l'exercice 2 reste à œuvrer", "Mme Dupont", "28/11/2026 14:05",
        "Attention au signe", "point retiré", "+1"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  const std::string info = PdfIsoInfo(*pdf);
  EXPECT_NE(info.find("Bac blanc — K7Q-014"), std::string::npos) << info;
  EXPECT_NE(info.find("Creator:         Korrigo"), std::string::npos) << info;
  EXPECT_NE(info.find("CreationDate:    2026-11-28T14:05:00Z"), std::string::npos) << info;
  EXPECT_NE(info.find("ModDate:         2026-11-28T14:05:00Z"), std::string::npos) << info;
}

TEST(FinalPdfTest, SummaryDocumentCarriesTheGivenDates) {
  auto pdf = DrawSummaryPages(Summary(), {.title = "Relevé", .date = "2026-11-28T14:05:00Z"});
  ASSERT_TRUE(pdf.ok());
  const std::string info = PdfIsoInfo(*pdf);
  EXPECT_NE(info.find("CreationDate:    2026-11-28T14:05:00Z"), std::string::npos) << info;
  EXPECT_NE(info.find("ModDate:         2026-11-28T14:05:00Z"), std::string::npos) << info;
}

TEST(FinalPdfTest, AnonymousCopyShowsItsIdentifier) {
  testing::TempDir dir;
  FinalPdfInput input = TwoPages(dir);
  input.summary.student_name.clear();
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("K7Q-014"), std::string::npos) << text;
  EXPECT_EQ(text.find("Éloïse"), std::string::npos) << text;
}

TEST(FinalPdfTest, LongTableAndAppreciationContinueOnMorePages) {
  testing::TempDir dir;
  FinalPdfInput input = TwoPages(dir);
  for (int i = 1; i <= 70; ++i) {
    input.summary.rows.push_back({.label = "Exercice 3 > Question " + std::to_string(i),
                                  .depth = i % 3,
                                  .points = "1 / 2",
                                  .remark = "Une remarque assez longue pour tenir sur deux lignes "
                                            "de la colonne prévue à cet effet, n° " +
                                            std::to_string(i)});
  }
  std::string appreciation;
  for (int i = 0; i < 120; ++i)
    appreciation += "Phrase d'appréciation numéro " + std::to_string(i) + ". ";
  input.summary.appreciation = appreciation + "Fin de l'appréciation.";
  const int summary_pages = SummaryPageCount(input.summary);
  EXPECT_GE(summary_pages, 3);
  auto pdf = BuildFinalPdf(input);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(PdfPageCount(*pdf), 2 + summary_pages);
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("Question 70"), std::string::npos);
  EXPECT_NE(text.find("n° 70"), std::string::npos);
  EXPECT_NE(text.find("Fin de l'appréciation."), std::string::npos);
}

TEST(FinalPdfTest, SameInputGivesSameBytes) {
  testing::TempDir dir;
  FinalPdfInput input = TwoPages(dir);
  auto first = BuildFinalPdf(input);
  auto second = BuildFinalPdf(input);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(*first == *second);
  input.timestamp_ms += 60000;
  auto later = BuildFinalPdf(input);
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(*first == *later);
}

// Embedded font programs in `pdf` (FontFile, FontFile2 or FontFile3 of a font descriptor).
int EmbeddedFonts(const std::string& pdf) {
  QPDF qpdf;
  qpdf.processMemoryFile("final", pdf.data(), pdf.size());
  int count = 0;
  for (QPDFObjectHandle object : qpdf.getAllObjects()) {
    if (!object.isDictionary()) continue;
    for (const char* key : {"/FontFile", "/FontFile2", "/FontFile3"}) count += object.hasKey(key);
  }
  return count;
}

TEST(FinalPdfTest, FontsAreEmbeddedOnceWhateverTheAnnotatedPages) {
  testing::TempDir dir;
  FinalPdfInput one = TwoPages(dir);
  FinalPdfInput four = one;
  four.pages.assign(4, one.pages[0]);
  auto small = BuildFinalPdf(one);
  auto large = BuildFinalPdf(four);
  ASSERT_TRUE(small.ok() && large.ok());
  EXPECT_GT(EmbeddedFonts(*small), 0);
  EXPECT_EQ(EmbeddedFonts(*small), EmbeddedFonts(*large));
  // Three more annotated pages cost their drawings, not fonts.
  EXPECT_LT(large->size() - small->size(), 3 * 6000u);
}

TEST(FinalPdfTest, RejectsWhatTheContractRefuses) {
  testing::TempDir dir;
  FinalPdfInput input = TwoPages(dir);
  auto code = [](const FinalPdfInput& in) {
    auto pdf = BuildFinalPdf(in);
    return pdf.ok() ? core::ErrorCode::kInternal : pdf.error().code;
  };
  FinalPdfInput no_pages = input;
  no_pages.pages.clear();
  EXPECT_EQ(code(no_pages), core::ErrorCode::kInvalidArgument);
  FinalPdfInput bad_source = input;
  bad_source.pages[1].source = 1;
  EXPECT_EQ(code(bad_source), core::ErrorCode::kInvalidArgument);
  FinalPdfInput bad_index = input;
  bad_index.pages[1].source_index = 1;  // the scan has one page
  EXPECT_EQ(code(bad_index), core::ErrorCode::kInvalidArgument);
  FinalPdfInput bad_half = input;
  bad_half.pages[0].half = "top";
  EXPECT_EQ(code(bad_half), core::ErrorCode::kInvalidArgument);
  FinalPdfInput missing = input;
  missing.sources[0] = dir.path() + "/absent.pdf";
  EXPECT_EQ(code(missing), core::ErrorCode::kUnavailable);
  FinalPdfInput not_pdf = input;
  not_pdf.sources[0] = dir.Write("notes.pdf", "pas un PDF");
  EXPECT_EQ(code(not_pdf), core::ErrorCode::kUnavailable);
}

// Odd page trees, boxes (a CropBox away from the origin), inherited /Rotate, missing /Contents:
// every page is copied with a dot drawn at a third of the page, which shows where it should.
TEST(FinalPdfTest, CopiesOddCorpusFiles) {
  for (const char* name : {"boxes.pdf", "inherited-rotate.pdf", "fxo-smallbig.pdf",
                           "minimal-rotated.pdf", "no-contents.pdf", "pclm-in.pdf"}) {
    SCOPED_TRACE(name);
    const std::string path = std::string(kCorpus) + name;
    std::ifstream file(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const int pages = std::min(PdfPageCount(bytes), 4);
    ASSERT_GT(pages, 0);
    FinalPdfInput input;
    input.sources = {path};
    input.summary = Summary();
    for (int i = 0; i < pages; ++i) {
      input.pages.push_back({.source_index = i,
                             .rotation = 90 * i,
                             .overlays = {{.kind = OverlayKind::kInk,
                                           .color = kRed,
                                           .strokes = {{{0.3, 0.3}}},
                                           .width = 0.05}}});
    }
    auto pdf = BuildFinalPdf(input);
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    EXPECT_EQ(PdfPageCount(*pdf), pages + SummaryPageCount(input.summary));
    for (int i = 0; i < pages; ++i) {
      testing::Raster page = testing::RenderPage(*pdf, i + 1);
      ASSERT_GT(page.width, 0) << "page " << i + 1;
      EXPECT_TRUE(page.AnyNear(0.3, 0.3, 2, testing::IsRed)) << "page " << i + 1;
    }
  }
}

}  // namespace
}  // namespace korrigo::pdf
