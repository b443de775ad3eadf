// StudentStore: SQL for the students table (and the account columns joined from users). Methods run
// on the caller's session, inside the caller's transaction; SOCI exceptions propagate to
// Database::InTransaction.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "students/student.h"

namespace korrigo::students {

// A student's group_name may list several groups ("G1, LV2-ESP"). This SQL expression of the
// students row `s` wraps the list as ",g1,lv2-esp," so that GroupPattern(group) matches one whole
// group, ignoring case the same way on SQLite and PostgreSQL, with LIKE … ESCAPE '\'.
inline constexpr const char* kGroupListSql =
    "LOWER(',' || REPLACE(s.group_name, ', ', ',') || ',')";
std::string GroupPattern(const std::string& group);
// SQL condition: the active student `s` belongs to the exam audience row `a` (its class, or one
// group of it when a.group_name is set).
inline constexpr const char* kInAudienceSql =
    "s.archived = 0 AND s.class_name = a.class_name AND (a.group_name = '' OR "
    "LOWER(',' || REPLACE(s.group_name, ', ', ',') || ',') LIKE '%,' || "
    "REPLACE(REPLACE(REPLACE(LOWER(a.group_name), '\\', '\\\\'), '%', '\\%'), '_', '\\_') "
    "|| ',%' ESCAPE '\\')";
// The groups of a group_name list, trimmed, in order.
std::vector<std::string> SplitGroups(const std::string& groups);
// The canonical form of a group list: its groups joined by ", " ("G1,LV2" → "G1, LV2").
std::string NormalizeGroupList(const std::string& groups);

struct StudentFilter {
  std::string search;      // folded substring of names, class, group, school id, email
  std::string class_name;  // exact; "" = any
  std::optional<std::string> group_name;  // one group of the student's list; nullopt = any
  std::optional<bool> archived = false;   // nullopt = both
  std::vector<int64_t> ids;               // when non-empty, only these
};

// A class (group_name "") or one group of a class, and how many active students it holds.
struct ClassCount {
  std::string class_name;
  std::string group_name;
  int64_t students = 0;
};

class StudentStore {
 public:
  std::optional<Student> FindById(soci::session& s, int64_t id) const;
  std::optional<Student> FindBySchoolId(soci::session& s, const std::string& school_id) const;
  // Students with this name key (any school id), oldest first.
  std::vector<Student> FindByNameKey(soci::session& s, const std::string& name_key) const;
  std::optional<Student> FindByUserId(soci::session& s, int64_t user_id) const;

  // Inserts and returns the new id. Conflicts (school id, identity) surface as SOCI
  // unique-violation errors.
  int64_t Insert(soci::session& s, const Student& student) const;
  // Writes every editable column and updated_at.
  void Update(soci::session& s, const Student& student) const;
  void LinkAccount(soci::session& s, int64_t student_id, int64_t user_id, int64_t now) const;
  void Delete(soci::session& s, int64_t id) const;

  // A page ordered by last name, first name, id; `total` receives the number matching.
  std::vector<Student> List(soci::session& s, const StudentFilter& filter, int64_t offset,
                            int64_t limit, int64_t* total) const;
  // Every active class and class+group with its number of students.
  std::vector<ClassCount> Classes(soci::session& s) const;
};

}  // namespace korrigo::students
