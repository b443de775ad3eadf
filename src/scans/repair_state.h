// RepairState: the part of an exam's page arrangement a page repair touches — some copies with
// their ordered pages, and the rotation of every page involved (a page involved but in no copy is
// in the pool). Repairs are pure functions from one state to the next; the service saves both
// states, so undoing a repair is writing its "before" back once the "after" is still what is
// stored.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::scans {

struct CopyState {
  int64_t id = 0;
  std::string anonymous_id;
  bool removed = false;
  std::optional<int64_t> student_id;
  bool grading_started = false;  // informational: never written back
  std::vector<int64_t> pages;
  bool operator==(const CopyState&) const = default;
};

struct RepairState {
  std::vector<CopyState> copies;     // sorted by id
  std::map<int64_t, int> rotations;  // page id → rotation, for every page involved

  CopyState* FindCopy(int64_t id);
  // The copy holding `page_id`, or nullptr (pool).
  CopyState* CopyOf(int64_t page_id);
  bool operator==(const RepairState&) const = default;

  nlohmann::json ToJson() const;
  static core::Result<RepairState> FromJson(const nlohmann::json& j);
};

// The repairs. Each returns the state after, or invalid_argument / failed_precondition in French.
// `from` is merged at the end of `into` and removed (its student goes to `into` when it has none).
core::Result<RepairState> MergeCopies(RepairState state, int64_t into, int64_t from);
// Pages from 1-based `at_position` on move to `new_copy` (present in the state, removed and empty).
core::Result<RepairState> SplitCopy(RepairState state, int64_t copy_id, int at_position,
                                    int64_t new_copy);
// Moves pages (in the given order) into `target` before 1-based `position` (nullopt: at the end),
// or to the pool when `target` is nullopt. Copies left without pages are removed.
core::Result<RepairState> MovePages(RepairState state, const std::vector<int64_t>& page_ids,
                                    std::optional<int64_t> target, std::optional<int> position);
// `page_ids` must be the copy's pages in a new order.
core::Result<RepairState> ReorderPages(RepairState state, int64_t copy_id,
                                       const std::vector<int64_t>& page_ids);
// Adds 90, 180 or 270 degrees clockwise.
core::Result<RepairState> RotatePage(RepairState state, int64_t page_id, int degrees);

// Once grading has started on a copy, its pages may only be added to: each such copy of `before`
// must keep its pages in the same order (others may be inserted), their rotation, and exist.
// Errors: failed_precondition naming the copy.
core::Status CheckGradedCopiesKept(const RepairState& before, const RepairState& after);

}  // namespace korrigo::scans
