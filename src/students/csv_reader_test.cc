// Reading delimited text: quoting, line endings, blank lines and the delimiter guess.
#include "students/csv_reader.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> Read(std::string_view text, char delimiter) {
  auto records = ReadCsv(text, delimiter);
  EXPECT_TRUE(records.ok()) << (records.ok() ? "" : records.error().message);
  return records.ok() ? *records : std::vector<CsvRecord>();
}

TEST(ReadCsvTest, SplitsFieldsAndNumbersLines) {
  auto r = Read("Nom;Prénom\nDUPONT;Jean\nMARTIN;Léa", ';');
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"Nom", "Prénom"}));
  EXPECT_EQ(r[2].fields, (Fields{"MARTIN", "Léa"}));
  EXPECT_EQ(r[2].line, 3);
}

TEST(ReadCsvTest, AcceptsEveryLineEnding) {
  for (std::string_view eol : {"\r\n", "\n", "\r"}) {
    std::string text =
        "a;b" + std::string(eol) + "c;d" + std::string(eol) + std::string(eol) + "e;f";
    auto r = Read(text, ';');
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[1].fields, (Fields{"c", "d"}));
    EXPECT_EQ(r[2].line, 4);
  }
}

TEST(ReadCsvTest, SkipsBlankLinesButKeepsTheirNumbers) {
  auto r = Read("h1;h2\n\n   \nx;y\n;;\n;\n\"\";\"\"\nz;w\n\n\n", ';');
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].line, 4);
  EXPECT_EQ(r[2].line, 8);
}

TEST(ReadCsvTest, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  auto r = Read("\"DUPONT; Jean\";\"dit \"\"Jo\"\"\";\"ligne 1\r\nligne 2\"\nsuite;b;c\n", ';');
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"DUPONT; Jean", "dit \"Jo\"", "ligne 1\nligne 2"}));
  EXPECT_EQ(r[0].line, 1);
  EXPECT_EQ(r[1].line, 3);  // the quoted line break moved the next record down a line
}

TEST(ReadCsvTest, TrimsUnquotedFieldsOnly) {
  auto r = Read("  DUPONT \t;\"  Jean  \"  ; 4A ", ';');
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"DUPONT", "  Jean  ", "4A"}));
}

TEST(ReadCsvTest, QuoteAfterSpacesStillOpensAQuotedField) {
  auto r = Read("a, \"b, c\" ,d", ',');
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b, c", "d"}));
}

TEST(ReadCsvTest, KeepsStrayTextAfterAClosingQuoteAndQuotesInsideUnquotedFields) {
  auto r = Read("\"ab\"cd;O\"Brien", ';');
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"abcd", "O\"Brien"}));
}

TEST(ReadCsvTest, TabDelimiterKeepsEmptyFields) {
  auto r = Read("a\t\tc\t\n", '\t');
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "", "c", ""}));
}

TEST(ReadCsvTest, UnterminatedQuoteNamesItsLine) {
  auto r = ReadCsv("Nom;Prénom\nDUPONT;Jean\nMARTIN;\"Léa\nBERNARD;Paul\n", ';');
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("ligne 3"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().details["line"], 3);
}

TEST(ReadCsvTest, EmptyTextHasNoRecords) { EXPECT_TRUE(Read("", ';').empty()); }

TEST(DetectDelimiterTest, FindsEachDelimiter) {
  EXPECT_EQ(DetectDelimiter("Nom;Prénom;Classe\nDUPONT;Jean;4A\n"), ';');
  EXPECT_EQ(DetectDelimiter("Nom,Prénom,Classe\nDUPONT,Jean,4A\n"), ',');
  EXPECT_EQ(DetectDelimiter("Nom\tPrénom\tClasse\nDUPONT\tJean\t4A\n"), '\t');
}

TEST(DetectDelimiterTest, IgnoresDelimitersInsideQuotesAndInProse) {
  std::string text =
      "Liste des élèves, classe de 4A, au 1er septembre\n"
      "Élèves;Classe;Groupes\n"
      "\"DUPONT, Jean\";4A;\"G1, G2, LV2\"\n"
      "MARTIN Léa;4A;G1, G2\n"
      "BERNARD Paul;4A;G2\n";
  EXPECT_EQ(DetectDelimiter(text), ';');
}

TEST(DetectDelimiterTest, PrefersConsistentCounts) {
  // Commas appear in some values, but the tab count is the same on every line.
  EXPECT_EQ(DetectDelimiter("a\tb\tc\nx, y\tz\tw\nu\tv, t, s\tq\n"), '\t');
}

TEST(DetectDelimiterTest, DefaultsToSemicolon) {
  EXPECT_EQ(DetectDelimiter("Élèves\nDUPONT Jean\n"), ';');
}

}  // namespace
}  // namespace korrigo::students
