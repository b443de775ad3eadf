// Header recognition across the wordings of Pronote, EDT, SIECLE/ONDE and hand-made spreadsheets.
#include "students/roster_columns.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

using F = RosterField;

std::vector<CsvRecord> Records(std::vector<std::vector<std::string>> rows) {
  std::vector<CsvRecord> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back({static_cast<int>(i) + 1, rows[i]});
  return out;
}

TEST(FieldOfHeaderTest, RecognisesFrenchAndEnglishSpellings) {
  const std::pair<const char*, F> kCases[] = {
      {"Élèves", F::kFullName},
      {"ÉLÈVE", F::kFullName},
      {"Nom Prénom", F::kFullName},
      {"Nom et prénom", F::kFullName},
      {"Nom complet", F::kFullName},
      {"Student", F::kFullName},
      {"Full name", F::kFullName},
      {"Nom", F::kLastName},
      {"Last name", F::kLastName},
      {"Nom de famille", F::kLastName},
      {"Surname", F::kLastName},
      {"Prénom", F::kFirstName},
      {"First name", F::kFirstName},
      {"Prénoms", F::kFirstName},
      {"Prénom 1", F::kFirstName},
      {"Né(e) le", F::kBirthDate},
      {"Née le", F::kBirthDate},
      {"Né le", F::kBirthDate},
      {"Date de naissance", F::kBirthDate},
      {"Naissance", F::kBirthDate},
      {"Birth date", F::kBirthDate},
      {"Date of birth", F::kBirthDate},
      {"DOB", F::kBirthDate},
      {"Adresse E-mail", F::kEmail},
      {"E-mail", F::kEmail},
      {"Email", F::kEmail},
      {"Courriel", F::kEmail},
      {"Mail", F::kEmail},
      {"Classe", F::kClass},
      {"Class", F::kClass},
      {"Division", F::kClass},
      {"Groupe", F::kGroup},
      {"Groupes", F::kGroup},
      {"Groupe(s)", F::kGroup},
      {"Group", F::kGroup},
      {"Groups", F::kGroup},
      {"INE", F::kSchoolId},
      {"Identifiant", F::kSchoolId},
      {"N° INE", F::kSchoolId},
      {"Numéro INE", F::kSchoolId},
      {"ID", F::kSchoolId},
      {"Student ID", F::kSchoolId},
      {"Identifiant national", F::kSchoolId},
      {" nom  DE famille ", F::kLastName},
  };
  for (const auto& [header, field] : kCases) {
    EXPECT_EQ(FieldOfHeader(header), field) << header;
  }
  EXPECT_FALSE(FieldOfHeader("Régime").has_value());
  EXPECT_FALSE(FieldOfHeader("Nominatif").has_value());
  EXPECT_FALSE(FieldOfHeader("").has_value());
  EXPECT_EQ(RosterFieldKey(F::kClass), "class_name");
}

TEST(FindRosterHeaderTest, MapsColumnsAndReportsTheOthers) {
  auto h = FindRosterHeader(Records({{"Élèves", "Né(e) le", "Classe", "Régime", "", "Groupes"}}));
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->line, 1);
  EXPECT_EQ(h->width, 6u);
  EXPECT_EQ(h->IndexOf(F::kFullName), 0u);
  EXPECT_EQ(h->IndexOf(F::kGroup), 5u);
  EXPECT_FALSE(h->IndexOf(F::kEmail).has_value());
  EXPECT_EQ(h->ignored, std::vector<std::string>{"Régime"});
}

TEST(FindRosterHeaderTest, SeparateNamesWinOverACombinedOneAndFirstColumnWins) {
  auto h = FindRosterHeader(
      Records({{"Élève", "Nom", "Prénom", "Date de naissance", "Classe", "Division"}}));
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_FALSE(h->IndexOf(F::kFullName).has_value());
  EXPECT_EQ(h->IndexOf(F::kLastName), 1u);
  EXPECT_EQ(h->IndexOf(F::kClass), 4u);
  EXPECT_EQ(h->ignored, (std::vector<std::string>{"Élève", "Division"}));
}

TEST(FindRosterHeaderTest, SkipsTitleLines) {
  auto h = FindRosterHeader(Records({{"Liste des élèves"},
                                     {"Exporté le 01/09/2024", ""},
                                     {"Nom", "Prénom", "INE", "Classe"},
                                     {"DUPONT", "Jean", "1", "4A"}}));
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->record_index, 2u);
  EXPECT_EQ(h->line, 3);
}

TEST(FindRosterHeaderTest, BirthDateIsOptionalOnlyWithASchoolId) {
  EXPECT_TRUE(FindRosterHeader(Records({{"Nom", "Prénom", "Classe", "INE"}})).ok());
  auto h = FindRosterHeader(Records({{"Nom", "Prénom", "Classe", "Sexe"}}));
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("« Date de naissance » (ou « INE »)"), std::string::npos)
      << h.error().message;
  EXPECT_NE(h.error().message.find("« Sexe »"), std::string::npos);
  EXPECT_EQ(h.error().details["missing"], nlohmann::json({"birth_date"}));
}

TEST(FindRosterHeaderTest, NamesEveryMissingColumnAndTheHeadersFound) {
  auto h = FindRosterHeader(Records({{"Nom", "Date de naissance", "Option"}}));
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, core::ErrorCode::kInvalidArgument);
  const std::string& m = h.error().message;
  EXPECT_NE(m.find("Colonnes manquantes : « Prénom », « Classe »."), std::string::npos) << m;
  EXPECT_NE(m.find("« Nom », « Date de naissance », « Option »"), std::string::npos) << m;
  EXPECT_EQ(h.error().details["line"], 1);
}

TEST(FindRosterHeaderTest, ExplainsWhenNoHeaderIsFound) {
  std::vector<std::vector<std::string>> rows(12, {"a", "b"});
  rows[11] = {"Nom", "Prénom", "Classe", "INE"};  // too far down
  auto h = FindRosterHeader(Records(rows));
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("10 premières lignes"), std::string::npos) << h.error().message;
  EXPECT_NE(h.error().message.find("« a », « b »"), std::string::npos);
  EXPECT_EQ(FindRosterHeader({}).error().message, "Le fichier est vide.");
}

}  // namespace
}  // namespace korrigo::students
