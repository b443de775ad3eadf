// Matching roster rows with students. Identity follows student.h: school id first, else folded
// names + birth date.
#include "students/roster_plan.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "students/student_service.h"
#include "students/student_store.h"

namespace korrigo::students {
namespace {

Student Apply(const RosterRow& row, Student s) {
  s.last_name = row.last_name;
  s.first_name = row.first_name;
  if (row.birth_date) s.birth_date = row.birth_date;
  if (row.email) s.email = row.email;
  s.class_name = row.class_name;
  if (row.group) s.group_name = NormalizeGroupList(*row.group);
  if (row.school_id) s.school_id = row.school_id;
  s.archived = false;
  return s;
}

nlohmann::json Opt(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}
std::optional<std::string> OptFrom(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return std::nullopt;
}

}  // namespace

RosterPlan PlanRosterImport(const std::vector<RosterRow>& rows,
                            const std::vector<RejectedRow>& rejected,
                            const std::vector<Student>& existing) {
  RosterPlan plan;
  plan.rejected = rejected;
  std::map<std::string, const Student*> by_school;
  std::map<std::string, std::vector<const Student*>> by_name;
  for (const Student& s : existing) {
    if (s.school_id) by_school[*s.school_id] = &s;
    by_name[NameKey(s.last_name, s.first_name, s.birth_date)].push_back(&s);
  }
  std::map<int64_t, int> claimed;  // student id → row that matched it
  std::set<std::string> classes;
  for (const RosterRow& row : rows) {
    classes.insert(row.class_name);
    const Student* match = nullptr;
    if (row.school_id && by_school.contains(*row.school_id)) match = by_school[*row.school_id];
    if (!match) {
      std::vector<const Student*> candidates;
      for (const Student* s : by_name[NameKey(row.last_name, row.first_name, row.birth_date)]) {
        if (!row.school_id || !s->school_id) candidates.push_back(s);
      }
      if (candidates.size() > 1) {
        plan.rejected.push_back(
            {row.row_number,
             "Plusieurs élèves de la liste ont ces nom, prénom et date de naissance : ajoutez "
             "l'INE pour les distinguer.",
             row.last_name + " " + row.first_name});
        continue;
      }
      if (!candidates.empty()) match = candidates.front();
    }
    if (match && claimed.contains(match->id)) {
      plan.rejected.push_back(
          {row.row_number,
           fmt::format("Cet élève correspond déjà à la ligne {}.", claimed[match->id]),
           row.last_name + " " + row.first_name});
      continue;
    }
    PlannedRow planned{.row_number = row.row_number, .warnings = row.warnings};
    if (match) {
      claimed[match->id] = row.row_number;
      planned.target = Apply(row, *match);
      planned.base_updated_at = match->updated_at;
      planned.changes = ChangedStudentFields(*match, planned.target);
      planned.action = planned.changes.empty() ? "unchanged" : "update";
    } else {
      planned.target = Apply(row, Student{});
      planned.action = "create";
    }
    plan.rows.push_back(std::move(planned));
  }
  for (const Student& s : existing) {
    if (!s.archived && classes.contains(s.class_name) && !claimed.contains(s.id))
      plan.missing.push_back(s);
  }
  std::sort(plan.rejected.begin(), plan.rejected.end(),
            [](const RejectedRow& a, const RejectedRow& b) { return a.row_number < b.row_number; });
  return plan;
}

nlohmann::json PlanFingerprint(const RosterPlan& plan) {
  nlohmann::json out = nlohmann::json::array();
  for (const PlannedRow& r : plan.rows) {
    out.push_back({r.row_number, r.action, r.target.id, r.base_updated_at});
  }
  for (const RejectedRow& r : plan.rejected) out.push_back({r.row_number, "rejected"});
  return out;
}

nlohmann::json RosterRowToJson(const RosterRow& r) {
  return {{"row", r.row_number},        {"last_name", r.last_name},
          {"first_name", r.first_name}, {"birth_date", Opt(r.birth_date)},
          {"email", Opt(r.email)},      {"class_name", r.class_name},
          {"group", Opt(r.group)},      {"school_id", Opt(r.school_id)},
          {"warnings", r.warnings}};
}

RosterRow RosterRowFromJson(const nlohmann::json& j) {
  RosterRow r;
  r.row_number = j.at("row").get<int>();
  r.last_name = j.at("last_name").get<std::string>();
  r.first_name = j.at("first_name").get<std::string>();
  r.birth_date = OptFrom(j.at("birth_date"));
  r.email = OptFrom(j.at("email"));
  r.class_name = j.at("class_name").get<std::string>();
  r.group = OptFrom(j.at("group"));
  r.school_id = OptFrom(j.at("school_id"));
  r.warnings = j.at("warnings").get<std::vector<std::string>>();
  return r;
}

}  // namespace korrigo::students
