// PdfInspector on generated files: what it accepts, and every refusal with its rule.
#include "pdf/pdf_inspector.h"

#include <gtest/gtest.h>

#include "pdf/pdf_refusal.h"
#include "pdf/poppler_cli.h"
#include "pdf/sample_pdfs.h"

namespace korrigo::pdf {
namespace {

using testing::kA3Long;
using testing::kA4Long;
using testing::kA4Short;
using testing::SamplePdf;
using testing::TempDir;

std::string TextPdf(int pages, double width = kA4Short, double height = kA4Long) {
  SamplePdf pdf;
  for (int i = 0; i < pages; ++i) pdf.AddTextPage(width, height, 5);
  return pdf.Finish();
}

std::string RuleOf(const core::Result<std::unique_ptr<PdfInspector>>& r) {
  return r.ok() ? "accepted" : RefusalRule(r.error());
}

class PdfInspectorTest : public ::testing::Test {
 protected:
  TempDir dir_;
  PdfLimits limits_;
};

TEST_F(PdfInspectorTest, DescribesEveryPage) {
  SamplePdf pdf;
  pdf.AddTextPage(kA4Short, kA4Long, 3);
  pdf.AddTextPage(kA3Long, kA4Long, 3);
  pdf.AddTextPage(612, 792, 3);
  auto opened = PdfInspector::Open(dir_.Write("ok.pdf", pdf.Finish()), limits_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  const PdfSummary& s = (*opened)->summary();
  ASSERT_EQ(s.page_count, 3);
  ASSERT_EQ(s.pages.size(), 3u);
  EXPECT_EQ(s.pages[0].size_class, "a4");
  EXPECT_EQ(s.pages[1].size_class, "a3");
  EXPECT_GT(s.pages[1].width_pt, s.pages[1].height_pt);
  EXPECT_EQ(s.pages[2].size_class, "other");
}

TEST_F(PdfInspectorTest, RefusesWhatIsNotAPdf) {
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("a.pdf", "PK\x03\x04 zip"), limits_)), "not_pdf");
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("b.pdf", ""), limits_)), "not_pdf");
  // The signature may come after some junk, but within the first 1024 bytes only.
  EXPECT_EQ(
      RuleOf(PdfInspector::Open(dir_.Write("c.pdf", std::string(2000, ' ') + TextPdf(1)), limits_)),
      "not_pdf");
  EXPECT_EQ(
      RuleOf(PdfInspector::Open(dir_.Write("d.pdf", std::string(100, ' ') + TextPdf(1)), limits_)),
      "accepted");
}

TEST_F(PdfInspectorTest, RefusesATruncatedFile) {
  const std::string whole = TextPdf(2);
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("t.pdf", whole.substr(0, 200)), limits_)),
            "damaged");
}

TEST_F(PdfInspectorTest, RepairsABrokenCrossReferenceTable) {
  std::string bytes = TextPdf(2);
  const size_t startxref = bytes.rfind("startxref");
  ASSERT_NE(startxref, std::string::npos);
  bytes.replace(startxref, 9, "startxrex");  // readers must rebuild the table by scanning
  auto opened = PdfInspector::Open(dir_.Write("x.pdf", bytes), limits_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ((*opened)->summary().page_count, 2);
}

TEST_F(PdfInspectorTest, EncryptedFilesNeedAnEmptyPassword) {
  const std::string plain = dir_.Write("plain.pdf", TextPdf(1));
  const std::string locked = dir_.path() + "/locked.pdf", open = dir_.path() + "/open.pdf";
  testing::CommandOutput("qpdf --encrypt user owner 256 -- '" + plain + "' '" + locked + "'");
  testing::CommandOutput("qpdf --encrypt '' owner 256 -- '" + plain + "' '" + open + "'");
  auto refused = PdfInspector::Open(locked, limits_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(RefusalRule(refused.error()), "encrypted");
  EXPECT_NE(refused.error().message.find("mot de passe"), std::string::npos);
  EXPECT_EQ(RuleOf(PdfInspector::Open(open, limits_)), "accepted");
}

TEST_F(PdfInspectorTest, RefusesTooManyPagesOrObjects) {
  limits_.max_pages = 3;
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("p4.pdf", TextPdf(4)), limits_)), "page_count");
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("p3.pdf", TextPdf(3)), limits_)), "accepted");
  limits_ = PdfLimits{.max_objects = 5};
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("o.pdf", TextPdf(2)), limits_)), "objects");
}

TEST_F(PdfInspectorTest, RefusesPagesTooBigOrTooSmall) {
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("a2.pdf", TextPdf(1, 1190.55, 1683.78)), limits_)),
            "page_size");
  EXPECT_EQ(RuleOf(PdfInspector::Open(dir_.Write("a8.pdf", TextPdf(1, 147, 210)), limits_)),
            "page_size");
  // One bad page among good ones is enough.
  SamplePdf pdf;
  pdf.AddTextPage(kA4Short, kA4Long, 1);
  pdf.AddTextPage(3000, 3000, 1);
  auto mixed = PdfInspector::Open(dir_.Write("mixed.pdf", pdf.Finish()), limits_);
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error().message.find("page 2"), std::string::npos);
}

TEST_F(PdfInspectorTest, AppliesRotateToTheGeometry) {
  const std::string plain = dir_.Write("plain.pdf", TextPdf(2));
  const std::string turned = dir_.path() + "/turned.pdf";
  testing::CommandOutput("qpdf '" + plain + "' --rotate=+90:2 '" + turned + "'");
  auto opened = PdfInspector::Open(turned, limits_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  const PdfSummary& s = (*opened)->summary();
  EXPECT_EQ(s.pages[0].rotate, 0);
  EXPECT_EQ(s.pages[1].rotate, 90);
  EXPECT_GT(s.pages[1].width_pt, s.pages[1].height_pt);
  EXPECT_EQ(s.pages[1].size_class, "a4");
}

}  // namespace
}  // namespace korrigo::pdf
