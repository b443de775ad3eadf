// The comment bank's rules, searches and Gradescope-style propagation of edits.
#include "grading/comment_bank_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/json_fields.h"
#include "core/text_fold.h"

namespace korrigo::grading {
namespace {

constexpr const char* kNotFound = "Commentaire introuvable.";
constexpr size_t kMaxBankText = 2000;

// Text, question and points from a body onto `item` (only the keys present).
core::Status ApplyFields(const nlohmann::json& body, const exams::Scheme& scheme, BankItem& item,
                         bool creating) {
  if (creating || body.contains("text")) {
    auto text = core::StringField(body, "text");
    if (!text) return text.take_error();
    std::string trimmed = core::Trim(*text);
    if (core::Status s =
            core::CheckText(trimmed, "text", "Le commentaire", kMaxBankText, true, true);
        !s)
      return s;
    item.text = trimmed;
  }
  if (body.contains("question_id") && body["question_id"].is_null()) {
    item.question_id.reset();  // no longer tied to a question
  } else if (body.contains("question_id")) {
    auto q = core::OptionalIntField(body, "question_id", 1, INT64_MAX);
    if (!q) return q.take_error();
    if (*q && !exams::FindLeaf(scheme, **q))
      return core::FieldError("question_id", "Cette question n'est pas dans le barème.");
    item.question_id = *q;
  }
  if (body.contains("points")) {
    if (body["points"].is_null()) {
      item.points.reset();
    } else {
      auto p = exams::Points::Parse(body["points"]);
      if (!p) return core::FieldError("points", "« points » : " + p.error().message);
      if (*p > exams::kMaxLeafPoints || *p < -exams::kMaxLeafPoints)
        return core::FieldError("points", "« points » hors limites.");
      item.points = *p;
    }
  }
  if (item.question_id && item.points) {
    auto leaf = exams::FindLeaf(scheme, *item.question_id);
    if (leaf && (*item.points > leaf->max_points || *item.points < -leaf->max_points))
      return core::FieldError(
          "points", fmt::format("« points » : entre -{0} et {0}.", leaf->max_points.ToFrench()));
  }
  return {};
}

bool MayEdit(const BankItem& item, const exams::Viewer& viewer) {
  if (item.owner_id) return item.owner_id == viewer.user_id;
  if (viewer.is_admin()) return true;
  return item.created_by == viewer.user_id;
}

}  // namespace

core::Status RecordBankUses(soci::session& tx, const CommentBankStore& store, int64_t exam_id,
                            const std::vector<int64_t>& item_ids, int64_t user_id) {
  for (int64_t id : item_ids) {
    auto item = store.Find(tx, id);
    if (!item || item->exam_id != exam_id || (item->owner_id && item->owner_id != user_id))
      return core::FieldError("bank_item_id",
                              fmt::format("Le commentaire {} n'est pas dans la banque de cet "
                                          "examen.",
                                          id));
    store.AddUsage(tx, id, 1);
  }
  return {};
}

core::Result<BankItem> CommentBankService::Visible(soci::session& s, int64_t item_id,
                                                   const exams::Viewer& viewer) {
  auto item = store_.Find(s, item_id);
  if (!item) return core::Error::NotFound(kNotFound);
  if (item->owner_id && item->owner_id != viewer.user_id && !viewer.is_admin())
    return core::Error::NotFound(kNotFound);
  auto visible = exams_.CanView(item->exam_id, viewer);
  if (!visible) return visible.take_error();
  if (!*visible) return core::Error::NotFound(kNotFound);
  return *item;
}

core::Result<std::vector<BankItem>> CommentBankService::List(int64_t exam_id,
                                                             const exams::Viewer& viewer,
                                                             const BankQuery& query) {
  auto visible = exams_.CanView(exam_id, viewer);
  if (!visible) return visible.take_error();
  if (!*visible) return core::Error::NotFound("Examen introuvable.");
  auto items = db_.WithSession([&](soci::session& s) -> core::Result<std::vector<BankItem>> {
    return store_.ListVisible(s, exam_id, viewer.user_id);
  });
  if (!items) return items;
  const std::string q = core::FoldText(core::Trim(query.search));
  // Rank: 0 prefix of the text or of a word, 1 contains, dropped otherwise.
  auto rank = [&](const BankItem& item) -> int {
    if (q.empty()) return 0;
    const std::string f = core::FoldText(item.text);
    size_t at = f.find(q);
    if (at == std::string::npos) return -1;
    for (; at != std::string::npos; at = f.find(q, at + 1))
      if (at == 0 || !std::isalnum(static_cast<unsigned char>(f[at - 1]))) return 0;
    return 1;
  };
  std::vector<std::pair<std::tuple<int, int, int64_t, int64_t>, BankItem>> ranked;
  for (BankItem& item : *items) {
    int r = rank(item);
    if (r < 0) continue;
    int other_question = query.question_id && item.question_id != query.question_id ? 1 : 0;
    ranked.push_back({{other_question, r, -item.usage_count, item.id}, std::move(item)});
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<BankItem> out;
  for (auto& [key, item] : ranked) {
    if (static_cast<int>(out.size()) >= query.limit) break;
    out.push_back(std::move(item));
  }
  return out;
}

core::Result<BankItem> CommentBankService::Create(int64_t exam_id, const exams::Viewer& viewer,
                                                  const nlohmann::json& body,
                                                  const audit::AuditContext& context) {
  if (core::Status s = core::RejectUnknownFields(body, {"text", "question_id", "points", "shared"});
      !s)
    return s.take_error();
  auto visible = exams_.CanView(exam_id, viewer);
  if (!visible) return visible.take_error();
  if (!*visible) return core::Error::NotFound("Examen introuvable.");
  auto shared = core::OptionalBoolField(body, "shared");
  if (!shared) return shared.take_error();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<BankItem> {
    auto scheme = schemes_.Current(tx, exam_id);
    if (!scheme) return scheme.take_error();
    BankItem item{.exam_id = exam_id, .created_by = viewer.user_id};
    if (!shared->value_or(true)) item.owner_id = viewer.user_id;
    if (core::Status s = ApplyFields(body, *scheme, item, true); !s) return s.take_error();
    item.created_at = item.updated_at = clock_.NowMs();
    item.id = store_.Insert(tx, item);
    audit_.Append(tx, context, "comment_bank.created", "comment", std::to_string(item.id),
                  {{"exam_id", exam_id}, {"shared", item.shared()}});
    return item;
  });
}

core::Result<nlohmann::json> CommentBankService::Update(int64_t item_id,
                                                        const exams::Viewer& viewer,
                                                        const nlohmann::json& body,
                                                        const audit::AuditContext& context) {
  if (core::Status s =
          core::RejectUnknownFields(body, {"text", "question_id", "points", "confirm"});
      !s)
    return s.take_error();
  auto confirm = core::OptionalBoolField(body, "confirm");
  if (!confirm) return confirm.take_error();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<nlohmann::json> {
    auto before = Visible(tx, item_id, viewer);
    if (!before) return before.take_error();
    if (!MayEdit(*before, viewer))
      return core::Error::PermissionDenied(
          "Seuls son auteur et l'administration modifient un commentaire partagé.");
    auto scheme = schemes_.Current(tx, before->exam_id);
    if (!scheme) return scheme.take_error();
    BankItem item = *before;
    if (core::Status s = ApplyFields(body, *scheme, item, false); !s) return s.take_error();
    const bool content_changed = item.text != before->text || item.points != before->points;
    std::vector<BankUse> uses = content_changed ? store_.Uses(tx, item_id) : std::vector<BankUse>{};
    if (!uses.empty() && !confirm->value_or(false)) {
      nlohmann::json list = nlohmann::json::array();
      for (const BankUse& u : uses)
        list.push_back(
            {{"copy_id", u.copy_id}, {"anonymous_id", u.anonymous_id}, {"status", u.copy_status}});
      return core::Error::Conflict(
          fmt::format("{} annotation(s) utilisent ce commentaire : confirmez pour mettre à jour "
                      "les copies non finalisées.",
                      uses.size()),
          {{"requires_confirmation", true}, {"uses", list}});
    }
    const int64_t now = clock_.NowMs();
    item.updated_at = now;
    store_.Update(tx, item);
    std::set<int64_t> updated, kept;
    std::map<int64_t, std::vector<std::string>> by_copy;
    for (const BankUse& u : uses) {
      if (u.copy_status == "ready") {
        by_copy[u.copy_id].push_back(u.annotation_uid);
      } else {
        kept.insert(u.copy_id);
      }
    }
    for (const auto& [copy_id, uids] : by_copy) {
      db_.LockRow(tx, "copies", copy_id);
      GradingState state = grading_.Load(tx, copy_id);
      GradingChanges changes;
      nlohmann::json ops = nlohmann::json::array();
      std::vector<std::string> op_ids;
      for (Annotation& a : state.annotations) {
        if (std::find(uids.begin(), uids.end(), a.uid) == uids.end()) continue;
        if (a.kind == kKindText) a.data["text"] = item.text;
        if (a.kind == kKindStamp && a.data.value("stamp", "") == "label" &&
            core::CodePointCount(item.text) <= kMaxStampLabel)
          a.data["label"] = item.text;
        a.points = item.points;
        a.updated_at = now;
        changes.upserted.insert(a.uid);
        std::string op_id = fmt::format("bank:{}:{}:{}", item_id, now, a.uid);
        ops.push_back({{"op_id", op_id},
                       {"type", "bank_update"},
                       {"bank_item_id", item_id},
                       {"annotation", a.ToJson()}});
        op_ids.push_back(op_id);
      }
      if (changes.empty()) continue;
      ++state.version;
      grading_.Save(tx, copy_id, state, changes);
      grading_.RecordBatch(tx, copy_id, state.version, viewer.user_id, ops, op_ids, now);
      updated.insert(copy_id);
    }
    audit_.Append(tx, context, "comment_bank.updated", "comment", std::to_string(item_id),
                  {{"exam_id", item.exam_id},
                   {"text_changed", item.text != before->text},
                   {"points_changed", item.points != before->points},
                   {"updated_copies", updated},
                   {"kept_copies", kept}});
    return nlohmann::json{
        {"item", item.ToJson()}, {"updated_copies", updated}, {"kept_copies", kept}};
  });
}

core::Status CommentBankService::Delete(int64_t item_id, const exams::Viewer& viewer,
                                        const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    auto item = Visible(tx, item_id, viewer);
    if (!item) return item.take_error();
    if (!MayEdit(*item, viewer))
      return core::Error::PermissionDenied(
          "Seuls son auteur et l'administration suppriment un commentaire partagé.");
    store_.Delete(tx, item_id);
    audit_.Append(tx, context, "comment_bank.deleted", "comment", std::to_string(item_id),
                  {{"exam_id", item->exam_id}, {"text", item->text}});
    return {};
  });
}

core::Result<std::vector<BankUse>> CommentBankService::Uses(int64_t item_id,
                                                            const exams::Viewer& viewer) {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::vector<BankUse>> {
    auto item = Visible(s, item_id, viewer);
    if (!item) return item.take_error();
    return store_.Uses(s, item_id);
  });
}

}  // namespace korrigo::grading
