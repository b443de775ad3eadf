// Splitting "NOM Prénom" as Pronote writes it, on the names a French class list really contains.
#include "students/person_name.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

struct Case {
  const char* full;
  const char* last;
  const char* first;
};

TEST(SplitFullNameTest, CapitalizedWordsAreTheLastName) {
  const Case kCases[] = {
      {"BEN AMEUR Mohamed-Youssef", "BEN AMEUR", "Mohamed-Youssef"},
      {"LE GALL Anaïs", "LE GALL", "Anaïs"},
      {"N'DIAYE Fatou", "N'DIAYE", "Fatou"},
      {"DUPONT--MARTIN Éloïse", "DUPONT--MARTIN", "Éloïse"},
      {"DE LA FONTAINE Jean", "DE LA FONTAINE", "Jean"},
      {"ÉMERY Zoé", "ÉMERY", "Zoé"},
      {"D’ALMEIDA Inès", "D’ALMEIDA", "Inès"},
      {"N´DIAYE Awa", "N´DIAYE", "Awa"},
      {"MARTIN Jean Pierre", "MARTIN", "Jean Pierre"},
      {"ÇELIK Çağla", "ÇELIK", "Çağla"},
      {"LEFÈVRE-ÖZTÜRK Noël", "LEFÈVRE-ÖZTÜRK", "Noël"},
      {"BŒUF Œdipe", "BŒUF", "Œdipe"},
      {"ŠIMIĆ Luka", "ŠIMIĆ", "Luka"},
      {"O'NEILL Seán", "O'NEILL", "Seán"},
  };
  for (const Case& c : kCases) {
    auto name = SplitFullName(c.full);
    ASSERT_TRUE(name.ok()) << c.full;
    EXPECT_EQ(name->last_name, c.last) << c.full;
    EXPECT_EQ(name->first_name, c.first) << c.full;
    EXPECT_FALSE(name->warning.has_value()) << c.full << ": " << name->warning.value_or("");
  }
}

TEST(SplitFullNameTest, NormalizesWhiteSpace) {
  auto name = SplitFullName("  LE\u00a0 GALL \t Anaïs\u202fMarie  ");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->last_name, "LE GALL");
  EXPECT_EQ(name->first_name, "Anaïs Marie");
}

TEST(SplitFullNameTest, AllCapitalsIsAGuessWithAWarning) {
  auto name = SplitFullName("DUPONT JEAN");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->last_name, "DUPONT");
  EXPECT_EQ(name->first_name, "JEAN");
  ASSERT_TRUE(name->warning.has_value());
  EXPECT_NE(name->warning->find("majuscules"), std::string::npos);
}

TEST(SplitFullNameTest, InitialIsAGuessWithAWarning) {
  auto name = SplitFullName("MARTIN J.");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->last_name, "MARTIN");
  EXPECT_EQ(name->first_name, "J.");
  ASSERT_TRUE(name->warning.has_value());
  EXPECT_NE(name->warning->find("initiale"), std::string::npos);
}

TEST(SplitFullNameTest, NoCapitalsTakesTheFirstWordWithAWarning) {
  auto name = SplitFullName("Dupont Jean");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->last_name, "Dupont");
  EXPECT_EQ(name->first_name, "Jean");
  EXPECT_TRUE(name->warning.has_value());
}

TEST(SplitFullNameTest, CapitalsAtTheEndMeanFirstNameFirst) {
  auto name = SplitFullName("Jean-Baptiste DE LA FONTAINE");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->last_name, "DE LA FONTAINE");
  EXPECT_EQ(name->first_name, "Jean-Baptiste");
  ASSERT_TRUE(name->warning.has_value());
  EXPECT_NE(name->warning->find("Prénom NOM"), std::string::npos);
}

TEST(SplitFullNameTest, RefusesASingleWordOrNothing) {
  auto single = SplitFullName("DUPONT");
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(single.error().message.find("Prénom manquant"), std::string::npos);
  EXPECT_NE(single.error().message.find("DUPONT"), std::string::npos);
  EXPECT_FALSE(SplitFullName("   ").ok());
}

TEST(NormalizeSpacesTest, CollapsesAndTrims) {
  EXPECT_EQ(NormalizeSpaces("  a \t\r\n b\u00a0\u00a0c "), "a b c");
  EXPECT_EQ(NormalizeSpaces(""), "");
  EXPECT_EQ(NormalizeSpaces("Zoé"), "Zoé");
}

}  // namespace
}  // namespace korrigo::students
