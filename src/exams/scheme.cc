// Walking a marking scheme: finding nodes, listing leaves with their paths, summing maxima and a
// copy's running total, checking a score against its leaf, copying a scheme under fresh ids, and
// writing it as JSON with its computed totals (parsing is in scheme_json.cc).
#include "exams/scheme.h"

#include <fmt/format.h>

namespace korrigo::exams {
namespace {

const SchemeNode* FindIn(const std::vector<SchemeNode>& nodes, int64_t id) {
  for (const SchemeNode& node : nodes) {
    if (node.id == id) return &node;
    if (const SchemeNode* found = FindIn(node.children, id)) return found;
  }
  return nullptr;
}

void CollectLeaves(const std::vector<SchemeNode>& nodes, const std::string& prefix,
                   std::vector<SchemeLeaf>& out) {
  for (const SchemeNode& node : nodes) {
    std::string path = prefix.empty() ? node.label : prefix + kPathSeparator + node.label;
    if (node.is_leaf()) {
      out.push_back({.id = node.id,
                     .path = std::move(path),
                     .max_points = *node.max_points,
                     .step = node.step,
                     .bonus = node.bonus});
    } else {
      CollectLeaves(node.children, path, out);
    }
  }
}

// Sum of leaf maxima under `node` whose bonus flag equals `bonus`.
Points SumMax(const SchemeNode& node, bool bonus) {
  if (node.is_leaf()) return node.bonus == bonus ? *node.max_points : Points();
  Points total;
  for (const SchemeNode& child : node.children) total += SumMax(child, bonus);
  return total;
}

void Renumber(std::vector<SchemeNode>& nodes, int64_t& next_id) {
  for (SchemeNode& node : nodes) {
    node.id = next_id++;
    Renumber(node.children, next_id);
  }
}

nlohmann::json NodeToJson(const SchemeNode& node, bool totals) {
  nlohmann::json out = {{"id", node.id}, {"label", node.label}};
  if (node.is_leaf()) {
    out["max_points"] = node.max_points->ToJson();
    out["step"] = node.step.ToJson();
    out["bonus"] = node.bonus;
  } else {
    nlohmann::json children = nlohmann::json::array();
    for (const SchemeNode& child : node.children) children.push_back(NodeToJson(child, totals));
    out["children"] = std::move(children);
  }
  if (totals) {
    out["total_max"] = NodeMax(node).ToJson();
    out["bonus_max"] = NodeBonusMax(node).ToJson();
  }
  return out;
}

}  // namespace

const SchemeNode* FindNode(const Scheme& scheme, int64_t id) { return FindIn(scheme.roots, id); }

std::vector<SchemeLeaf> Leaves(const Scheme& scheme) {
  std::vector<SchemeLeaf> leaves;
  CollectLeaves(scheme.roots, "", leaves);
  return leaves;
}

std::optional<SchemeLeaf> FindLeaf(const Scheme& scheme, int64_t id) {
  for (SchemeLeaf& leaf : Leaves(scheme)) {
    if (leaf.id == id) return std::move(leaf);
  }
  return std::nullopt;
}

Points NodeMax(const SchemeNode& node) { return SumMax(node, false); }

Points NodeBonusMax(const SchemeNode& node) { return SumMax(node, true); }

Points SchemeMax(const Scheme& scheme) {
  Points total;
  for (const SchemeNode& root : scheme.roots) total += NodeMax(root);
  return total;
}

Points SchemeBonusMax(const Scheme& scheme) {
  Points total;
  for (const SchemeNode& root : scheme.roots) total += NodeBonusMax(root);
  return total;
}

Points RawTotal(const Scheme& scheme, const std::map<int64_t, Points>& scores) {
  Points total;
  for (const SchemeLeaf& leaf : Leaves(scheme)) {
    auto it = scores.find(leaf.id);
    if (it != scores.end()) total += it->second;
  }
  return total;
}

core::Status ValidateScore(const SchemeLeaf& leaf, Points score) {
  nlohmann::json details = {{"leaf_id", leaf.id},
                            {"path", leaf.path},
                            {"max_points", leaf.max_points.ToJson()},
                            {"step", leaf.step.ToJson()}};
  if (score.is_negative() || score > leaf.max_points) {
    return core::Error::InvalidArgument(
        fmt::format("« {} » : la note doit être comprise entre 0 et {}.", leaf.path,
                    leaf.max_points.ToFrench()),
        std::move(details));
  }
  if (!score.IsMultipleOf(leaf.step)) {
    return core::Error::InvalidArgument(
        fmt::format("« {} » : la note doit être un multiple de {} (reçu : {}).", leaf.path,
                    leaf.step.ToFrench(), score.ToFrench()),
        std::move(details));
  }
  return {};
}

Scheme CopyScheme(const Scheme& source, int64_t& target_next_id) {
  Scheme copy{.roots = source.roots, .next_id = target_next_id, .version = 1};
  Renumber(copy.roots, copy.next_id);
  target_next_id = copy.next_id;
  return copy;
}

nlohmann::json SchemeToJson(const Scheme& scheme) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const SchemeNode& root : scheme.roots) nodes.push_back(NodeToJson(root, true));
  return {{"version", scheme.version},
          {"max_points", SchemeMax(scheme).ToJson()},
          {"bonus_points", SchemeBonusMax(scheme).ToJson()},
          {"leaf_count", Leaves(scheme).size()},
          {"nodes", std::move(nodes)}};
}

nlohmann::json SchemeNodesToJson(const Scheme& scheme) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const SchemeNode& root : scheme.roots) nodes.push_back(NodeToJson(root, false));
  return nodes;
}

}  // namespace korrigo::exams
