// One data line of a roster file turned into a student's fields, or into a rejection that tells the
// user what to fix on that line. Cross-row rules (duplicates, limits) belong to roster_file.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "students/csv_reader.h"
#include "students/roster_columns.h"

namespace korrigo::students {

struct RosterRow {
  int row_number = 0;  // line of the record in the file
  std::string last_name;
  std::string first_name;
  std::optional<std::string> birth_date;  // ISO YYYY-MM-DD
  std::optional<std::string> email;
  std::string class_name;
  std::optional<std::string> group;      // as written ("G1, LV2 ESP"), spaces normalised
  std::optional<std::string> school_id;  // upper case
  std::vector<std::string> warnings;     // French; the row is kept but deserves a look
};

struct RejectedRow {
  int row_number = 0;
  std::string reason;   // French, every problem of the line joined with " ; "
  std::string excerpt;  // RecordExcerpt of the line
};

// The record's fields joined by `delimiter`, cut after 100 characters (…), to show a rejected line.
std::string RecordExcerpt(const CsvRecord& record, char delimiter);

// Reads `record` through `header`'s columns. Missing trailing fields count as empty; extra
// non-empty fields give a warning. Texts are trimmed with white space collapsed; a combined name is
// split by SplitFullName (its warning kept). Rejected: an empty or over-long name (100) or class
// (40), a group over 200 characters or a school id over 40, control characters, an unreadable birth
// date or one after `max_birth_year`, an email without the shape of an address, and a student with
// neither school id nor birth date.
std::variant<RosterRow, RejectedRow> ReadRosterRow(const CsvRecord& record,
                                                   const RosterHeader& header, char delimiter,
                                                   int max_birth_year);

}  // namespace korrigo::students
