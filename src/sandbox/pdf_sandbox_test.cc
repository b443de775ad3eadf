// PdfSandbox with the real `korrigo pdf-pages` child: inspection and extraction, refusals with
// their rule, a child stopped by its CPU, memory or wall-clock limit, a child that crashes or
// lies, and the caller stopping the work.
#include "sandbox/pdf_sandbox.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "pdf/pdf_refusal.h"
#include "pdf/poppler_cli.h"
#include "pdf/sample_pdfs.h"

namespace korrigo::sandbox {
namespace {

using pdf::testing::kA3Long;
using pdf::testing::kA4Long;
using pdf::testing::kA4Short;
using pdf::testing::SamplePdf;
using pdf::testing::TempDir;

std::string RuleOf(const core::Error& error) { return pdf::RefusalRule(error); }

// Names in `dir`, sorted.
std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Pages of vector text, slow to render.
std::string HeavyPdf(int pages) {
  SamplePdf pdf;
  for (int i = 0; i < pages; ++i) pdf.AddTextPage(kA3Long, kA4Long, 40);
  return pdf.Finish();
}

class PdfSandboxTest : public ::testing::Test {
 protected:
  PdfSandbox Sandbox() const { return PdfSandbox(options_); }
  core::Status ExtractAll(const std::string& path, const pdf::ExtractOptions& extract,
                          std::vector<pdf::ExtractedPage>* pages) {
    return Sandbox().Extract(
        path, limits_, extract, output_.path(),
        [&](const pdf::ExtractedPage& p) -> core::Status {
          pages->push_back(p);
          return {};
        },
        nullptr);
  }
  // A script standing in for the korrigo binary.
  std::string Script(const std::string& body) {
    std::string path = input_.Write("fake-korrigo", "#!/bin/sh\n" + body + "\n");
    chmod(path.c_str(), 0755);
    return path;
  }

  SandboxOptions options_{.executable = KORRIGO_BINARY_PATH};
  pdf::PdfLimits limits_;
  TempDir input_, output_;
};

TEST_F(PdfSandboxTest, InspectsAndExtractsInPageOrder) {
  SamplePdf pdf;
  pdf.AddJpegPage(kA4Short, kA4Long, pdf::testing::Jpeg(pdf::testing::ScannedA4(150, 20)));
  pdf.AddTextPage(kA4Short, kA4Long, 20);
  pdf.AddJpegPage(kA3Long, kA4Long, pdf::testing::Jpeg(pdf::testing::ScannedA3(100, 20, 5, false)));
  const std::string path = input_.Write("batch.pdf", pdf.Finish());
  auto summary = Sandbox().Inspect(path, limits_);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  ASSERT_EQ(summary->page_count, 3);
  EXPECT_EQ(summary->pages[2].size_class, "a3");

  std::vector<pdf::ExtractedPage> pages;
  core::Status s = ExtractAll(path, {.first_page = 0, .last_page = 2, .cut_a3 = true}, &pages);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(pages.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(pages[i].index, i);
  EXPECT_TRUE(pages[0].fast_path);
  EXPECT_FALSE(pages[1].fast_path);
  ASSERT_EQ(pages[2].parts.size(), 2u);
  EXPECT_EQ(pages[2].parts[1].half, "right");
  for (const auto& page : pages) {
    for (const auto& part : page.parts) {
      EXPECT_EQ(part.view_path.rfind(output_.path() + "/", 0), 0u) << part.view_path;
      EXPECT_TRUE(std::filesystem::is_regular_file(part.view_path));
      EXPECT_TRUE(std::filesystem::is_regular_file(part.thumb_path));
    }
  }
  EXPECT_EQ(Files(output_.path()).size(), 8u);  // 4 parts × (view, thumb), nothing else
}

TEST_F(PdfSandboxTest, RefusalsComeBackWithTheirRule) {
  auto not_pdf = Sandbox().Inspect(input_.Write("x.pdf", "hello"), limits_);
  ASSERT_FALSE(not_pdf.ok());
  EXPECT_EQ(RuleOf(not_pdf.error()), "not_pdf");
  EXPECT_EQ(not_pdf.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(not_pdf.error().message, "Ce fichier n'est pas un PDF.");

  const std::string plain = input_.Write("plain.pdf", HeavyPdf(2));
  const std::string locked = input_.path() + "/locked.pdf";
  pdf::testing::CommandOutput("qpdf --encrypt u o 256 -- '" + plain + "' '" + locked + "'");
  auto encrypted = Sandbox().Inspect(locked, limits_);
  ASSERT_FALSE(encrypted.ok());
  EXPECT_EQ(RuleOf(encrypted.error()), "encrypted");

  limits_.max_pages = 1;
  auto pages = Sandbox().Inspect(plain, limits_);
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(RuleOf(pages.error()), "page_count");
}

TEST_F(PdfSandboxTest, CpuLimitStopsTheChildAndLeavesOnlyItsOwnFiles) {
  options_.cpu_seconds_base = 1;
  options_.cpu_seconds_per_page = 0;
  const std::string path = input_.Write("heavy.pdf", HeavyPdf(60));
  std::vector<pdf::ExtractedPage> pages;
  const auto start = std::chrono::steady_clock::now();
  core::Status s = ExtractAll(path, {.first_page = 0, .last_page = 59}, &pages);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(RuleOf(s.error()), "cpu_time") << s.error().message;
  EXPECT_LT(pages.size(), 60u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // Only page images in the output directory, and none of them anywhere else.
  const std::regex own("p[0-9]{5}-full-(view|thumb)\\.jpg");
  for (const std::string& name : Files(output_.path())) {
    EXPECT_TRUE(std::regex_match(name, own)) << name;
  }
  EXPECT_EQ(Files(input_.path()), (std::vector<std::string>{"heavy.pdf"}));
}

TEST_F(PdfSandboxTest, MemoryLimitIsReportedAsSuch) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "no address-space limit under AddressSanitizer";
#endif
  options_.memory_bytes = 170LL << 20;
  limits_.max_page_pixels = 1000LL * 1000 * 1000;
  const std::string path = input_.Write("a3.pdf", HeavyPdf(1));
  std::vector<pdf::ExtractedPage> pages;
  // A 10000-pixel view of an A3 page needs far more than 170 MiB.
  core::Status s = ExtractAll(path, {.view_long_edge = 10000}, &pages);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(RuleOf(s.error()), "memory") << s.error().message;
}

TEST_F(PdfSandboxTest, WallClockTimeout) {
  options_.wall_timeout_ms = 300;
  const std::string path = input_.Write("heavy.pdf", HeavyPdf(60));
  std::vector<pdf::ExtractedPage> pages;
  const auto start = std::chrono::steady_clock::now();
  core::Status s = ExtractAll(path, {.first_page = 0, .last_page = 59}, &pages);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(RuleOf(s.error()), "timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(PdfSandboxTest, ACrashingChildIsReportedNotFatal) {
  options_.executable = Script("echo '{\"summary\":' ; kill -SEGV $$");
  auto crashed = Sandbox().Inspect(input_.Write("a.pdf", "%PDF-1.4"), limits_);
  ASSERT_FALSE(crashed.ok());
  EXPECT_EQ(RuleOf(crashed.error()), "crashed");
}

TEST_F(PdfSandboxTest, AChildThatLiesIsNotBelieved) {
  // A page whose file lies outside the output directory.
  const std::string page =
      R"({"index":0,"geometry":{"width_pt":595,"height_pt":842,"rotate":0,"size_class":"a4"},)"
      R"("fast_path":true,"auto_rotation":0,"orientation_confidence":1,"parts":[{"half":"full",)"
      R"("view_path":"../../etc/passwd","thumb_path":"t.jpg","view_width":1,"view_height":1,)"
      R"("ink_ratio":0,"blank":true,"content_sha256":""}]})";
  options_.executable = Script("echo '" + page + "'; echo '{\"done\":true}'");
  std::vector<pdf::ExtractedPage> pages;
  core::Status s = ExtractAll(input_.Write("a.pdf", "%PDF-1.4"), {}, &pages);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(RuleOf(s.error()), "crashed");
  EXPECT_TRUE(pages.empty());
  // Garbage, and "done" without the pages asked for.
  options_.executable = Script("echo 'not json'");
  EXPECT_EQ(RuleOf(ExtractAll(input_.path() + "/a.pdf", {}, &pages).error()), "crashed");
  options_.executable = Script("echo '{\"done\":true}'");
  EXPECT_EQ(RuleOf(ExtractAll(input_.path() + "/a.pdf", {.last_page = 1}, &pages).error()),
            "crashed");
}

TEST_F(PdfSandboxTest, CallerCanStopTheWork) {
  const std::string path = input_.Write("heavy.pdf", HeavyPdf(20));
  int seen = 0;
  core::Status refused = Sandbox().Extract(
      path, limits_, {.first_page = 0, .last_page = 19}, output_.path(),
      [&](const pdf::ExtractedPage&) -> core::Status {
        return ++seen == 2 ? core::Status(core::Error::Conflict("stop here")) : core::Status();
      },
      nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "stop here");
  EXPECT_EQ(seen, 2);

  auto start = std::chrono::steady_clock::now();
  core::Status stopped = Sandbox().Extract(
      path, limits_, {.first_page = 0, .last_page = 19}, output_.path(),
      [](const pdf::ExtractedPage&) -> core::Status { return {}; },
      [&] { return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(100); });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, core::ErrorCode::kUnavailable);
}

TEST_F(PdfSandboxTest, AMissingExecutableIsUnavailable) {
  options_.executable = "/nonexistent/korrigo";
  auto summary = Sandbox().Inspect(input_.Write("a.pdf", "%PDF-1.4"), limits_);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace korrigo::sandbox
