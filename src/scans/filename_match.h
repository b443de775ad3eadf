// Identification suggestion from the name of an individually scanned file, such as
// "copie_DUPONT_Eloise.pdf": the file name's words are compared, without case or accents, with the
// names of the exam's expected students.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace korrigo::scans {

struct NamedStudent {
  int64_t id = 0;
  std::string last_name;
  std::string first_name;
};

struct FilenameMatch {
  int64_t student_id = 0;
  double confidence = 0;  // 0.95 last and first names, 0.6 a last name only one student has
};

// The best unambiguous match, or nullopt (no match, or two students match equally well).
std::optional<FilenameMatch> MatchFilename(const std::string& filename,
                                           const std::vector<NamedStudent>& students);

}  // namespace korrigo::scans
