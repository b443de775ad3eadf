// PageRepairService: an admin's fixes to the page arrangement of an exam — merge and split copies,
// move pages between copies or to and from the exam's pool, reorder, rotate — each recorded in
// page_repairs with the states before and after (RepairState), audited, and undoable from the
// history as long as what it changed was not changed again since. Once grading started on a copy,
// its pages can only be added to.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "scans/copy_store.h"
#include "scans/page_store.h"
#include "scans/repair_state.h"
#include "storage/database.h"

namespace korrigo::scans {

struct RepairRecord {
  int64_t id = 0;
  int64_t exam_id = 0;
  std::string kind;
  nlohmann::json params;
  std::optional<int64_t> user_id;
  std::optional<int64_t> undone_by;
  int64_t created_at = 0;
  nlohmann::json ToJson() const;
};

class PageRepairService {
 public:
  PageRepairService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit)
      : db_(db), clock_(clock), audit_(audit), copies_(db) {}

  // Each returns the repair recorded. Errors: not_found (exam, or a copy or page not in it),
  // invalid_argument (the request makes no sense), failed_precondition (grading started).
  core::Result<RepairRecord> Merge(int64_t exam_id, int64_t into, int64_t from,
                                   const audit::AuditContext& context);
  core::Result<RepairRecord> Split(int64_t exam_id, int64_t copy_id, int at_position,
                                   const audit::AuditContext& context);
  // To the pool when `target` is nullopt.
  core::Result<RepairRecord> Move(int64_t exam_id, const std::vector<int64_t>& page_ids,
                                  std::optional<int64_t> target, std::optional<int> position,
                                  const audit::AuditContext& context);
  core::Result<RepairRecord> Reorder(int64_t exam_id, int64_t copy_id,
                                     const std::vector<int64_t>& page_ids,
                                     const audit::AuditContext& context);
  core::Result<RepairRecord> Rotate(int64_t exam_id, int64_t page_id, int degrees,
                                    const audit::AuditContext& context);
  // Writes back the state before repair `repair_id`, recorded as a repair of kind "undo". Errors:
  // not_found; conflict when it was already undone or what it changed has changed since.
  core::Result<RepairRecord> Undo(int64_t exam_id, int64_t repair_id,
                                  const audit::AuditContext& context);
  // Newest first, at most 200.
  core::Result<std::vector<RepairRecord>> History(int64_t exam_id);

 private:
  using Transition = std::function<core::Result<RepairState>(const RepairState&)>;
  // Captures the state of `copy_ids` and `page_ids` (and the copies holding those pages), applies
  // `transition`, checks graded copies, writes the result and records the repair.
  core::Result<RepairRecord> Repair(soci::session& tx, int64_t exam_id, const std::string& kind,
                                    const nlohmann::json& params, std::vector<int64_t> copy_ids,
                                    const std::vector<int64_t>& page_ids,
                                    const Transition& transition,
                                    const audit::AuditContext& context);
  core::Result<RepairState> Capture(soci::session& s, int64_t exam_id,
                                    std::vector<int64_t> copy_ids,
                                    const std::vector<int64_t>& page_ids);
  void Apply(soci::session& tx, const RepairState& state, int64_t now);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  CopyStore copies_;
  PageStore pages_;
};

}  // namespace korrigo::scans
