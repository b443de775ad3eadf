// Reading delimited text as exported by spreadsheets and school software: RFC 4180 quoting, any
// line ending, and the delimiter guessed among semicolon (French Excel, Pronote), comma and tab.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace korrigo::students {

struct CsvRecord {
  int line = 0;  // physical line (1-based) where the record starts, for messages like "ligne 7"
  std::vector<std::string> fields;
};

// Guesses the delimiter among ';', ',' and '\t' from the first 20 non-blank records: for each
// candidate, counts its occurrences outside quotes per record and keeps the most frequent non-zero
// count; the candidate whose count is shared by the most records wins (ties: the larger count, then
// ; before , before tab). A title line without delimiters does not disturb the guess. Returns ';'
// when no candidate occurs at all.
char DetectDelimiter(std::string_view text);

// Splits UTF-8 `text` into records. Lines end with CRLF, LF or CR. A field whose first non-blank
// character is
// '"' is quoted: it may contain the delimiter, line breaks (kept as "\n") and doubled quotes (""),
// and spaces between its closing quote and the delimiter are dropped; stray characters after the
// closing quote are kept. Unquoted fields lose their leading and trailing spaces and tabs (a tab
// delimiter is never stripped). Records whose fields are all empty (blank lines, ";;;" padding) are
// skipped; line numbers still count them. Errors: invalid_argument naming the line where an
// unterminated quoted field starts.
core::Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, char delimiter);

}  // namespace korrigo::students
