// Orchestration of the roster reading: limits first (before any work proportional to the file),
// then decoding, CSV, header and rows, and last the duplicate check, which needs every row.
#include "students/roster_file.h"

#include <unordered_map>

#include "students/csv_reader.h"
#include "students/student.h"
#include "students/text_encoding.h"

namespace korrigo::students {
namespace {

// 20000 → "20 000", as French text writes numbers.
std::string FrenchNumber(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

core::Error TooLarge(int64_t size, int64_t limit) {
  constexpr int64_t kMiB = 1024 * 1024;
  std::string limit_text =
      limit % kMiB == 0 ? FrenchNumber(limit / kMiB) + " Mo" : FrenchNumber(limit) + " octets";
  return core::Error{core::ErrorCode::kPayloadTooLarge,
                     "Le fichier est trop volumineux (" + FrenchNumber(size) +
                         " octets) : la taille maximale est de " + limit_text + ".",
                     {{"limit_bytes", limit}, {"size_bytes", size}}};
}

core::Error TooManyRows(size_t rows, int limit) {
  return core::Error::InvalidArgument(
      "Le fichier contient " + FrenchNumber(static_cast<int64_t>(rows)) +
          " lignes d'élèves : la limite est de " + FrenchNumber(limit) + " lignes par import.",
      {{"limit_rows", limit}, {"rows", rows}});
}

// Rejects `row` when an earlier valid line has the same identity; else remembers it.
std::optional<RejectedRow> Duplicate(const RosterRow& row,
                                     std::unordered_map<std::string, int>& seen) {
  auto [it, inserted] = seen.emplace(IdentityKey(row), row.row_number);
  if (inserted) return std::nullopt;
  return RejectedRow{
      .row_number = row.row_number,
      .reason = "Doublon de la ligne " + std::to_string(it->second) +
                (row.school_id ? " (même INE)." : " (mêmes nom, prénom et date de naissance).")};
}

}  // namespace

core::Result<RosterParse> ParseRosterFile(std::string_view bytes, const RosterLimits& limits) {
  if (static_cast<int64_t>(bytes.size()) > limits.max_bytes) {
    return TooLarge(static_cast<int64_t>(bytes.size()), limits.max_bytes);
  }
  auto decoded = DecodeText(bytes);
  if (!decoded) return decoded.take_error();
  RosterParse parse{.encoding = decoded->encoding, .had_bom = decoded->had_bom};
  parse.delimiter = DetectDelimiter(decoded->text);
  auto records = ReadCsv(decoded->text, parse.delimiter);
  if (!records) return records.take_error();
  auto header = FindRosterHeader(*records);
  if (!header) return header.take_error();
  size_t data_rows = records->size() - header->record_index - 1;
  if (limits.max_rows >= 0 && data_rows > static_cast<size_t>(limits.max_rows)) {
    return TooManyRows(data_rows, limits.max_rows);
  }
  parse.header_line = header->line;
  parse.columns = header->columns;
  parse.ignored_columns = header->ignored;
  int max_year = limits.current_year > 0 ? limits.current_year : 9999;
  std::unordered_map<std::string, int> seen;
  for (size_t i = header->record_index + 1; i < records->size(); ++i) {
    const CsvRecord& record = (*records)[i];
    auto row = ReadRosterRow(record, *header, parse.delimiter, max_year);
    if (auto* rejected = std::get_if<RejectedRow>(&row)) {
      parse.rejected.push_back(std::move(*rejected));
    } else if (auto duplicate = Duplicate(std::get<RosterRow>(row), seen)) {
      duplicate->excerpt = RecordExcerpt(record, parse.delimiter);
      parse.rejected.push_back(std::move(*duplicate));
    } else {
      parse.rows.push_back(std::move(std::get<RosterRow>(row)));
    }
  }
  return parse;
}

std::string IdentityKey(const std::optional<std::string>& school_id, const std::string& last_name,
                        const std::string& first_name,
                        const std::optional<std::string>& birth_date) {
  if (school_id && !school_id->empty()) return "ine:" + *school_id;
  return "name:" + NameKey(last_name, first_name, birth_date);
}

std::string IdentityKey(const RosterRow& row) {
  return IdentityKey(row.school_id, row.last_name, row.first_name, row.birth_date);
}

}  // namespace korrigo::students
