// Finalize, retry and reopen: the copy state machine past ready, each step in one transaction
// under the copy's row lock and audited.
#include "grading/finalize_service.h"

#include <fmt/format.h>

#include "core/json_fields.h"
#include "core/text_fold.h"

namespace korrigo::grading {
namespace {

// Columns of the copy that only finalize uses.
struct FinalizeColumns {
  long long attempt = 0, raw = 0, mark = 0, scheme_version = 0, finalized_at = 0;
  soci::indicator raw_ind = soci::i_null, mark_ind = soci::i_null, sv_ind = soci::i_null,
                  at_ind = soci::i_null;
};

FinalizeColumns ReadColumns(soci::session& s, int64_t copy_id) {
  long long id = copy_id;
  FinalizeColumns c;
  s << "SELECT finalize_attempt, raw_milli, mark_milli, graded_scheme_version, finalized_at "
       "FROM copies WHERE id = :id",
      soci::use(id), soci::into(c.attempt), soci::into(c.raw, c.raw_ind),
      soci::into(c.mark, c.mark_ind), soci::into(c.scheme_version, c.sv_ind),
      soci::into(c.finalized_at, c.at_ind);
  return c;
}

nlohmann::json PdfsJson(soci::session& s, int64_t copy_id) {
  long long id = copy_id, size = 0, created = 0, mark = 0;
  int revision = 0, pages = 0, current = 0;
  std::string sha, reason;
  nlohmann::json out = nlohmann::json::array();
  soci::statement st =
      (s.prepare << "SELECT revision, sha256, size_bytes, page_count, mark_milli, reason, current, "
                    "created_at FROM final_pdfs WHERE copy_id = :c ORDER BY revision DESC",
       soci::use(id), soci::into(revision), soci::into(sha), soci::into(size), soci::into(pages),
       soci::into(mark), soci::into(reason), soci::into(current), soci::into(created));
  st.execute();
  while (st.fetch()) {
    out.push_back(
        {{"revision", revision},
         {"sha256", sha},
         {"size_bytes", size},
         {"page_count", pages},
         {"mark", exams::Points::FromMilli(mark).ToJson()},
         {"reason", reason},
         {"current", current != 0},
         {"created_at", created},
         {"url", fmt::format("/api/v1/copies/{}/final-pdf?revision={}", copy_id, revision)}});
  }
  return out;
}

}  // namespace

core::Result<int64_t> FinalizeService::Enqueue(soci::session& tx, int64_t copy_id, int attempt,
                                               const std::string& reason) {
  jobs::JobSpec spec;
  spec.kind = kFinalizeJob;
  spec.payload = {{"copy_id", copy_id}, {"attempt", attempt}, {"reason", reason}};
  spec.idempotency_key = fmt::format("{}:{}:{}", kFinalizeJob, copy_id, attempt);
  spec.max_attempts = 3;
  spec.priority = 5;  // a teacher is waiting for it
  auto job = d_.jobs.Enqueue(tx, spec);
  if (!job) return job.take_error();
  long long id = copy_id, j = *job;
  int a = attempt;
  tx << "UPDATE copies SET finalize_job_id = :j, finalize_attempt = :a WHERE id = :id",
      soci::use(j), soci::use(a), soci::use(id);
  return *job;
}

core::Result<nlohmann::json> FinalizeService::State(int64_t copy_id, const Viewer& viewer) {
  auto state = d_.db.WithSession([&](soci::session& s) -> core::Result<nlohmann::json> {
    auto copy = LoadVisibleCopy(d_.copies, s, copy_id, viewer, false);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    FinalizeColumns c = ReadColumns(s, copy_id);
    const scans::Copy& k = copy->copy;
    nlohmann::json j = {
        {"copy_id", copy_id},
        {"status", k.status},
        {"job_id", k.finalize_job_id ? nlohmann::json(*k.finalize_job_id) : nlohmann::json()},
        {"error", k.grading_error ? nlohmann::json(*k.grading_error) : nlohmann::json()},
        {"mark",
         c.mark_ind == soci::i_ok ? exams::Points::FromMilli(c.mark).ToJson() : nlohmann::json()},
        {"raw_points",
         c.raw_ind == soci::i_ok ? exams::Points::FromMilli(c.raw).ToJson() : nlohmann::json()},
        {"scheme_version",
         c.sv_ind == soci::i_ok ? nlohmann::json(c.scheme_version) : nlohmann::json()},
        {"finalized_at",
         c.at_ind == soci::i_ok ? nlohmann::json(c.finalized_at) : nlohmann::json()},
        {"pdfs", PdfsJson(s, copy_id)}};
    return j;
  });
  if (!state) return state;
  // A job that died for good (its worker crashed on the last attempt) leaves the copy "grading":
  // say so, and let retry start again.
  if ((*state)["status"] == scans::kCopyGrading && (*state)["job_id"].is_number()) {
    auto job = d_.jobs.Get((*state)["job_id"].get<int64_t>());
    if (job) {
      (*state)["job_state"] = jobs::JobStateName(job->state);
      if (job->state == jobs::JobState::kFailed || job->state == jobs::JobState::kCancelled) {
        (*state)["status"] = scans::kCopyGradingFailed;
        (*state)["error"] = job->error.value_or("La construction du PDF a été interrompue.");
        (*state)["error_rule"] = "interrupted";
      }
    }
  }
  return state;
}

core::Result<nlohmann::json> FinalizeService::Finalize(int64_t copy_id, const Viewer& viewer,
                                                       const audit::AuditContext& context) {
  auto exam_id = d_.copies.ExamOfCopy(copy_id);
  if (!exam_id) return exam_id.take_error();
  auto exam = d_.exams.Get(*exam_id, kSystemViewer);
  if (!exam) return exam.take_error();
  auto done = d_.db.InTransaction([&](soci::session& tx) -> core::Result<bool> {
    auto copy = LoadVisibleCopy(d_.copies, tx, copy_id, viewer, true);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    if (copy->copy.status != scans::kCopyReady) return false;  // already on its way: harmless
    auto scheme = d_.schemes.Current(tx, *exam_id);
    if (!scheme) return scheme.take_error();
    const auto leaves = exams::Leaves(*scheme);
    if (leaves.empty())
      return core::Error::FailedPrecondition("Le barème de l'examen n'a aucune question.");
    GradingState state = store_.Load(tx, copy_id);
    nlohmann::json missing = nlohmann::json::array(), invalid = nlohmann::json::array();
    for (const exams::SchemeLeaf& leaf : leaves) {
      auto it = state.scores.find(leaf.id);
      if (it == state.scores.end() || !it->second.points) {
        missing.push_back({{"question_id", leaf.id}, {"path", leaf.path}});
      } else if (core::Status s = exams::ValidateScore(leaf, *it->second.points); !s) {
        invalid.push_back({{"question_id", leaf.id},
                           {"path", leaf.path},
                           {"points", it->second.points->ToJson()},
                           {"message", s.error().message}});
      }
    }
    if (!missing.empty() || !invalid.empty()) {
      std::string message =
          !missing.empty()
              ? fmt::format("{} question(s) sans note : « {} »{}.", missing.size(),
                            missing[0]["path"].get<std::string>(), missing.size() > 1 ? "…" : "")
              : fmt::format("{} note(s) hors barème : « {} ».", invalid.size(),
                            invalid[0]["path"].get<std::string>());
      return core::Error::InvalidArgument(message, {{"missing", missing}, {"invalid", invalid}});
    }
    const exams::Points raw = exams::RawTotal(*scheme, state.ScoreValues());
    const exams::Points max = exams::SchemeMax(*scheme);
    if (raw.is_negative() || raw > max + exams::SchemeBonusMax(*scheme))
      return core::Error::InvalidArgument("Le total de la copie sort du barème.");
    auto mark = exams::FinalMark(raw, max, exams::Points::FromMilli(exam->scale_milli),
                                 exams::Points::FromMilli(exam->rounding_milli));
    if (!mark) return mark.take_error();
    const int64_t now = d_.clock.NowMs();
    long long id = copy_id, raw_m = raw.milli(), mark_m = mark->milli(), sv = scheme->version,
              at = now, by = viewer.user_id;
    tx << "UPDATE copies SET status = 'grading', raw_milli = :r, mark_milli = :m, "
          "graded_scheme_version = :v, finalized_at = :t, finalized_by = :b, grading_error = NULL, "
          "updated_at = :u WHERE id = :id",
        soci::use(raw_m), soci::use(mark_m), soci::use(sv), soci::use(at), soci::use(by),
        soci::use(at), soci::use(id);
    auto job =
        Enqueue(tx, copy_id, static_cast<int>(ReadColumns(tx, copy_id).attempt) + 1, "finalize");
    if (!job) return job.take_error();
    d_.audit.Append(tx, context, "copy.finalized", "copy", std::to_string(copy_id),
                    {{"exam_id", *exam_id},
                     {"anonymous_id", copy->copy.anonymous_id},
                     {"raw_points", raw.ToJson()},
                     {"mark", mark->ToJson()},
                     {"scheme_version", scheme->version},
                     {"grading_version", state.version},
                     {"job_id", *job}});
    return true;
  });
  if (!done) return done.take_error();
  return State(copy_id, viewer);
}

core::Result<nlohmann::json> FinalizeService::Retry(int64_t copy_id, const Viewer& viewer,
                                                    const audit::AuditContext& context) {
  auto before = State(copy_id, viewer);  // knows about jobs that died for good
  if (!before) return before;
  const bool failed = (*before)["status"] == scans::kCopyGradingFailed;
  const bool rebuild = (*before)["status"] == scans::kCopyGraded && (*before)["error"].is_string();
  if (!failed && !rebuild)
    return core::Error::FailedPrecondition(
        "Rien à relancer : le PDF de cette copie n'a pas échoué.");
  auto done = d_.db.InTransaction([&](soci::session& tx) -> core::Status {
    auto copy = LoadVisibleCopy(d_.copies, tx, copy_id, viewer, true);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    long long id = copy_id;
    if (failed) {
      if (copy->copy.status == scans::kCopyGraded || copy->copy.status == scans::kCopyReady)
        return core::Error::FailedPrecondition("La copie a changé d'état entre-temps.");
      tx << "UPDATE copies SET status = 'grading', grading_error = NULL WHERE id = :id",
          soci::use(id);
    } else {
      tx << "UPDATE copies SET grading_error = NULL WHERE id = :id", soci::use(id);
    }
    auto job = Enqueue(tx, copy_id, static_cast<int>(ReadColumns(tx, copy_id).attempt) + 1,
                       failed ? "retry" : "identity");
    if (!job) return job.take_error();
    d_.audit.Append(tx, context, "copy.finalize_retried", "copy", std::to_string(copy_id),
                    {{"exam_id", copy->copy.exam_id}, {"job_id", *job}});
    return {};
  });
  if (!done) return done.take_error();
  return State(copy_id, viewer);
}

core::Result<nlohmann::json> FinalizeService::Reopen(int64_t copy_id, const std::string& reason,
                                                     const audit::AuditContext& context) {
  std::string trimmed = core::Trim(reason);
  if (core::CodePointCount(trimmed) < 3)
    return core::FieldError("reason",
                            "Le motif de la réouverture est obligatoire (3 caractères au moins).");
  if (core::Status s = core::CheckText(trimmed, "reason", "Le motif", 500, true, true); !s)
    return s.take_error();
  auto done = d_.db.InTransaction([&](soci::session& tx) -> core::Status {
    auto copy = d_.copies.Load(tx, copy_id, true);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    const std::string& status = copy->copy.status;
    if (status != scans::kCopyGraded && status != scans::kCopyGradingFailed)
      return core::Error::FailedPrecondition(
          fmt::format("Seule une copie corrigée peut être rouverte (la copie {} est {}).",
                      copy->copy.anonymous_id, status));
    long long id = copy_id, now = d_.clock.NowMs();
    tx << "UPDATE copies SET status = 'ready', mark_milli = NULL, raw_milli = NULL, "
          "grading_error = NULL, updated_at = :u WHERE id = :id",
        soci::use(now), soci::use(id);
    tx << "UPDATE final_pdfs SET current = 0 WHERE copy_id = :id", soci::use(id);
    d_.audit.Append(tx, context, "copy.reopened", "copy", std::to_string(copy_id),
                    {{"exam_id", copy->copy.exam_id},
                     {"anonymous_id", copy->copy.anonymous_id},
                     {"previous_status", status},
                     {"reason", trimmed}});
    return {};
  });
  if (!done) return done.take_error();
  return State(copy_id, kSystemViewer);
}

core::Result<FinalizeService::PdfFile> FinalizeService::Pdf(int64_t copy_id, int revision,
                                                            const Viewer& viewer) {
  auto row = d_.db.WithSession([&](soci::session& s) -> core::Result<PdfFile> {
    auto copy = LoadVisibleCopy(d_.copies, s, copy_id, viewer, false);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    long long id = copy_id;
    int rev = revision;
    std::string key, sha;
    long long student = 0;
    soci::indicator ind = soci::i_null, student_ind = soci::i_null;
    if (revision == 0) {
      s << "SELECT file_key, sha256, student_id FROM final_pdfs WHERE copy_id = :c AND current = 1",
          soci::use(id), soci::into(key, ind), soci::into(sha), soci::into(student, student_ind);
    } else {
      s << "SELECT file_key, sha256, student_id FROM final_pdfs WHERE copy_id = :c AND revision = "
           ":r",
          soci::use(id), soci::use(rev), soci::into(key, ind), soci::into(sha),
          soci::into(student, student_ind);
    }
    // Grading stays anonymous: a PDF that names the student is for the exam office only.
    if (ind == soci::i_ok && student_ind == soci::i_ok && !viewer.is_admin()) {
      return core::Error::NotFound("Ce PDF nomme l'élève : seule l'administration peut l'ouvrir.");
    }
    if (ind != soci::i_ok)
      return core::Error::NotFound("Cette copie n'a pas (encore) de PDF final.");
    return PdfFile{.bytes = key, .filename = copy->copy.anonymous_id + ".pdf", .sha256 = sha};
  });
  if (!row) return row;
  auto bytes = d_.files.ReadAll(row->bytes);
  if (!bytes) return bytes.take_error();
  row->bytes = std::move(*bytes);
  return row;
}

void FinalizeService::OnIdentityChanged(soci::session& tx, const scans::Copy& copy) {
  if (copy.status != scans::kCopyGraded) return;  // grading/ready copies take the name when built
  FinalizeColumns c = ReadColumns(tx, copy.id);
  auto job = Enqueue(tx, copy.id, static_cast<int>(c.attempt) + 1, "identity");
  if (!job) throw std::runtime_error(job.error().message);  // rolls the identification back
}

}  // namespace korrigo::grading
