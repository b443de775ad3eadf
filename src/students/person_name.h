// Splitting the combined "NOM Prénom" column of French school exports (Pronote's "Élèves") into
// last and first names. The convention is that the last name is written in capitals: "BEN AMEUR
// Mohamed-Youssef".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace korrigo::students {

struct PersonName {
  std::string last_name;
  std::string first_name;
  std::optional<std::string>
      warning;  // French; set when the split is a guess the user should check
};

// Trims and collapses runs of white space (ASCII blanks, line breaks, no-break and narrow no-break
// spaces) into single spaces.
std::string NormalizeSpaces(std::string_view text);

// Splits a UTF-8 full name at spaces. Leading words with no lower-case letter and at least one
// upper-case letter (accented capitals included; apostrophes ' ’ ´ and hyphens, single or doubled,
// belong to words) form the last name; the remaining words form the first name: "N'DIAYE Fatou",
// "DUPONT--MARTIN Éloïse", "MARTIN Jean Pierre". Guesses, returned with a warning:
//  - every word in capitals ("DUPONT JEAN", "MARTIN J."): the first word is the last name;
//  - capitals only at the end ("Jean DUPONT"): the order "Prénom NOM" is assumed;
//  - no word in capitals ("Dupont Jean"): the first word is the last name.
// Errors: invalid_argument when the name is empty or a single word (no first name).
core::Result<PersonName> SplitFullName(std::string_view full_name);

}  // namespace korrigo::students
