// Birth dates in the formats French exports use, and the messages for the ones that cannot be
// right.
#include "students/birth_date.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

constexpr int kYear = 2025;

std::string Iso(std::string_view text) {
  auto d = ParseBirthDate(text, kYear);
  return d.ok() ? *d : "error: " + d.error().message;
}

TEST(ParseBirthDateTest, ReadsEveryAcceptedFormat) {
  EXPECT_EQ(Iso("14/02/2011"), "2011-02-14");
  EXPECT_EQ(Iso("4/2/2011"), "2011-02-04");
  EXPECT_EQ(Iso("14-02-2011"), "2011-02-14");
  EXPECT_EQ(Iso("14.02.2011"), "2011-02-14");
  EXPECT_EQ(Iso("2011-02-14"), "2011-02-14");
  EXPECT_EQ(Iso("2011/2/4"), "2011-02-04");
  EXPECT_EQ(Iso("  14/02/2011 "), "2011-02-14");
}

TEST(ParseBirthDateTest, IgnoresAMidnightTime) {
  EXPECT_EQ(Iso("14/02/2011 00:00"), "2011-02-14");
  EXPECT_EQ(Iso("2011-02-14 00:00:00"), "2011-02-14");
  EXPECT_EQ(Iso("2011-02-14T00:00:00"), "2011-02-14");
  EXPECT_NE(Iso("14/02/2011 12:30").find("error"), std::string::npos);
}

TEST(ParseBirthDateTest, ChecksTheCalendar) {
  EXPECT_EQ(Iso("29/02/2012"), "2012-02-29");
  EXPECT_EQ(Iso("29/02/2000"), "2000-02-29");
  EXPECT_NE(Iso("29/02/2011").find("n'existe pas"), std::string::npos);
  EXPECT_NE(Iso("29/02/1900").find("n'existe pas"), std::string::npos);
  EXPECT_NE(Iso("31/04/2011").find("n'existe pas"), std::string::npos);
  EXPECT_NE(Iso("00/01/2011").find("n'existe pas"), std::string::npos);
  EXPECT_NE(Iso("12/13/2011").find("n'existe pas"), std::string::npos);
}

TEST(ParseBirthDateTest, ChecksThatTheYearIsPlausible) {
  EXPECT_EQ(Iso("01/01/1900"), "1900-01-01");
  EXPECT_EQ(Iso("31/12/2025"), "2025-12-31");
  auto future = ParseBirthDate("01/01/2026", kYear);
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.error().message.find("2025"), std::string::npos);
  EXPECT_NE(future.error().message.find("« 01/01/2026 »"), std::string::npos);
  EXPECT_FALSE(ParseBirthDate("31/12/1899", kYear).ok());
}

TEST(ParseBirthDateTest, RefusesTwoDigitYears) {
  auto d = ParseBirthDate("14/02/11", kYear);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(d.error().message.find("deux chiffres"), std::string::npos);
  EXPECT_NE(d.error().message.find("14/02/11"), std::string::npos);
}

TEST(ParseBirthDateTest, RefusesOtherShapes) {
  for (const char* text :
       {"", "14/02", "14/02/2011/1", "14/02-2011", "2011-14", "14 févr. 2011", "40588", "1/2/201",
        "123/02/2011", "14//2011", "2011-02-14x", "20110-1-1"}) {
    auto d = ParseBirthDate(text, kYear);
    EXPECT_FALSE(d.ok()) << text;
  }
  auto d = ParseBirthDate("demain", kYear);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("« demain »"), std::string::npos);
}

}  // namespace
}  // namespace korrigo::students
