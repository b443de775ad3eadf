// Reading a copy's grading data and applying batches of operations under the copy's row lock.
#include "grading/grading_service.h"

#include <fmt/format.h>

#include "core/json_fields.h"
#include "grading/comment_bank_service.h"

namespace korrigo::grading {
namespace {

nlohmann::json PagesJson(const std::vector<scans::Page>& pages) {
  nlohmann::json out = nlohmann::json::array();
  for (const scans::Page& p : pages) {
    const bool turned = p.rotation == 90 || p.rotation == 270;
    out.push_back(
        {{"id", p.id},
         {"position", p.position ? nlohmann::json(*p.position) : nlohmann::json()},
         {"rotation", p.rotation},
         {"width", turned ? p.height_px : p.width_px},
         {"height", turned ? p.width_px : p.height_px},
         {"image_url", "/api/v1/pages/" + std::to_string(p.id) + "/image?variant=view"},
         {"thumb_url", "/api/v1/pages/" + std::to_string(p.id) + "/image?variant=thumb"}});
  }
  return out;
}

}  // namespace

bool MayGrade(const std::string& status, bool removed, std::optional<int64_t> corrector_id,
              const Viewer& viewer) {
  if (removed || status == scans::kCopyStaging) return false;
  return viewer.is_admin() || (viewer.role == "teacher" && corrector_id == viewer.user_id);
}

std::optional<scans::CopyWithPages> LoadVisibleCopy(scans::CopyService& copies, soci::session& s,
                                                    int64_t copy_id, const Viewer& viewer,
                                                    bool lock) {
  auto copy = copies.Load(s, copy_id, lock);
  if (!copy || !MayGrade(copy->copy.status, false, copy->copy.corrector_id, viewer))
    return std::nullopt;
  return copy;
}

core::Result<std::string> GradingService::Get(int64_t copy_id, const Viewer& viewer) {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::string> {
    // The fingerprint is read before the data, so a change in between can only make the cached
    // text newer than its fingerprint (rebuilt at the next read), never older.
    auto print = store_.Fingerprint(s, copy_id);
    if (!print || !MayGrade(print->status, print->removed, print->corrector_id, viewer))
      return core::Error::NotFound(kCopyNotFound);
    if (auto hit = cache_.Find(copy_id, viewer.is_admin(), print->key)) return std::move(*hit);
    auto copy = LoadVisibleCopy(copies_, s, copy_id, viewer, false);
    if (!copy) return core::Error::NotFound(kCopyNotFound);
    auto scheme = schemes_.Current(s, copy->copy.exam_id);
    if (!scheme) return scheme.take_error();
    GradingState state = store_.Load(s, copy_id, GradingStore::Annotations::kNone);
    nlohmann::json j = state.ToJson();
    j.erase("annotations");
    j["copy"] = copy->copy.ToJson(viewer.is_admin());
    j["status"] = copy->copy.status;
    j["pages"] = PagesJson(copy->pages);
    j["scheme"] = exams::SchemeToJson(*scheme);
    j["total"] = exams::RawTotal(*scheme, state.ScoreValues()).ToJson();
    j["can_write"] = copy->copy.status == scans::kCopyReady;
    std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.pop_back();  // the closing brace: the annotations go last
    text += ",\"annotations\":" + store_.AnnotationsText(s, copy_id) + "}";
    cache_.Put(copy_id, viewer.is_admin(), print->key, text);
    return text;
  });
}

core::Result<OpsResult> GradingService::ApplyOps(int64_t copy_id, const nlohmann::json& body,
                                                 const Viewer& viewer) {
  if (core::Status s = core::RejectUnknownFields(body, {"base_version", "ops"}); !s)
    return s.take_error();
  auto base = core::OptionalIntField(body, "base_version", 0, INT64_MAX);
  if (!base) return base.take_error();
  if (!*base) return core::FieldError("base_version", "« base_version » manque.");
  if (!body.contains("ops") || !body["ops"].is_array() || body["ops"].empty())
    return core::FieldError("ops", "« ops » : une liste d'opérations non vide.");
  return db_.InTransaction([&](soci::session& tx) -> core::Result<OpsResult> {
    db_.LockRow(tx, "copies", copy_id);
    auto target = store_.LoadOpsTarget(tx, copy_id);
    if (!target || !MayGrade(target->status, target->removed, target->corrector_id, viewer))
      return core::Error::NotFound(kCopyNotFound);
    AnnotationRules rules{.page_ids = std::move(target->page_ids)};
    auto leaves = Leaves(tx, target->exam_id, target->scheme_version);
    if (!leaves) return leaves.take_error();
    rules.leaves = std::move(*leaves);
    auto ops = ParseOps(body["ops"], rules);
    if (!ops) return ops.take_error();

    std::vector<std::string> ids;
    for (const GradingOp& op : *ops) ids.push_back(op.op_id);
    auto applied = store_.AppliedOps(tx, copy_id, ids);
    GradingState& state = target->state;
    if (applied.size() == ops->size()) {
      return OpsResult{.version = state.version, .applied = 0, .replayed = true};
    }
    std::erase_if(*ops, [&](const GradingOp& op) { return applied.contains(op.op_id); });
    if (target->status != scans::kCopyReady) {
      return core::Error::FailedPrecondition(
          fmt::format("La copie {} n'est plus modifiable : elle est {}.", target->anonymous_id,
                      target->status == scans::kCopyGraded ? "corrigée et finalisée"
                                                           : "en cours de finalisation"));
    }
    if (**base != state.version) {
      nlohmann::json current = store_.Load(tx, copy_id).ToJson();
      return core::Error::Conflict(
          "La copie a été modifiée ailleurs entre-temps : rechargez-la pour continuer.",
          {{"copy_id", copy_id}, {"version", state.version}, {"current", current}});
    }
    // Only what the batch names is loaded: the annotations it adds, changes or deletes (an added
    // one must not exist yet) and the scores it sets (a remark keeps the points, and vice versa).
    std::set<std::string> uids;
    std::set<int64_t> questions;
    for (const GradingOp& op : *ops) {
      if (op.type == OpType::kDeleteAnnotation) uids.insert(op.annotation_id);
      if (op.type == OpType::kAddAnnotation || op.type == OpType::kUpdateAnnotation)
        uids.insert(op.annotation.uid);
      if (op.type == OpType::kSetScore || op.type == OpType::kSetRemark)
        questions.insert(op.question_id);
    }
    store_.LoadForOps(tx, copy_id, uids, questions, state);
    const int64_t now = clock_.NowMs();
    auto changes = grading::ApplyOps(state, *ops, rules, viewer.user_id, now);
    if (!changes) return changes.take_error();
    std::vector<int64_t> bank_items;
    for (const GradingOp& op : *ops)
      if (op.type == OpType::kAddAnnotation && op.annotation.bank_item_id)
        bank_items.push_back(*op.annotation.bank_item_id);
    if (core::Status s = RecordBankUses(tx, bank_, target->exam_id, bank_items, viewer.user_id); !s)
      return s.take_error();
    ++state.version;
    store_.Save(tx, copy_id, state, *changes);
    nlohmann::json raw = nlohmann::json::array();
    std::vector<std::string> new_ids;
    for (const GradingOp& op : *ops) {
      raw.push_back(op.raw);
      new_ids.push_back(op.op_id);
    }
    store_.RecordBatch(tx, copy_id, state.version, viewer.user_id, raw, new_ids, now);
    return OpsResult{.version = state.version, .applied = static_cast<int>(ops->size())};
  });
}

core::Result<std::map<int64_t, exams::SchemeLeaf>> GradingService::Leaves(soci::session& s,
                                                                          int64_t exam_id,
                                                                          int64_t scheme_version) {
  {
    std::lock_guard lock(leaves_mutex_);
    auto it = leaves_.find(exam_id);
    if (it != leaves_.end() && it->second.first == scheme_version) return it->second.second;
  }
  auto scheme = schemes_.Current(s, exam_id);
  if (!scheme) return scheme.take_error();
  std::map<int64_t, exams::SchemeLeaf> leaves;
  for (exams::SchemeLeaf& leaf : exams::Leaves(*scheme)) leaves[leaf.id] = std::move(leaf);
  std::lock_guard lock(leaves_mutex_);
  if (leaves_.size() >= kMaxCachedSchemes) leaves_.clear();
  leaves_[exam_id] = {scheme->version, leaves};
  return leaves;
}

core::Result<std::vector<GradingBatch>> GradingService::History(int64_t copy_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::vector<GradingBatch>> {
    if (!copies_.Load(s, copy_id, false)) return core::Error::NotFound(kCopyNotFound);
    return store_.History(s, copy_id);
  });
}

}  // namespace korrigo::grading
