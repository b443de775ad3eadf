// Line-level rules of a roster import: what is kept, what is rejected and why, in words a teacher
// can act on.
#include "students/roster_row.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

constexpr int kYear = 2025;

RosterHeader Header(std::vector<std::string> names) {
  auto h = FindRosterHeader({CsvRecord{1, std::move(names)}});
  EXPECT_TRUE(h.ok()) << h.error().message;
  return *h;
}

const RosterHeader& Pronote() {
  static const RosterHeader h =
      Header({"Élèves", "Né(e) le", "Classe", "Groupes", "Adresse E-mail"});
  return h;
}

std::variant<RosterRow, RejectedRow> Read(const RosterHeader& h, std::vector<std::string> fields) {
  return ReadRosterRow(CsvRecord{7, std::move(fields)}, h, ';', kYear);
}

TEST(ReadRosterRowTest, ReadsACompleteLine) {
  auto r = Read(Pronote(), {"BEN AMEUR  Mohamed-Youssef", "14/02/2011", " 4A ", "4A G1, LV2 ESP",
                            "m.benameur@example.org"});
  ASSERT_TRUE(std::holds_alternative<RosterRow>(r));
  const RosterRow& row = std::get<RosterRow>(r);
  EXPECT_EQ(row.row_number, 7);
  EXPECT_EQ(row.last_name, "BEN AMEUR");
  EXPECT_EQ(row.first_name, "Mohamed-Youssef");
  EXPECT_EQ(row.birth_date, "2011-02-14");
  EXPECT_EQ(row.class_name, "4A");
  EXPECT_EQ(row.group, "4A G1, LV2 ESP");
  EXPECT_EQ(row.email, "m.benameur@example.org");
  EXPECT_FALSE(row.school_id.has_value());
  EXPECT_TRUE(row.warnings.empty());
}

TEST(ReadRosterRowTest, MissingTrailingFieldsAreEmpty) {
  auto r = Read(Pronote(), {"LE GALL Anaïs", "03/09/2010", "4A"});
  ASSERT_TRUE(std::holds_alternative<RosterRow>(r));
  EXPECT_FALSE(std::get<RosterRow>(r).group.has_value());
  EXPECT_FALSE(std::get<RosterRow>(r).email.has_value());
}

TEST(ReadRosterRowTest, KeepsNameWarningsAndWarnsAboutExtraValues) {
  auto r = Read(Pronote(), {"DUPONT JEAN", "03/09/2010", "4A", "", "", "", "en trop"});
  ASSERT_TRUE(std::holds_alternative<RosterRow>(r));
  EXPECT_EQ(std::get<RosterRow>(r).warnings.size(), 2u);
  auto trailing_empty = Read(Pronote(), {"DUPONT Jean", "03/09/2010", "4A", "", "", ""});
  EXPECT_TRUE(std::get<RosterRow>(trailing_empty).warnings.empty());
}

TEST(ReadRosterRowTest, RejectsWithEveryReasonAndAnExcerpt) {
  auto r = Read(Pronote(), {"DUPONT", "31/02/2011", "", "", "jean dupont@example.org"});
  ASSERT_TRUE(std::holds_alternative<RejectedRow>(r));
  const RejectedRow& rejected = std::get<RejectedRow>(r);
  EXPECT_EQ(rejected.row_number, 7);
  for (const char* part : {"Prénom manquant", "La classe est obligatoire", "« 31/02/2011 »",
                           "« jean dupont@example.org » invalide"}) {
    EXPECT_NE(rejected.reason.find(part), std::string::npos) << rejected.reason;
  }
  EXPECT_EQ(rejected.excerpt, "DUPONT;31/02/2011;;;jean dupont@example.org");
}

TEST(ReadRosterRowTest, RejectsTwoDigitYearsAndFutureBirths) {
  auto two = Read(Pronote(), {"MARTIN Léa", "14/02/11", "4A"});
  ASSERT_TRUE(std::holds_alternative<RejectedRow>(two));
  EXPECT_NE(std::get<RejectedRow>(two).reason.find("deux chiffres"), std::string::npos);
  auto future = Read(Pronote(), {"MARTIN Léa", "14/02/2026", "4A"});
  EXPECT_TRUE(std::holds_alternative<RejectedRow>(future));
}

TEST(ReadRosterRowTest, NeedsASchoolIdOrABirthDate) {
  RosterHeader h = Header({"Nom", "Prénom", "INE", "Date de naissance", "Classe"});
  auto with_id = Read(h, {"ÉMERY", "Zoé", " 456789012gh ", "", "3B"});
  ASSERT_TRUE(std::holds_alternative<RosterRow>(with_id));
  EXPECT_EQ(std::get<RosterRow>(with_id).school_id, "456789012GH");
  EXPECT_FALSE(std::get<RosterRow>(with_id).birth_date.has_value());
  auto neither = Read(h, {"ÉMERY", "Zoé", "", "", "3B"});
  ASSERT_TRUE(std::holds_alternative<RejectedRow>(neither));
  EXPECT_NE(std::get<RejectedRow>(neither).reason.find("Ni INE ni date"), std::string::npos);
}

TEST(ReadRosterRowTest, EnforcesTheRosterLengths) {
  RosterHeader h = Header({"Nom", "Prénom", "Classe", "INE"});
  auto long_name = Read(h, {std::string(101, 'A'), "Jean", "4A", "1"});
  ASSERT_TRUE(std::holds_alternative<RejectedRow>(long_name));
  EXPECT_NE(std::get<RejectedRow>(long_name).reason.find("100 caractères"), std::string::npos);
  EXPECT_TRUE(
      std::holds_alternative<RosterRow>(Read(h, {std::string(100, 'A'), "Jean", "4A", "1"})));
  EXPECT_TRUE(std::holds_alternative<RejectedRow>(Read(h, {"A", "B", std::string(41, 'C'), "1"})));
  EXPECT_TRUE(std::holds_alternative<RejectedRow>(Read(h, {"A", "B", "4A", std::string(41, '1')})));
  EXPECT_TRUE(std::holds_alternative<RejectedRow>(Read(h, {"A", "B\x01", "4A", "1"})));
}

TEST(RecordExcerptTest, CutsLongLinesOnCharacterBoundaries) {
  std::string long_field;
  for (int i = 0; i < 60; ++i) long_field += "é";
  std::string excerpt = RecordExcerpt(CsvRecord{1, {long_field, long_field}}, ',');
  EXPECT_EQ(excerpt, long_field + "," + long_field.substr(0, 39 * 2) + "…");
}

}  // namespace
}  // namespace korrigo::students
