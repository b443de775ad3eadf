// FinalizeService: the end of grading. Finalize checks on the server that every question is scored
// within its bounds, freezes the mark (ready → grading) and queues the job that builds the final
// PDF; the job ends the copy graded (mark, scheme version, PDF sha256 recorded) or grading_failed
// with a readable error kept on the copy, which retry starts again. Reopen (admins, with a reason)
// is the only way back from graded; the previous PDF stays as a prior revision. A copy identified
// or re-identified after grading gets its PDF rebuilt so the summary names the right student.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "exams/exam_service.h"
#include "exams/scheme_service.h"
#include "files/file_store.h"
#include "grading/grading_service.h"
#include "jobs/job_kind.h"
#include "jobs/job_store.h"
#include "scans/copy_service.h"
#include "storage/database.h"
#include "students/student_service.h"

namespace korrigo::grading {

inline constexpr const char* kFinalizeJob = "grading.finalize";

struct FinalizeDeps {
  storage::Database& db;
  const core::Clock& clock;
  audit::AuditStore& audit;
  files::FileStore& files;
  jobs::JobStore& jobs;
  scans::CopyService& copies;
  exams::ExamService& exams;
  exams::SchemeService& schemes;
  students::StudentService& students;
  std::string work_dir;  // scratch space for sources that are not local files
};

class FinalizeService {
 public:
  explicit FinalizeService(FinalizeDeps deps) : d_(std::move(deps)) {}

  // ready → grading and a job; on a copy already grading, graded or failed, returns its state
  // unchanged (harmless to call twice). Returns {"status", "job_id", "mark", …}. Errors: not_found
  // (as GradingService::Get); invalid_argument 422 listing details.missing (unscored questions)
  // and details.invalid (scores out of bounds after a scheme change).
  core::Result<nlohmann::json> Finalize(int64_t copy_id, const Viewer& viewer,
                                        const audit::AuditContext& context);
  // grading_failed (or grading whose job died for good) → grading with a new job. Errors:
  // not_found; failed_precondition for any other state.
  core::Result<nlohmann::json> Retry(int64_t copy_id, const Viewer& viewer,
                                     const audit::AuditContext& context);
  // graded or grading_failed → ready (admins). `reason` 3–500 characters. Errors: not_found,
  // invalid_argument, failed_precondition.
  core::Result<nlohmann::json> Reopen(int64_t copy_id, const std::string& reason,
                                      const audit::AuditContext& context);
  // The finalize state of a copy: status, job state, error, mark, current and prior PDFs.
  core::Result<nlohmann::json> State(int64_t copy_id, const Viewer& viewer);
  // The bytes of the current final PDF (revision 0) or of a given revision, and its file name.
  // A revision that names the student is for admins only (correctors grade anonymously).
  struct PdfFile {
    std::string bytes;
    std::string filename;
    std::string sha256;
  };
  core::Result<PdfFile> Pdf(int64_t copy_id, int revision, const Viewer& viewer);

  // For CopyService::SetIdentityHook: queues a rebuild of a graded copy's PDF.
  void OnIdentityChanged(soci::session& tx, const scans::Copy& copy);

  // The job kind that builds final PDFs.
  jobs::JobKind Kind();

 private:
  core::Result<nlohmann::json> RunJob(jobs::JobContext& ctx);
  core::Result<int64_t> Enqueue(soci::session& tx, int64_t copy_id, int attempt,
                                const std::string& reason);
  void RecordFailure(int64_t copy_id, int64_t job_id, const std::string& message);

  FinalizeDeps d_;
  GradingStore store_;
};

}  // namespace korrigo::grading
