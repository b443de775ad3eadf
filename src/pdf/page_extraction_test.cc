// JSON forms of the extraction contract: round trips, and malformed messages refused.
#include "pdf/page_extraction.h"

#include <gtest/gtest.h>

namespace korrigo::pdf {
namespace {

ExtractedPage SamplePage() {
  ExtractedPage page{
      .index = 7,
      .geometry = {.width_pt = 1190.55, .height_pt = 841.89, .rotate = 90, .size_class = "a3"},
      .fast_path = true,
      .auto_rotation = 180,
      .orientation_confidence = 0.75};
  for (const char* half : {"left", "right"}) {
    page.parts.push_back({.half = half,
                          .view_path = std::string("p7-") + half + "-view.jpg",
                          .thumb_path = std::string("p7-") + half + "-thumb.jpg",
                          .view_width = 1200,
                          .view_height = 1700,
                          .ink_ratio = 0.04,
                          .blank = false,
                          .content_sha256 = std::string(64, 'a')});
  }
  return page;
}

TEST(PageExtractionTest, PageRoundTrips) {
  auto back = ExtractedPage::FromJson(SamplePage().ToJson());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->ToJson(), SamplePage().ToJson());
  EXPECT_EQ(back->parts[1].half, "right");
  EXPECT_EQ(back->geometry.size_class, "a3");
}

TEST(PageExtractionTest, RefusesMalformedPages) {
  for (auto damage : std::vector<std::function<void(nlohmann::json&)>>{
           [](auto& j) { j.erase("parts"); }, [](auto& j) { j["index"] = "seven"; },
           [](auto& j) { j["index"] = -1; }, [](auto& j) { j["auto_rotation"] = 90; },
           [](auto& j) { j["parts"] = nlohmann::json::array(); },
           [](auto& j) { j["parts"][0]["half"] = "right"; },
           [](auto& j) { j["parts"][1]["view_width"] = nullptr; },
           [](auto& j) { j = nlohmann::json::array(); }}) {
    nlohmann::json j = SamplePage().ToJson();
    damage(j);
    EXPECT_FALSE(ExtractedPage::FromJson(j).ok()) << j.dump();
  }
}

TEST(PageExtractionTest, LimitsAndOptionsRoundTrip) {
  PdfLimits limits{.max_pages = 12, .max_page_pixels = 1234};
  auto back = PdfLimits::FromJson(limits.ToJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->max_pages, 12);
  EXPECT_EQ(back->max_page_pixels, 1234);
  EXPECT_EQ(back->max_objects, PdfLimits{}.max_objects);
  EXPECT_FALSE(PdfLimits::FromJson({{"max_pages", "many"}}).ok());

  ExtractOptions options{.first_page = 2, .last_page = 5, .cut_a3 = true, .jpeg_quality = 70};
  auto read = ExtractOptions::FromJson(options.ToJson());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->ToJson(), options.ToJson());
  EXPECT_FALSE(ExtractOptions::FromJson({{"first_page", 3}, {"last_page", 2}}).ok());
  EXPECT_FALSE(ExtractOptions::FromJson({{"jpeg_quality", 0}}).ok());
}

TEST(PageExtractionTest, SummaryRoundTripsAndChecksItsCount) {
  PdfSummary summary{
      .page_count = 1,
      .pages = {{.width_pt = 595, .height_pt = 842, .rotate = 0, .size_class = "a4"}}};
  auto back = SummaryFromJson(SummaryToJson(summary));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pages[0].size_class, "a4");
  nlohmann::json wrong = SummaryToJson(summary);
  wrong["page_count"] = 2;
  EXPECT_FALSE(SummaryFromJson(wrong).ok());
}

}  // namespace
}  // namespace korrigo::pdf
