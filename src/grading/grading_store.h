// GradingStore: SQL for a copy's grading data — annotations, scores and remarks, appreciation and
// version (columns of copies), the applied batches (history) and the client operation ids already
// applied. Methods run on the caller's session or transaction; SOCI exceptions propagate.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "grading/grading_state.h"

namespace korrigo::grading {

// One applied batch, as the history shows it.
struct GradingBatch {
  int64_t id = 0;
  int64_t copy_id = 0;
  int64_t version = 0;
  std::optional<int64_t> user_id;
  std::string user_name;
  nlohmann::json ops;
  int64_t created_at = 0;
};

// What decides whether a cached grading view is still right, and who may see it.
struct ViewFingerprint {
  std::string status;
  std::optional<int64_t> corrector_id;
  bool removed = false;
  std::string key;  // changes whenever anything the view shows changes
};

// What applying a batch of operations needs to know of a copy besides its grading data.
struct OpsTarget {
  std::string status;
  bool removed = false;
  std::optional<int64_t> corrector_id;
  int64_t exam_id = 0;
  std::string anonymous_id;
  int64_t scheme_version = 0;
  std::set<int64_t> page_ids;
  // Version and appreciation; no annotations or scores yet (every annotation counted as unloaded).
  GradingState state;
};

class GradingStore {
 public:
  // Two queries; nullopt for an unknown copy.
  std::optional<OpsTarget> LoadOpsTarget(soci::session& s, int64_t copy_id) const;
  // Adds to `state` (from LoadOpsTarget) the annotations named `uids` (without their data) and the
  // scores of `questions`.
  void LoadForOps(soci::session& s, int64_t copy_id, const std::set<std::string>& uids,
                  const std::set<int64_t>& questions, GradingState& state) const;
  // One query; nullopt for an unknown copy.
  std::optional<ViewFingerprint> Fingerprint(soci::session& s, int64_t copy_id) const;
  enum class Annotations { kFull, kNone };
  // The copy's grading data (version from copies.grading_version).
  GradingState Load(soci::session& s, int64_t copy_id,
                    Annotations annotations = Annotations::kFull) const;
  // The JSON array of the copy's annotations (as Annotation::ToJson writes them), built without
  // parsing their stored data.
  std::string AnnotationsText(soci::session& s, int64_t copy_id) const;
  // Writes what `changes` names from `state`, and state.version as the copy's grading version.
  void Save(soci::session& s, int64_t copy_id, const GradingState& state,
            const GradingChanges& changes) const;
  // Of `op_ids`, those already applied to the copy, with the version they produced (one query).
  std::map<std::string, int64_t> AppliedOps(soci::session& s, int64_t copy_id,
                                            const std::vector<std::string>& op_ids) const;
  void RecordBatch(soci::session& s, int64_t copy_id, int64_t version, int64_t user_id,
                   const nlohmann::json& ops, const std::vector<std::string>& op_ids,
                   int64_t now) const;
  // Every batch of the copy, oldest first.
  std::vector<GradingBatch> History(soci::session& s, int64_t copy_id) const;
  // Copy id → its set scores by leaf id, for every copy of the exam.
  std::map<int64_t, std::map<int64_t, exams::Points>> ScoresByExam(soci::session& s,
                                                                   int64_t exam_id) const;
  // Leaf id → copies of the exam with a score for it (for scheme changes).
  std::map<int64_t, std::vector<int64_t>> ScoredLeaves(soci::session& s, int64_t exam_id) const;
};

}  // namespace korrigo::grading
