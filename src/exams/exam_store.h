// ExamStore: SQL for exams, their audiences (classes/groups) and correctors, and the stored marking
// scheme with its version history. Methods run on the caller's session and transaction; SOCI
// exceptions propagate.
#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exams/exam.h"
#include "storage/database.h"

namespace korrigo::exams {

struct ExamFilter {
  std::string search;                    // folded substring of name and subject
  std::optional<bool> archived = false;  // nullopt = both
  std::optional<int64_t> corrector_id;   // only exams this user corrects
};

// The stored scheme of an exam: its JSON tree, version and next node id.
struct StoredScheme {
  std::string json;
  int64_t version = 1;
  int64_t next_id = 1;
};

class ExamStore {
 public:
  // With audiences and correctors.
  std::optional<Exam> FindById(soci::session& s, int64_t id) const;
  int64_t Insert(soci::session& s, const Exam& exam) const;
  // Writes the scalar fields and updated_at (not the scheme, audiences or correctors).
  void Update(soci::session& s, const Exam& exam) const;
  void SetAudiences(soci::session& s, int64_t exam_id,
                    const std::vector<Audience>& audiences) const;
  void SetCorrectors(soci::session& s, int64_t exam_id, const std::vector<int64_t>& user_ids,
                     int64_t now) const;
  void Delete(soci::session& s, int64_t id) const;
  bool IsCorrector(soci::session& s, int64_t exam_id, int64_t user_id) const;

  // A page ordered by date (newest first), then name; `total` receives the number matching.
  std::vector<Exam> List(soci::session& s, const ExamFilter& filter, int64_t offset, int64_t limit,
                         int64_t* total) const;
  // Progress of these exams, in one query per count whatever the number of exams.
  std::map<int64_t, ExamProgress> Progress(soci::session& s,
                                           const std::vector<int64_t>& exam_ids) const;

  std::optional<StoredScheme> LoadScheme(soci::session& s, int64_t exam_id) const;
  // A past version of the scheme, as recorded when it was saved.
  std::optional<std::string> LoadSchemeVersion(soci::session& s, int64_t exam_id,
                                               int64_t version) const;
  // Writes the current scheme and appends it to the version history.
  void SaveScheme(soci::session& s, int64_t exam_id, const StoredScheme& scheme,
                  std::optional<int64_t> author, int64_t now) const;
};

}  // namespace korrigo::exams
