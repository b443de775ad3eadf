// Page repairs on the database: capture the touched part of the arrangement, transform it with the
// pure functions of repair_state.h, write it back, and record both states for undo.
#include "scans/page_repair_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "scans/copy.h"
#include "scans/copy_service.h"
#include "storage/query_rows.h"

namespace korrigo::scans {
namespace {

constexpr const char* kNotFound = "Copie ou page introuvable dans cet examen.";

struct RepairRow {
  long long id = 0, exam_id = 0, user_id = 0, undone_by = 0, created = 0;
  std::string kind, params;
  soci::indicator user_ind = soci::i_null, undone_ind = soci::i_null;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(exam_id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(params));
    st.exchange(soci::into(user_id, user_ind));
    st.exchange(soci::into(undone_by, undone_ind));
    st.exchange(soci::into(created));
  }
  RepairRecord Get() const {
    RepairRecord r;
    r.id = id;
    r.exam_id = exam_id;
    r.kind = kind;
    r.params = nlohmann::json::parse(params, nullptr, false);
    if (user_ind == soci::i_ok) r.user_id = user_id;
    if (undone_ind == soci::i_ok) r.undone_by = undone_by;
    r.created_at = created;
    return r;
  }
};

constexpr const char* kRepairColumns =
    "SELECT id, exam_id, kind, params, user_id, undone_by, created_at FROM page_repairs ";

}  // namespace

nlohmann::json RepairRecord::ToJson() const {
  return {{"id", id},
          {"exam_id", exam_id},
          {"kind", kind},
          {"params", params},
          {"user_id", user_id ? nlohmann::json(*user_id) : nullptr},
          {"undone_by", undone_by ? nlohmann::json(*undone_by) : nullptr},
          {"created_at", created_at}};
}

core::Result<RepairState> PageRepairService::Capture(soci::session& s, int64_t exam_id,
                                                     std::vector<int64_t> copy_ids,
                                                     const std::vector<int64_t>& page_ids) {
  RepairState state;
  for (int64_t page_id : page_ids) {
    auto page = pages_.FindById(s, page_id);
    if (!page || page->exam_id != exam_id) return core::Error::NotFound(kNotFound);
    state.rotations[page_id] = page->rotation;
    if (page->copy_id) copy_ids.push_back(*page->copy_id);
  }
  std::sort(copy_ids.begin(), copy_ids.end());
  copy_ids.erase(std::unique(copy_ids.begin(), copy_ids.end()), copy_ids.end());
  for (int64_t copy_id : copy_ids) {
    auto copy = copies_.FindById(s, copy_id);
    if (!copy || copy->exam_id != exam_id) return core::Error::NotFound(kNotFound);
    CopyState c{.id = copy->id,
                .anonymous_id = copy->anonymous_id,
                .removed = copy->removed,
                .student_id = copy->student_id,
                .grading_started = copy->GradingStarted()};
    for (const Page& p : pages_.ListByCopy(s, copy_id)) {
      c.pages.push_back(p.id);
      state.rotations[p.id] = p.rotation;
    }
    state.copies.push_back(std::move(c));
  }
  return state;
}

void PageRepairService::Apply(soci::session& tx, const RepairState& state, int64_t now) {
  // Students first leave every copy involved, so moving one between two copies never meets the
  // one-copy-per-student constraint half-way.
  for (const CopyState& c : state.copies) {
    long long id = c.id;
    tx << "UPDATE copies SET student_id = NULL WHERE id = :id", soci::use(id);
  }
  for (const CopyState& c : state.copies) {
    long long id = c.id, student = c.student_id.value_or(0), updated = now;
    soci::indicator ind = c.student_id ? soci::i_ok : soci::i_null;
    int removed = c.removed ? 1 : 0;
    tx << "UPDATE copies SET removed = :r, student_id = :s, version = version + 1, "
          "updated_at = :u WHERE id = :id",
        soci::use(removed), soci::use(student, ind), soci::use(updated), soci::use(id);
  }
  std::set<int64_t> placed;
  for (const CopyState& c : state.copies) {
    int position = 1;
    for (int64_t page : c.pages) {
      pages_.SetPlacement(tx, page, c.id, position++);
      placed.insert(page);
    }
  }
  for (const auto& [page, rotation] : state.rotations) {
    if (!placed.contains(page)) pages_.SetPlacement(tx, page, std::nullopt, std::nullopt);
    pages_.SetRotation(tx, page, rotation);
  }
}

core::Result<RepairRecord> PageRepairService::Repair(
    soci::session& tx, int64_t exam_id, const std::string& kind, const nlohmann::json& params,
    std::vector<int64_t> copy_ids, const std::vector<int64_t>& page_ids,
    const Transition& transition, const audit::AuditContext& context) {
  if (core::Status s = CheckExamExists(tx, exam_id); !s) return s.take_error();
  db_.LockRow(tx, "exams", exam_id);
  auto before = Capture(tx, exam_id, std::move(copy_ids), page_ids);
  if (!before) return before.take_error();
  auto after = transition(*before);
  if (!after) return after.take_error();
  if (core::Status s = CheckGradedCopiesKept(*before, *after); !s) return s.take_error();
  const int64_t now = clock_.NowMs();
  Apply(tx, *after, now);
  long long e = exam_id, created = now, id = 0;
  long long user = context.user_id.value_or(0);
  soci::indicator user_ind = context.user_id ? soci::i_ok : soci::i_null;
  std::string params_text = params.dump(), before_text = before->ToJson().dump(),
              after_text = after->ToJson().dump();
  tx << "INSERT INTO page_repairs (exam_id, kind, params, before_state, after_state, user_id, "
        "created_at) VALUES (:e, :k, :p, :b, :a, :u, :c) RETURNING id",
      soci::use(e), soci::use(kind), soci::use(params_text), soci::use(before_text),
      soci::use(after_text), soci::use(user, user_ind), soci::use(created), soci::into(id);
  audit_.Append(tx, context, "pages.repaired", "exam", std::to_string(exam_id),
                {{"repair_id", id}, {"kind", kind}, {"params", params}});
  RepairRecord record;
  record.id = id;
  record.exam_id = exam_id;
  record.kind = kind;
  record.params = params;
  record.user_id = context.user_id;
  record.created_at = now;
  return record;
}

core::Result<RepairRecord> PageRepairService::Merge(int64_t exam_id, int64_t into, int64_t from,
                                                    const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) {
    return Repair(
        tx, exam_id, "merge", {{"into", into}, {"from", from}}, {into, from}, {},
        [&](const RepairState& s) { return MergeCopies(s, into, from); }, context);
  });
}

core::Result<RepairRecord> PageRepairService::Split(int64_t exam_id, int64_t copy_id,
                                                    int at_position,
                                                    const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<RepairRecord> {
    if (core::Status s = CheckExamExists(tx, exam_id); !s) return s.take_error();
    auto copy = copies_.FindById(tx, copy_id);
    if (!copy || copy->exam_id != exam_id || copy->removed) return core::Error::NotFound(kNotFound);
    if (at_position < 2 || at_position > copy->page_count) {
      return core::Error::InvalidArgument(
          fmt::format("Coupez entre la page 2 et la page {} de la copie.", copy->page_count));
    }
    // The new copy exists from now on (removed until the split writes its pages), so undoing the
    // split hides it again and its anonymous id is never given twice.
    auto [prefix, sequence] = copies_.AllocateSequences(tx, exam_id, 1);
    Copy fresh;
    fresh.exam_id = exam_id;
    fresh.sequence = sequence;
    fresh.anonymous_id = FormatAnonymousId(prefix, sequence);
    fresh.status = copy->status == kCopyReady ? kCopyReady : kCopyStaging;
    fresh.scan_id = copy->scan_id;
    fresh.removed = true;
    fresh.created_at = fresh.updated_at = clock_.NowMs();
    const int64_t new_id = copies_.Insert(tx, fresh);
    long long new_row = new_id;
    tx << "UPDATE copies SET removed = 1 WHERE id = :id", soci::use(new_row);
    return Repair(
        tx, exam_id, "split",
        {{"copy_id", copy_id}, {"at_position", at_position}, {"new_copy_id", new_id}},
        {copy_id, new_id}, {},
        [&](const RepairState& s) { return SplitCopy(s, copy_id, at_position, new_id); }, context);
  });
}

core::Result<RepairRecord> PageRepairService::Move(int64_t exam_id,
                                                   const std::vector<int64_t>& page_ids,
                                                   std::optional<int64_t> target,
                                                   std::optional<int> position,
                                                   const audit::AuditContext& context) {
  if (page_ids.empty() || page_ids.size() > 500) {
    return core::Error::InvalidArgument("Choisissez de 1 à 500 pages.", {{"field", "page_ids"}});
  }
  nlohmann::json params = {{"page_ids", page_ids},
                           {"copy_id", target ? nlohmann::json(*target) : nullptr},
                           {"position", position ? nlohmann::json(*position) : nullptr}};
  std::vector<int64_t> copy_ids;
  if (target) copy_ids.push_back(*target);
  return db_.InTransaction([&](soci::session& tx) {
    return Repair(
        tx, exam_id, target ? "move" : "remove", params, copy_ids, page_ids,
        [&](const RepairState& s) { return MovePages(s, page_ids, target, position); }, context);
  });
}

core::Result<RepairRecord> PageRepairService::Reorder(int64_t exam_id, int64_t copy_id,
                                                      const std::vector<int64_t>& page_ids,
                                                      const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) {
    return Repair(
        tx, exam_id, "reorder", {{"copy_id", copy_id}, {"page_ids", page_ids}}, {copy_id}, {},
        [&](const RepairState& s) { return ReorderPages(s, copy_id, page_ids); }, context);
  });
}

core::Result<RepairRecord> PageRepairService::Rotate(int64_t exam_id, int64_t page_id, int degrees,
                                                     const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) {
    return Repair(
        tx, exam_id, "rotate", {{"page_id", page_id}, {"degrees", degrees}}, {}, {page_id},
        [&](const RepairState& s) { return RotatePage(s, page_id, degrees); }, context);
  });
}

core::Result<RepairRecord> PageRepairService::Undo(int64_t exam_id, int64_t repair_id,
                                                   const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<RepairRecord> {
    long long id = repair_id, e = exam_id;
    std::string before_text, after_text;
    soci::indicator undone_ind = soci::i_null;
    long long undone = 0, found_exam = 0;
    soci::indicator found = soci::i_null;
    tx << "SELECT exam_id, before_state, after_state, undone_by FROM page_repairs WHERE id = :id",
        soci::use(id), soci::into(found_exam, found), soci::into(before_text),
        soci::into(after_text), soci::into(undone, undone_ind);
    if (found != soci::i_ok || found_exam != e) {
      return core::Error::NotFound("Réparation introuvable.");
    }
    if (undone_ind == soci::i_ok) {
      return core::Error::Conflict("Cette réparation a déjà été annulée.", {{"undone_by", undone}});
    }
    auto before = RepairState::FromJson(nlohmann::json::parse(before_text, nullptr, false));
    auto after = RepairState::FromJson(nlohmann::json::parse(after_text, nullptr, false));
    if (!before || !after) return core::Error::Internal("Historique de réparation illisible.");
    std::vector<int64_t> copy_ids, page_ids;
    for (const CopyState& c : after->copies) copy_ids.push_back(c.id);
    for (const auto& [page, rotation] : after->rotations) page_ids.push_back(page);
    RepairState expected = *after;
    auto record = Repair(
        tx, exam_id, "undo", {{"undo_of", repair_id}}, copy_ids, page_ids,
        [&](const RepairState& now) -> core::Result<RepairState> {
          // Only the arrangement matters: grading may have started meanwhile (checked after).
          RepairState comparable = now;
          for (CopyState& c : comparable.copies) {
            const CopyState* old = nullptr;
            for (const CopyState& o : expected.copies)
              if (o.id == c.id) old = &o;
            if (old) c.grading_started = old->grading_started;
          }
          if (!(comparable == expected)) {
            return core::Error::Conflict(
                "Ces pages ont été modifiées depuis : annulez d'abord les réparations plus "
                "récentes.");
          }
          RepairState target = *before;
          for (CopyState& c : target.copies) {
            for (const CopyState& n : now.copies)
              if (n.id == c.id) c.grading_started = n.grading_started;
          }
          return target;
        },
        context);
    if (!record) {
      if (record.error().code == core::ErrorCode::kNotFound) {
        return core::Error::Conflict("Des pages de cette réparation n'existent plus.");
      }
      return record;
    }
    long long new_id = record->id;
    tx << "UPDATE page_repairs SET undone_by = :n WHERE id = :id", soci::use(new_id), soci::use(id);
    return record;
  });
}

core::Result<std::vector<RepairRecord>> PageRepairService::History(int64_t exam_id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::vector<RepairRecord>> {
    if (core::Status st = CheckExamExists(s, exam_id); !st) return st.take_error();
    long long e = exam_id;
    return storage::SelectRows<RepairRow>(
        s, std::string(kRepairColumns) + "WHERE exam_id = :e ORDER BY id DESC LIMIT 200",
        [&](soci::statement& st) { st.exchange(soci::use(e)); });
  });
}

}  // namespace korrigo::scans
