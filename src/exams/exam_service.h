// ExamService: exams and their correctors — list with progress counts, read, create, update,
// archive, delete — with the visibility rule that a teacher sees only the exams they correct
// (others are "not found"). Deleting an exam that scans or copies refer to is refused (archive
// instead). Every change is audited in its transaction.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "auth/user_service.h"
#include "core/clock.h"
#include "core/result.h"
#include "exams/exam_store.h"
#include "storage/database.h"

namespace korrigo::exams {

// Who is asking: admins see every exam, teachers the ones they correct, students none.
struct Viewer {
  int64_t user_id = 0;
  std::string role;
  bool is_admin() const { return role == "admin"; }
};

struct ExamPage {
  std::vector<Exam> exams;
  std::map<int64_t, ExamProgress> progress;
  int64_t total = 0;
};

struct Corrector {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  bool active = true;
};

// Says why an exam cannot be deleted (e.g. "2 lots de copies numérisées"), or nullopt. Later
// domains add theirs.
using ExamDeletionGuard =
    std::function<std::optional<std::string>(soci::session&, int64_t exam_id)>;

// Says why `user_id` cannot stop correcting the exam (e.g. "a encore 3 copies attribuées"), or
// nullopt. Later domains add theirs.
using CorrectorRemovalGuard =
    std::function<std::optional<std::string>(soci::session&, int64_t exam_id, int64_t user_id)>;

class ExamService {
 public:
  ExamService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
              auth::UserService& users)
      : db_(db), clock_(clock), audit_(audit), users_(users) {}

  void AddDeletionGuard(ExamDeletionGuard guard) { guards_.push_back(std::move(guard)); }
  void AddCorrectorRemovalGuard(CorrectorRemovalGuard guard) {
    corrector_guards_.push_back(std::move(guard));
  }

  core::Result<ExamPage> List(ExamFilter filter, int64_t page, int64_t page_size,
                              const Viewer& viewer);
  // Errors: not_found (also when the viewer may not see it).
  core::Result<Exam> Get(int64_t id, const Viewer& viewer);
  // Errors: invalid_argument (a corrector that is not an active teacher or admin).
  core::Result<Exam> Create(const ExamFields& fields, int64_t author_id,
                            const audit::AuditContext& context);
  // Errors: as Create; not_found; conflict (a corrector taken off still holds copies:
  // details.correctors lists user_id and reason).
  core::Result<Exam> Update(int64_t id, const ExamFields& fields,
                            const audit::AuditContext& context);
  // Errors: not_found, conflict with the guards' reasons.
  core::Status Delete(int64_t id, const audit::AuditContext& context);

  core::Result<std::vector<Corrector>> Correctors(int64_t exam_id, const Viewer& viewer);
  core::Result<std::vector<Corrector>> SetCorrectors(int64_t exam_id,
                                                     const std::vector<int64_t>& user_ids,
                                                     const audit::AuditContext& context);

  // For other domains' object checks: whether `viewer` may see the exam (admin, or one of its
  // correctors).
  core::Result<bool> CanView(int64_t exam_id, const Viewer& viewer);

 private:
  core::Status CheckCorrectors(const std::vector<int64_t>& user_ids);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  auth::UserService& users_;
  ExamStore store_;
  std::vector<ExamDeletionGuard> guards_;
  std::vector<CorrectorRemovalGuard> corrector_guards_;
};

}  // namespace korrigo::exams
