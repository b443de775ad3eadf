// Copy listing, validation and identification by hand.
#include "scans/copy_service.h"

#include <fmt/format.h>

namespace korrigo::scans {
namespace {

constexpr const char* kCopyNotFound = "Copie introuvable.";

}  // namespace

core::Status CheckExamExists(soci::session& s, int64_t exam_id) {
  long long id = exam_id, n = 0;
  s << "SELECT COUNT(*) FROM exams WHERE id = :id", soci::use(id), soci::into(n);
  if (n == 0) return core::Error::NotFound("Examen introuvable.");
  return {};
}

core::Result<std::vector<Copy>> CopyService::List(int64_t exam_id, const CopyFilter& filter) {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::vector<Copy>> {
    if (core::Status st = CheckExamExists(s, exam_id); !st) return st.take_error();
    return copies_.ListByExam(s, exam_id, filter);
  });
}

core::Result<CopyWithPages> CopyService::Get(int64_t copy_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<CopyWithPages> {
    auto copy = copies_.FindById(s, copy_id);
    if (!copy || copy->removed) return core::Error::NotFound(kCopyNotFound);
    return CopyWithPages{*copy, pages_.ListByCopy(s, copy_id)};
  });
}

std::optional<CopyWithPages> CopyService::Load(soci::session& s, int64_t copy_id, bool lock) const {
  if (lock) db_.LockRow(s, "copies", copy_id);
  auto copy = copies_.FindById(s, copy_id);
  if (!copy || copy->removed) return std::nullopt;
  return CopyWithPages{*copy, pages_.ListByCopy(s, copy_id)};
}

core::Result<Copy> CopyService::Change(
    int64_t copy_id, const std::function<core::Status(soci::session&, Copy&)>& change) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Copy> {
    db_.LockRow(tx, "copies", copy_id);
    auto copy = copies_.FindById(tx, copy_id);
    if (!copy || copy->removed) return core::Error::NotFound(kCopyNotFound);
    if (core::Status s = change(tx, *copy); !s) return s.take_error();
    copies_.Update(tx, *copy, clock_.NowMs());
    return *copies_.FindById(tx, copy_id);
  });
}

core::Result<Copy> CopyService::Validate(int64_t copy_id, const audit::AuditContext& context) {
  return Change(copy_id, [&](soci::session& tx, Copy& copy) -> core::Status {
    if (copy.status != kCopyStaging) {
      return core::Error::FailedPrecondition(
          fmt::format("La copie {} est déjà validée.", copy.anonymous_id));
    }
    if (copy.page_count == 0) {
      return core::Error::FailedPrecondition(
          fmt::format("La copie {} n'a aucune page.", copy.anonymous_id));
    }
    copy.status = kCopyReady;
    audit_.Append(tx, context, "copy.validated", "copy", std::to_string(copy.id),
                  {{"exam_id", copy.exam_id}, {"anonymous_id", copy.anonymous_id}});
    return {};
  });
}

core::Result<int> CopyService::ValidateAll(int64_t exam_id, const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<int> {
    if (core::Status s = CheckExamExists(tx, exam_id); !s) return s.take_error();
    db_.LockRow(tx, "exams", exam_id);
    CopyFilter filter;
    filter.status = kCopyStaging;
    int validated = 0;
    const int64_t now = clock_.NowMs();
    for (Copy& copy : copies_.ListByExam(tx, exam_id, filter)) {
      if (copy.page_count == 0) continue;
      copy.status = kCopyReady;
      copies_.Update(tx, copy, now);
      ++validated;
    }
    audit_.Append(tx, context, "copy.validated_all", "exam", std::to_string(exam_id),
                  {{"validated", validated}});
    return validated;
  });
}

core::Result<Copy> CopyService::Identify(int64_t copy_id, int64_t student_id,
                                         const audit::AuditContext& context) {
  return Change(copy_id, [&](soci::session& tx, Copy& copy) -> core::Status {
    long long sid = student_id;
    int archived = 0;
    soci::indicator ind = soci::i_null;
    tx << "SELECT archived FROM students WHERE id = :id", soci::use(sid), soci::into(archived, ind);
    if (ind != soci::i_ok) return core::Error::NotFound("Élève introuvable.");
    if (archived) return core::Error::FailedPrecondition("Cet élève est archivé.");
    db_.LockRow(tx, "exams", copy.exam_id);  // one copy per student: no race between two copies
    if (auto other = copies_.FindByStudent(tx, copy.exam_id, student_id);
        other && other->id != copy.id) {
      return core::Error::Conflict(
          fmt::format("Cet élève a déjà la copie {} dans cet examen.", other->anonymous_id),
          {{"copy_id", other->id}, {"anonymous_id", other->anonymous_id}});
    }
    audit_.Append(tx, context, "copy.identified", "copy", std::to_string(copy.id),
                  {{"exam_id", copy.exam_id},
                   {"student_id", student_id},
                   {"previous_student_id",
                    copy.student_id ? nlohmann::json(*copy.student_id) : nlohmann::json(nullptr)}});
    copy.student_id = student_id;
    if (identity_hook_) identity_hook_(tx, copy);
    return {};
  });
}

core::Result<Copy> CopyService::Unidentify(int64_t copy_id, const audit::AuditContext& context) {
  return Change(copy_id, [&](soci::session& tx, Copy& copy) -> core::Status {
    if (!copy.student_id) return {};
    audit_.Append(tx, context, "copy.unidentified", "copy", std::to_string(copy.id),
                  {{"exam_id", copy.exam_id}, {"previous_student_id", *copy.student_id}});
    copy.student_id.reset();
    if (identity_hook_) identity_hook_(tx, copy);
    return {};
  });
}

core::Result<nlohmann::json> CopyService::Identification(int64_t exam_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<nlohmann::json> {
    if (core::Status st = CheckExamExists(s, exam_id); !st) return st.take_error();
    nlohmann::json absent = nlohmann::json::array();
    for (const NamedStudent& st : copies_.ExpectedStudents(s, exam_id, true)) {
      absent.push_back(
          {{"student_id", st.id}, {"last_name", st.last_name}, {"first_name", st.first_name}});
    }
    CopyFilter filter;
    filter.identified = false;
    nlohmann::json unidentified = nlohmann::json::array();
    for (const Copy& c : copies_.ListByExam(s, exam_id, filter))
      unidentified.push_back(c.ToJson(true));
    return nlohmann::json{{"absent", absent}, {"unidentified", unidentified}};
  });
}

core::Result<std::vector<Page>> CopyService::Pool(int64_t exam_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::vector<Page>> {
    if (core::Status st = CheckExamExists(s, exam_id); !st) return st.take_error();
    return pages_.ListPool(s, exam_id);
  });
}

core::Result<int64_t> CopyService::ExamOfCopy(int64_t copy_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<int64_t> {
    auto copy = copies_.FindById(s, copy_id);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    return copy->exam_id;
  });
}

core::Result<int64_t> CopyService::ExamOfPage(int64_t page_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<int64_t> {
    auto page = pages_.FindById(s, page_id);
    if (!page) return core::Error::NotFound("Page introuvable.");
    return page->exam_id;
  });
}

core::Result<IdentityZone> CopyService::GetIdentityZone(int64_t exam_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<IdentityZone> {
    long long id = exam_id;
    std::string stored, layout;
    soci::indicator ind = soci::i_null;
    s << "SELECT identity_zone, scan_layout FROM exams WHERE id = :id", soci::use(id),
        soci::into(stored, ind), soci::into(layout);
    if (ind != soci::i_ok) return core::Error::NotFound("Examen introuvable.");
    return IdentityZone::FromStored(stored, layout);
  });
}

core::Result<IdentityZone> CopyService::SetIdentityZone(int64_t exam_id, const IdentityZone& zone,
                                                        const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<IdentityZone> {
    if (core::Status st = CheckExamExists(tx, exam_id); !st) return st.take_error();
    long long id = exam_id;
    std::string text = zone.ToJson().dump();
    tx << "UPDATE exams SET identity_zone = :z WHERE id = :id", soci::use(text), soci::use(id);
    audit_.Append(tx, context, "exam.identity_zone_changed", "exam", std::to_string(exam_id),
                  {{"zone", zone.ToJson()}});
    return zone;
  });
}

}  // namespace korrigo::scans
