// Whole roster files: the sample exports in testdata/ and generated variants of one class list
// (encodings, delimiters, quoting, blank lines, duplicates, errors and limits).
#include "students/roster_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace korrigo::students {
namespace {

const RosterLimits kLimits{.current_year = 2025};

std::string Fixture(const char* name) {
  std::ifstream in(std::filesystem::path(__FILE__).parent_path() / "testdata" / name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

RosterParse Parse(std::string_view bytes, const RosterLimits& limits = kLimits) {
  auto parse = ParseRosterFile(bytes, limits);
  EXPECT_TRUE(parse.ok()) << (parse.ok() ? "" : parse.error().message);
  return parse.ok() ? std::move(*parse) : RosterParse();
}

TEST(ParseRosterFileTest, ReadsAPronoteExportInWindows1252) {
  RosterParse p = Parse(Fixture("pronote_eleves.csv"));
  EXPECT_EQ(p.encoding, "windows-1252");
  EXPECT_EQ(p.delimiter, ';');
  EXPECT_EQ(p.header_line, 1);
  ASSERT_EQ(p.columns.size(), 5u);
  EXPECT_TRUE(p.ignored_columns.empty());
  EXPECT_TRUE(p.rejected.empty());
  ASSERT_EQ(p.rows.size(), 9u);
  EXPECT_EQ(p.rows[0].last_name, "BEN AMEUR");
  EXPECT_EQ(p.rows[0].first_name, "Mohamed-Youssef");
  EXPECT_EQ(p.rows[0].group, "4A G1, LV2 ESP");
  EXPECT_EQ(p.rows[2].birth_date, "2012-02-29");
  EXPECT_EQ(p.rows[3].first_name, "Éloïse");
  EXPECT_EQ(p.rows[6].last_name, "D’ALMEIDA");
  EXPECT_EQ(p.rows[8].last_name, "BŒUF");
  EXPECT_EQ(p.rows[8].first_name, "François");
  EXPECT_EQ(p.rows[8].row_number, 10);
}

TEST(ParseRosterFileTest, ReadsAnEdtExportInUtf8WithBom) {
  RosterParse p = Parse(Fixture("edt_eleves.csv"));
  EXPECT_EQ(p.encoding, "utf-8");
  EXPECT_TRUE(p.had_bom);
  EXPECT_EQ(p.delimiter, ',');
  EXPECT_EQ(p.ignored_columns, std::vector<std::string>{"Régime"});
  ASSERT_EQ(p.rows.size(), 5u);
  EXPECT_EQ(p.rows[0].school_id, "123456789AB");
  EXPECT_EQ(p.rows[0].email, "anais.legall@example.org");
  EXPECT_EQ(p.rows[1].group, "3B G1, 3B G2");
  EXPECT_EQ(p.rows[2].last_name, "DUPONT--MARTIN");
  EXPECT_EQ(p.rows[2].group, "\"Latin\" renforcé");
  EXPECT_FALSE(p.rows[4].school_id.has_value());
  EXPECT_EQ(p.rows[4].birth_date, "2011-06-21");
}

TEST(ParseRosterFileTest, ReadsASiecleExportWithATitleLineInIso885915) {
  RosterParse p = Parse(Fixture("siecle_eleves.txt"));
  EXPECT_EQ(p.encoding, "iso-8859-15");
  EXPECT_EQ(p.delimiter, '\t');
  EXPECT_EQ(p.header_line, 2);
  EXPECT_EQ(p.ignored_columns, std::vector<std::string>{"Sexe"});
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.rows[0].last_name, "CŒURDEROY");
  EXPECT_EQ(p.rows[0].birth_date, "2011-03-02");
  EXPECT_EQ(p.rows[1].last_name, "ŠIMIC");
  EXPECT_EQ(p.rows[2].class_name, "5C");
  EXPECT_EQ(p.rows[2].row_number, 5);
}

TEST(ParseRosterFileTest, SkipsBlankLinesAndKeepsLineNumbers) {
  RosterParse p = Parse(
      "\n\nNom;Prénom;Né le;Classe\r\n\r\nMARTIN;Léa;01/02/2011;4A\r\n;;;\r\n  \r\n"
      "\"BERNARD\";\"Paul\nHenri\";02/03/2011;4A\r\nROUX;Lou;03/04/2011;4A\r\n\r\n\r\n");
  EXPECT_EQ(p.header_line, 3);
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.rows[0].row_number, 5);
  EXPECT_EQ(p.rows[1].row_number, 8);
  EXPECT_EQ(p.rows[1].first_name, "Paul Henri");
  EXPECT_EQ(p.rows[2].row_number, 10);
}

TEST(ParseRosterFileTest, SkipsExcelsSeparatorHintLine) {
  RosterParse p = Parse("sep=,\r\nNom,Prénom,INE,Classe\r\nMARTIN,Léa,1,4A\r\n");
  EXPECT_EQ(p.delimiter, ',');
  EXPECT_EQ(p.header_line, 2);
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].row_number, 3);
}

TEST(ParseRosterFileTest, RejectsLaterDuplicates) {
  RosterParse p = Parse(
      "Nom;Prénom;Date de naissance;Classe;INE\n"
      "DUPONT--MARTIN;Éloïse;07/11/2010;4A;\n"
      "Dupont--Martin;Eloise;2010-11-07;4B;\n"  // same person without accents or capitals
      "DUPONT--MARTIN;Éloïse;08/11/2010;4A;\n"  // another birth date: another student
      "LE GALL;Anaïs;03/09/2010;4A;123456789AB\n"
      "LE GALL;Anaïs;03/09/2010;4A;123456789ab\n");
  ASSERT_EQ(p.rows.size(), 3u);
  ASSERT_EQ(p.rejected.size(), 2u);
  EXPECT_EQ(p.rejected[0].row_number, 3);
  EXPECT_EQ(p.rejected[0].reason,
            "Doublon de la ligne 2 (mêmes nom, prénom et date de naissance).");
  EXPECT_EQ(p.rejected[0].excerpt, "Dupont--Martin;Eloise;2010-11-07;4B;");
  EXPECT_EQ(p.rejected[1].row_number, 6);
  EXPECT_EQ(p.rejected[1].reason, "Doublon de la ligne 5 (même INE).");
}

TEST(ParseRosterFileTest, RejectedRowsDoNotStopTheImport) {
  RosterParse p = Parse(
      "Élèves;Né(e) le;Classe\nMARTIN Léa;31/02/2011;4A\nDUPONT;01/01/2011;4A\nROUX "
      "Lou;1/2/2011;4A\n");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].birth_date, "2011-02-01");
  ASSERT_EQ(p.rejected.size(), 2u);
  EXPECT_NE(p.rejected[0].reason.find("« 31/02/2011 »"), std::string::npos);
  EXPECT_EQ(p.rejected[0].excerpt, "MARTIN Léa;31/02/2011;4A");
  EXPECT_NE(p.rejected[1].reason.find("Prénom manquant"), std::string::npos);
}

TEST(ParseRosterFileTest, FailsOnMissingColumnsNamingThem) {
  auto p = ParseRosterFile("Nom;Classe;Option\nDUPONT;4A;Latin\n", kLimits);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(p.error().message.find("« Prénom »"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("« Option »"), std::string::npos);
}

TEST(ParseRosterFileTest, FailsOnAnUnterminatedQuote) {
  auto p = ParseRosterFile(
      "Élèves;Né(e) le;Classe\nMARTIN Léa;01/02/2011;4A\n\"ROUX Lou;01/02/2011;4A\n", kLimits);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("ligne 3"), std::string::npos) << p.error().message;
}

TEST(ParseRosterFileTest, FailsOnSpreadsheetsAndEmptyFiles) {
  EXPECT_FALSE(ParseRosterFile(std::string("PK\x03\x04\0\0", 6), kLimits).ok());
  EXPECT_FALSE(ParseRosterFile("", kLimits).ok());
  EXPECT_FALSE(ParseRosterFile("\xEF\xBB\xBF\r\n;;\r\n", kLimits).ok());
}

TEST(ParseRosterFileTest, HeaderOnlyIsAnEmptyRoster) {
  RosterParse p = Parse("Nom;Prénom;INE;Classe\n");
  EXPECT_TRUE(p.rows.empty());
  EXPECT_TRUE(p.rejected.empty());
}

TEST(ParseRosterFileTest, UsesTheCurrentYearAsTheLatestBirthYear) {
  std::string file = "Élèves;Né(e) le;Classe\nMARTIN Léa;01/02/2026;4A\n";
  EXPECT_EQ(Parse(file).rejected.size(), 1u);
  EXPECT_EQ(Parse(file, RosterLimits{.current_year = 2026}).rows.size(), 1u);
}

TEST(IdentityKeyTest, PrefersTheSchoolIdElseFoldsTheNames) {
  EXPECT_EQ(IdentityKey(std::string("123456789AB"), "LE GALL", "Anaïs", "2010-09-03"),
            "ine:123456789AB");
  EXPECT_EQ(IdentityKey(std::nullopt, "LE GALL", "Anaïs", "2010-09-03"),
            "name:le gall|anais|2010-09-03");
  EXPECT_EQ(IdentityKey(std::string(), "ÉMERY", "Zoé", std::nullopt), "name:emery|zoe|");
  RosterRow row{.last_name = "D’ALMEIDA", .first_name = "Inès", .birth_date = "2011-04-18"};
  EXPECT_EQ(IdentityKey(row), "name:d'almeida|ines|2011-04-18");
}

}  // namespace
}  // namespace korrigo::students
