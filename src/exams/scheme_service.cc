// Scheme changes in one transaction: load the current version, check the base version, build the
// new tree, diff, ask for confirmation when scores are touched, save the new version and its audit
// entry.
#include "exams/scheme_service.h"

#include <fmt/format.h>

#include "exams/scheme_diff.h"

namespace korrigo::exams {
namespace {

const char* kNotFound = "Examen introuvable.";

}  // namespace

core::Result<Scheme> SchemeService::Load(soci::session& s, const ExamStore& store,
                                         int64_t exam_id) {
  auto stored = store.LoadScheme(s, exam_id);
  if (!stored) return core::Error::NotFound(kNotFound);
  nlohmann::json nodes = nlohmann::json::parse(stored->json, nullptr, /*allow_exceptions=*/false);
  auto scheme = LoadSchemeJson(nodes, stored->version, stored->next_id);
  if (!scheme) return core::Error::Internal("Le barème enregistré est illisible.");
  return scheme;
}

core::Result<Scheme> SchemeService::Get(int64_t exam_id, const Viewer& viewer) {
  auto visible = exams_.CanView(exam_id, viewer);
  if (!visible) return visible.take_error();
  if (!*visible) return core::Error::NotFound(kNotFound);
  return db_.WithSession([&](soci::session& s) { return Load(s, store_, exam_id); });
}

core::Result<Scheme> SchemeService::GetVersion(int64_t exam_id, int64_t version,
                                               const Viewer& viewer) {
  auto visible = exams_.CanView(exam_id, viewer);
  if (!visible) return visible.take_error();
  if (!*visible) return core::Error::NotFound(kNotFound);
  return db_.WithSession([&](soci::session& s) -> core::Result<Scheme> {
    auto stored = store_.LoadScheme(s, exam_id);
    auto json = store_.LoadSchemeVersion(s, exam_id, version);
    if (!stored || !json) return core::Error::NotFound("Version du barème introuvable.");
    auto scheme =
        LoadSchemeJson(nlohmann::json::parse(*json, nullptr, false), version, stored->next_id);
    if (!scheme) return core::Error::Internal("Le barème enregistré est illisible.");
    return scheme;
  });
}

core::Result<Scheme> SchemeService::Save(soci::session& tx, int64_t exam_id, const Scheme& current,
                                         Scheme next, const SchemeChange& change,
                                         const audit::AuditContext& context, const char* how) {
  SchemeDiff diff = DiffSchemes(current, next);
  if (diff.empty()) return current;
  std::map<int64_t, std::vector<int64_t>> scored;
  if (scored_) scored = scored_(tx, exam_id);
  std::set<int64_t> scored_ids;
  for (const auto& [id, copies] : scored) scored_ids.insert(id);
  std::set<int64_t> affected = diff.AffectedScoredIds(scored_ids);
  if (!affected.empty() && !change.confirm) {
    nlohmann::json items = nlohmann::json::array();
    std::set<int64_t> copies;
    for (int64_t id : affected) {
      auto leaf = FindLeaf(current, id);
      items.push_back(
          {{"node_id", id}, {"path", leaf ? leaf->path : ""}, {"copy_ids", scored[id]}});
      copies.insert(scored[id].begin(), scored[id].end());
    }
    return core::Error::Conflict(
        fmt::format(
            "Cette modification touche des notes déjà données ({} copie(s)) : confirmez-la.",
            copies.size()),
        {{"requires_confirmation", true},
         {"affected", items},
         {"copies", copies.size()},
         {"summary", DiffSummary(diff, current, next)}});
  }
  next.version = current.version + 1;
  StoredScheme stored{
      .json = SchemeNodesToJson(next).dump(), .version = next.version, .next_id = next.next_id};
  store_.SaveScheme(tx, exam_id, stored, context.user_id, clock_.NowMs());
  audit_.Append(tx, context, "exam.scheme.updated", "exam", std::to_string(exam_id),
                {{"how", how},
                 {"version", next.version},
                 {"confirmed_affecting_scores", !affected.empty()},
                 {"diff", DiffToJson(diff)}});
  return next;
}

core::Result<Scheme> SchemeService::Replace(int64_t exam_id, const nlohmann::json& body,
                                            SchemeSource source, const SchemeChange& change,
                                            const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Scheme> {
    // A concurrent save makes this one stale (409 with the current scheme), never a duplicate
    // version.
    db_.LockRow(tx, "exams", exam_id);
    auto current = Load(tx, store_, exam_id);
    if (!current) return current.take_error();
    if (change.base_version != current->version) {
      return core::Error::Conflict("Le barème a été modifié entre-temps : rechargez-le.",
                                   {{"current", SchemeToJson(*current)}});
    }
    auto next = source == SchemeSource::kImport ? ImportSchemeJson(body, *current)
                                                : ParseSchemeJson(body, *current);
    if (!next) return next.take_error();
    return Save(tx, exam_id, *current, std::move(*next), change, context,
                source == SchemeSource::kImport ? "import" : "edit");
  });
}

core::Result<Scheme> SchemeService::CopyFrom(int64_t exam_id, int64_t source_exam_id,
                                             const SchemeChange& change,
                                             const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<Scheme> {
    // A concurrent save makes this one stale (409 with the current scheme), never a duplicate
    // version.
    db_.LockRow(tx, "exams", exam_id);
    auto current = Load(tx, store_, exam_id);
    if (!current) return current.take_error();
    auto source = Load(tx, store_, source_exam_id);
    if (!source) return core::Error::NotFound("Examen source introuvable.");
    if (change.base_version != current->version) {
      return core::Error::Conflict("Le barème a été modifié entre-temps : rechargez-le.",
                                   {{"current", SchemeToJson(*current)}});
    }
    int64_t next_id = current->next_id;
    Scheme copy = CopyScheme(*source, next_id);
    return Save(tx, exam_id, *current, std::move(copy), change, context, "copy");
  });
}

}  // namespace korrigo::exams
