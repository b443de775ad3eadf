// PdfSandbox: opens untrusted PDFs only in a child process (`korrigo pdf-pages`) started with
// CPU-time, memory, file-size and open-file limits (setrlimit) and a wall-clock timeout, so a
// malicious or broken file can fail its own job but never the server or other jobs. The child
// writes page images into a directory the caller owns and reports each page as one JSON line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "pdf/page_extraction.h"

namespace korrigo::sandbox {

struct SandboxOptions {
  std::string executable;               // the korrigo binary (its `pdf-pages` subcommand)
  int64_t memory_bytes = 1536LL << 20;  // RLIMIT_AS of the child
  int cpu_seconds_base = 10;            // RLIMIT_CPU = base + per_page × pages asked for
  int cpu_seconds_per_page = 2;
  int64_t wall_timeout_ms = 120000;        // the child is killed past this (per call)
  int64_t max_output_bytes = 512LL << 20;  // RLIMIT_FSIZE: one file the child writes
};

// Thread-safe: every call runs its own child.
class PdfSandbox {
 public:
  explicit PdfSandbox(SandboxOptions options);

  // Validates the file (magic bytes, qpdf opens it — repairing a damaged cross-reference table when
  // it can —, not encrypted or openable with an empty password, page count, page sizes between A6
  // and A3 ±5 %, object count) and returns its pages. Errors: invalid_argument with a French
  // message naming the rule and details {"rule": "not_pdf" | "damaged" | "encrypted" | "page_count"
  // | "page_size" | "objects" | "streams" | "pixels" | "cpu_time" | "memory" | "timeout" |
  // "crashed"} for a file that is refused (including a child killed by its limits: the file is to
  // blame); unavailable when the child could not be started.
  core::Result<pdf::PdfSummary> Inspect(const std::string& pdf_path, const pdf::PdfLimits& limits);

  // Extracts pages options.first_page..options.last_page into `output_dir` (which must exist),
  // calling `on_page` for each page as soon as the child reports it, in page order. `on_page`
  // returning an error stops the child and returns that error. `should_stop` (may be empty) is
  // polled while waiting; when it turns true the child is killed and unavailable is returned.
  // Errors: as Inspect.
  core::Status Extract(const std::string& pdf_path, const pdf::PdfLimits& limits,
                       const pdf::ExtractOptions& options, const std::string& output_dir,
                       const std::function<core::Status(const pdf::ExtractedPage&)>& on_page,
                       const std::function<bool()>& should_stop);

 private:
  SandboxOptions options_;
};

}  // namespace korrigo::sandbox
