// Recognising the columns of a roster export from their headers, in French or English and whatever
// their case or accents ("Élèves", "Né(e) le", "Adresse E-mail", "N° INE", "First name", …), and
// finding the header row, which school software sometimes places below a title line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "students/csv_reader.h"

namespace korrigo::students {

enum class RosterField {
  kFullName,  // "NOM Prénom" in one column
  kLastName,
  kFirstName,
  kBirthDate,
  kEmail,
  kClass,
  kGroup,
  kSchoolId,  // INE or the school's own identifier
};

// The stable English key of a field, for the import preview: "full_name", "last_name",
// "first_name", "birth_date", "email", "class_name", "group_name", "school_id".
std::string_view RosterFieldKey(RosterField field);

// The field that a header names, compared without case, accents or punctuation; nullopt for other
// columns.
std::optional<RosterField> FieldOfHeader(std::string_view header);

struct RosterColumn {
  size_t index = 0;    // position of the column in each record
  std::string header;  // as written in the file
  RosterField field = RosterField::kFullName;
};

struct RosterHeader {
  size_t record_index = 0;  // position of the header among the records
  int line = 0;             // its line in the file
  size_t width = 0;         // its number of fields
  std::vector<RosterColumn>
      columns;  // the columns that will be read, at most one per field, in file order
  std::vector<std::string> ignored;  // every other non-empty header, as written

  std::optional<size_t> IndexOf(RosterField field) const;
};

// How many leading records may precede the header row (title lines, export dates).
inline constexpr size_t kHeaderSearchRecords = 10;

// Finds the header: the first of the first kHeaderSearchRecords records with a column naming a name
// field. When a field is named twice the first column wins; separate last and first name columns
// win over a combined one. Required columns: a name (the combined column, or both last and first
// name), the class, and the birth date unless there is a school identifier column (the birth date
// is part of a student's identity only when there is no INE). Errors: invalid_argument, in French,
// naming the missing columns and the headers found (details: line, missing[] field keys, found[]
// headers).
core::Result<RosterHeader> FindRosterHeader(const std::vector<CsvRecord>& records);

}  // namespace korrigo::students
