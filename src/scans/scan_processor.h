// ScanProcessor: the scans.process job. It opens the uploaded PDF only through the PdfSandbox,
// stores each page's images and rows (one transaction per PDF page, so a resumed job skips the
// pages already done and never duplicates one), then groups the pages into copies following the
// exam's layout in one last transaction. A refused or broken file fails its scan with the rule it
// broke and leaves no page behind.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "files/file_store.h"
#include "jobs/job_kind.h"
#include "pdf/page_extraction.h"
#include "sandbox/pdf_sandbox.h"
#include "scans/copy_store.h"
#include "scans/page_store.h"
#include "scans/scan_store.h"
#include "storage/database.h"

namespace korrigo::scans {

struct ProcessorOptions {
  std::string work_dir;  // scratch space for the child's images (on the file store's filesystem)
  pdf::PdfLimits limits;
  int pages_per_chunk = 16;   // PDF pages per child process
  int parallel_children = 2;  // children working on one scan at once
};

class ScanProcessor {
 public:
  ScanProcessor(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
                files::FileStore& files, sandbox::PdfSandbox& sandbox, ProcessorOptions options)
      : db_(db),
        clock_(clock),
        audit_(audit),
        files_(files),
        sandbox_(sandbox),
        options_(std::move(options)),
        copies_(db) {}

  // The job function: payload {"scan_id": n}. Returns {"pages", "copies", "pool"}. Errors:
  // invalid_argument for a refused file (not retried), failed_precondition when the scan is gone,
  // unavailable/internal otherwise (retried).
  core::Result<nlohmann::json> Run(jobs::JobContext& context);

  // The job kind to register.
  jobs::JobKind Kind();

 private:
  struct ExamLayout {
    std::string scan_layout;
    int pages_per_copy = 4;
  };
  core::Status ExtractPages(jobs::JobContext& context, Scan& scan, const std::string& pdf_path,
                            const pdf::PdfSummary& summary, const ExamLayout& layout,
                            const std::string& work_dir);
  // Thread-safe: `scan` (its page counters) is guarded by scan_mu_.
  core::Status StorePage(Scan& scan, const pdf::ExtractedPage& page);
  core::Result<nlohmann::json> BuildCopies(int64_t scan_id);
  core::Status FailScan(int64_t scan_id, const core::Error& error);
  core::Status SaveState(const Scan& scan);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  files::FileStore& files_;
  sandbox::PdfSandbox& sandbox_;
  ProcessorOptions options_;
  ScanStore scans_;
  PageStore pages_;
  CopyStore copies_;
  std::mutex scan_mu_;
};

}  // namespace korrigo::scans
