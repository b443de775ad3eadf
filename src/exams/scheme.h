// The marking scheme ("barème") of an exam: a tree of exercises, questions and sub-questions of any
// depth whose leaves carry the points. Node ids are stable and never reused, so scores keyed by
// leaf id survive relabelling and reordering. Pure values and functions: no database, no HTTP
// (scheme.cc for the tree and its JSON output, scheme_json.cc for parsing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "exams/points.h"

namespace korrigo::exams {

inline constexpr Points kDefaultStep = Points::FromMilli(250);
inline constexpr Points kMaxLeafPoints = Points::Whole(1000);
inline constexpr int kMaxSchemeDepth = 6;       // roots are at depth 1
inline constexpr int kMaxSchemeNodes = 500;     // parents and leaves together
inline constexpr size_t kMaxLabelLength = 200;  // code points, after trimming
inline constexpr const char* kPathSeparator = " > ";

// A node is a leaf (a question that is marked: max_points set, no children) or a parent (no
// max_points, at least one child). step and bonus only mean something on leaves.
struct SchemeNode {
  int64_t id = 0;
  std::string label;
  std::optional<Points> max_points;
  Points step = kDefaultStep;  // scores are multiples of it
  bool bonus = false;          // counts toward a copy's total but not toward the scheme maximum
  std::vector<SchemeNode> children;

  bool is_leaf() const { return max_points.has_value(); }
  bool operator==(const SchemeNode&) const = default;
};

struct Scheme {
  std::vector<SchemeNode> roots;
  int64_t next_id = 1;  // the next id to allocate; only grows, so a deleted id is never reused
  int64_t version = 1;  // bumped by the service on each saved change
  bool operator==(const Scheme&) const = default;
};

// A leaf as seen by grading. `path` joins the labels from its root with kPathSeparator, e.g.
// "Exercice 2 > Question 3 > a".
struct SchemeLeaf {
  int64_t id = 0;
  std::string path;
  Points max_points;
  Points step = kDefaultStep;
  bool bonus = false;
  bool operator==(const SchemeLeaf&) const = default;
};

// --- The tree (scheme.cc) ---

// The node with this id, or nullptr. The pointer is valid while `scheme` is unchanged.
const SchemeNode* FindNode(const Scheme& scheme, int64_t id);
// Every leaf in display order (depth first, children in order).
std::vector<SchemeLeaf> Leaves(const Scheme& scheme);
std::optional<SchemeLeaf> FindLeaf(const Scheme& scheme, int64_t id);

// Sum of the maxima of the non-bonus leaves under `node` (the node itself when it is a leaf).
Points NodeMax(const SchemeNode& node);
// Sum of the maxima of the bonus leaves under `node`.
Points NodeBonusMax(const SchemeNode& node);
// The scheme maximum (non-bonus leaves), which final marks are computed against; 0 when empty.
Points SchemeMax(const Scheme& scheme);
Points SchemeBonusMax(const Scheme& scheme);

// The running total of a copy: the sum of `scores` (keyed by leaf id) over the scheme's current
// leaves, bonus leaves included. Scores of ids that are no longer leaves are ignored.
Points RawTotal(const Scheme& scheme, const std::map<int64_t, Points>& scores);

// Checks a score for `leaf`: in [0, max_points] and a multiple of the leaf's step. Errors:
// invalid_argument with a French message naming the leaf (details: leaf_id, path, max_points,
// step).
core::Status ValidateScore(const SchemeLeaf& leaf, Points score);

// A copy of `source` (e.g. another exam's scheme) whose nodes get fresh ids from `target_next_id`,
// in display order; target_next_id is advanced past them and stored as the copy's next_id. The
// copy's version is 1: a service replacing an existing scheme sets it to the target's version + 1.
Scheme CopyScheme(const Scheme& source, int64_t& target_next_id);

// --- JSON (parsing in scheme_json.cc, writing in scheme.cc) ---
//
// Input: either an array of nodes, or an object {"nodes": [...]} that may also carry the computed
// fields SchemeToJson writes (version, max_points, bonus_points, leaf_count), which are ignored. A
// node is
//   {"id"?: 7, "label": "Question 1", "max_points"?: 2 | "1,5", "step"?: 0.25, "bonus"?: false,
//    "children"?: [...]}
// plus the ignored computed fields total_max and bonus_max. null counts as absent.
//
// Validation (invalid_argument; the French message starts with the node's path, e.g.
// « Exercice 2 > Question 3 » : …, and details hold path, position (1-based indexes from the root),
// field and node_id when known): labels 1–200 characters after trimming, without control
// characters; depth ≤ 6; at most 500 nodes; a leaf has 0 < max_points ≤ 1000, step > 0 (default
// 0.25) and max_points a multiple of step; a parent has at least one child and neither max_points,
// step nor bonus true; ids unique.

// Parses an edit of `current` (the API body). Nodes without an id are new and get ids from
// current.next_id; an id given by the client must belong to a node of `current` (the client never
// invents ids, so a deleted id cannot come back). The result keeps current.version: the service
// bumps it when DiffSchemes(current, result) is not empty.
core::Result<Scheme> ParseSchemeJson(const nlohmann::json& body, const Scheme& current);

// Parses an imported scheme file (possibly exported from another exam): ids in the file are ignored
// and every node gets a fresh id from current.next_id. Same validation; the result keeps
// current.version.
core::Result<Scheme> ImportSchemeJson(const nlohmann::json& body, const Scheme& current);

// Rebuilds a stored scheme: every node must have a unique id below next_id. An error here means the
// stored data is corrupt.
core::Result<Scheme> LoadSchemeJson(const nlohmann::json& nodes, int64_t version, int64_t next_id);

// The API and export form: {"version", "max_points", "bonus_points", "leaf_count", "nodes": [...]}
// where every node has id, label, total_max and bonus_max; leaves add max_points, step and bonus;
// parents add children. Points are JSON numbers.
nlohmann::json SchemeToJson(const Scheme& scheme);

// The storage form: the array of nodes without computed fields, readable by LoadSchemeJson.
nlohmann::json SchemeNodesToJson(const Scheme& scheme);

}  // namespace korrigo::exams
