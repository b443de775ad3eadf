// Dispatch planning: which corrector gets which of the copies waiting for one. Pure and
// reproducible: the copies are shuffled with a recorded seed (SplitMix64 + Fisher–Yates, the same
// on every platform), then dealt one by one to the corrector with the fewest copies in total, so
// that totals differ by at most one wherever the copies already assigned allow it. Quotas fix how
// many new copies a corrector gets; the others share the rest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::grading {

struct DispatchRequest {
  std::vector<int64_t> copies;              // waiting for a corrector (any order: sorted first)
  std::vector<int64_t> correctors;          // at least one, no duplicates
  std::map<int64_t, int64_t> current_load;  // copies each corrector already has
  std::map<int64_t, int64_t> quotas;        // corrector → new copies to give (≥ 0)
  uint64_t seed = 0;
};

// Corrector → the copies given to them (every corrector present, possibly with none). Errors:
// invalid_argument when there is no corrector, a quota names someone who is not a corrector, or
// the quotas add up to more copies than are waiting.
core::Result<std::map<int64_t, std::vector<int64_t>>> PlanDispatch(const DispatchRequest& request);

// A seed as recorded and accepted back: 16 lowercase hex digits.
std::string SeedToText(uint64_t seed);
core::Result<uint64_t> SeedFromText(const std::string& text);

}  // namespace korrigo::grading
