// Student: one record of the roster — names, birth date, class and group, the school's identifier
// (INE or local id), the linked account and the archived flag. A student's identity is its school
// identifier when present, else its last name, first name and birth date compared without case or
// accents (NameKey).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"

namespace korrigo::students {

struct Student {
  int64_t id = 0;
  std::string last_name;
  std::string first_name;
  std::optional<std::string> birth_date;  // ISO YYYY-MM-DD
  std::optional<std::string> email;
  std::string class_name;
  std::string group_name;                // "" when none
  std::optional<std::string> school_id;  // upper case
  std::optional<int64_t> user_id;
  bool archived = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // From the linked account, when there is one.
  std::optional<std::string> username;
  bool account_activated = false;

  std::string DisplayName() const { return first_name + " " + last_name; }
  nlohmann::json ToJson() const;
};

// The identity of a student without a school identifier: folded "last|first|birth date".
std::string NameKey(const std::string& last_name, const std::string& first_name,
                    const std::optional<std::string>& birth_date);
// The folded text that roster searches look into.
std::string StudentSearchKey(const Student& s);

// The editable fields of a student, as sent by the API (create: every required field; update: any
// subset).
struct StudentFields {
  std::optional<std::string> last_name;
  std::optional<std::string> first_name;
  std::optional<std::optional<std::string>> birth_date;
  std::optional<std::optional<std::string>> email;
  std::optional<std::string> class_name;
  std::optional<std::string> group_name;
  std::optional<std::optional<std::string>> school_id;
  std::optional<bool> archived;
};

// Parses and validates a JSON object of StudentFields (unknown fields refused; names 1–100
// characters; dates YYYY-MM-DD, real and plausible; email shape; class/group ≤ 40 characters).
// `creating` requires last name, first name and class. Errors: invalid_argument with details.field.
core::Result<StudentFields> ParseStudentFields(const nlohmann::json& body, bool creating,
                                               int current_year);

// Applies `fields` to `student` (values already validated).
void ApplyStudentFields(const StudentFields& fields, Student& student);

}  // namespace korrigo::students
