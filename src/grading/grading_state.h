// GradingState: everything a corrector has written on one copy — annotations, a score and a remark
// per question, one global appreciation — and the batches of operations that change it. Applying a
// batch is pure and all-or-nothing: the service loads the state under the copy's lock, applies,
// and writes back only what the batch touched (GradingChanges).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "exams/points.h"
#include "grading/annotation.h"

namespace korrigo::grading {

inline constexpr size_t kMaxOpsPerBatch = 200;
inline constexpr size_t kMaxRemarkLength = 2000;
inline constexpr size_t kMaxAppreciationLength = 5000;

struct QuestionScore {
  std::optional<exams::Points> points;  // unset: not scored yet (a remark may exist alone)
  std::string remark;
  std::optional<int64_t> updated_by;
  int64_t updated_at = 0;
};

struct GradingState {
  int64_t version = 0;
  std::vector<Annotation> annotations;      // in creation order (drawn in that order)
  std::map<int64_t, QuestionScore> scores;  // by leaf id
  std::string appreciation;
  // Annotations of the copy left out of `annotations` (a state loaded for a batch holds only the
  // annotations its operations name); they count towards kMaxAnnotationsPerCopy.
  size_t unloaded_annotations = 0;

  const Annotation* Find(const std::string& uid) const;
  // The scores that are set, by leaf id.
  std::map<int64_t, exams::Points> ScoreValues() const;
  // {"version", "annotations": [...], "scores": [{question_id, points, remark}], "appreciation"}.
  nlohmann::json ToJson() const;
};

enum class OpType {
  kAddAnnotation,
  kUpdateAnnotation,
  kDeleteAnnotation,
  kSetScore,
  kSetRemark,
  kSetAppreciation
};

struct GradingOp {
  std::string op_id;  // the client's: an op id is applied once per copy
  OpType type = OpType::kSetScore;
  Annotation annotation;                // add, update
  std::string annotation_id;            // delete
  int64_t question_id = 0;              // set_score, set_remark
  std::optional<exams::Points> points;  // set_score (nullopt unsets)
  std::string text;                     // set_remark, set_appreciation
  nlohmann::json raw;                   // as received, for the history
};

// Parses {"ops": [...]} items: each {"op_id", "type", ...}. type is add_annotation /
// update_annotation
// ({"annotation": {...}}), delete_annotation ({"annotation_id"}), set_score ({"question_id",
// "points": number | "1,5" | null}), set_remark ({"question_id", "text"}), set_appreciation
// ({"text"}). Op ids are 1–100 characters without control characters, unique within the batch;
// 1–kMaxOpsPerBatch ops. Errors: invalid_argument naming the op (details.op_index, op_id, field).
core::Result<std::vector<GradingOp>> ParseOps(const nlohmann::json& ops,
                                              const AnnotationRules& rules);

// What applying a batch touched.
struct GradingChanges {
  std::set<std::string> upserted;  // annotation uids added or updated
  std::set<std::string> deleted;
  std::set<int64_t> questions;  // scores or remarks changed
  bool appreciation = false;
  bool empty() const {
    return upserted.empty() && deleted.empty() && questions.empty() && !appreciation;
  }
};

// Applies `ops` to `state` in order, as `user_id` at `now`: all or nothing (on error `state` may be
// half-changed: the caller drops it). Scores are checked against the leaf (bounds and step).
// Errors: invalid_argument naming the op (an annotation id added twice, updated or deleted while
// absent, a kind changed, a score out of bounds, too many annotations), details.op_index.
core::Result<GradingChanges> ApplyOps(GradingState& state, const std::vector<GradingOp>& ops,
                                      const AnnotationRules& rules, int64_t user_id, int64_t now);

}  // namespace korrigo::grading
