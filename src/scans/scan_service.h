// ScanService: the exam office's scanned PDFs — accepting uploaded files (stored, recorded and
// queued for processing in one transaction, so a file is either fully accepted or not at all),
// listing them with their progress, and deleting one while no copy built from it is being graded.
// Processing itself is the scans.process job (ScanProcessor).
#pragma once

#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "files/file_store.h"
#include "jobs/job_store.h"
#include "scans/copy_store.h"
#include "scans/page_store.h"
#include "scans/scan_store.h"
#include "storage/database.h"

namespace korrigo::scans {

inline constexpr const char* kProcessScanJob = "scans.process";

// A file received by the upload route, already on disk.
struct IncomingFile {
  std::string path;      // temporary file; moved into the file store when accepted
  std::string filename;  // display only
  int64_t size_bytes = 0;
  std::string sha256;
};

class ScanService {
 public:
  ScanService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
              files::FileStore& files, jobs::JobStore& jobs)
      : db_(db), clock_(clock), audit_(audit), files_(files), jobs_(jobs), copies_(db) {}

  // Accepts every file or none. Errors: not_found (exam), failed_precondition (archived exam),
  // invalid_argument (no file, more than 50, empty, not a PDF by its first bytes), conflict (a file
  // already uploaded to this exam, or sent twice: details name the existing scan), unavailable.
  core::Result<std::vector<Scan>> Upload(int64_t exam_id, const std::vector<IncomingFile>& files,
                                         const audit::AuditContext& context);
  // Errors: not_found (exam).
  core::Result<std::vector<Scan>> List(int64_t exam_id);
  // Errors: not_found.
  core::Result<Scan> Get(int64_t scan_id);
  // Removes the scan, its pages, the copies left empty and the stored files. Errors: not_found;
  // conflict while it is being processed or when grading started on a copy holding its pages.
  core::Status Delete(int64_t scan_id, const audit::AuditContext& context);

 private:
  // A scan whose job ended without finishing it (attempts exhausted by crashes, cancelled) is
  // failed, so it never shows "processing" forever.
  core::Status Reconcile(Scan& scan);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  files::FileStore& files_;
  jobs::JobStore& jobs_;
  ScanStore scans_;
  PageStore pages_;
  CopyStore copies_;
};

}  // namespace korrigo::scans
