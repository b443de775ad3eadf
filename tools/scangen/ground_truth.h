// The ground truth of a batch (truth.json): the students, every physical page of every file
// with what it shows, where each copy's logical pages ended up, and the faults applied. Tests of
// the scan pipeline compare what Korrigo recognised against this document.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "batch_options.h"
#include "batch_plan.h"
#include "student_roster.h"

namespace korrigo::scangen {

// The truth document, keys in the documented order:
// {"seed","layout","dpi","pages_per_copy","qr","verso_rotated",
//  "students":[{"last_name","first_name","class_name","birth_date":"YYYY-MM-DD"}],
//  "files":[{"name","student":index|null,"pages":[{"index" (0-based),"size":"a4"|"a3",
//            "rotated_180","fault":null|kind,"parts":[{"half":"full"|"left"|"right",
//            "student":index|null,"page":n|null}]}]}],
//  "copies":[{"student","file","pages":[{"file_page" (1-based),"half"}]}],
//  "faults":[{"kind","file","student":index|null,"page":n|null,"file_page":n|null}]}
// A copy lists its logical pages 1..P in order, each at its first occurrence (a duplicate is
// not listed twice); missing pages are left out. A fault's "page" is the logical page it hit
// (the smaller of the two on an A3 side); "file_page" is where that page now is (null when
// missing). "seed" is written as a number (exact up to 2^53, as JSON readers expect).
nlohmann::ordered_json BuildTruth(const BatchOptions& options, const std::vector<Student>& students,
                                  const BatchPlan& plan);

}  // namespace korrigo::scangen
