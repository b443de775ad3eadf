// GradingService: a copy's grading data for the people allowed to see it, and the autosave path
// that changes it. Writes come as batches of operations made on a known version: a stale batch is
// refused with the current state (nothing lost: the client merges and resends), an operation id
// already applied is not applied again (safe retries), a batch is all-or-nothing, and every applied
// batch is kept in the copy's history.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "exams/scheme_service.h"
#include "grading/comment_bank_store.h"
#include "grading/grading_store.h"
#include "grading/grading_view_cache.h"
#include "scans/copy_service.h"
#include "storage/database.h"

namespace korrigo::grading {

using Viewer = exams::Viewer;

inline constexpr const char* kCopyNotFound = "Copie introuvable.";
// Jobs and checks made on behalf of the system see what an admin sees.
inline const Viewer kSystemViewer{.user_id = 0, .role = "admin"};

// Who may see a copy's grading: admins any copy past staging, a teacher only the copies
// dispatched to them.
bool MayGrade(const std::string& status, bool removed, std::optional<int64_t> corrector_id,
              const Viewer& viewer);

struct OpsResult {
  int64_t version = 0;
  int applied = 0;        // ops applied by this call
  bool replayed = false;  // every op had been applied before: nothing changed
};

class GradingService {
 public:
  GradingService(storage::Database& db, const core::Clock& clock, scans::CopyService& copies,
                 exams::SchemeService& schemes)
      : db_(db), clock_(clock), copies_(copies), schemes_(schemes) {}

  // The grading screen's data: copy (anonymous for correctors), pages with image URLs and sizes,
  // scheme, annotations, scores, remarks, appreciation, status, version, and whether the viewer may
  // write, as JSON text (annotations are spliced in as stored, never re-parsed). Errors: not_found
  // (unknown, removed or staging copy; a teacher's copy not assigned to them).
  core::Result<std::string> Get(int64_t copy_id, const Viewer& viewer);

  // Applies {"base_version", "ops": [...]} (see grading_state.h). Errors: not_found (as Get);
  // invalid_argument (a malformed body or op: nothing applied); failed_precondition (the copy is
  // not ready: finalized or being finalized); conflict (stale base_version: details.current is the
  // current state, details.version its version).
  core::Result<OpsResult> ApplyOps(int64_t copy_id, const nlohmann::json& body,
                                   const Viewer& viewer);

  // Every applied batch, oldest first (admins). Errors: not_found.
  core::Result<std::vector<GradingBatch>> History(int64_t copy_id);

  // Leaf id → copies with a score (registered with SchemeService).
  std::map<int64_t, std::vector<int64_t>> ScoredLeaves(soci::session& s, int64_t exam_id) const {
    return store_.ScoredLeaves(s, exam_id);
  }

 private:
  // The exam's scheme leaves at `scheme_version`, parsed once per version (a saved change of the
  // scheme bumps it; exam ids are never reused).
  core::Result<std::map<int64_t, exams::SchemeLeaf>> Leaves(soci::session& s, int64_t exam_id,
                                                            int64_t scheme_version);
  static constexpr size_t kMaxCachedSchemes = 1024;

  storage::Database& db_;
  const core::Clock& clock_;
  scans::CopyService& copies_;
  exams::SchemeService& schemes_;
  GradingStore store_;
  CommentBankStore bank_;
  GradingViewCache cache_;
  std::mutex leaves_mutex_;
  std::map<int64_t, std::pair<int64_t, std::map<int64_t, exams::SchemeLeaf>>> leaves_;
};

// The copy, loaded on `s`, if MayGrade allows it; nullopt otherwise (callers answer not_found).
std::optional<scans::CopyWithPages> LoadVisibleCopy(scans::CopyService& copies, soci::session& s,
                                                    int64_t copy_id, const Viewer& viewer,
                                                    bool lock);

}  // namespace korrigo::grading
