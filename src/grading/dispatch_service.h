// DispatchService: giving an exam's ready copies to its correctors and moving them afterwards. A
// dispatch only touches copies waiting for a corrector — copies already assigned or being graded
// are never moved by it — and records its seed so the assignment can be explained and reproduced.
// Moving a copy whose grading has started (scores or annotations saved, or finalized) needs an
// explicit confirmation, which the audit record keeps. Admins only; every change is audited.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "exams/exam_service.h"
#include "scans/copy_service.h"
#include "storage/database.h"

namespace korrigo::grading {

class DispatchService {
 public:
  DispatchService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
                  exams::ExamService& exams, scans::CopyService& copies)
      : db_(db), clock_(clock), audit_(audit), exams_(exams), copies_(copies) {}

  // Body {"correctors"?: [ids] (default: the exam's active correctors), "quotas"?: {"<id>": n},
  // "seed"?: "hex"}. Returns {"dispatch_id", "seed", "assigned", "waiting", "per_corrector"}.
  // Errors: not_found, invalid_argument (a corrector not of the exam, bad quotas or seed),
  // failed_precondition (no corrector).
  core::Result<nlohmann::json> Dispatch(int64_t exam_id, const nlohmann::json& body,
                                        const audit::AuditContext& context);

  // Per corrector: assigned, started, graded; and the copies still waiting. Errors: not_found.
  core::Result<nlohmann::json> Summary(int64_t exam_id);

  // Gives one copy to `to` (a corrector of the exam), or takes it back when `to` is nullopt.
  // Errors: not_found; invalid_argument (not a corrector); failed_precondition (a staging copy);
  // conflict (grading started and !confirm: details.requires_confirmation).
  core::Result<scans::Copy> Reassign(int64_t copy_id, std::optional<int64_t> to, bool confirm,
                                     const audit::AuditContext& context);

  // Moves every copy of corrector `from` in the exam to `to` (or back to waiting). Same errors;
  // the conflict lists the started copies. Returns {"moved": n}.
  core::Result<nlohmann::json> ReassignBatch(int64_t exam_id, int64_t from,
                                             std::optional<int64_t> to, bool confirm,
                                             const audit::AuditContext& context);

 private:
  // The exam's correctors (active ones only with `active_only`). Errors: not_found.
  core::Result<std::vector<exams::Corrector>> ExamCorrectors(int64_t exam_id);
  core::Status CheckCorrector(int64_t exam_id, int64_t user_id);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  exams::ExamService& exams_;
  scans::CopyService& copies_;
};

// Whether grading has started on a copy: anything saved, or finalized.
bool GradingStartedOn(const scans::Copy& copy);

}  // namespace korrigo::grading
