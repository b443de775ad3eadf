// Every file of the PDF robustness corpus (qpdf's test files: damaged, fuzzed, encrypted, huge)
// through PdfSandbox: inspected, then every page extracted with A3 cutting. Each file must either
// give all its pages with their files, or be refused with a known rule; never an internal error,
// never a hang, and the parent (this process) must come out unharmed: no leaked descriptors, no
// leftover children. Two files run at a time; a summary is printed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "pdf/pdf_refusal.h"
#include "pdf/sample_pdfs.h"
#include "sandbox/pdf_sandbox.h"

namespace korrigo::sandbox {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Outcome {
  std::string file;
  std::string result;  // "accepted" or the rule
  int pages = 0;
  double seconds = 0;
  std::string problem;  // what broke the contract, empty when none
};

int OpenDescriptors() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// Inspects and extracts one file; checks the contract.
Outcome Process(const std::string& path, PdfSandbox& sandbox, const pdf::PdfLimits& limits) {
  Outcome out{.file = fs::path(path).filename().string()};
  const auto start = Clock::now();
  auto refused = [&](const core::Error& error) {
    const std::string rule = pdf::RefusalRule(error);
    out.result = rule.empty() ? "error" : rule;
    if (error.code != core::ErrorCode::kInvalidArgument || !pdf::IsRefusalRule(rule)) {
      out.problem = std::string(core::ErrorCodeName(error.code)) + ": " + error.message;
    }
  };
  auto summary = sandbox.Inspect(path, limits);
  if (!summary) {
    refused(summary.error());
  } else {
    pdf::testing::TempDir output;
    // Small views: the point is robustness, and rendering cost grows with the pixel count.
    pdf::ExtractOptions options{.last_page = summary->page_count - 1,
                                .cut_a3 = true,
                                .view_long_edge = 600,
                                .thumb_long_edge = 120};
    core::Status s = sandbox.Extract(
        path, limits, options, output.path(),
        [&](const pdf::ExtractedPage& page) -> core::Status {
          ++out.pages;
          for (const pdf::ExtractedPart& part : page.parts) {
            if (!fs::is_regular_file(part.view_path) || !fs::is_regular_file(part.thumb_path)) {
              out.problem = "missing file for page " + std::to_string(page.index);
            }
          }
          return {};
        },
        nullptr);
    if (!s) {
      refused(s.error());
    } else {
      out.result = "accepted";
      if (out.pages != summary->page_count) out.problem = "pages missing";
    }
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

TEST(PdfCorpusTest, EveryFileIsProcessedOrCleanlyRefused) {
  const std::string dir = KORRIGO_PDF_CORPUS_DIR;
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "too slow under AddressSanitizer; the regular build runs it";
#endif
  std::vector<std::string> all, files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) all.push_back(entry.path().string());
  }
  std::sort(all.begin(), all.end());
  ASSERT_FALSE(all.empty());
  // One file in five here (a fixed sample, different kinds of damage); the integration test
  // (tests/scans_test.cc) sends every file through the server's whole pipeline.
  for (size_t i = 0; i < all.size(); i += 5) files.push_back(all[i]);

  // Tighter than production so that the hostile files cost seconds, not minutes.
  PdfSandbox sandbox({.executable = KORRIGO_BINARY_PATH,
                      .memory_bytes = 1LL << 30,
                      .cpu_seconds_base = 4,
                      .cpu_seconds_per_page = 1,
                      .wall_timeout_ms = 15000,
                      .max_output_bytes = 64LL << 20});
  const pdf::PdfLimits limits{.max_pages = 500};
  const int descriptors = OpenDescriptors();
  std::vector<Outcome> outcomes(files.size());
  std::atomic<size_t> next{0};
  const auto start = Clock::now();
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      outcomes[i] = Process(files[i], sandbox, limits);
    }
  };
  std::thread other(work);
  work();
  other.join();
  const double total = std::chrono::duration<double>(Clock::now() - start).count();

  std::map<std::string, int> by_result;
  int pages = 0;
  for (const Outcome& o : outcomes) {
    ++by_result[o.result];
    pages += o.pages;
    EXPECT_TRUE(o.problem.empty()) << o.file << ": " << o.problem;
  }
  std::vector<Outcome> slowest = outcomes;
  std::sort(slowest.begin(), slowest.end(),
            [](const Outcome& a, const Outcome& b) { return a.seconds > b.seconds; });
  std::printf("PDF corpus: %zu files, %d pages extracted, %.1f s\n", files.size(), pages, total);
  for (const auto& [result, count] : by_result) std::printf("  %-10s %d\n", result.c_str(), count);
  for (size_t i = 0; i < 5 && i < slowest.size(); ++i) {
    std::printf("  slow: %s %.1f s (%s)\n", slowest[i].file.c_str(), slowest[i].seconds,
                slowest[i].result.c_str());
  }
  EXPECT_GT(by_result["accepted"], 0);
  // The parent is unharmed: no descriptor leaked, no child left behind.
  EXPECT_EQ(OpenDescriptors(), descriptors);
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
}

}  // namespace
}  // namespace korrigo::sandbox
