// End-to-end tests of the generator: byte-for-byte determinism, and PDFs that are what scanners
// write (page sizes, exactly one grayscale DCT image per page) and agree with truth.json.
// Poppler's pdfinfo and pdfimages read the files, as an independent PDF parser.
#include "batch_generator.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace korrigo::scangen {
namespace {

std::string Run(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  return output;
}

std::filesystem::path TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "scangen_test_XXXXXX").string();
  return mkdtemp(pattern.data());
}

int CountOf(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

struct ImageRow {
  int page = 0, width = 0, height = 0;
  std::string color, encoding;
};

// `pdfimages -list`: one row per image placement.
std::vector<ImageRow> ListImages(const std::filesystem::path& pdf) {
  std::istringstream lines(Run("pdfimages -list '" + pdf.string() + "' 2>&1"));
  std::vector<ImageRow> rows;
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    ImageRow row;
    std::string num, type, comp, bpc;
    if (!(fields >> row.page >> num >> type >> row.width >> row.height >> row.color >> comp >>
          bpc >> row.encoding)) {
      continue;  // the header lines
    }
    rows.push_back(row);
  }
  return rows;
}

// `pdfinfo` page sizes, as "595.276 x 841.89".
std::vector<std::string> PageSizes(const std::filesystem::path& pdf) {
  std::istringstream lines(Run("pdfinfo -f 1 -l 9999 '" + pdf.string() + "' 2>&1"));
  std::vector<std::string> sizes;
  std::string line;
  while (std::getline(lines, line)) {
    const size_t at = line.find(" size: ");
    if (line.starts_with("Page") && at != std::string::npos) {
      const size_t start = line.find_first_not_of(' ', at + 7);
      sizes.push_back(line.substr(start, line.find(" pts") - start));
    }
  }
  return sizes;
}

// Checks every file of `batch` against the truth: page count, sizes, one gray JPEG per page.
void ExpectScannerLikeFiles(const Batch& batch, int dpi) {
  const auto truth = nlohmann::json::parse(batch.truth_json);
  const std::filesystem::path dir = TempDir();
  ASSERT_TRUE(WriteBatch(batch, dir).ok());
  ASSERT_EQ(truth["files"].size(), batch.files.size());
  for (size_t f = 0; f < batch.files.size(); ++f) {
    const auto& pages = truth["files"][f]["pages"];
    const GeneratedFile& file = batch.files[f];
    EXPECT_EQ(truth["files"][f]["name"], file.name);
    EXPECT_EQ(CountOf(file.bytes, "/DCTDecode"), static_cast<int>(pages.size())) << file.name;
    const std::vector<std::string> sizes = PageSizes(dir / file.name);
    const std::vector<ImageRow> images = ListImages(dir / file.name);
    ASSERT_EQ(sizes.size(), pages.size()) << file.name;
    ASSERT_EQ(images.size(), pages.size()) << file.name;
    for (size_t i = 0; i < pages.size(); ++i) {
      const bool a3 = pages[i]["size"] == "a3";
      EXPECT_EQ(sizes[i], a3 ? "1190.55 x 841.89" : "595.276 x 841.89") << file.name << " " << i;
      EXPECT_EQ(images[i].page, static_cast<int>(i) + 1);
      EXPECT_EQ(images[i].encoding, "jpeg");
      EXPECT_EQ(images[i].color, "gray");
      EXPECT_EQ(images[i].width, a3 ? (dpi == 150 ? 2480 : 3307) : (dpi == 150 ? 1240 : 1654));
      EXPECT_EQ(images[i].height, dpi == 150 ? 1754 : 2339);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(GenerateBatch, SameSeedSameBytesOtherSeedOtherBytes) {
  BatchOptions options{.seed = 5, .students = 2, .pages_per_copy = 2, .dpi = 150, .qr = true};
  options.faults = ParseFaults("blank:1,upside_down:1").value();
  auto first = GenerateBatch(options);
  auto second = GenerateBatch(options);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->files.size(), 1u);
  EXPECT_TRUE(first->files[0].bytes == second->files[0].bytes);
  EXPECT_EQ(first->truth_json, second->truth_json);
  EXPECT_EQ(first->roster_csv, second->roster_csv);
  options.seed = 6;
  auto other = GenerateBatch(options);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->files[0].bytes == first->files[0].bytes);
  EXPECT_NE(other->roster_csv, first->roster_csv);
}

TEST(GenerateBatch, A4BatchIsOneFileOfA4Jpegs) {
  auto batch = GenerateBatch({.seed = 1, .students = 2, .pages_per_copy = 3, .dpi = 200});
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->files.size(), 1u);
  EXPECT_EQ(batch->files[0].name, "batch.pdf");
  EXPECT_TRUE(batch->files[0].bytes.starts_with("%PDF-"));
  ExpectScannerLikeFiles(*batch, 200);
}

TEST(GenerateBatch, A3BookletWithFaultsMatchesItsTruth) {
  BatchOptions options{
      .seed = 2, .students = 2, .layout = Layout::kA3Booklet, .dpi = 150, .verso_rotated = true};
  options.faults = ParseFaults("blank:1,duplicated:1").value();
  auto batch = GenerateBatch(options);
  ASSERT_TRUE(batch.ok());
  const auto truth = nlohmann::json::parse(batch->truth_json);
  EXPECT_EQ(truth["files"][0]["pages"].size(), 6u);
  EXPECT_EQ(truth["faults"].size(), 2u);
  ExpectScannerLikeFiles(*batch, 150);
}

TEST(GenerateBatch, IndividualWritesOneNamedFilePerStudentAndTheRoster) {
  auto batch = GenerateBatch(
      {.seed = 3, .students = 3, .layout = Layout::kIndividual, .pages_per_copy = 2, .dpi = 150});
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->files.size(), 3u);
  const auto truth = nlohmann::json::parse(batch->truth_json);
  for (int s = 0; s < 3; ++s) {
    EXPECT_TRUE(batch->files[s].name.starts_with("copie_"));
    EXPECT_EQ(truth["files"][s]["student"], s);
    EXPECT_EQ(truth["copies"][s]["file"], batch->files[s].name);
  }
  EXPECT_TRUE(batch->roster_csv.starts_with("Nom;Prénom;Classe;Date de naissance\n"));
  EXPECT_EQ(CountOf(batch->roster_csv, "\n"), 4);
  ExpectScannerLikeFiles(*batch, 150);
}

TEST(GenerateBatch, RefusesInvalidOptionsAndTooManyFaults) {
  EXPECT_FALSE(GenerateBatch({.layout = Layout::kA3Booklet, .pages_per_copy = 2}).ok());
  BatchOptions options{.pages_per_copy = 1};
  options.faults = {{FaultKind::kSwapped, 1}};
  EXPECT_EQ(GenerateBatch(options).error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace korrigo::scangen
