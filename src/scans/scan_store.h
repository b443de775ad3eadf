// ScanStore: SQL for the scans table. Methods run on the caller's session or transaction; SOCI
// exceptions propagate (Database::InTransaction turns them into Errors).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "scans/scan.h"

namespace korrigo::scans {

class ScanStore {
 public:
  int64_t Insert(soci::session& s, const Scan& scan) const;
  std::optional<Scan> FindById(soci::session& s, int64_t id) const;
  std::optional<Scan> FindBySha(soci::session& s, int64_t exam_id, const std::string& sha) const;
  std::vector<Scan> ListByExam(soci::session& s, int64_t exam_id) const;
  void SetJob(soci::session& s, int64_t id, int64_t job_id) const;
  // status, progress, page_count, pages_done, copies_built, error, error_rule and updated_at.
  void UpdateState(soci::session& s, const Scan& scan, int64_t now) const;
  void Delete(soci::session& s, int64_t id) const;
  int64_t CountByExam(soci::session& s, int64_t exam_id) const;
};

}  // namespace korrigo::scans
