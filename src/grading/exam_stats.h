// Statistics of an exam's grading, computed from its copies (pure): copies by status; per
// corrector assigned, graded and mean mark versus the other correctors' mean (a harmonisation aid);
// per question mean, median, standard deviation, min, max, share of full marks and of zeros; the
// distribution of final marks in bins. Exact decimal inputs, double outputs rounded to 0.01.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exams/points.h"
#include "exams/scheme.h"

namespace korrigo::grading {

struct CopyFigures {
  int64_t copy_id = 0;
  std::string status;
  std::optional<int64_t> corrector_id;
  std::string corrector_name;
  std::map<int64_t, exams::Points> scores;  // set scores by leaf id
  std::optional<exams::Points> mark;        // graded copies
};

struct StatsOptions {
  exams::Points scale = exams::Points::Whole(20);
  exams::Points bin_width = exams::Points::Whole(2);  // > 0
  // A teacher's view: their batch ("mine") beside the whole exam, no other corrector named.
  std::optional<int64_t> own_corrector;
};

// {"copies": {"total", "by_status": {...}}, "marks": {summary}, "distribution": [{"from", "to",
// "count"}], "questions": [{"question_id", "path", "max_points", "count", "mean", "median",
// "stddev", "min", "max", "full_share", "zero_share"}], "correctors": [{"corrector_id",
// "display_name", "assigned", "graded", "mean", "others_mean", "difference"}]} and, for a
// teacher, "mine": the same summary, distribution and questions for their batch.
nlohmann::json ComputeExamStats(const exams::Scheme& scheme, const std::vector<CopyFigures>& copies,
                                const StatsOptions& options);

}  // namespace korrigo::grading
