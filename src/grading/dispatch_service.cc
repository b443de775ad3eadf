// Dispatch and reassignment of copies, each in one transaction under the exam's row lock.
#include "grading/dispatch_service.h"

#include <fmt/format.h>

#include "core/json_fields.h"
#include "core/random.h"
#include "grading/dispatch_plan.h"
#include "grading/grading_service.h"

namespace korrigo::grading {
namespace {

void SetCorrector(soci::session& tx, int64_t copy_id, std::optional<int64_t> to, int64_t now) {
  long long id = copy_id, user = to.value_or(0), at = now;
  soci::indicator ind = to ? soci::i_ok : soci::i_null;
  tx << "UPDATE copies SET corrector_id = :u, assigned_at = :t, updated_at = :n WHERE id = :id",
      soci::use(user, ind), soci::use(at, ind), soci::use(at), soci::use(id);
}

nlohmann::json OptionalId(std::optional<int64_t> id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

}  // namespace

bool GradingStartedOn(const scans::Copy& copy) {
  return copy.grading_version > 0 || copy.GradingStarted();
}

core::Result<std::vector<exams::Corrector>> DispatchService::ExamCorrectors(int64_t exam_id) {
  return exams_.Correctors(exam_id, kSystemViewer);
}

core::Status DispatchService::CheckCorrector(int64_t exam_id, int64_t user_id) {
  auto correctors = ExamCorrectors(exam_id);
  if (!correctors) return correctors.take_error();
  for (const exams::Corrector& c : *correctors)
    if (c.user_id == user_id) return {};
  return core::FieldError("corrector_id", "Ce compte ne corrige pas cet examen.");
}

core::Result<nlohmann::json> DispatchService::Dispatch(int64_t exam_id, const nlohmann::json& body,
                                                       const audit::AuditContext& context) {
  if (core::Status s = core::RejectUnknownFields(body, {"correctors", "quotas", "seed"}); !s)
    return s.take_error();
  auto all = ExamCorrectors(exam_id);
  if (!all) return all.take_error();
  DispatchRequest request;
  if (body.contains("correctors") && !body["correctors"].is_null()) {
    auto ids = core::IdListField(body, "correctors", 200);
    if (!ids) return ids.take_error();
    for (int64_t id : *ids) {
      if (std::none_of(all->begin(), all->end(),
                       [&](const exams::Corrector& c) { return c.user_id == id; }))
        return core::FieldError("correctors",
                                fmt::format("Le compte {} ne corrige pas cet examen.", id));
      if (std::find(request.correctors.begin(), request.correctors.end(), id) ==
          request.correctors.end())
        request.correctors.push_back(id);
    }
  } else {
    for (const exams::Corrector& c : *all)
      if (c.active) request.correctors.push_back(c.user_id);
  }
  if (request.correctors.empty())
    return core::Error::FailedPrecondition(
        "Aucun correcteur actif : ajoutez des correcteurs à l'examen avant de répartir les "
        "copies.");
  if (body.contains("quotas") && !body["quotas"].is_null()) {
    if (!body["quotas"].is_object())
      return core::FieldError("quotas", "« quotas » : {\"<id du correcteur>\": nombre}.");
    for (const auto& [key, value] : body["quotas"].items()) {
      int64_t user = 0;
      try {
        size_t used = 0;
        user = std::stoll(key, &used);
        if (used != key.size()) user = 0;
      } catch (...) {
        user = 0;
      }
      if (user <= 0 || !value.is_number_integer() || value.get<int64_t>() < 0 ||
          value.get<int64_t>() > 100000)
        return core::FieldError("quotas", "« quotas » : {\"<id du correcteur>\": nombre}.");
      request.quotas[user] = value.get<int64_t>();
    }
    for (const auto& [user, quota] : request.quotas)
      if (std::find(request.correctors.begin(), request.correctors.end(), user) ==
          request.correctors.end())
        return core::FieldError("quotas", fmt::format("Le compte {} n'est pas parmi les "
                                                      "correcteurs de cette répartition.",
                                                      user));
  }
  if (body.contains("seed") && !body["seed"].is_null()) {
    if (!body["seed"].is_string()) return core::FieldError("seed", "« seed » : texte hexadécimal.");
    auto seed = SeedFromText(body["seed"].get<std::string>());
    if (!seed) return seed.take_error();
    request.seed = *seed;
  } else {
    core::RandomBytes(&request.seed, sizeof request.seed);
  }

  return db_.InTransaction([&](soci::session& tx) -> core::Result<nlohmann::json> {
    db_.LockRow(tx, "exams", exam_id);  // two dispatches at once cannot both take a copy
    // Waiting: ready without a corrector. A corrector's load counts every copy they have.
    for (const scans::Copy& c : copies_.ListIn(tx, exam_id, {})) {
      if (c.corrector_id) {
        ++request.current_load[*c.corrector_id];
      } else if (c.status == scans::kCopyReady) {
        request.copies.push_back(c.id);
      }
    }
    auto plan = PlanDispatch(request);
    if (!plan) return plan.take_error();
    const int64_t now = clock_.NowMs();
    nlohmann::json summary = nlohmann::json::object();
    int assigned = 0;
    for (const auto& [user, copies] : *plan) {
      for (int64_t copy : copies) SetCorrector(tx, copy, user, now);
      summary[std::to_string(user)] = copies.size();
      assigned += static_cast<int>(copies.size());
    }
    nlohmann::json params = {{"correctors", request.correctors},
                             {"quotas", body.value("quotas", nlohmann::json())}};
    std::string seed = SeedToText(request.seed), params_text = params.dump(),
                summary_text = summary.dump();
    long long exam = exam_id, created = now, user = context.user_id.value_or(0), id = 0;
    soci::indicator user_ind = context.user_id ? soci::i_ok : soci::i_null;
    tx << "INSERT INTO dispatches (exam_id, seed, params, summary, user_id, created_at) VALUES "
          "(:e, :s, :p, :m, :u, :t) RETURNING id",
        soci::use(exam), soci::use(seed), soci::use(params_text), soci::use(summary_text),
        soci::use(user, user_ind), soci::use(created), soci::into(id);
    audit_.Append(
        tx, context, "grading.dispatched", "exam", std::to_string(exam_id),
        {{"dispatch_id", id}, {"seed", seed}, {"assigned", assigned}, {"per_corrector", summary}});
    return nlohmann::json{{"dispatch_id", id},
                          {"seed", seed},
                          {"assigned", assigned},
                          {"waiting", request.copies.size() - assigned},
                          {"per_corrector", summary}};
  });
}

core::Result<nlohmann::json> DispatchService::Summary(int64_t exam_id) {
  auto correctors = ExamCorrectors(exam_id);
  if (!correctors) return correctors.take_error();
  return db_.WithSession([&](soci::session& s) -> core::Result<nlohmann::json> {
    std::map<int64_t, nlohmann::json> rows;
    for (const exams::Corrector& c : *correctors) {
      rows[c.user_id] = {{"corrector_id", c.user_id},
                         {"display_name", c.display_name},
                         {"active", c.active},
                         {"assigned", 0},
                         {"started", 0},
                         {"graded", 0}};
    }
    int waiting = 0, not_ready = 0;
    for (const scans::Copy& c : copies_.ListIn(s, exam_id, {})) {
      if (!c.corrector_id) {
        (c.status == scans::kCopyReady ? waiting : not_ready) += 1;
        continue;
      }
      auto& row = rows[*c.corrector_id];
      if (!row.contains("corrector_id")) {  // no longer a corrector of the exam
        row = {{"corrector_id", *c.corrector_id},
               {"display_name", c.corrector_name},
               {"active", false},
               {"assigned", 0},
               {"started", 0},
               {"graded", 0}};
      }
      row["assigned"] = row["assigned"].get<int>() + 1;
      if (GradingStartedOn(c)) row["started"] = row["started"].get<int>() + 1;
      if (c.status == scans::kCopyGraded) row["graded"] = row["graded"].get<int>() + 1;
    }
    nlohmann::json items = nlohmann::json::array();
    for (auto& [id, row] : rows) items.push_back(row);
    return nlohmann::json{
        {"correctors", items}, {"waiting", waiting}, {"not_validated", not_ready}};
  });
}

core::Result<scans::Copy> DispatchService::Reassign(int64_t copy_id, std::optional<int64_t> to,
                                                    bool confirm,
                                                    const audit::AuditContext& context) {
  auto exam = copies_.ExamOfCopy(copy_id);
  if (!exam) return exam.take_error();
  if (to) {
    if (core::Status s = CheckCorrector(*exam, *to); !s) return s.take_error();
  }
  return db_.InTransaction([&](soci::session& tx) -> core::Result<scans::Copy> {
    auto loaded = copies_.Load(tx, copy_id, true);
    if (!loaded) return core::Error::NotFound(kCopyNotFound);
    const scans::Copy& copy = loaded->copy;
    if (copy.status == scans::kCopyStaging)
      return core::Error::FailedPrecondition(
          fmt::format("La copie {} n'est pas encore validée.", copy.anonymous_id));
    if (copy.corrector_id == to) return copy;
    const bool started = GradingStartedOn(copy);
    if (started && !confirm) {
      return core::Error::Conflict(
          fmt::format("La correction de la copie {} a commencé : confirmez pour la déplacer.",
                      copy.anonymous_id),
          {{"requires_confirmation", true}, {"copies", {copy.id}}});
    }
    SetCorrector(tx, copy_id, to, clock_.NowMs());
    audit_.Append(tx, context, to ? "grading.reassigned" : "grading.unassigned", "copy",
                  std::to_string(copy_id),
                  {{"exam_id", copy.exam_id},
                   {"from", OptionalId(copy.corrector_id)},
                   {"to", OptionalId(to)},
                   {"grading_started", started},
                   {"confirmed", confirm}});
    return copies_.Load(tx, copy_id, false)->copy;
  });
}

core::Result<nlohmann::json> DispatchService::ReassignBatch(int64_t exam_id, int64_t from,
                                                            std::optional<int64_t> to, bool confirm,
                                                            const audit::AuditContext& context) {
  if (to) {
    if (core::Status s = CheckCorrector(exam_id, *to); !s) return s.take_error();
  } else if (auto exists = ExamCorrectors(exam_id); !exists) {
    return exists.take_error();
  }
  return db_.InTransaction([&](soci::session& tx) -> core::Result<nlohmann::json> {
    db_.LockRow(tx, "exams", exam_id);
    scans::CopyFilter filter;
    filter.corrector_id = from;
    std::vector<scans::Copy> copies = copies_.ListIn(tx, exam_id, filter);
    nlohmann::json started = nlohmann::json::array();
    for (const scans::Copy& c : copies)
      if (GradingStartedOn(c)) started.push_back(c.id);
    if (!started.empty() && !confirm) {
      return core::Error::Conflict(
          fmt::format("La correction a commencé sur {} copie(s) de ce lot : confirmez pour les "
                      "déplacer.",
                      started.size()),
          {{"requires_confirmation", true}, {"copies", started}});
    }
    const int64_t now = clock_.NowMs();
    for (const scans::Copy& c : copies) SetCorrector(tx, c.id, to, now);
    audit_.Append(tx, context, "grading.batch_reassigned", "exam", std::to_string(exam_id),
                  {{"from", from},
                   {"to", OptionalId(to)},
                   {"moved", copies.size()},
                   {"started_moved", started},
                   {"confirmed", confirm}});
    return nlohmann::json{{"moved", copies.size()}};
  });
}

}  // namespace korrigo::grading
