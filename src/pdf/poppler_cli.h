// Test-only: reads back the PDFs this library draws with poppler's command-line tools (pdftotext,
// pdfinfo), so tests check what a reader of the document sees rather than PDF internals.
// Header-only so that the library itself does not carry it; the tools come from Debian's
// poppler-utils.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace korrigo::pdf::testing {

// The standard output of a shell command ("" when it cannot be started).
inline std::string CommandOutput(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  pclose(pipe);
  return output;
}

// PDF bytes in a temporary file for the lifetime of the object.
class TempPdf {
 public:
  explicit TempPdf(const std::string& bytes) {
    std::string pattern = (std::filesystem::temp_directory_path() / "korrigo-pdf-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd >= 0) close(fd);
    path_ = pattern;
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempPdf() { std::filesystem::remove(path_); }
  TempPdf(const TempPdf&) = delete;
  TempPdf& operator=(const TempPdf&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The text of every page as `pdftotext -layout` lays it out (UTF-8).
inline std::string PdfText(const std::string& bytes) {
  TempPdf file(bytes);
  return CommandOutput("pdftotext -enc UTF-8 -layout '" + file.path() + "' - 2>&1");
}

// What `pdfinfo` reports: "Title:", "Creator:", "Pages:", ... one per line.
inline std::string PdfInfo(const std::string& bytes) {
  TempPdf file(bytes);
  return CommandOutput("pdfinfo -enc UTF-8 '" + file.path() + "' 2>&1");
}

// The page count from pdfinfo, or -1 when it does not report one.
inline int PdfPageCount(const std::string& bytes) {
  std::string info = "\n" + PdfInfo(bytes);
  size_t at = info.find("\nPages:");
  return at == std::string::npos ? -1 : std::atoi(info.c_str() + at + 7);
}

}  // namespace korrigo::pdf::testing
