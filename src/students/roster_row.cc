// Row checks mirror ParseStudentFields (students/student.h), so that whatever the import previews
// as valid the store accepts. All problems of a line are reported together: a teacher fixes the
// file once.
#include "students/roster_row.h"

#include <cctype>

#include "core/json_fields.h"
#include "core/text_fold.h"
#include "students/birth_date.h"
#include "students/person_name.h"

namespace korrigo::students {
namespace {

class RowReader {
 public:
  RowReader(const CsvRecord& record, const RosterHeader& header)
      : record_(record), header_(header) {}

  // The normalised text of `field`'s column; "" when the column is absent or the record too short.
  std::string Value(RosterField field) const {
    std::optional<size_t> i = header_.IndexOf(field);
    if (!i || *i >= record_.fields.size()) return "";
    return NormalizeSpaces(record_.fields[*i]);
  }

  void Check(const std::string& value, const char* label, size_t max, bool required) {
    if (core::Status s = core::CheckText(value, "", label, max, required); !s)
      Fail(s.error().message);
  }

  void Fail(std::string reason) { reasons_.push_back(std::move(reason)); }
  const std::vector<std::string>& reasons() const { return reasons_; }

 private:
  const CsvRecord& record_;
  const RosterHeader& header_;
  std::vector<std::string> reasons_;
};

void ReadNames(RowReader& in, const RosterHeader& header, RosterRow& row) {
  if (header.IndexOf(RosterField::kFullName)) {
    auto name = SplitFullName(in.Value(RosterField::kFullName));
    if (!name) return in.Fail(name.error().message);
    row.last_name = std::move(name->last_name);
    row.first_name = std::move(name->first_name);
    if (name->warning) row.warnings.push_back(*name->warning);
  } else {
    row.last_name = in.Value(RosterField::kLastName);
    row.first_name = in.Value(RosterField::kFirstName);
  }
  in.Check(row.last_name, "Le nom", 100, true);
  in.Check(row.first_name, "Le prénom", 100, true);
}

void ReadIdentity(RowReader& in, int max_birth_year, RosterRow& row) {
  std::string id = in.Value(RosterField::kSchoolId);
  for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!id.empty()) {
    in.Check(id, "L'identifiant", 40, true);
    row.school_id = id;
  }
  std::string date = in.Value(RosterField::kBirthDate);
  if (!date.empty()) {
    auto iso = ParseBirthDate(date, max_birth_year);
    if (!iso) return in.Fail(iso.error().message);
    row.birth_date = *iso;
  } else if (!row.school_id) {
    in.Fail(
        "Ni INE ni date de naissance : l'élève ne pourrait pas être reconnu d'un import à "
        "l'autre.");
  }
}

void ReadSchooling(RowReader& in, RosterRow& row) {
  row.class_name = in.Value(RosterField::kClass);
  in.Check(row.class_name, "La classe", 40, true);
  if (std::string group = in.Value(RosterField::kGroup); !group.empty()) {
    in.Check(group, "Le groupe", 200, false);
    row.group = group;
  }
  if (std::string email = in.Value(RosterField::kEmail); !email.empty()) {
    if (!core::CheckEmail(email, "email"))
      return in.Fail("Adresse e-mail « " + email + " » invalide.");
    row.email = email;
  }
}

bool HasExtraFields(const CsvRecord& record, const RosterHeader& header) {
  for (size_t i = header.width; i < record.fields.size(); ++i) {
    if (!record.fields[i].empty()) return true;
  }
  return false;
}

}  // namespace

std::string RecordExcerpt(const CsvRecord& record, char delimiter) {
  constexpr size_t kExcerptCodePoints = 100;
  std::string joined;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (i > 0) joined += delimiter;
    joined += record.fields[i];
  }
  size_t bytes = 0, code_points = 0;
  while (bytes < joined.size() && code_points < kExcerptCodePoints) {
    ++bytes;
    while (bytes < joined.size() && (static_cast<unsigned char>(joined[bytes]) & 0xC0) == 0x80)
      ++bytes;
    ++code_points;
  }
  return bytes < joined.size() ? joined.substr(0, bytes) + "…" : joined;
}

std::variant<RosterRow, RejectedRow> ReadRosterRow(const CsvRecord& record,
                                                   const RosterHeader& header, char delimiter,
                                                   int max_birth_year) {
  RowReader in(record, header);
  RosterRow row{.row_number = record.line};
  ReadNames(in, header, row);
  ReadSchooling(in, row);
  ReadIdentity(in, max_birth_year, row);
  if (!in.reasons().empty()) {
    std::string reason;
    for (const std::string& r : in.reasons()) reason += (reason.empty() ? "" : " ; ") + r;
    return RejectedRow{record.line, std::move(reason), RecordExcerpt(record, delimiter)};
  }
  if (HasExtraFields(record, header)) {
    row.warnings.push_back("Valeurs au-delà de la dernière colonne de l'en-tête, ignorées.");
  }
  return row;
}

}  // namespace korrigo::students
