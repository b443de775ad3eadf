// CopyService: the copies of an exam as the exam office handles them before grading — list and
// read them with their pages, validate them (staging → ready, one or all at once), identify them by
// hand (one student per copy and one copy per student in an exam), and see who is still missing.
// Every change is audited in its transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "scans/copy_store.h"
#include "scans/identity_zone.h"
#include "scans/page_store.h"
#include "storage/database.h"

namespace korrigo::scans {

struct CopyWithPages {
  Copy copy;
  std::vector<Page> pages;
};

class CopyService {
 public:
  CopyService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit)
      : db_(db), clock_(clock), audit_(audit), copies_(db) {}

  // Errors: not_found (exam).
  core::Result<std::vector<Copy>> List(int64_t exam_id, const CopyFilter& filter);
  // Errors: not_found (also a removed copy).
  core::Result<CopyWithPages> Get(int64_t copy_id);
  // The same on the caller's session or transaction (for grading, which checks its own access);
  // nullopt for an unknown or removed copy. With `lock`, the copy's row stays locked until the
  // transaction ends.
  std::optional<CopyWithPages> Load(soci::session& s, int64_t copy_id, bool lock) const;
  // Copies of an exam as CopyStore::ListByExam lists them, on the caller's session.
  std::vector<Copy> ListIn(soci::session& s, int64_t exam_id, const CopyFilter& filter) const {
    return copies_.ListByExam(s, exam_id, filter);
  }
  // Called in the transaction of every identification change, with the copy as changed (grading
  // rebuilds the final PDF of a graded copy so it names the right student).
  using IdentityHook = std::function<void(soci::session&, const Copy&)>;
  void SetIdentityHook(IdentityHook hook) { identity_hook_ = std::move(hook); }
  // staging → ready. Errors: not_found; failed_precondition (no page, or not in staging).
  core::Result<Copy> Validate(int64_t copy_id, const audit::AuditContext& context);
  // Every staging copy of the exam that has pages; returns how many became ready. Errors:
  // not_found.
  core::Result<int> ValidateAll(int64_t exam_id, const audit::AuditContext& context);
  // Errors: not_found (copy or student), conflict (the student already has another copy of this
  // exam: details name it), failed_precondition (archived student).
  core::Result<Copy> Identify(int64_t copy_id, int64_t student_id,
                              const audit::AuditContext& context);
  core::Result<Copy> Unidentify(int64_t copy_id, const audit::AuditContext& context);
  // {"absent": [students expected without a copy], "unidentified": [copies without a student]}.
  core::Result<nlohmann::json> Identification(int64_t exam_id);
  // The exam's pool of unassigned pages. Errors: not_found (exam).
  core::Result<std::vector<Page>> Pool(int64_t exam_id);
  // The exam a copy (removed ones included) or a page belongs to. Errors: not_found.
  core::Result<int64_t> ExamOfCopy(int64_t copy_id);
  core::Result<int64_t> ExamOfPage(int64_t page_id);

  // The exam's identity zone (its default until one is set). Errors: not_found.
  core::Result<IdentityZone> GetIdentityZone(int64_t exam_id);
  core::Result<IdentityZone> SetIdentityZone(int64_t exam_id, const IdentityZone& zone,
                                             const audit::AuditContext& context);

 private:
  core::Result<Copy> Change(int64_t copy_id,
                            const std::function<core::Status(soci::session&, Copy&)>& change);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  CopyStore copies_;
  PageStore pages_;
  IdentityHook identity_hook_;
};

// Errors: not_found for an exam that does not exist. Runs on the caller's session.
core::Status CheckExamExists(soci::session& s, int64_t exam_id);

}  // namespace korrigo::scans
