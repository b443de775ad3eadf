// CSV cells and lines for exports (see csv_writer.h for the dialect).
#include "core/csv_writer.h"

namespace korrigo::core {

std::string CsvCell(const std::string& v) {
  std::string out = "\"";
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ';';
    out += CsvCell(cells[i]);
  }
  return out + "\r\n";
}

}  // namespace korrigo::core
