// Exam: what the exam office describes before scanning — name, subject, date, the classes (or
// groups) whose students are expected, the "noté sur" scale and the rounding of final marks, the
// pages per copy and the scan layout, and who corrects it. The marking scheme lives beside it
// (scheme.h) with its own version number.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::exams {

inline constexpr const char* kLayoutA4 = "a4";
inline constexpr const char* kLayoutA3Booklet = "a3_booklet";
inline constexpr const char* kLayoutIndividual = "individual";

// A class, or one group of a class (group_name ""), whose students sit the exam.
struct Audience {
  std::string class_name;
  std::string group_name;
  bool operator==(const Audience&) const = default;
};

// Counts shown in exam lists, computed for a whole page of exams at once.
struct ExamProgress {
  int64_t students_expected = 0;
  int64_t copies = 0;
  int64_t identified = 0;
  int64_t graded = 0;
};

struct Exam {
  int64_t id = 0;
  std::string name;
  std::string subject;
  std::optional<std::string> exam_date;  // ISO YYYY-MM-DD
  int64_t scale_milli = 20000;           // noté sur 20
  int64_t rounding_milli = 10;           // final marks rounded half-up to 0.01
  int pages_per_copy = 4;
  std::string scan_layout = kLayoutA4;
  std::vector<Audience> audiences;
  std::vector<int64_t> corrector_ids;
  int64_t scheme_version = 1;
  bool has_scheme = false;  // at least one question in the marking scheme
  std::optional<int64_t> created_by;
  bool archived = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // "archived", "preparation" (no marking scheme or no corrector yet) or "ready". Later stages
  // (scanning, grading, graded) come with copies.
  std::string Status() const;
  nlohmann::json ToJson() const;
};

// The fields an admin sets (create: name required; update: any subset).
struct ExamFields {
  std::optional<std::string> name;
  std::optional<std::string> subject;
  std::optional<std::optional<std::string>> exam_date;
  std::optional<int64_t> scale_milli;
  std::optional<int64_t> rounding_milli;
  std::optional<int> pages_per_copy;
  std::optional<std::string> scan_layout;
  std::optional<std::vector<Audience>> audiences;
  std::optional<std::vector<int64_t>> corrector_ids;
  std::optional<bool> archived;
};

// Parses and validates an exam body. Unknown fields refused; name 1–200 characters, subject ≤ 100,
// date YYYY-MM-DD, scale in (0, 1000] with at most 3 decimals, rounding 0.01 | 0.25 | 0.5, pages
// 1–200, layout a4 | a3_booklet | individual, at most 50 audiences and 50 correctors. Errors:
// invalid_argument naming the field.
core::Result<ExamFields> ParseExamFields(const nlohmann::json& body, bool creating);

void ApplyExamFields(const ExamFields& fields, Exam& exam);

nlohmann::json ProgressJson(const ExamProgress& progress);

}  // namespace korrigo::exams
