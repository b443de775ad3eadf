// Parsing and validating a scheme tree from JSON (API edit, file import, stored form), with errors
// that name the offending node's path. The three modes differ only in where ids come from.
#include <fmt/format.h>

#include <set>

#include "core/json_fields.h"
#include "exams/scheme.h"

namespace korrigo::exams {
namespace {

using core::Error;
using core::Result;
using nlohmann::json;

enum class IdMode {
  kEdit,    // ids given must exist in the current scheme; missing ids are allocated
  kImport,  // ids given are ignored; all are allocated
  kLoad,    // ids are required and below next_id
};

// Where a node sits, for error messages: "Exercice 2 > Question 3" and its 1-based indexes.
struct Where {
  std::string path;
  std::vector<int> position;
};

// "Au plus 3 décimales : « x »." → "au plus 3 décimales : « x »", to embed in a sentence.
std::string Embedded(std::string message) {
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
  return message;
}

bool Present(const json& node, const char* key) {
  return node.contains(key) && !node.at(key).is_null();
}

class SchemeParser {
 public:
  SchemeParser(IdMode mode, std::set<int64_t> known_ids, int64_t next_id)
      : mode_(mode), known_ids_(std::move(known_ids)), next_id_(next_id) {}

  int64_t next_id() const { return next_id_; }

  Result<std::vector<SchemeNode>> ParseList(const json& nodes, const Where& parent) {
    std::vector<SchemeNode> out;
    for (size_t i = 0; i < nodes.size(); ++i) {
      auto node = ParseNode(nodes[i], parent, static_cast<int>(i) + 1);
      if (!node) return node.take_error();
      out.push_back(std::move(*node));
    }
    return out;
  }

 private:
  Error NodeError(const Where& where, const char* field, std::optional<int64_t> id,
                  const std::string& problem) {
    json details = {{"path", where.path}, {"position", where.position}};
    if (*field) details["field"] = field;
    if (id) details["node_id"] = *id;
    return Error::InvalidArgument(fmt::format("« {} » : {}.", where.path, problem),
                                  std::move(details));
  }

  Result<SchemeNode> ParseNode(const json& in, const Where& parent, int index) {
    Where where{parent.path, parent.position};
    where.position.push_back(index);
    std::string unnamed = fmt::format("élément n° {}", index);
    where.path += (parent.path.empty() ? "" : kPathSeparator) + unnamed;
    if (!in.is_object()) return NodeError(where, "", {}, "un objet JSON est attendu");
    SchemeNode node;
    if (!in.contains("label") || !in.at("label").is_string()) {
      return NodeError(where, "label", {}, "l'intitulé est obligatoire");
    }
    node.label = core::Trim(in.at("label").get_ref<const std::string&>());
    if (auto ok = core::CheckText(node.label, "label", "L'intitulé", kMaxLabelLength, true); !ok) {
      return NodeError(where, "label", {}, Embedded(ok.error().message));
    }
    where.path.resize(where.path.size() - unnamed.size());
    where.path += node.label;
    for (const auto& [key, value] : in.items()) {
      static const std::set<std::string> kKnown = {"id",    "label",    "max_points", "step",
                                                   "bonus", "children", "total_max",  "bonus_max"};
      if (!kKnown.contains(key)) return NodeError(where, "", {}, "champ inconnu « " + key + " »");
    }
    if (where.position.size() > static_cast<size_t>(kMaxSchemeDepth)) {
      return NodeError(where, "children", {},
                       fmt::format("au plus {} niveaux d'imbrication", kMaxSchemeDepth));
    }
    if (++count_ > kMaxSchemeNodes) {
      return NodeError(where, "", {},
                       fmt::format("le barème compte plus de {} éléments", kMaxSchemeNodes));
    }
    auto id = ParseId(in, where);
    if (!id) return id.take_error();
    node.id = *id;

    const bool has_children = Present(in, "children");
    if (has_children && !in.at("children").is_array()) {
      return NodeError(where, "children", node.id, "« children » doit être une liste");
    }
    const bool has_max = Present(in, "max_points");
    if (has_max && has_children && !in.at("children").empty()) {
      return NodeError(where, "max_points", node.id,
                       "une question notée ne peut pas avoir de sous-questions");
    }
    if (Present(in, "bonus") && !in.at("bonus").is_boolean()) {
      return NodeError(where, "bonus", node.id, "« bonus » doit valoir true ou false");
    }
    if (!has_max) {
      if (!has_children || in.at("children").empty()) {
        return NodeError(where, "max_points", node.id,
                         "indiquez un barème ou ajoutez des sous-questions");
      }
      if (Present(in, "step") || (Present(in, "bonus") && in.at("bonus").get<bool>())) {
        return NodeError(where, "step", node.id,
                         "le pas et le bonus ne concernent que les questions notées");
      }
      auto children = ParseList(in.at("children"), where);
      if (!children) return children.take_error();
      node.children = std::move(*children);
      return node;
    }
    if (auto ok = ParseLeaf(in, where, node); !ok) return ok.take_error();
    return node;
  }

  core::Status ParseLeaf(const json& in, const Where& where, SchemeNode& node) {
    auto max = Points::Parse(in.at("max_points"));
    if (!max) {
      return NodeError(where, "max_points", node.id,
                       "barème incorrect — " + Embedded(max.error().message));
    }
    if (!max->is_positive()) {
      return NodeError(where, "max_points", node.id, "le barème doit être positif");
    }
    if (*max > kMaxLeafPoints) {
      return NodeError(
          where, "max_points", node.id,
          fmt::format("le barème ne peut pas dépasser {} points", kMaxLeafPoints.ToFrench()));
    }
    if (Present(in, "step")) {
      auto step = Points::Parse(in.at("step"));
      if (!step) {
        return NodeError(where, "step", node.id,
                         "pas incorrect — " + Embedded(step.error().message));
      }
      if (!step->is_positive())
        return NodeError(where, "step", node.id, "le pas doit être positif");
      node.step = *step;
    }
    if (!max->IsMultipleOf(node.step)) {
      return NodeError(where, "max_points", node.id,
                       fmt::format("le barème ({}) doit être un multiple du pas ({})",
                                   max->ToFrench(), node.step.ToFrench()));
    }
    node.max_points = *max;
    node.bonus = Present(in, "bonus") && in.at("bonus").get<bool>();
    return {};
  }

  Result<int64_t> ParseId(const json& in, const Where& where) {
    if (mode_ == IdMode::kImport || !Present(in, "id")) {
      if (mode_ == IdMode::kLoad) return NodeError(where, "id", {}, "identifiant manquant");
      return next_id_++;
    }
    const json& value = in.at("id");
    if (!value.is_number_integer() || value.get<int64_t>() <= 0) {
      return NodeError(where, "id", {}, "identifiant invalide");
    }
    int64_t id = value.get<int64_t>();
    if (mode_ == IdMode::kEdit && !known_ids_.contains(id)) {
      return NodeError(where, "id", id,
                       fmt::format("identifiant {} inconnu (les nouveaux éléments n'ont pas "
                                   "d'identifiant : le serveur l'attribue)",
                                   id));
    }
    if (mode_ == IdMode::kLoad && id >= next_id_) {
      return NodeError(where, "id", id, fmt::format("identifiant {} hors séquence", id));
    }
    if (!seen_ids_.insert(id).second) {
      return NodeError(where, "id", id, fmt::format("identifiant {} utilisé deux fois", id));
    }
    return id;
  }

  IdMode mode_;
  std::set<int64_t> known_ids_;
  std::set<int64_t> seen_ids_;
  int64_t next_id_;
  int count_ = 0;
};

void CollectIds(const std::vector<SchemeNode>& nodes, std::set<int64_t>& ids) {
  for (const SchemeNode& node : nodes) {
    ids.insert(node.id);
    CollectIds(node.children, ids);
  }
}

Result<Scheme> Parse(const json& body, IdMode mode, std::set<int64_t> known_ids, int64_t next_id,
                     int64_t version) {
  const json* nodes = &body;
  if (body.is_object()) {
    auto ok = core::RejectUnknownFields(
        body, {"nodes", "version", "max_points", "bonus_points", "leaf_count"});
    if (!ok) return ok.take_error();
    if (!body.contains("nodes")) return core::FieldError("nodes", "Champ obligatoire : « nodes ».");
    nodes = &body.at("nodes");
  }
  if (!nodes->is_array()) {
    return core::FieldError("nodes", "Le barème doit être une liste d'exercices et de questions.");
  }
  SchemeParser parser(mode, std::move(known_ids), next_id);
  auto roots = parser.ParseList(*nodes, Where{});
  if (!roots) return roots.take_error();
  return Scheme{.roots = std::move(*roots), .next_id = parser.next_id(), .version = version};
}

}  // namespace

Result<Scheme> ParseSchemeJson(const json& body, const Scheme& current) {
  std::set<int64_t> known;
  CollectIds(current.roots, known);
  return Parse(body, IdMode::kEdit, std::move(known), current.next_id, current.version);
}

Result<Scheme> ImportSchemeJson(const json& body, const Scheme& current) {
  return Parse(body, IdMode::kImport, {}, current.next_id, current.version);
}

Result<Scheme> LoadSchemeJson(const json& nodes, int64_t version, int64_t next_id) {
  return Parse(nodes, IdMode::kLoad, {}, next_id, version);
}

}  // namespace korrigo::exams
