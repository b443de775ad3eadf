// Scanning faults applied to a plan: pages dropped, doubled, swapped, turned over, or blank
// sheets slipped in, at positions drawn from the seed. Each fault hits a page no earlier fault
// touched, so every fault stays visible in the result and in the ground truth.
#pragma once

#include <cstdint>
#include <vector>

#include "batch_options.h"
#include "batch_plan.h"
#include "core/result.h"

namespace korrigo::scangen {

// Applies `faults` to `plan` (physical pages: A4 pages, or A3 sides for booklets) and appends a
// FaultRecord per fault to plan->faults. Kinds are applied in a fixed order whatever the order
// of the list — missing, upside_down, duplicated, swapped, blank — each on pages still clean:
//   missing     drops the page;
//   upside_down turns the image by 180° (rotated_180 flips; a rotated verso becomes upright);
//   duplicated  inserts a rescan of the page right after it (the copy carries the fault);
//   swapped     exchanges two consecutive pages of the same file (both carry the fault; the
//               record names the page that moved later);
//   blank       inserts a blank page (noise only) after some page.
// Deterministic for `seed`. Errors: invalid_argument when there are not enough clean pages for
// the requested faults (plan is then partly modified and should be dropped).
core::Status InjectFaults(const std::vector<FaultRequest>& faults, uint64_t seed, BatchPlan* plan);

}  // namespace korrigo::scangen
