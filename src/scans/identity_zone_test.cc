#include "scans/identity_zone.h"

#include <gtest/gtest.h>

namespace korrigo::scans {
namespace {

TEST(IdentityZoneTest, DefaultIsTheTopQuarterOfFirstPagesOfSheets) {
  IdentityZone a4 = IdentityZone::Default("a4");
  EXPECT_TRUE(a4.MasksPosition(1));
  EXPECT_FALSE(a4.MasksPosition(2));
  EXPECT_FALSE(a4.MasksPosition(5));
  IdentityZone a3 = IdentityZone::Default("a3_booklet");
  EXPECT_TRUE(a3.MasksPosition(1));
  EXPECT_FALSE(a3.MasksPosition(4));
  EXPECT_TRUE(a3.MasksPosition(5));
  EXPECT_TRUE(a3.MasksPosition(9));
  EXPECT_FALSE(a3.MasksPosition(0));
  EXPECT_EQ(a3.PixelRects(1200, 1700), (std::vector<PixelRect>{{0, 0, 1200, 425}}));
}

TEST(IdentityZoneTest, PixelRectsRoundOutwardsAndClip) {
  IdentityZone zone;
  zone.rects = {{0.1, 0.05, 0.333, 0.1}, {0.9, 0.9, 0.1, 0.1}};
  auto rects = zone.PixelRects(100, 200);
  ASSERT_EQ(rects.size(), 2u);
  EXPECT_EQ(rects[0], (PixelRect{10, 10, 34, 20}));
  EXPECT_EQ(rects[1], (PixelRect{90, 180, 10, 20}));
}

TEST(IdentityZoneTest, ParsesAndRefusesBadZones) {
  auto ok = IdentityZone::FromJson(nlohmann::json::parse(
      R"({"rects":[{"x":0.5,"y":0,"width":0.5,"height":0.2}],"every_pages":2})"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->every_pages, 2);
  EXPECT_TRUE(ok->MasksPosition(3));
  EXPECT_EQ(IdentityZone::FromJson(ok->ToJson())->rects, ok->rects);
  for (const char* bad : {
           R"([])",
           R"({"rects":[{"x":0.8,"y":0,"width":0.5,"height":0.2}]})",
           R"({"rects":[{"x":0,"y":0,"width":0,"height":0.2}]})",
           R"({"rects":[{"x":-1,"y":0,"width":0.5,"height":0.2}]})",
           R"({"rects":[{"x":"0","y":0,"width":0.5,"height":0.2}]})",
           R"({"rects":[{"x":0,"y":0,"width":0.5}]})",
           R"({"rects":[],"every_pages":-1})",
           R"({"rects":[],"colour":"red"})",
       }) {
    EXPECT_FALSE(IdentityZone::FromJson(nlohmann::json::parse(bad))) << bad;
  }
  EXPECT_TRUE(IdentityZone::FromJson(nlohmann::json::parse(R"({"rects":[]})")));
}

TEST(IdentityZoneTest, DamagedStoredValueFallsBackToTheDefault) {
  EXPECT_EQ(IdentityZone::FromStored("{not json", "a3_booklet").every_pages, 4);
  EXPECT_EQ(IdentityZone::FromStored("", "a4").rects.size(), 1u);
}

}  // namespace
}  // namespace korrigo::scans
