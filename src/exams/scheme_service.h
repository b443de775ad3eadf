// SchemeService: reading and changing an exam's marking scheme. Every change is made against the
// version the admin saw (stale → 409 with the current scheme), bumps the version, keeps the old
// one, and is audited with a diff summary. Changes that touch scores already given (a max or step
// changed, a scored question removed) are refused with the list of affected copies until the admin
// confirms them; relabelling and reordering never need it.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "exams/exam_service.h"
#include "exams/scheme.h"
#include "storage/database.h"

namespace korrigo::exams {

// Leaf id → ids of the copies that have a score for it. Grading registers the real one; without it,
// nothing is scored.
using ScoredLeavesProvider =
    std::function<std::map<int64_t, std::vector<int64_t>>(soci::session&, int64_t exam_id)>;

// How a change request describes the new scheme.
enum class SchemeSource {
  kEdit,    // the tree of the API (ids of existing nodes kept, new nodes without ids)
  kImport,  // an exported file: every node gets a fresh id
};

struct SchemeChange {
  int64_t base_version = 0;  // the version the change was made on
  bool confirm = false;      // apply even when scored questions are affected
};

class SchemeService {
 public:
  SchemeService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
                ExamService& exams)
      : db_(db), clock_(clock), audit_(audit), exams_(exams) {}

  void SetScoredLeavesProvider(ScoredLeavesProvider provider) { scored_ = std::move(provider); }

  // The current scheme. Errors: not_found (unknown exam, or not visible to the viewer).
  core::Result<Scheme> Get(int64_t exam_id, const Viewer& viewer);
  // The current scheme read on the caller's session (no visibility check: for services that have
  // checked access to an object of the exam). Errors: not_found, internal (corrupt).
  core::Result<Scheme> Current(soci::session& s, int64_t exam_id) const {
    return Load(s, store_, exam_id);
  }
  // A past version (as recorded when saved). Errors: not_found.
  core::Result<Scheme> GetVersion(int64_t exam_id, int64_t version, const Viewer& viewer);

  // Replaces the scheme with `body` (see SchemeSource). Returns the saved scheme (unchanged when
  // the body equals it). Errors: invalid_argument (validation), not_found, conflict (stale
  // base_version: details.current holds the scheme; or scores affected without confirm:
  // details.affected lists leaves and copies).
  core::Result<Scheme> Replace(int64_t exam_id, const nlohmann::json& body, SchemeSource source,
                               const SchemeChange& change, const audit::AuditContext& context);
  // Replaces the scheme with a copy of another exam's (fresh ids), under the same rules.
  core::Result<Scheme> CopyFrom(int64_t exam_id, int64_t source_exam_id, const SchemeChange& change,
                                const audit::AuditContext& context);

 private:
  core::Result<Scheme> Save(soci::session& tx, int64_t exam_id, const Scheme& current, Scheme next,
                            const SchemeChange& change, const audit::AuditContext& context,
                            const char* how);
  static core::Result<Scheme> Load(soci::session& s, const ExamStore& store, int64_t exam_id);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  ExamService& exams_;
  ExamStore store_;
  ScoredLeavesProvider scored_;
};

}  // namespace korrigo::exams
