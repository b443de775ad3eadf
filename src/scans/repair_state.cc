// The page repairs as state transitions (see repair_state.h).
#include "scans/repair_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace korrigo::scans {
namespace {

core::Error Invalid(const std::string& message) { return core::Error::InvalidArgument(message); }

void RemoveEmptied(RepairState& state, const std::set<int64_t>& had_pages) {
  for (CopyState& c : state.copies) {
    if (c.pages.empty() && had_pages.contains(c.id)) {
      c.removed = true;
      c.student_id.reset();
    }
  }
}

}  // namespace

CopyState* RepairState::FindCopy(int64_t id) {
  for (CopyState& c : copies)
    if (c.id == id) return &c;
  return nullptr;
}

CopyState* RepairState::CopyOf(int64_t page_id) {
  for (CopyState& c : copies)
    if (std::find(c.pages.begin(), c.pages.end(), page_id) != c.pages.end()) return &c;
  return nullptr;
}

nlohmann::json RepairState::ToJson() const {
  nlohmann::json cs = nlohmann::json::array();
  for (const CopyState& c : copies) {
    cs.push_back({{"id", c.id},
                  {"anonymous_id", c.anonymous_id},
                  {"removed", c.removed},
                  {"student_id", c.student_id ? nlohmann::json(*c.student_id) : nullptr},
                  {"grading_started", c.grading_started},
                  {"pages", c.pages}});
  }
  nlohmann::json rot = nlohmann::json::array();
  for (const auto& [page, rotation] : rotations) rot.push_back({page, rotation});
  return {{"copies", cs}, {"rotations", rot}};
}

core::Result<RepairState> RepairState::FromJson(const nlohmann::json& j) {
  RepairState state;
  try {
    for (const auto& c : j.at("copies")) {
      CopyState cs;
      cs.id = c.at("id").get<int64_t>();
      cs.anonymous_id = c.at("anonymous_id").get<std::string>();
      cs.removed = c.at("removed").get<bool>();
      if (!c.at("student_id").is_null()) cs.student_id = c.at("student_id").get<int64_t>();
      cs.grading_started = c.at("grading_started").get<bool>();
      cs.pages = c.at("pages").get<std::vector<int64_t>>();
      state.copies.push_back(std::move(cs));
    }
    for (const auto& r : j.at("rotations")) state.rotations[r.at(0).get<int64_t>()] = r.at(1);
  } catch (const nlohmann::json::exception&) {
    return core::Error::Internal("Historique de réparation illisible.");
  }
  return state;
}

core::Result<RepairState> MergeCopies(RepairState state, int64_t into, int64_t from) {
  if (into == from) return Invalid("Choisissez deux copies différentes.");
  CopyState* a = state.FindCopy(into);
  CopyState* b = state.FindCopy(from);
  if (!a || !b || a->removed || b->removed) return Invalid("Copie introuvable.");
  if (a->student_id && b->student_id && *a->student_id != *b->student_id) {
    return core::Error::FailedPrecondition(
        fmt::format("Les copies {} et {} sont attribuées à deux élèves différents.",
                    a->anonymous_id, b->anonymous_id));
  }
  a->pages.insert(a->pages.end(), b->pages.begin(), b->pages.end());
  if (!a->student_id) a->student_id = b->student_id;
  b->pages.clear();
  b->student_id.reset();
  b->removed = true;
  return state;
}

core::Result<RepairState> SplitCopy(RepairState state, int64_t copy_id, int at_position,
                                    int64_t new_copy) {
  CopyState* c = state.FindCopy(copy_id);
  CopyState* n = state.FindCopy(new_copy);
  if (!c || c->removed || !n) return Invalid("Copie introuvable.");
  if (at_position < 2 || at_position > static_cast<int>(c->pages.size())) {
    return Invalid(
        fmt::format("Coupez entre la page 2 et la page {} de la copie.", c->pages.size()));
  }
  n->pages.assign(c->pages.begin() + (at_position - 1), c->pages.end());
  c->pages.resize(at_position - 1);
  n->removed = false;
  return state;
}

core::Result<RepairState> MovePages(RepairState state, const std::vector<int64_t>& page_ids,
                                    std::optional<int64_t> target, std::optional<int> position) {
  if (page_ids.empty()) return Invalid("Choisissez au moins une page.");
  std::set<int64_t> unique(page_ids.begin(), page_ids.end());
  if (unique.size() != page_ids.size()) return Invalid("Une page est nommée deux fois.");
  for (int64_t id : page_ids)
    if (!state.rotations.contains(id)) return Invalid("Page introuvable.");
  CopyState* dest = nullptr;
  if (target) {
    dest = state.FindCopy(*target);
    if (!dest || dest->removed) return Invalid("Copie de destination introuvable.");
  }
  std::set<int64_t> had_pages;
  for (CopyState& c : state.copies) {
    if (!c.pages.empty()) had_pages.insert(c.id);
  }
  // Where to insert, counted before the moved pages leave the destination.
  size_t insert_at = 0;
  if (dest) {
    int limit = static_cast<int>(dest->pages.size()) + 1;
    int pos = position.value_or(limit);
    if (pos < 1 || pos > limit) {
      return Invalid(fmt::format("La position doit être comprise entre 1 et {}.", limit));
    }
    for (int i = 0; i < pos - 1; ++i)
      if (!unique.contains(dest->pages[i])) ++insert_at;
  }
  for (CopyState& c : state.copies) {
    std::erase_if(c.pages, [&](int64_t id) { return unique.contains(id); });
  }
  if (dest) dest->pages.insert(dest->pages.begin() + insert_at, page_ids.begin(), page_ids.end());
  RemoveEmptied(state, had_pages);
  return state;
}

core::Result<RepairState> ReorderPages(RepairState state, int64_t copy_id,
                                       const std::vector<int64_t>& page_ids) {
  CopyState* c = state.FindCopy(copy_id);
  if (!c || c->removed) return Invalid("Copie introuvable.");
  std::vector<int64_t> a = c->pages, b = page_ids;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a != b) return Invalid("Donnez toutes les pages de la copie, chacune une fois.");
  c->pages = page_ids;
  return state;
}

core::Result<RepairState> RotatePage(RepairState state, int64_t page_id, int degrees) {
  if (degrees != 90 && degrees != 180 && degrees != 270)
    return Invalid("La rotation vaut 90, 180 ou 270 degrés.");
  auto it = state.rotations.find(page_id);
  if (it == state.rotations.end()) return Invalid("Page introuvable.");
  it->second = (it->second + degrees) % 360;
  return state;
}

core::Status CheckGradedCopiesKept(const RepairState& before, const RepairState& after) {
  for (const CopyState& old : before.copies) {
    if (!old.grading_started) continue;
    auto refuse = [&] {
      return core::Error::FailedPrecondition(fmt::format(
          "La correction de la copie {} a commencé : on peut seulement lui ajouter des pages.",
          old.anonymous_id));
    };
    const CopyState* now = nullptr;
    for (const CopyState& c : after.copies)
      if (c.id == old.id) now = &c;
    if (!now || now->removed) return refuse();
    size_t next = 0;  // old.pages must appear in now->pages in order
    for (int64_t id : now->pages)
      if (next < old.pages.size() && old.pages[next] == id) ++next;
    if (next != old.pages.size()) return refuse();
    for (int64_t id : old.pages) {
      if (before.rotations.at(id) != after.rotations.at(id)) return refuse();
    }
  }
  return {};
}

}  // namespace korrigo::scans
