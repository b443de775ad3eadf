// Copy layout: how the pages taken from one scanned PDF become copies, as a pure function of the
// exam's layout. `a4`: consecutive groups of N pages. `a3_booklet`: each pair of A3 sides (recto
// [4 | 1], verso [2 | 3]) is one folded sheet giving pages 1–4, a copy being k consecutive sheets;
// A4 pages met in between stay in the copy being built. `individual`: the whole file is one copy.
// Blank physical pages go to the exam's pool instead, so they never shift the grouping.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace korrigo::scans {

// A page as the layout sees it, in PDF order (then left before right).
struct LayoutPage {
  int64_t page_id = 0;
  int source_index = 0;
  std::string half;  // full | left | right
  bool blank = false;
  double orientation_confidence = 1;
  std::string content_sha256;
};

struct PlannedCopy {
  std::vector<int64_t> page_ids;   // in reading order
  std::vector<std::string> flags;  // incomplete, orientation_review, duplicate_pages
};

struct LayoutPlan {
  std::vector<PlannedCopy> copies;
  std::vector<int64_t> pool;  // blank pages, set aside
};

// Copy flags, shown to the exam office so it checks the copy before validating it.
inline constexpr const char* kFlagIncomplete = "incomplete";
inline constexpr const char* kFlagOrientationReview = "orientation_review";
inline constexpr const char* kFlagDuplicatePages = "duplicate_pages";

// Below this orientation confidence a page is flagged for a human look.
inline constexpr double kOrientationReviewBelow = 0.5;

// `layout` is a4, a3_booklet or individual; `pages_per_copy` ≥ 1 (a multiple of 4 is expected for
// a3_booklet; otherwise sheets are counted as ceil(N / 4)). Every page id appears exactly once in
// the plan, in a copy or in the pool.
LayoutPlan PlanCopies(const std::string& layout, int pages_per_copy,
                      const std::vector<LayoutPage>& pages);

}  // namespace korrigo::scans
