// The header vocabulary is a table of folded spellings; adding a new export's wording is one line.
// Headers are folded with core::FoldText and punctuation becomes spaces, so "Né(e) le" is "ne e le"
// and "N° INE" "n ine".
#include "students/roster_columns.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/text_fold.h"

namespace korrigo::students {
namespace {

constexpr size_t kFieldCount = 8;

using F = RosterField;
constexpr std::pair<std::string_view, RosterField> kHeaders[] = {
    {"eleves", F::kFullName},
    {"eleve", F::kFullName},
    {"eleve s", F::kFullName},
    {"nom prenom", F::kFullName},
    {"nom prenoms", F::kFullName},
    {"nom et prenom", F::kFullName},
    {"nom et prenoms", F::kFullName},
    {"nom et prenom s", F::kFullName},
    {"nom complet", F::kFullName},
    {"student", F::kFullName},
    {"students", F::kFullName},
    {"student name", F::kFullName},
    {"full name", F::kFullName},
    {"name", F::kFullName},
    {"nom", F::kLastName},
    {"nom de famille", F::kLastName},
    {"nom d usage", F::kLastName},
    {"nom eleve", F::kLastName},
    {"nom de l eleve", F::kLastName},
    {"last name", F::kLastName},
    {"lastname", F::kLastName},
    {"surname", F::kLastName},
    {"family name", F::kLastName},
    {"prenom", F::kFirstName},
    {"prenoms", F::kFirstName},
    {"prenom s", F::kFirstName},
    {"prenom 1", F::kFirstName},
    {"prenom eleve", F::kFirstName},
    {"prenom de l eleve", F::kFirstName},
    {"first name", F::kFirstName},
    {"firstname", F::kFirstName},
    {"given name", F::kFirstName},
    {"ne e le", F::kBirthDate},
    {"nee le", F::kBirthDate},
    {"ne le", F::kBirthDate},
    {"date de naissance", F::kBirthDate},
    {"date naissance", F::kBirthDate},
    {"naissance", F::kBirthDate},
    {"birth date", F::kBirthDate},
    {"birthdate", F::kBirthDate},
    {"date of birth", F::kBirthDate},
    {"dob", F::kBirthDate},
    {"adresse e mail", F::kEmail},
    {"adresse email", F::kEmail},
    {"adresse mail", F::kEmail},
    {"e mail", F::kEmail},
    {"email", F::kEmail},
    {"courriel", F::kEmail},
    {"mail", F::kEmail},
    {"email address", F::kEmail},
    {"e mail address", F::kEmail},
    {"classe", F::kClass},
    {"class", F::kClass},
    {"division", F::kClass},
    {"groupe", F::kGroup},
    {"groupes", F::kGroup},
    {"groupe s", F::kGroup},
    {"group", F::kGroup},
    {"groups", F::kGroup},
    {"ine", F::kSchoolId},
    {"n ine", F::kSchoolId},
    {"no ine", F::kSchoolId},
    {"numero ine", F::kSchoolId},
    {"identifiant", F::kSchoolId},
    {"identifiant national", F::kSchoolId},
    {"id", F::kSchoolId},
    {"student id", F::kSchoolId},
};

std::string NormalizeHeader(std::string_view header) {
  std::string out;
  for (char c : core::FoldText(header)) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

size_t Slot(RosterField f) { return static_cast<size_t>(f); }

RosterHeader MapHeader(const std::vector<CsvRecord>& records, size_t at) {
  const CsvRecord& record = records[at];
  std::array<std::optional<size_t>, kFieldCount> column;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (auto f = FieldOfHeader(record.fields[i]); f && !column[Slot(*f)]) column[Slot(*f)] = i;
  }
  if (column[Slot(F::kLastName)] && column[Slot(F::kFirstName)]) {
    column[Slot(F::kFullName)].reset();
  } else if (column[Slot(F::kFullName)]) {
    column[Slot(F::kLastName)].reset();
    column[Slot(F::kFirstName)].reset();
  }
  RosterHeader header{.record_index = at, .line = record.line, .width = record.fields.size()};
  for (size_t i = 0; i < record.fields.size(); ++i) {
    auto f = FieldOfHeader(record.fields[i]);
    if (f && column[Slot(*f)] == i) {
      header.columns.push_back({i, record.fields[i], *f});
    } else if (!record.fields[i].empty()) {
      header.ignored.push_back(record.fields[i]);
    }
  }
  return header;
}

bool NamesSomeone(const RosterHeader& h) {
  return h.IndexOf(F::kFullName) || h.IndexOf(F::kLastName) || h.IndexOf(F::kFirstName);
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "« " : ", « ") + s + " »";
  return out.empty() ? "aucune" : out;
}

core::Error NoHeader(const std::vector<CsvRecord>& records, size_t scanned) {
  size_t widest = 0;
  for (size_t i = 1; i < scanned; ++i) {
    if (records[i].fields.size() > records[widest].fields.size()) widest = i;
  }
  const CsvRecord& r = records[widest];
  return core::Error::InvalidArgument(
      "Aucune ligne d'en-tête reconnue dans les " + std::to_string(kHeaderSearchRecords) +
          " premières lignes : il faut une colonne « Élèves » (NOM Prénom) ou les colonnes « Nom » "
          "et "
          "« Prénom ». Colonnes trouvées ligne " +
          std::to_string(r.line) + " : " + QuotedList(r.fields) + ".",
      {{"line", r.line}, {"missing", {"full_name"}}, {"found", r.fields}});
}

core::Status CheckRequired(const RosterHeader& h) {
  std::vector<std::string> labels, keys;
  auto require = [&](bool present, const char* label, const char* key) {
    if (!present) {
      labels.push_back(label);
      keys.push_back(key);
    }
  };
  bool full = h.IndexOf(F::kFullName).has_value();
  require(full || h.IndexOf(F::kLastName), "« Nom »", "last_name");
  require(full || h.IndexOf(F::kFirstName), "« Prénom »", "first_name");
  require(h.IndexOf(F::kClass).has_value(), "« Classe »", "class_name");
  require(h.IndexOf(F::kBirthDate) || h.IndexOf(F::kSchoolId), "« Date de naissance » (ou « INE »)",
          "birth_date");
  if (keys.empty()) return {};
  std::vector<std::string> found;
  for (const RosterColumn& c : h.columns) found.push_back(c.header);
  found.insert(found.end(), h.ignored.begin(), h.ignored.end());
  std::string missing;
  for (const std::string& l : labels) missing += (missing.empty() ? "" : ", ") + l;
  std::string title = keys.size() > 1 ? "Colonnes manquantes : " : "Colonne manquante : ";
  return core::Error::InvalidArgument(title + missing + ". Colonnes trouvées ligne " +
                                          std::to_string(h.line) + " : " + QuotedList(found) + ".",
                                      {{"line", h.line}, {"missing", keys}, {"found", found}});
}

}  // namespace

std::string_view RosterFieldKey(RosterField field) {
  static constexpr std::string_view kKeys[kFieldCount] = {"full_name",  "last_name", "first_name",
                                                          "birth_date", "email",     "class_name",
                                                          "group_name", "school_id"};
  return kKeys[Slot(field)];
}

std::optional<RosterField> FieldOfHeader(std::string_view header) {
  std::string key = NormalizeHeader(header);
  for (const auto& [spelling, field] : kHeaders) {
    if (key == spelling) return field;
  }
  return std::nullopt;
}

std::optional<size_t> RosterHeader::IndexOf(RosterField field) const {
  for (const RosterColumn& c : columns) {
    if (c.field == field) return c.index;
  }
  return std::nullopt;
}

core::Result<RosterHeader> FindRosterHeader(const std::vector<CsvRecord>& records) {
  if (records.empty()) return core::Error::InvalidArgument("Le fichier est vide.");
  size_t scanned = std::min(records.size(), kHeaderSearchRecords);
  for (size_t i = 0; i < scanned; ++i) {
    RosterHeader header = MapHeader(records, i);
    if (!NamesSomeone(header)) continue;
    if (core::Status s = CheckRequired(header); !s) return s.take_error();
    return header;
  }
  return NoHeader(records, scanned);
}

}  // namespace korrigo::students
