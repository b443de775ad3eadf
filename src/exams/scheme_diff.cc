// Scheme comparison by node id. Both trees are indexed (parent, position, path) once; reordering is
// reported as the siblings outside a longest run that kept its relative order, so inserting or
// deleting one node does not make all its siblings look "moved".
#include "exams/scheme_diff.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace korrigo::exams {
namespace {

using nlohmann::json;

struct Entry {
  const SchemeNode* node = nullptr;
  int64_t parent = 0;  // 0 at the top level
  int index = 0;       // among its siblings
  std::string path;
};

struct Index {
  std::map<int64_t, Entry> by_id;
  std::vector<int64_t> order;  // display order
  const Entry* Find(int64_t id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &it->second;
  }
};

void Build(const std::vector<SchemeNode>& nodes, int64_t parent, const std::string& prefix,
           Index& index) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    const SchemeNode& node = nodes[i];
    std::string path = prefix.empty() ? node.label : prefix + kPathSeparator + node.label;
    index.order.push_back(node.id);
    index.by_id[node.id] = {&node, parent, static_cast<int>(i), path};
    Build(node.children, node.id, path, index);
  }
}

Index BuildIndex(const Scheme& scheme) {
  Index index;
  Build(scheme.roots, 0, "", index);
  return index;
}

// Positions (in `seq`) outside one longest strictly increasing subsequence of `seq`.
std::vector<size_t> OutsideLongestIncreasing(const std::vector<int>& seq) {
  const size_t n = seq.size();
  std::vector<size_t> length(n, 1), previous(n, n);
  size_t best = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (seq[j] < seq[i] && length[j] + 1 > length[i]) {
        length[i] = length[j] + 1;
        previous[i] = j;
      }
    }
    if (length[i] > length[best]) best = i;
  }
  std::vector<bool> kept(n, false);
  for (size_t i = best; n > 0 && i < n; i = previous[i]) kept[i] = true;
  std::vector<size_t> outside;
  for (size_t i = 0; i < n; ++i) {
    if (!kept[i]) outside.push_back(i);
  }
  return outside;
}

std::set<int64_t> Reordered(const Index& before, const Index& after) {
  // For each parent of `after`, its children that had the same parent before, with their old
  // positions.
  std::map<int64_t, std::vector<std::pair<int64_t, int>>> groups;
  for (int64_t id : after.order) {
    const Entry& now = after.by_id.at(id);
    const Entry* old = before.Find(id);
    if (old && old->parent == now.parent) groups[now.parent].push_back({id, old->index});
  }
  std::set<int64_t> out;
  for (const auto& [parent, children] : groups) {
    std::vector<int> old_positions;
    for (const auto& child : children) old_positions.push_back(child.second);
    for (size_t i : OutsideLongestIncreasing(old_positions)) out.insert(children[i].first);
  }
  return out;
}

json Ids(const std::vector<int64_t>& ids) { return ids; }

std::string PointsText(Points p) {
  return p.ToFrench() + (p > Points::Whole(1) ? " points" : " point");
}

std::string SubtreePoints(const SchemeNode& node) {
  if (node.is_leaf() && node.bonus) return "bonus, " + PointsText(*node.max_points);
  std::string text = PointsText(NodeMax(node));
  if (NodeBonusMax(node).is_positive()) text += " + bonus " + PointsText(NodeBonusMax(node));
  return text;
}

}  // namespace

bool SchemeDiff::empty() const {
  return added_ids.empty() && removed_ids.empty() && kind_changed_ids.empty() &&
         relabelled_ids.empty() && moved_ids.empty() && reordered_ids.empty() &&
         changed_leaves.empty();
}

std::set<int64_t> SchemeDiff::AffectedScoredIds(const std::set<int64_t>& scored_leaf_ids) const {
  std::set<int64_t> affected;
  for (int64_t id : removed_leaf_ids) {
    if (scored_leaf_ids.contains(id)) affected.insert(id);
  }
  for (const LeafChange& change : changed_leaves) {
    if (scored_leaf_ids.contains(change.id)) affected.insert(change.id);
  }
  return affected;
}

bool SchemeDiff::NeedsConfirmationWith(const std::set<int64_t>& scored_leaf_ids) const {
  return !AffectedScoredIds(scored_leaf_ids).empty();
}

SchemeDiff DiffSchemes(const Scheme& before, const Scheme& after) {
  const Index old_index = BuildIndex(before), new_index = BuildIndex(after);
  SchemeDiff diff;
  for (int64_t id : old_index.order) {
    const SchemeNode& old_node = *old_index.by_id.at(id).node;
    const Entry* now = new_index.Find(id);
    if (!now) diff.removed_ids.push_back(id);
    if (old_node.is_leaf() && (!now || !now->node->is_leaf())) diff.removed_leaf_ids.push_back(id);
  }
  const std::set<int64_t> reordered = Reordered(old_index, new_index);
  for (int64_t id : new_index.order) {
    const Entry& now = new_index.by_id.at(id);
    const Entry* old = old_index.Find(id);
    if (!old) {
      diff.added_ids.push_back(id);
      continue;
    }
    const SchemeNode &a = *old->node, &b = *now.node;
    if (a.is_leaf() != b.is_leaf()) diff.kind_changed_ids.push_back(id);
    if (a.label != b.label) diff.relabelled_ids.push_back(id);
    if (old->parent != now.parent) diff.moved_ids.push_back(id);
    if (reordered.contains(id)) diff.reordered_ids.push_back(id);
    if (a.is_leaf() && b.is_leaf() &&
        (a.max_points != b.max_points || a.step != b.step || a.bonus != b.bonus)) {
      diff.changed_leaves.push_back(
          {id, *a.max_points, *b.max_points, a.step, b.step, a.bonus, b.bonus});
    }
  }
  return diff;
}

json DiffToJson(const SchemeDiff& diff) {
  json changed = json::array();
  for (const LeafChange& c : diff.changed_leaves) {
    json entry = {{"id", c.id}};
    if (c.old_max != c.new_max) entry["max_points"] = {c.old_max.ToJson(), c.new_max.ToJson()};
    if (c.old_step != c.new_step) entry["step"] = {c.old_step.ToJson(), c.new_step.ToJson()};
    if (c.old_bonus != c.new_bonus) entry["bonus"] = {c.old_bonus, c.new_bonus};
    changed.push_back(std::move(entry));
  }
  json out = {{"added", Ids(diff.added_ids)},
              {"removed", Ids(diff.removed_ids)},
              {"removed_leaves", Ids(diff.removed_leaf_ids)},
              {"kind_changed", Ids(diff.kind_changed_ids)},
              {"relabelled", Ids(diff.relabelled_ids)},
              {"moved", Ids(diff.moved_ids)},
              {"reordered", Ids(diff.reordered_ids)},
              {"changed_leaves", std::move(changed)}};
  json counts = json::object();
  for (const auto& [key, value] : out.items()) counts[key] = value.size();
  out["counts"] = std::move(counts);
  return out;
}

std::vector<std::string> DiffSummary(const SchemeDiff& diff, const Scheme& before,
                                     const Scheme& after) {
  const Index old_index = BuildIndex(before), new_index = BuildIndex(after);
  const std::set<int64_t> added(diff.added_ids.begin(), diff.added_ids.end());
  const std::set<int64_t> removed(diff.removed_ids.begin(), diff.removed_ids.end());
  std::vector<std::string> lines;
  for (int64_t id : diff.added_ids) {
    const Entry& e = new_index.by_id.at(id);
    if (added.contains(e.parent)) continue;  // summarised by its added ancestor
    lines.push_back(fmt::format("Ajout de « {} » ({}).", e.path, SubtreePoints(*e.node)));
  }
  for (int64_t id : diff.removed_ids) {
    const Entry& e = old_index.by_id.at(id);
    if (removed.contains(e.parent)) continue;
    lines.push_back(fmt::format("Suppression de « {} » ({}).", e.path, SubtreePoints(*e.node)));
  }
  for (int64_t id : diff.kind_changed_ids) {
    const Entry& e = new_index.by_id.at(id);
    lines.push_back(e.node->is_leaf()
                        ? fmt::format("« {} » est désormais notée directement sur {}.", e.path,
                                      PointsText(*e.node->max_points))
                        : fmt::format("« {} » est désormais divisée en sous-questions.", e.path));
  }
  for (int64_t id : diff.relabelled_ids) {
    lines.push_back(fmt::format("« {} » renommé en « {} ».", old_index.by_id.at(id).path,
                                new_index.by_id.at(id).node->label));
  }
  for (int64_t id : diff.moved_ids) {
    lines.push_back(fmt::format("« {} » déplacé (auparavant « {} »).", new_index.by_id.at(id).path,
                                old_index.by_id.at(id).path));
  }
  if (!diff.reordered_ids.empty()) {
    std::vector<std::string> paths;
    for (int64_t id : diff.reordered_ids)
      paths.push_back("« " + new_index.by_id.at(id).path + " »");
    lines.push_back(fmt::format("Ordre modifié : {}.", fmt::join(paths, ", ")));
  }
  for (const LeafChange& c : diff.changed_leaves) {
    const std::string& path = new_index.by_id.at(c.id).path;
    if (c.old_max != c.new_max) {
      lines.push_back(fmt::format("Question « {} » : barème {} → {}.", path, c.old_max.ToFrench(),
                                  PointsText(c.new_max)));
    }
    if (c.old_step != c.new_step) {
      lines.push_back(fmt::format("Question « {} » : pas {} → {}.", path, c.old_step.ToFrench(),
                                  PointsText(c.new_step)));
    }
    if (c.old_bonus != c.new_bonus) {
      lines.push_back(fmt::format("Question « {} » : {}.", path,
                                  c.new_bonus ? "devient un bonus" : "n'est plus un bonus"));
    }
  }
  return lines;
}

}  // namespace korrigo::exams
