// What changed between two versions of a marking scheme, matched by node id: added, removed,
// relabelled, moved and reordered nodes, and leaves whose points changed. Lets the service tell
// harmless edits (labels, order) from those that touch scores already given, for its preview and
// confirmation, and records the change in the audit log and in French for the teacher.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "exams/points.h"
#include "exams/scheme.h"

namespace korrigo::exams {

// A leaf present (as a leaf) in both versions whose max_points, step or bonus flag changed.
struct LeafChange {
  int64_t id = 0;
  Points old_max, new_max;
  Points old_step, new_step;
  bool old_bonus = false, new_bonus = false;
  bool operator==(const LeafChange&) const = default;
};

// Id lists are in display order (of `after` for nodes it has, of `before` otherwise).
struct SchemeDiff {
  // Nodes only in `after`.
  std::vector<int64_t> added_ids;
  // Nodes only in `before`, descendants of a removed parent included.
  std::vector<int64_t> removed_ids;
  // Leaves of `before` that are no longer leaves (removed, or now parents): their scores stop
  // counting.
  std::vector<int64_t> removed_leaf_ids;
  // Kept ids that switched between leaf and parent.
  std::vector<int64_t> kind_changed_ids;
  std::vector<int64_t> relabelled_ids;
  // Now under another parent (or at another level).
  std::vector<int64_t> moved_ids;
  // Same parent, but their order among their former siblings changed. A minimal set: the others
  // kept their relative order, so one insertion does not make every sibling look reordered.
  std::vector<int64_t> reordered_ids;
  // Leaves whose max_points, step or bonus flag changed.
  std::vector<LeafChange> changed_leaves;

  // True when the two versions are the same tree (ids, labels, order, points).
  bool empty() const;

  // The ids among `scored_leaf_ids` (leaves with at least one score) whose scores this change
  // touches: leaves removed or turned into parents, and leaves whose max_points, step or bonus flag
  // changed. Relabelling, moving, reordering and adding never touch scores.
  std::set<int64_t> AffectedScoredIds(const std::set<int64_t>& scored_leaf_ids) const;
  // True when AffectedScoredIds is not empty: the service shows the affected copies and asks to
  // confirm.
  bool NeedsConfirmationWith(const std::set<int64_t>& scored_leaf_ids) const;
};

SchemeDiff DiffSchemes(const Scheme& before, const Scheme& after);

// A compact record for the audit log: the id lists under the keys "added", "removed",
// "removed_leaves", "kind_changed", "relabelled", "moved" and "reordered"; "changed_leaves" as
// [{"id": 7, "max_points": [old, new], "step": [old, new], "bonus": [old, new]}] listing only the
// fields that changed; and "counts": {"added": n, ...} with the length of each list.
nlohmann::json DiffToJson(const SchemeDiff& diff);

// One French sentence per change, for the teacher, e.g. "Question « Exercice 1 > 1.b » : barème 2 →
// 1,5 points." Added and removed subtrees are summarised by their top node. `diff` must come from
// DiffSchemes(before, after).
std::vector<std::string> DiffSummary(const SchemeDiff& diff, const Scheme& before,
                                     const Scheme& after);

}  // namespace korrigo::exams
