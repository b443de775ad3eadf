// Roster rules and transactions for hand edits. Reads run without a transaction; each write checks
// the identity rules and writes its audit entry inside one transaction.
#include "students/student_service.h"

#include <fmt/format.h>

namespace korrigo::students {

core::Status StudentService::CheckIdentityFree(soci::session& s, const StudentStore& store,
                                               const Student& candidate, int64_t except_id) {
  if (candidate.school_id) {
    auto other = store.FindBySchoolId(s, *candidate.school_id);
    if (other && other->id != except_id) {
      return core::Error::Conflict(fmt::format("L'identifiant {} est déjà celui de {}.",
                                               *candidate.school_id, other->DisplayName()),
                                   {{"field", "school_id"}, {"student_id", other->id}});
    }
    return {};
  }
  for (const Student& other : store.FindByNameKey(
           s, NameKey(candidate.last_name, candidate.first_name, candidate.birth_date))) {
    if (other.id != except_id && !other.school_id) {
      return core::Error::Conflict(
          "Un élève de mêmes nom, prénom et date de naissance existe déjà.",
          {{"student_id", other.id}});
    }
  }
  return {};
}

core::Result<StudentPage> StudentService::List(const StudentFilter& filter, int64_t page,
                                               int64_t page_size) {
  return db_.WithSession([&](soci::session& s) -> core::Result<StudentPage> {
    StudentPage out;
    out.students = store_.List(s, filter, (page - 1) * page_size, page_size, &out.total);
    return out;
  });
}

core::Result<Student> StudentService::Get(int64_t id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<Student> {
    auto student = store_.FindById(s, id);
    if (!student) return core::Error::NotFound("Élève introuvable.");
    return *student;
  });
}

core::Result<std::vector<ClassCount>> StudentService::Classes() {
  return db_.WithSession(
      [&](soci::session& s) -> core::Result<std::vector<ClassCount>> { return store_.Classes(s); });
}

core::Result<Student> StudentService::Create(const StudentFields& fields,
                                             const audit::AuditContext& context) {
  Student student;
  ApplyStudentFields(fields, student);
  student.created_at = student.updated_at = clock_.NowMs();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Student> {
    if (core::Status free = CheckIdentityFree(tx, store_, student, 0); !free)
      return free.take_error();
    student.id = store_.Insert(tx, student);
    audit_.Append(tx, context, "student.created", "student", std::to_string(student.id),
                  {{"class_name", student.class_name}});
    return student;
  });
}

core::Result<Student> StudentService::Update(int64_t id, const StudentFields& fields,
                                             const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Student> {
    db_.LockRow(tx, "students", id);  // a concurrent edit of other fields is kept
    auto before = store_.FindById(tx, id);
    if (!before) return core::Error::NotFound("Élève introuvable.");
    Student after = *before;
    ApplyStudentFields(fields, after);
    nlohmann::json changed = ChangedStudentFields(*before, after);
    if (changed.empty()) return after;
    if (core::Status free = CheckIdentityFree(tx, store_, after, id); !free)
      return free.take_error();
    after.updated_at = clock_.NowMs();
    store_.Update(tx, after);
    std::string action = "student.updated";
    if (before->archived != after.archived)
      action = after.archived ? "student.archived" : "student.restored";
    audit_.Append(tx, context, action, "student", std::to_string(id), {{"fields", changed}});
    return after;
  });
}

core::Status StudentService::Delete(int64_t id, const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    auto student = store_.FindById(tx, id);
    if (!student) return core::Error::NotFound("Élève introuvable.");
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& guard : guards_) {
      if (auto reason = guard(tx, id)) reasons.push_back(*reason);
    }
    if (!reasons.empty()) {
      return core::Error::Conflict("Cet élève ne peut pas être supprimé : archivez-le plutôt.",
                                   {{"reasons", reasons}});
    }
    store_.Delete(tx, id);
    audit_.Append(
        tx, context, "student.deleted", "student", std::to_string(id),
        {{"class_name", student->class_name}, {"had_account", student->user_id.has_value()}});
    return {};
  });
}

nlohmann::json ChangedStudentFields(const Student& a, const Student& b) {
  nlohmann::json out = nlohmann::json::array();
  if (a.last_name != b.last_name) out.push_back("last_name");
  if (a.first_name != b.first_name) out.push_back("first_name");
  if (a.birth_date != b.birth_date) out.push_back("birth_date");
  if (a.email != b.email) out.push_back("email");
  if (a.class_name != b.class_name) out.push_back("class_name");
  if (a.group_name != b.group_name) out.push_back("group_name");
  if (a.school_id != b.school_id) out.push_back("school_id");
  if (a.archived != b.archived) out.push_back("archived");
  return out;
}

}  // namespace korrigo::students
