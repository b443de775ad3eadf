// ParseRosterFile: the whole reading of a roster export (Pronote, EDT, SIECLE/ONDE, a spreadsheet
// saved as CSV) without touching the database: encoding, delimiter, header, one RosterRow per valid
// line and the rejected lines with their reasons. The import service compares the result with the
// roster.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "students/roster_columns.h"
#include "students/roster_row.h"

namespace korrigo::students {

struct RosterLimits {
  int64_t max_bytes = 5 * 1024 * 1024;  // file size
  int max_rows = 20'000;                // data lines after the header (blank lines not counted)
  // The latest plausible birth year; pass the clock's current year. 0 leaves only the year 9999
  // bound.
  int current_year = 0;
};

struct RosterParse {
  std::string encoding;  // see DecodedText::encoding
  bool had_bom = false;
  char delimiter = ';';
  int header_line = 0;
  std::vector<RosterColumn> columns;  // the columns read
  std::vector<std::string> ignored_columns;
  std::vector<RosterRow> rows;        // in file order
  std::vector<RejectedRow> rejected;  // in file order
};

// Parses a roster file. Lines are read as described in csv_reader.h, the header found as in
// roster_columns.h and each line as in roster_row.h. A line whose identity (IdentityKey) repeats an
// earlier valid line is rejected as "Doublon de la ligne N". Errors (French messages):
// payload_too_large when `bytes` exceed limits.max_bytes; invalid_argument for an undecodable or
// binary file, an unterminated quote, a missing header or required column, or more than
// limits.max_rows data lines.
core::Result<RosterParse> ParseRosterFile(std::string_view bytes, const RosterLimits& limits);

// The key that identifies a student across imports: "ine:" + school id when there is one, else
// "name:" + NameKey(last, first, birth date) (students/student.h: folded, without case or accents).
std::string IdentityKey(const std::optional<std::string>& school_id, const std::string& last_name,
                        const std::string& first_name,
                        const std::optional<std::string>& birth_date);
std::string IdentityKey(const RosterRow& row);

}  // namespace korrigo::students
