// Parsing and applying batches of grading operations.
#include "grading/grading_state.h"

#include <fmt/format.h>

#include "core/json_fields.h"

namespace korrigo::grading {
namespace {

using nlohmann::json;

const std::map<std::string, OpType>& OpTypes() {
  static const std::map<std::string, OpType> kTypes{
      {"add_annotation", OpType::kAddAnnotation},
      {"update_annotation", OpType::kUpdateAnnotation},
      {"delete_annotation", OpType::kDeleteAnnotation},
      {"set_score", OpType::kSetScore},
      {"set_remark", OpType::kSetRemark},
      {"set_appreciation", OpType::kSetAppreciation}};
  return kTypes;
}

// The error of op `index`, its message prefixed with the op's place.
core::Error OpError(size_t index, const std::string& op_id, core::Error e) {
  e.message = fmt::format("Opération {} : {}", index + 1, e.message);
  e.details["op_index"] = index;
  if (!op_id.empty()) e.details["op_id"] = op_id;
  return e;
}

core::Result<int64_t> QuestionField(const json& j, const AnnotationRules& rules) {
  auto q = core::OptionalIntField(j, "question_id", 1, INT64_MAX);
  if (!q) return q.take_error();
  if (!*q) return core::FieldError("question_id", "« question_id » manque.");
  if (!rules.leaves.contains(**q))
    return core::FieldError("question_id", "Cette question n'est pas dans le barème.");
  return **q;
}

core::Result<GradingOp> ParseOp(const json& j, const AnnotationRules& rules) {
  if (!j.is_object()) return core::FieldError("ops", "Chaque opération est un objet JSON.");
  GradingOp op;
  op.raw = j;
  if (!j.contains("op_id") || !j["op_id"].is_string())
    return core::FieldError("op_id", "« op_id » manque.");
  op.op_id = j["op_id"].get<std::string>();
  if (core::Status s = core::CheckText(op.op_id, "op_id", "« op_id »", 100, true); !s)
    return s.take_error();
  if (!j.contains("type") || !j["type"].is_string() ||
      !OpTypes().contains(j["type"].get<std::string>()))
    return core::FieldError("type",
                            "« type » : add_annotation, update_annotation, delete_annotation, "
                            "set_score, set_remark ou set_appreciation.");
  op.type = OpTypes().at(j["type"].get<std::string>());
  switch (op.type) {
    case OpType::kAddAnnotation:
    case OpType::kUpdateAnnotation: {
      if (core::Status s = core::RejectUnknownFields(j, {"op_id", "type", "annotation"}); !s)
        return s.take_error();
      if (op.type == OpType::kUpdateAnnotation &&
          (!j.contains("annotation") || !j["annotation"].is_object() ||
           !j["annotation"].contains("id")))
        return core::FieldError("annotation.id", "L'annotation à modifier doit avoir son id.");
      auto a = ParseAnnotation(j.value("annotation", json()), rules);
      if (!a) return a.take_error();
      op.annotation = std::move(*a);
      op.raw["annotation"]["id"] = op.annotation.uid;  // the history names ids made here too
      break;
    }
    case OpType::kDeleteAnnotation: {
      if (core::Status s = core::RejectUnknownFields(j, {"op_id", "type", "annotation_id"}); !s)
        return s.take_error();
      if (!j.contains("annotation_id") || !j["annotation_id"].is_string() ||
          !ValidAnnotationUid(j["annotation_id"].get<std::string>()))
        return core::FieldError("annotation_id", "« annotation_id » manque ou est invalide.");
      op.annotation_id = j["annotation_id"].get<std::string>();
      break;
    }
    case OpType::kSetScore: {
      if (core::Status s = core::RejectUnknownFields(j, {"op_id", "type", "question_id", "points"});
          !s)
        return s.take_error();
      auto q = QuestionField(j, rules);
      if (!q) return q.take_error();
      op.question_id = *q;
      if (!j.contains("points")) return core::FieldError("points", "« points » manque.");
      if (!j["points"].is_null()) {
        auto p = exams::Points::Parse(j["points"]);
        if (!p) return core::FieldError("points", "« points » : " + p.error().message);
        op.points = *p;
      }
      break;
    }
    case OpType::kSetRemark:
    case OpType::kSetAppreciation: {
      const bool remark = op.type == OpType::kSetRemark;
      if (remark) {
        if (core::Status s = core::RejectUnknownFields(j, {"op_id", "type", "question_id", "text"});
            !s)
          return s.take_error();
        auto q = QuestionField(j, rules);
        if (!q) return q.take_error();
        op.question_id = *q;
      } else if (core::Status s = core::RejectUnknownFields(j, {"op_id", "type", "text"}); !s) {
        return s.take_error();
      }
      auto text = core::StringField(j, "text");
      if (!text) return text.take_error();
      if (core::Status s =
              core::CheckText(*text, "text", remark ? "La remarque" : "L'appréciation",
                              remark ? kMaxRemarkLength : kMaxAppreciationLength, false, true);
          !s)
        return s.take_error();
      op.text = std::move(*text);
      break;
    }
  }
  return op;
}

}  // namespace

const Annotation* GradingState::Find(const std::string& uid) const {
  for (const Annotation& a : annotations)
    if (a.uid == uid) return &a;
  return nullptr;
}

std::map<int64_t, exams::Points> GradingState::ScoreValues() const {
  std::map<int64_t, exams::Points> out;
  for (const auto& [leaf, score] : scores)
    if (score.points) out[leaf] = *score.points;
  return out;
}

json GradingState::ToJson() const {
  json items = json::array();
  for (const Annotation& a : annotations) items.push_back(a.ToJson());
  json score_items = json::array();
  for (const auto& [leaf, s] : scores) {
    score_items.push_back({{"question_id", leaf},
                           {"points", s.points ? s.points->ToJson() : json(nullptr)},
                           {"remark", s.remark},
                           {"updated_at", s.updated_at}});
  }
  return {{"version", version},
          {"annotations", items},
          {"scores", score_items},
          {"appreciation", appreciation}};
}

core::Result<std::vector<GradingOp>> ParseOps(const json& ops, const AnnotationRules& rules) {
  if (!ops.is_array() || ops.empty())
    return core::FieldError("ops", "« ops » : une liste d'opérations non vide.");
  if (ops.size() > kMaxOpsPerBatch)
    return core::FieldError("ops",
                            fmt::format("{} opérations au plus par envoi.", kMaxOpsPerBatch));
  std::vector<GradingOp> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < ops.size(); ++i) {
    auto op = ParseOp(ops[i], rules);
    if (!op) {
      std::string id = ops[i].is_object() && ops[i].contains("op_id") && ops[i]["op_id"].is_string()
                           ? ops[i]["op_id"].get<std::string>()
                           : "";
      return OpError(i, id, op.take_error());
    }
    if (!seen.insert(op->op_id).second)
      return OpError(i, op->op_id,
                     core::FieldError("op_id", "Cet « op_id » figure deux fois dans l'envoi."));
    out.push_back(std::move(*op));
  }
  return out;
}

core::Result<GradingChanges> ApplyOps(GradingState& state, const std::vector<GradingOp>& ops,
                                      const AnnotationRules& rules, int64_t user_id, int64_t now) {
  GradingChanges changes;
  for (size_t i = 0; i < ops.size(); ++i) {
    const GradingOp& op = ops[i];
    auto fail = [&](const char* field, std::string message) {
      return OpError(i, op.op_id, core::FieldError(field, std::move(message)));
    };
    switch (op.type) {
      case OpType::kAddAnnotation: {
        if (state.Find(op.annotation.uid))
          return fail("annotation.id",
                      fmt::format("L'annotation « {} » existe déjà.", op.annotation.uid));
        if (state.annotations.size() + state.unloaded_annotations >= kMaxAnnotationsPerCopy)
          return fail("annotation",
                      fmt::format("{} annotations au plus par copie.", kMaxAnnotationsPerCopy));
        Annotation a = op.annotation;
        a.author_id = user_id;
        a.created_at = a.updated_at = now;
        state.annotations.push_back(std::move(a));
        changes.upserted.insert(op.annotation.uid);
        changes.deleted.erase(op.annotation.uid);
        break;
      }
      case OpType::kUpdateAnnotation: {
        auto it = std::find_if(state.annotations.begin(), state.annotations.end(),
                               [&](const Annotation& a) { return a.uid == op.annotation.uid; });
        if (it == state.annotations.end())
          return fail("annotation.id", fmt::format("L'annotation « {} » n'existe pas (ou plus).",
                                                   op.annotation.uid));
        if (it->kind != op.annotation.kind)
          return fail("annotation.kind", "Le type d'une annotation ne change pas.");
        Annotation a = op.annotation;
        a.author_id = it->author_id;
        a.created_at = it->created_at;
        a.updated_at = now;
        if (!a.bank_item_id) a.bank_item_id = it->bank_item_id;
        *it = std::move(a);
        changes.upserted.insert(op.annotation.uid);
        break;
      }
      case OpType::kDeleteAnnotation: {
        auto it = std::find_if(state.annotations.begin(), state.annotations.end(),
                               [&](const Annotation& a) { return a.uid == op.annotation_id; });
        if (it == state.annotations.end())
          return fail("annotation_id",
                      fmt::format("L'annotation « {} » n'existe pas (ou plus).", op.annotation_id));
        state.annotations.erase(it);
        changes.upserted.erase(op.annotation_id);
        changes.deleted.insert(op.annotation_id);
        break;
      }
      case OpType::kSetScore: {
        if (op.points) {
          if (core::Status s = exams::ValidateScore(rules.leaves.at(op.question_id), *op.points);
              !s)
            return OpError(i, op.op_id, s.take_error());
        }
        QuestionScore& score = state.scores[op.question_id];
        score.points = op.points;
        score.updated_by = user_id;
        score.updated_at = now;
        changes.questions.insert(op.question_id);
        break;
      }
      case OpType::kSetRemark: {
        QuestionScore& score = state.scores[op.question_id];
        score.remark = op.text;
        score.updated_by = user_id;
        score.updated_at = now;
        changes.questions.insert(op.question_id);
        break;
      }
      case OpType::kSetAppreciation:
        state.appreciation = op.text;
        changes.appreciation = true;
        break;
    }
  }
  return changes;
}

}  // namespace korrigo::grading
