// StatsService: an exam's grading statistics (exam_stats.h) for admins, and for a teacher of the
// exam their own batch beside the exam as a whole (no other corrector named).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "exams/exam_service.h"
#include "exams/scheme_service.h"
#include "grading/exam_stats.h"
#include "grading/grading_store.h"
#include "scans/copy_service.h"
#include "storage/database.h"

namespace korrigo::grading {

class StatsService {
 public:
  StatsService(storage::Database& db, exams::ExamService& exams, exams::SchemeService& schemes,
               scans::CopyService& copies)
      : db_(db), exams_(exams), schemes_(schemes), copies_(copies) {}

  // `bin_width` in points (nullopt: a tenth of the exam's scale). Errors: not_found (unknown exam,
  // or a teacher who does not correct it); invalid_argument (bin width ≤ 0 or above the scale).
  core::Result<nlohmann::json> ExamStats(int64_t exam_id, const exams::Viewer& viewer,
                                         std::optional<exams::Points> bin_width);

 private:
  storage::Database& db_;
  exams::ExamService& exams_;
  exams::SchemeService& schemes_;
  scans::CopyService& copies_;
  GradingStore store_;
};

}  // namespace korrigo::grading
