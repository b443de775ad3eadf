// The grading.finalize job: gathers a copy's frozen grading data, builds its final PDF outside any
// transaction, stores it, then records it (and the graded status) under the copy's lock — unless
// the copy moved on meanwhile (reopened, or another attempt won), in which case the file is
// dropped. A failure that will not be retried is written on the copy in its own transaction, so no
// rollback can erase it.
#include <fmt/format.h>

#include "core/log.h"
#include "files/stored_file_store.h"
#include "grading/final_document.h"
#include "grading/finalize_service.h"
#include "pdf/final_pdf.h"
#include "pdf/pdf_page_count.h"
#include "scans/scratch_dir.h"

namespace korrigo::grading {
namespace {

bool Permanent(const core::Error& e) {
  return e.code == core::ErrorCode::kInvalidArgument ||
         e.code == core::ErrorCode::kFailedPrecondition;
}

}  // namespace

jobs::JobKind FinalizeService::Kind() {
  return {.name = kFinalizeJob,
          .run = [this](jobs::JobContext& ctx) { return RunJob(ctx); },
          .time_limit_ms = 5 * 60 * 1000,
          .max_attempts = 3};
}

void FinalizeService::RecordFailure(int64_t copy_id, int64_t job_id, const std::string& message) {
  auto done = d_.db.InTransaction([&](soci::session& tx) -> core::Status {
    d_.db.LockRow(tx, "copies", copy_id);
    long long id = copy_id, job = job_id, failed = 0;
    std::string status;
    tx << "SELECT status FROM copies WHERE id = :id AND finalize_job_id = :j", soci::use(id),
        soci::use(job), soci::into(status);
    if (status == scans::kCopyGrading) {
      tx << "UPDATE copies SET status = 'grading_failed', grading_error = :m WHERE id = :id",
          soci::use(message), soci::use(id);
      failed = 1;
    } else if (status == scans::kCopyGraded) {  // a rebuild failed: the previous PDF stays
      tx << "UPDATE copies SET grading_error = :m WHERE id = :id", soci::use(message),
          soci::use(id);
    } else {
      return {};
    }
    d_.audit.Append(tx, audit::AuditContext::System("job"), "copy.grading_failed", "copy",
                    std::to_string(copy_id),
                    {{"job_id", job_id}, {"error", message}, {"status_changed", failed == 1}});
    return {};
  });
  if (!done) core::LogError("grading.record_failure_failed", {{"copy_id", copy_id}});
}

core::Result<nlohmann::json> FinalizeService::RunJob(jobs::JobContext& ctx) {
  const int64_t copy_id = ctx.payload().value("copy_id", int64_t{0});
  const std::string reason = ctx.payload().value("reason", "finalize");
  auto fail = [&](core::Error e) -> core::Result<nlohmann::json> {
    if (Permanent(e) || ctx.attempt() >= 3) {
      RecordFailure(copy_id, ctx.job_id(),
                    fmt::format("Le PDF final n'a pas pu être construit : {}", e.message));
    }
    return e;
  };

  // 1. What the PDF is made of, as frozen by finalize.
  struct Gathered {
    FinalCopyData data;
    std::map<int64_t, std::string> scan_keys;
    int64_t scheme_version = 0;
    bool skip = false;
  };
  auto gathered = d_.db.WithSession([&](soci::session& s) -> core::Result<Gathered> {
    Gathered g;
    auto copy = d_.copies.Load(s, copy_id, false);
    if (!copy) return core::Error::FailedPrecondition("la copie n'existe plus");
    const bool rebuild = copy->copy.status == scans::kCopyGraded;
    if (copy->copy.finalize_job_id != ctx.job_id() ||
        (copy->copy.status != scans::kCopyGrading && !rebuild)) {
      g.skip = true;  // superseded by a newer job, or reopened
      return g;
    }
    long long id = copy_id, raw = 0, mark = 0, sv = 0, at = 0;
    s << "SELECT raw_milli, mark_milli, graded_scheme_version, finalized_at FROM copies WHERE "
         "id = :id",
        soci::use(id), soci::into(raw), soci::into(mark), soci::into(sv), soci::into(at);
    g.data.copy = copy->copy;
    g.data.pages = copy->pages;
    g.data.state = store_.Load(s, copy_id);
    g.data.raw = exams::Points::FromMilli(raw);
    g.data.mark = exams::Points::FromMilli(mark);
    g.data.graded_at_ms = at;
    g.data.corrector_name = copy->copy.corrector_name;
    g.scheme_version = sv;
    for (const scans::Page& p : copy->pages) {
      long long scan = p.scan_id;
      std::string key;
      s << "SELECT file_key FROM scans WHERE id = :s", soci::use(scan), soci::into(key);
      g.scan_keys[p.scan_id] = key;
    }
    return g;
  });
  if (!gathered) return fail(gathered.take_error());
  if (gathered->skip) return nlohmann::json{{"skipped", true}};
  FinalCopyData& data = gathered->data;
  auto exam = d_.exams.Get(data.copy.exam_id, kSystemViewer);
  if (!exam) return fail(exam.take_error());
  data.exam = *exam;
  auto scheme = d_.schemes.GetVersion(data.copy.exam_id, gathered->scheme_version, kSystemViewer);
  if (!scheme) return fail(scheme.take_error());
  data.scheme = *scheme;
  if (data.copy.student_id) {
    auto student = d_.students.Get(*data.copy.student_id);
    if (!student) return fail(student.take_error());
    data.student_name = student->DisplayName();
    data.class_name = student->class_name;
  }
  scans::ScratchDir scratch(fmt::format("{}/final-{}-{}", d_.work_dir, copy_id, ctx.job_id()));
  for (const auto& [scan, key] : gathered->scan_keys) {
    auto path = scans::LocalPathOf(d_.files, key, scratch.path());
    if (!path) return fail(path.take_error());
    data.scan_paths[scan] = *path;
  }

  // 2. The PDF, built and stored outside any transaction.
  ctx.ReportProgress(20, "Construction du PDF final");
  auto bytes = pdf::BuildFinalPdf(MakeFinalPdfInput(data));
  if (!bytes) return fail(bytes.take_error());
  auto pages = pdf::CountPdfPages(*bytes);
  if (!pages) return fail(core::Error::Internal("le PDF construit est illisible"));
  auto stored = d_.files.PutBytes(*bytes, "pdf");
  if (!stored) return fail(stored.take_error());

  // 3. Recorded only if the copy still waits for this very job.
  auto recorded = d_.db.InTransaction([&](soci::session& tx) -> core::Result<int> {
    d_.db.LockRow(tx, "copies", copy_id);
    long long id = copy_id, job = ctx.job_id();
    std::string status;
    long long student = 0;
    soci::indicator student_ind = soci::i_null;
    tx << "SELECT status, student_id FROM copies WHERE id = :id AND finalize_job_id = :j",
        soci::use(id), soci::use(job), soci::into(status), soci::into(student, student_ind);
    if (status != scans::kCopyGrading && status != scans::kCopyGraded) return 0;
    const int64_t now = d_.clock.NowMs();
    files::StoredFileStore rows;
    if (core::Status s = rows.Record(tx, *stored, "application/pdf", now); !s)
      return s.take_error();
    int revision = 0;
    soci::indicator rev_ind = soci::i_null;
    tx << "SELECT MAX(revision) FROM final_pdfs WHERE copy_id = :id", soci::use(id),
        soci::into(revision, rev_ind);
    revision = rev_ind == soci::i_ok ? revision + 1 : 1;
    tx << "UPDATE final_pdfs SET current = 0 WHERE copy_id = :id", soci::use(id);
    long long size = stored->size_bytes, mark = data.mark.milli(), raw = data.raw.milli(),
              sv = gathered->scheme_version, gv = data.state.version, created = now;
    int page_count = *pages;
    std::string why = reason == "finalize" ? "finalize" : reason;
    tx << "INSERT INTO final_pdfs (copy_id, revision, file_key, sha256, size_bytes, page_count, "
          "mark_milli, raw_milli, scheme_version, grading_version, student_id, reason, current, "
          "created_at) VALUES (:c, :r, :k, :h, :s, :p, :m, :w, :sv, :gv, :st, :why, 1, :t)",
        soci::use(id), soci::use(revision), soci::use(stored->key), soci::use(stored->sha256_hex),
        soci::use(size), soci::use(page_count), soci::use(mark), soci::use(raw), soci::use(sv),
        soci::use(gv), soci::use(student, student_ind), soci::use(why), soci::use(created);
    tx << "UPDATE copies SET status = 'graded', grading_error = NULL, updated_at = :u WHERE id = "
          ":id",
        soci::use(created), soci::use(id);
    d_.audit.Append(tx, audit::AuditContext::System("job"), "copy.graded", "copy",
                    std::to_string(copy_id),
                    {{"exam_id", data.copy.exam_id},
                     {"revision", revision},
                     {"sha256", stored->sha256_hex},
                     {"mark", data.mark.ToJson()},
                     {"scheme_version", sv},
                     {"reason", why}});
    return revision;
  });
  if (!recorded || *recorded == 0) {
    (void)d_.files.Remove(stored->key);  // nobody will ever point at it
    if (!recorded) return fail(recorded.take_error());
    return nlohmann::json{{"skipped", true}};
  }
  return nlohmann::json{{"revision", *recorded},
                        {"sha256", stored->sha256_hex},
                        {"size_bytes", stored->size_bytes},
                        {"page_count", *pages}};
}

}  // namespace korrigo::grading
