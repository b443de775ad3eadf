// Accepting, listing and deleting scans. Files are moved into the file store before the
// transaction and removed again if it fails; rows and jobs commit together.
#include "scans/scan_service.h"

#include <fmt/format.h>

#include <cstdio>
#include <set>

#include "core/log.h"
#include "files/stored_file_store.h"
#include "scans/copy.h"

namespace korrigo::scans {
namespace {

constexpr size_t kMaxFilesPerUpload = 50;
constexpr const char* kExamNotFound = "Examen introuvable.";
constexpr const char* kScanNotFound = "Lot numérisé introuvable.";

// "%PDF-" within the first 1024 bytes, as PDF readers accept.
bool LooksLikePdf(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char head[1024];
  size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  return std::string_view(head, n).find("%PDF-") != std::string_view::npos;
}

struct ExamRow {
  bool found = false;
  bool archived = false;
};

ExamRow LoadExam(soci::session& s, int64_t exam_id) {
  long long id = exam_id;
  int archived = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT archived FROM exams WHERE id = :id", soci::use(id), soci::into(archived, ind);
  return {ind == soci::i_ok, archived != 0};
}

}  // namespace

core::Result<std::vector<Scan>> ScanService::Upload(int64_t exam_id,
                                                    const std::vector<IncomingFile>& files,
                                                    const audit::AuditContext& context) {
  if (files.empty()) {
    return core::Error::InvalidArgument("Envoyez au moins un fichier PDF (champ « files »).",
                                        {{"field", "files"}});
  }
  if (files.size() > kMaxFilesPerUpload) {
    return core::Error::InvalidArgument(
        fmt::format("Au plus {} fichiers par envoi.", kMaxFilesPerUpload), {{"field", "files"}});
  }
  std::set<std::string> hashes;
  for (const IncomingFile& f : files) {
    if (f.size_bytes == 0) {
      return core::Error::InvalidArgument(fmt::format("« {} » est vide.", f.filename),
                                          {{"field", "files"}, {"filename", f.filename}});
    }
    if (!LooksLikePdf(f.path)) {
      return core::Error::InvalidArgument(
          fmt::format("« {} » n'est pas un fichier PDF.", f.filename),
          {{"field", "files"}, {"filename", f.filename}, {"rule", "not_pdf"}});
    }
    if (!hashes.insert(f.sha256).second) {
      return core::Error::Conflict(
          fmt::format("« {} » est envoyé deux fois dans le même envoi.", f.filename),
          {{"filename", f.filename}});
    }
  }
  auto exam = db_.WithSession(
      [&](soci::session& s) -> core::Result<ExamRow> { return LoadExam(s, exam_id); });
  if (!exam) return exam.take_error();
  if (!exam->found) return core::Error::NotFound(kExamNotFound);
  if (exam->archived) {
    return core::Error::FailedPrecondition("Cet examen est archivé : il ne reçoit plus de copies.");
  }

  // Store the bytes first (a move on the same filesystem); forget them again on any failure.
  std::vector<files::StoredFile> stored;
  auto forget = [&] {
    for (const auto& f : stored) (void)files_.Remove(f.key);
  };
  for (const IncomingFile& f : files) {
    auto put = files_.PutFile(f.path, "pdf");
    if (!put) {
      forget();
      return put.take_error();
    }
    stored.push_back(*put);
  }
  const int64_t now = clock_.NowMs();
  auto created = db_.InTransaction([&](soci::session& tx) -> core::Result<std::vector<Scan>> {
    db_.LockRow(tx, "exams", exam_id);
    std::vector<Scan> out;
    files::StoredFileStore file_rows;
    for (size_t i = 0; i < files.size(); ++i) {
      if (auto existing = scans_.FindBySha(tx, exam_id, files[i].sha256)) {
        return core::Error::Conflict(
            fmt::format("« {} » a déjà été envoyé pour cet examen (lot n° {}, « {} »).",
                        files[i].filename, existing->id, existing->filename),
            {{"filename", files[i].filename},
             {"existing_scan_id", existing->id},
             {"existing_filename", existing->filename}});
      }
      if (core::Status s = file_rows.Record(tx, stored[i], "application/pdf", now); !s)
        return s.take_error();
      Scan scan;
      scan.exam_id = exam_id;
      scan.filename = files[i].filename.empty() ? "scan.pdf" : files[i].filename;
      scan.size_bytes = stored[i].size_bytes;
      scan.sha256 = stored[i].sha256_hex;
      scan.file_key = stored[i].key;
      scan.uploaded_by = context.user_id;
      scan.created_at = scan.updated_at = now;
      scan.id = scans_.Insert(tx, scan);
      jobs::JobSpec spec;
      spec.kind = kProcessScanJob;
      spec.payload = {{"scan_id", scan.id}};
      spec.idempotency_key = fmt::format("scans.process:{}", scan.id);
      spec.max_attempts = 5;
      auto job = jobs_.Enqueue(tx, spec);
      if (!job) return job.take_error();
      scans_.SetJob(tx, scan.id, *job);
      scan.job_id = *job;
      audit_.Append(tx, context, "scan.uploaded", "scan", std::to_string(scan.id),
                    {{"exam_id", exam_id},
                     {"filename", scan.filename},
                     {"size_bytes", scan.size_bytes},
                     {"sha256", scan.sha256}});
      out.push_back(std::move(scan));
    }
    return out;
  });
  if (!created) forget();
  return created;
}

core::Status ScanService::Reconcile(Scan& scan) {
  if ((scan.status != kScanQueued && scan.status != kScanProcessing) || !scan.job_id) return {};
  auto job = jobs_.Get(*scan.job_id);
  if (!job)
    return job.error().code == core::ErrorCode::kNotFound ? core::Status{} : job.take_error();
  if (job->state != jobs::JobState::kFailed && job->state != jobs::JobState::kCancelled) return {};
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    db_.LockRow(tx, "scans", scan.id);
    auto current = scans_.FindById(tx, scan.id);
    if (!current || current->status == kScanDone || current->status == kScanFailed) {
      if (current) scan = *current;
      return {};
    }
    scan.status = kScanFailed;
    scan.error = job->error.value_or("Le traitement de ce lot a été interrompu.");
    scan.error_rule = "interrupted";
    scans_.UpdateState(tx, scan, clock_.NowMs());
    return {};
  });
}

core::Result<std::vector<Scan>> ScanService::List(int64_t exam_id) {
  auto list = db_.WithSession([&](soci::session& s) -> core::Result<std::vector<Scan>> {
    if (!LoadExam(s, exam_id).found) return core::Error::NotFound(kExamNotFound);
    return scans_.ListByExam(s, exam_id);
  });
  if (!list) return list;
  for (Scan& scan : *list) {
    if (core::Status st = Reconcile(scan); !st) return st.take_error();
  }
  return list;
}

core::Result<Scan> ScanService::Get(int64_t scan_id) {
  auto scan = db_.WithSession([&](soci::session& s) -> core::Result<Scan> {
    auto found = scans_.FindById(s, scan_id);
    if (!found) return core::Error::NotFound(kScanNotFound);
    return *found;
  });
  if (!scan) return scan;
  if (core::Status st = Reconcile(*scan); !st) return st.take_error();
  return scan;
}

core::Status ScanService::Delete(int64_t scan_id, const audit::AuditContext& context) {
  std::vector<std::string> keys;
  std::optional<int64_t> queued_job;
  auto deleted = db_.InTransaction([&](soci::session& tx) -> core::Status {
    auto scan = scans_.FindById(tx, scan_id);
    if (!scan) return core::Error::NotFound(kScanNotFound);
    db_.LockRow(tx, "exams", scan->exam_id);
    if (scan->status == kScanProcessing) {
      return core::Error::Conflict(
          "Ce lot est en cours de traitement : attendez la fin avant de le supprimer.");
    }
    std::vector<Page> pages = pages_.ListByScan(tx, scan_id);
    std::set<int64_t> touched;
    for (const Page& p : pages) {
      if (!p.copy_id) continue;
      auto copy = copies_.FindById(tx, *p.copy_id);
      if (copy && copy->GradingStarted()) {
        return core::Error::Conflict(
            fmt::format("Des pages de ce lot sont dans la copie {} dont la correction a commencé.",
                        copy->anonymous_id),
            {{"copy_id", copy->id}, {"anonymous_id", copy->anonymous_id}});
      }
      touched.insert(*p.copy_id);
    }
    for (int64_t id : copies_.IdsByScan(tx, scan_id)) touched.insert(id);
    long long sid = scan_id;
    pages_.DeleteByScan(tx, scan_id);
    int removed_copies = 0;
    for (int64_t copy_id : touched) {
      long long c = copy_id, remaining = 0;
      tx << "SELECT COUNT(*) FROM pages WHERE copy_id = :c", soci::use(c), soci::into(remaining);
      if (remaining == 0) {
        copies_.Delete(tx, copy_id);
        ++removed_copies;
      } else {
        tx << "UPDATE copies SET scan_id = NULL WHERE id = :c AND scan_id = :s", soci::use(c),
            soci::use(sid);
      }
    }
    files::StoredFileStore file_rows;
    for (const Page& p : pages) {
      keys.push_back(p.view_key);
      keys.push_back(p.thumb_key);
    }
    scans_.Delete(tx, scan_id);
    keys.push_back(scan->file_key);
    for (const std::string& key : keys) {
      if (auto r = file_rows.Remove(tx, key); !r) return r.take_error();
    }
    if (scan->status == kScanQueued) queued_job = scan->job_id;
    audit_.Append(tx, context, "scan.deleted", "scan", std::to_string(scan_id),
                  {{"exam_id", scan->exam_id},
                   {"filename", scan->filename},
                   {"pages", pages.size()},
                   {"copies_removed", removed_copies}});
    return {};
  });
  if (!deleted) return deleted;
  // After the commit (the job store has its own transactions). A job that starts meanwhile finds
  // no scan and ends at once.
  if (queued_job) (void)jobs_.RequestCancel(*queued_job);
  for (const std::string& key : keys) {
    if (core::Status s = files_.Remove(key); !s)
      core::LogWarn("scan.file_remove_failed", {{"key", key}});
  }
  return {};
}

}  // namespace korrigo::scans
