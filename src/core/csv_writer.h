// Writing CSV that French spreadsheets open correctly: UTF-8 with a BOM, ';' between cells, CRLF
// line ends, every cell quoted, and cells that a spreadsheet would read as a formula (= + - @)
// neutralised with a leading quote.
#pragma once

#include <string>
#include <vector>

namespace korrigo::core {

inline constexpr const char* kCsvBom = "\xEF\xBB\xBF";

// One quoted, formula-safe cell.
std::string CsvCell(const std::string& value);
// One line of cells, ';'-separated, ending with CRLF.
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace korrigo::core
