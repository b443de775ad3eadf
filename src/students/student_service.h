// StudentService: the roster by hand — list and search, create, edit, archive and restore, delete.
// Keeps the identity rules (one student per school identifier, one per name + birth date without
// identifier) and refuses to delete a student that other data (copies) refers to. Every change is
// audited in its own transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"
#include "students/student_store.h"

namespace korrigo::students {

struct StudentPage {
  std::vector<Student> students;
  int64_t total = 0;
};

// Says why a student cannot be deleted (e.g. "3 copies lui sont attribuées"), or nullopt. Later
// domains add theirs.
using StudentDeletionGuard =
    std::function<std::optional<std::string>(soci::session&, int64_t student_id)>;

class StudentService {
 public:
  StudentService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  void AddDeletionGuard(StudentDeletionGuard guard) { guards_.push_back(std::move(guard)); }

  core::Result<StudentPage> List(const StudentFilter& filter, int64_t page, int64_t page_size);
  core::Result<Student> Get(int64_t id);
  core::Result<std::vector<ClassCount>> Classes();
  // `fields` from ParseStudentFields(…, creating = true). Errors: conflict when the identity is
  // taken.
  core::Result<Student> Create(const StudentFields& fields, const audit::AuditContext& context);
  // Errors: not_found, conflict (identity taken by another student).
  core::Result<Student> Update(int64_t id, const StudentFields& fields,
                               const audit::AuditContext& context);
  // Errors: not_found, conflict with the guards' reasons (archive instead).
  core::Status Delete(int64_t id, const audit::AuditContext& context);

  // The identity check shared with the roster import: conflict when another student (not
  // `except_id`) has the same school identifier or, both without one, the same name key.
  static core::Status CheckIdentityFree(soci::session& s, const StudentStore& store,
                                        const Student& candidate, int64_t except_id);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  StudentStore store_;
  std::vector<StudentDeletionGuard> guards_;
};

// The JSON of a changed-field summary between two versions of a student, for the audit log (names
// of fields only: the values are personal data that the audit log need not copy).
nlohmann::json ChangedStudentFields(const Student& before, const Student& after);

}  // namespace korrigo::students
