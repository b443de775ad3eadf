// CopyStore: SQL for copies, their identification suggestions and the allocation of anonymous
// sequence numbers. Methods run on the caller's session or transaction; SOCI exceptions propagate.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "scans/copy.h"
#include "scans/filename_match.h"
#include "storage/database.h"

namespace korrigo::scans {

struct CopyFilter {
  std::optional<std::string> status;
  std::optional<bool> identified;
  bool flagged_only = false;
  std::optional<int64_t> corrector_id;  // only the copies dispatched to this user
  bool include_removed = false;
};

class CopyStore {
 public:
  explicit CopyStore(const storage::Database& db) : db_(db) {}

  // Reserves `count` consecutive sequence numbers of the exam and returns the exam's copy prefix
  // (created on first use) with the first number. The exam row stays locked until the caller's
  // transaction ends, so concurrent allocations never overlap and leave no gaps.
  std::pair<std::string, int> AllocateSequences(soci::session& tx, int64_t exam_id,
                                                int count) const;
  int64_t Insert(soci::session& s, const Copy& copy) const;
  // With page count, student name and suggestions.
  std::optional<Copy> FindById(soci::session& s, int64_t id) const;
  std::vector<Copy> ListByExam(soci::session& s, int64_t exam_id, const CopyFilter& filter) const;
  // The exam's copy of a student, if any (removed copies excluded).
  std::optional<Copy> FindByStudent(soci::session& s, int64_t exam_id, int64_t student_id) const;
  // Writes status, student_id, flags, removed, version + 1 and updated_at.
  void Update(soci::session& s, const Copy& copy, int64_t now) const;
  void AddSuggestion(soci::session& s, int64_t copy_id, const CopySuggestion& suggestion,
                     int64_t now) const;
  // Copies built from a scan (removed ones included).
  std::vector<int64_t> IdsByScan(soci::session& s, int64_t scan_id) const;
  void Delete(soci::session& s, int64_t id) const;

  // Active roster students of the exam's classes or groups, by name. With `without_copy`, only
  // those no copy of the exam is identified as (the "absents").
  std::vector<NamedStudent> ExpectedStudents(soci::session& s, int64_t exam_id,
                                             bool without_copy) const;

 private:
  std::vector<Copy> Select(soci::session& s, const std::string& where,
                           const std::function<void(soci::statement&)>& bind) const;
  const storage::Database& db_;
};

}  // namespace korrigo::scans
