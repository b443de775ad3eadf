// Birth dates as school exports and spreadsheets write them (31/12/2010, 2010-12-31, 31.12.2010,
// …), checked and converted to ISO 8601 for storage.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace korrigo::students {

// Parses DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD or YYYY/MM/DD (day and month on
// one or two digits, surrounding spaces ignored) and returns "YYYY-MM-DD". A time of midnight left
// by a spreadsheet
// ("31/12/2010 00:00", "2010-12-31T00:00:00") is ignored. The day must exist (leap years included)
// and the year lie in [1900, max_year]; callers pass the current year. Errors: invalid_argument
// with a French message quoting `text`: unknown format, two-digit year (ambiguous), impossible day,
// implausible year.
core::Result<std::string> ParseBirthDate(std::string_view text, int max_year);

}  // namespace korrigo::students
