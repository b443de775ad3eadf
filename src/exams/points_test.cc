// Exact decimal points: parsing what teachers type, printing, and the rounding of final marks.
#include "exams/points.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace korrigo::exams {
namespace {

using nlohmann::json;

Points P(const char* text) {
  auto p = Points::ParseText(text);
  EXPECT_TRUE(p.ok()) << text;
  return p.ok() ? *p : Points();
}

TEST(PointsTest, ArithmeticIsExactDecimal) {
  EXPECT_EQ(P("0.1") + P("0.2"), P("0.3"));
  Points total;
  for (int i = 0; i < 40; ++i) total += P("0.25");
  EXPECT_EQ(total, Points::Whole(10));
  EXPECT_EQ(P("2") - P("0.75"), P("1.25"));
  EXPECT_LT(P("1.999"), P("2"));
  EXPECT_TRUE(P("1.5").IsMultipleOf(P("0.25")));
  EXPECT_FALSE(P("1.1").IsMultipleOf(P("0.25")));
  EXPECT_FALSE(P("1").IsMultipleOf(Points()));
}

TEST(PointsTest, ParsesNumbersAndFrenchText) {
  EXPECT_EQ(P("0,5").milli(), 500);
  EXPECT_EQ(P(" 1,25 ").milli(), 1250);
  EXPECT_EQ(P("3").milli(), 3000);
  EXPECT_EQ(P(".5").milli(), 500);
  EXPECT_EQ(P("0.2500").milli(), 250);  // trailing zeros are not extra decimals
  EXPECT_EQ(P("-2").milli(), -2000);    // the caller decides whether negatives make sense
  EXPECT_EQ(Points::Parse(json(0.1))->milli(), 100);
  EXPECT_EQ(Points::Parse(json(2))->milli(), 2000);
  EXPECT_EQ(Points::Parse(json(0.125))->milli(), 125);
  EXPECT_EQ(Points::Parse(json("1,5"))->milli(), 1500);
  EXPECT_EQ(Points::Parse(json::parse("999.999"))->milli(), 999999);
}

TEST(PointsTest, RefusesWhatIsNotAnExactDecimal) {
  for (const char* bad : {"abc", "", " ", "1.2.3", "1,2,3", "1 000", "1e3", "--1", "2pts", "."}) {
    auto p = Points::ParseText(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(p.error().message, std::string("Nombre invalide : « ") + bad + " ».");
  }
  auto tiny = Points::Parse(json(0.0001));
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.error().message, "Au plus 3 décimales : « 0.0001 ».");
  EXPECT_EQ(Points::ParseText("0,0001").error().message, "Au plus 3 décimales : « 0,0001 ».");
  // What a client computing 0.1 + 0.2 in binary floating point would send.
  EXPECT_FALSE(Points::Parse(json(0.1 + 0.2)).ok());
  EXPECT_FALSE(Points::Parse(json(std::nan(""))).ok());
  EXPECT_FALSE(Points::Parse(json(std::numeric_limits<double>::infinity())).ok());
  EXPECT_EQ(Points::Parse(json(-std::numeric_limits<double>::infinity())).error().message,
            "Nombre invalide (NaN ou infini).");
  EXPECT_FALSE(Points::Parse(json(1e12)).ok());
  EXPECT_FALSE(Points::ParseText("12345678901234567890").ok());
  EXPECT_FALSE(Points::Parse(json(true)).ok());
  EXPECT_FALSE(Points::Parse(json::array()).ok());
  EXPECT_FALSE(Points::Parse(json()).ok());
}

TEST(PointsTest, PrintsMinimalDecimals) {
  EXPECT_EQ(P("1.5").ToString(), "1.5");
  EXPECT_EQ(P("0.25").ToString(), "0.25");
  EXPECT_EQ(P("2").ToString(), "2");
  EXPECT_EQ(P("-0.125").ToString(), "-0.125");
  EXPECT_EQ(P("1.5").ToFrench(), "1,5");
  EXPECT_EQ(P("2").ToJson().dump(), "2");
  EXPECT_EQ(P("0.1").ToJson().dump(), "0.1");
}

TEST(PointsTest, JsonRoundTripsEveryThousandth) {
  std::vector<int64_t> values = {999'999'999'999, -999'999'999'999, 123'456'789'001};
  for (int64_t milli = -3000; milli <= 1'000'000; milli += 37) values.push_back(milli);
  for (int64_t milli : values) {
    Points p = Points::FromMilli(milli);
    auto back = Points::Parse(json::parse(p.ToJson().dump()));
    ASSERT_TRUE(back.ok()) << p.ToString();
    ASSERT_EQ(*back, p);
  }
}

TEST(RoundHalfUpTest, RoundsHalvesUp) {
  EXPECT_EQ(RoundHalfUp(P("10.765"), kRoundingHundredth), P("10.77"));
  EXPECT_EQ(RoundHalfUp(P("10.764"), kRoundingHundredth), P("10.76"));
  EXPECT_EQ(RoundHalfUp(P("10.125"), kRoundingQuarter), P("10.25"));
  EXPECT_EQ(RoundHalfUp(P("10.124"), kRoundingQuarter), P("10"));
  EXPECT_EQ(RoundHalfUp(P("10.25"), kRoundingHalf), P("10.5"));
  EXPECT_EQ(RoundHalfUp(P("-10.765"), kRoundingHundredth), P("-10.76"));
}

Points Mark(const char* raw, const char* max, const char* scale, Points step) {
  auto mark = FinalMark(P(raw), P(max), P(scale), step);
  EXPECT_TRUE(mark.ok()) << raw << "/" << max;
  return mark.ok() ? *mark : Points::Whole(-1);
}

TEST(FinalMarkTest, ScalesAndRoundsExactly) {
  EXPECT_EQ(Mark("7", "13", "20", kRoundingHundredth), P("10.77"));  // 10.7692…
  EXPECT_EQ(Mark("7", "13", "20", kRoundingQuarter), P("10.75"));
  EXPECT_EQ(Mark("7", "13", "20", kRoundingHalf), P("11"));
  EXPECT_EQ(Mark("1", "3", "20", kRoundingHundredth), P("6.67"));
  EXPECT_EQ(Mark("2", "3", "20", kRoundingHalf), P("13.5"));  // 13.333…
  EXPECT_EQ(Mark("17.5", "20", "20", kRoundingHundredth), P("17.5"));
  EXPECT_EQ(Mark("0", "20", "20", kRoundingHundredth), P("0"));
  EXPECT_EQ(Mark("12.25", "40", "10", kRoundingHundredth), P("3.06"));  // 3.0625
}

TEST(FinalMarkTest, ExactHalvesGoUp) {
  // 10.005 exactly (2001 / 4000 × 20): a binary double would hold 10.00499… and round down.
  EXPECT_EQ(Mark("2.001", "4", "20", kRoundingHundredth), P("10.01"));
  EXPECT_EQ(Mark("1.001", "4", "20", kRoundingHundredth), P("5.01"));  // 5.005
  EXPECT_EQ(Mark("10.125", "20", "20", kRoundingQuarter), P("10.25"));
  EXPECT_EQ(Mark("10.124", "20", "20", kRoundingQuarter), P("10"));
  EXPECT_EQ(Mark("10.25", "20", "20", kRoundingHalf), P("10.5"));
  EXPECT_EQ(Mark("10.249", "20", "20", kRoundingHalf), P("10"));
}

TEST(FinalMarkTest, BonusCanExceedTheScale) {
  EXPECT_EQ(Mark("21", "20", "20", kRoundingHundredth), P("21"));
}

TEST(FinalMarkTest, RefusesImpossibleInputs) {
  auto empty = FinalMark(P("3"), Points(), P("20"), kRoundingHundredth);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(FinalMark(P("-1"), P("20"), P("20"), kRoundingHundredth).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(FinalMark(P("1"), P("20"), Points(), kRoundingHundredth).ok());
  EXPECT_FALSE(FinalMark(P("1"), P("20"), P("20"), P("0.1")).ok());
  EXPECT_TRUE(IsValidRoundingStep(P("0,5")));
  EXPECT_FALSE(IsValidRoundingStep(P("1")));
}

}  // namespace
}  // namespace korrigo::exams
