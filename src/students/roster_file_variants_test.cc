// One class list written every way schools' software and spreadsheets write it must read the same;
// and the size and row limits hold exactly at their bounds.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "students/roster_file.h"

namespace korrigo::students {
namespace {

const RosterLimits kLimits{.current_year = 2025};

const std::vector<std::vector<std::string>> kClassList = {
    {"Élèves", "Né(e) le", "Classe", "Groupes", "Adresse E-mail"},
    {"BEN AMEUR Mohamed-Youssef", "14/02/2011", "4A", "4A G1, LV2 ESP", "m.benameur@example.org"},
    {"LE GALL Anaïs", "03/09/2010", "4A", "", ""},
    {"N'DIAYE Fatou", "29/02/2012", "4A", "4A G1", ""},
    {"DUPONT--MARTIN Éloïse", "07/11/2010", "4A", "4A G2", ""},
    {"ÉMERY Zoé", "30/01/2011", "4A", "", "zoe.emery@example.org"},
    {"BŒUF François", "05/05/2011", "4A", "\"Latin\"; renforcé", ""},
};

std::vector<uint32_t> CodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string Encode(std::string_view utf8, std::string_view encoding) {
  if (encoding == "utf-8") return std::string(utf8);
  if (encoding == "utf-8-bom") return "\xEF\xBB\xBF" + std::string(utf8);
  std::string out = encoding == "utf-16le" ? "\xFF\xFE" : encoding == "utf-16be" ? "\xFE\xFF" : "";
  for (uint32_t cp : CodePoints(utf8)) {
    if (encoding.starts_with("utf-16")) {  // the class list has no character past U+FFFF
      char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
      out += encoding == "utf-16le" ? std::string{lo, hi} : std::string{hi, lo};
    } else if (cp == 0x152 || cp == 0x153) {  // Œ œ
      bool cp1252 = encoding == "windows-1252";
      out += static_cast<char>(cp == 0x152 ? (cp1252 ? 0x8C : 0xBC) : (cp1252 ? 0x9C : 0xBD));
    } else {
      out += static_cast<char>(cp);
    }
  }
  return out;
}

std::string Write(char delimiter, std::string_view eol, bool quote_all) {
  std::string out;
  for (const auto& row : kClassList) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& f = row[i];
      bool quote = quote_all || f.find_first_of(std::string{delimiter, '"'}) != std::string::npos;
      std::string escaped;
      for (char c : f) escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += (i > 0 ? std::string(1, delimiter) : "") + (quote ? "\"" + escaped + "\"" : f);
    }
    out += eol;
  }
  return out + std::string(eol) +
         std::string(eol);  // trailing blank lines, as spreadsheets leave them
}

TEST(RosterFileVariantsTest, EveryEncodingDelimiterAndLineEndingReadsTheSame) {
  int variants = 0;
  for (std::string_view encoding :
       {"utf-8", "utf-8-bom", "windows-1252", "iso-8859-15", "utf-16le", "utf-16be"}) {
    for (char delimiter : {';', ',', '\t'}) {
      for (std::string_view eol : {"\r\n", "\n", "\r"}) {
        for (bool quote_all : {false, true}) {
          SCOPED_TRACE(std::string(encoding) + " delimiter=" + std::to_string(delimiter) + " eol=" +
                       std::to_string(eol.size()) + " quoted=" + std::to_string(quote_all));
          auto p = ParseRosterFile(Encode(Write(delimiter, eol, quote_all), encoding), kLimits);
          ASSERT_TRUE(p.ok()) << p.error().message;
          EXPECT_EQ(p->encoding, encoding == "utf-8-bom" ? "utf-8" : encoding);
          EXPECT_EQ(p->delimiter, delimiter);
          ASSERT_EQ(p->rows.size(), 6u);
          EXPECT_TRUE(p->rejected.empty());
          EXPECT_EQ(p->rows[0].group, "4A G1, LV2 ESP");
          EXPECT_EQ(p->rows[3].first_name, "Éloïse");
          EXPECT_EQ(p->rows[5].last_name, "BŒUF");
          EXPECT_EQ(p->rows[5].first_name, "François");
          EXPECT_EQ(p->rows[5].group, "\"Latin\"; renforcé");
          EXPECT_EQ(p->rows[5].row_number, 7);
          ++variants;
        }
      }
    }
  }
  EXPECT_EQ(variants, 108);
}

std::string RowsFile(int rows) {
  std::string out = "Nom;Prénom;INE;Classe\n";
  for (int i = 0; i < rows; ++i)
    out += "NOM" + std::to_string(i) + ";Léa;" + std::to_string(i) + ";4A\n";
  return out;
}

TEST(RosterFileVariantsTest, AcceptsUpToTheRowLimit) {
  auto p = ParseRosterFile(RowsFile(20'000), kLimits);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->rows.size(), 20'000u);
}

TEST(RosterFileVariantsTest, RefusesOneRowMoreThanTheLimit) {
  auto p = ParseRosterFile(RowsFile(20'001), kLimits);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(p.error().message.find("20 001"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("20 000"), std::string::npos);
  EXPECT_FALSE(
      ParseRosterFile(RowsFile(3), RosterLimits{.max_rows = 2, .current_year = 2025}).ok());
}

TEST(RosterFileVariantsTest, AcceptsAFileOfExactlyTheSizeLimit) {
  std::string file = "Nom;Prénom;INE;Classe\nMARTIN;Léa;1;4A\n";
  file.resize(5 * 1024 * 1024, ' ');  // a blank last line
  auto p = ParseRosterFile(file, kLimits);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->rows.size(), 1u);
}

TEST(RosterFileVariantsTest, RefusesOneByteMoreThanTheSizeLimit) {
  auto p = ParseRosterFile(std::string(5 * 1024 * 1024 + 1, 'a'), kLimits);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_NE(p.error().message.find("5 Mo"), std::string::npos) << p.error().message;
  auto small = ParseRosterFile(std::string(1001, 'a'), RosterLimits{.max_bytes = 1000});
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.error().message.find("1 000 octets"), std::string::npos) << small.error().message;
}

}  // namespace
}  // namespace korrigo::students
