// RosterPlan: what importing a roster file would do to the roster — for each valid row, create a
// student, update one (naming the changed fields) or leave one unchanged — plus the rows that
// cannot apply and the students of the file's classes that the file does not mention. A pure
// function of the rows and the current students, so the preview and the commit compute it the same
// way and the commit can check nothing changed in between.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "students/roster_file.h"
#include "students/student.h"

namespace korrigo::students {

struct PlannedRow {
  int row_number = 0;
  std::string action;           // create | update | unchanged
  Student target;               // the student as it will be (id 0 when created)
  int64_t base_updated_at = 0;  // of the matched student, to notice concurrent edits
  nlohmann::json changes = nlohmann::json::array();  // field names (update)
  std::vector<std::string> warnings;
};

struct RosterPlan {
  std::vector<PlannedRow> rows;
  std::vector<RejectedRow> rejected;  // the parser's, then rows that match ambiguously
  std::vector<Student> missing;       // active students of the file's classes absent from it
};

// Matches each row with `existing` (every student, archived included): by school id, else by name
// and birth date. A row never overwrites a known value with an absent one (an empty cell keeps what
// the roster has). An archived student found in the file is restored.
RosterPlan PlanRosterImport(const std::vector<RosterRow>& rows,
                            const std::vector<RejectedRow>& rejected,
                            const std::vector<Student>& existing);

// The part of a plan the commit compares with its recomputation (actions, targets and base
// versions).
nlohmann::json PlanFingerprint(const RosterPlan& plan);

nlohmann::json RosterRowToJson(const RosterRow& row);
RosterRow RosterRowFromJson(const nlohmann::json& j);

}  // namespace korrigo::students
