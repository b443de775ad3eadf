// Exam rules and transactions. Visibility is checked here, not in handlers, so every caller gets
// the same answer.
#include "exams/exam_service.h"

#include <fmt/format.h>

#include <algorithm>

namespace korrigo::exams {
namespace {

const char* kNotFound = "Examen introuvable.";

nlohmann::json FieldNames(const ExamFields& f) {
  nlohmann::json out = nlohmann::json::array();
  if (f.name) out.push_back("name");
  if (f.subject) out.push_back("subject");
  if (f.exam_date) out.push_back("exam_date");
  if (f.scale_milli) out.push_back("scale");
  if (f.rounding_milli) out.push_back("rounding");
  if (f.pages_per_copy) out.push_back("pages_per_copy");
  if (f.scan_layout) out.push_back("scan_layout");
  if (f.audiences) out.push_back("audiences");
  if (f.corrector_ids) out.push_back("corrector_ids");
  if (f.archived) out.push_back("archived");
  return out;
}

}  // namespace

core::Status ExamService::CheckCorrectors(const std::vector<int64_t>& user_ids) {
  for (int64_t id : user_ids) {
    auto user = users_.Get(id);
    if (!user && user.error().code != core::ErrorCode::kNotFound) return user.take_error();
    if (!user || !user->active || (user->role != "teacher" && user->role != "admin")) {
      return core::Error::InvalidArgument(
          fmt::format("Le correcteur {} n'est pas un enseignant ou administrateur actif.", id),
          {{"field", "corrector_ids"}, {"user_id", id}});
    }
  }
  return {};
}

core::Result<ExamPage> ExamService::List(ExamFilter filter, int64_t page, int64_t page_size,
                                         const Viewer& viewer) {
  if (!viewer.is_admin()) filter.corrector_id = viewer.user_id;
  return db_.WithSession([&](soci::session& s) -> core::Result<ExamPage> {
    ExamPage out;
    out.exams = store_.List(s, filter, (page - 1) * page_size, page_size, &out.total);
    std::vector<int64_t> ids;
    for (const Exam& e : out.exams) ids.push_back(e.id);
    out.progress = store_.Progress(s, ids);
    return out;
  });
}

core::Result<Exam> ExamService::Get(int64_t id, const Viewer& viewer) {
  return db_.WithSession([&](soci::session& s) -> core::Result<Exam> {
    auto exam = store_.FindById(s, id);
    if (!exam || (!viewer.is_admin() && !store_.IsCorrector(s, id, viewer.user_id))) {
      return core::Error::NotFound(kNotFound);
    }
    return *exam;
  });
}

core::Result<bool> ExamService::CanView(int64_t exam_id, const Viewer& viewer) {
  auto exam = Get(exam_id, viewer);
  if (!exam && exam.error().code == core::ErrorCode::kNotFound) return false;
  if (!exam) return exam.take_error();
  return true;
}

core::Result<Exam> ExamService::Create(const ExamFields& fields, int64_t author_id,
                                       const audit::AuditContext& context) {
  Exam exam;
  ApplyExamFields(fields, exam);
  if (core::Status s = CheckCorrectors(exam.corrector_ids); !s) return s.take_error();
  exam.created_by = author_id;
  exam.created_at = exam.updated_at = clock_.NowMs();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Exam> {
    exam.id = store_.Insert(tx, exam);
    store_.SetAudiences(tx, exam.id, exam.audiences);
    store_.SetCorrectors(tx, exam.id, exam.corrector_ids, exam.created_at);
    store_.SaveScheme(tx, exam.id, StoredScheme{.json = "[]", .version = 1, .next_id = 1},
                      author_id, exam.created_at);
    audit_.Append(tx, context, "exam.created", "exam", std::to_string(exam.id),
                  {{"name", exam.name}, {"correctors", exam.corrector_ids}});
    return exam;
  });
}

core::Result<Exam> ExamService::Update(int64_t id, const ExamFields& fields,
                                       const audit::AuditContext& context) {
  if (fields.corrector_ids) {
    if (core::Status s = CheckCorrectors(*fields.corrector_ids); !s) return s.take_error();
  }
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Exam> {
    db_.LockRow(tx, "exams", id);  // a concurrent patch of other fields is kept
    auto before = store_.FindById(tx, id);
    if (!before) return core::Error::NotFound(kNotFound);
    Exam exam = *before;
    ApplyExamFields(fields, exam);
    nlohmann::json held = nlohmann::json::array();
    for (int64_t user : before->corrector_ids) {
      if (std::find(exam.corrector_ids.begin(), exam.corrector_ids.end(), user) !=
          exam.corrector_ids.end())
        continue;
      for (const auto& guard : corrector_guards_)
        if (auto reason = guard(tx, id, user))
          held.push_back({{"user_id", user}, {"reason", *reason}});
    }
    if (!held.empty()) {
      return core::Error::Conflict(
          "Un correcteur retiré de l'examen a encore des copies : réattribuez-les d'abord.",
          {{"correctors", held}});
    }
    exam.updated_at = clock_.NowMs();
    store_.Update(tx, exam);
    if (fields.audiences) store_.SetAudiences(tx, id, exam.audiences);
    if (fields.corrector_ids) store_.SetCorrectors(tx, id, exam.corrector_ids, exam.updated_at);
    std::string action = "exam.updated";
    if (before->archived != exam.archived)
      action = exam.archived ? "exam.archived" : "exam.restored";
    audit_.Append(tx, context, action, "exam", std::to_string(id),
                  {{"fields", FieldNames(fields)}});
    return exam;
  });
}

core::Status ExamService::Delete(int64_t id, const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    auto exam = store_.FindById(tx, id);
    if (!exam) return core::Error::NotFound(kNotFound);
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& guard : guards_) {
      if (auto reason = guard(tx, id)) reasons.push_back(*reason);
    }
    if (!reasons.empty()) {
      return core::Error::Conflict("Cet examen ne peut pas être supprimé : archivez-le plutôt.",
                                   {{"reasons", reasons}});
    }
    store_.Delete(tx, id);
    audit_.Append(tx, context, "exam.deleted", "exam", std::to_string(id), {{"name", exam->name}});
    return {};
  });
}

core::Result<std::vector<Corrector>> ExamService::Correctors(int64_t exam_id,
                                                             const Viewer& viewer) {
  auto exam = Get(exam_id, viewer);
  if (!exam) return exam.take_error();
  std::vector<Corrector> out;
  for (int64_t id : exam->corrector_ids) {
    auto user = users_.Get(id);
    if (!user) continue;  // deleted meanwhile
    out.push_back({id, user->username, user->display_name, user->active});
  }
  return out;
}

core::Result<std::vector<Corrector>> ExamService::SetCorrectors(
    int64_t exam_id, const std::vector<int64_t>& ids, const audit::AuditContext& context) {
  ExamFields fields;
  fields.corrector_ids = ids;
  auto updated = Update(exam_id, fields, context);
  if (!updated) return updated.take_error();
  return Correctors(exam_id, Viewer{.user_id = 0, .role = "admin"});
}

}  // namespace korrigo::exams
