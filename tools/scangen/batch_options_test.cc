// Tests of option parsing and validation: what the CLI accepts and refuses.
#include "batch_options.h"

#include <gtest/gtest.h>

namespace korrigo::scangen {
namespace {

TEST(ParseFaults, ReadsKindsAndCountsAndAddsRepeats) {
  auto faults = ParseFaults("blank:2, upside_down:3,missing:1,blank:1");
  ASSERT_TRUE(faults.ok());
  EXPECT_EQ(*faults,
            (std::vector<FaultRequest>{
                {FaultKind::kBlank, 3}, {FaultKind::kUpsideDown, 3}, {FaultKind::kMissing, 1}}));
  EXPECT_TRUE(ParseFaults("").value().empty());
}

TEST(ParseFaults, RefusesUnknownKindsAndBadCounts) {
  EXPECT_FALSE(ParseFaults("torn:1").ok());
  EXPECT_FALSE(ParseFaults("blank").ok());
  EXPECT_FALSE(ParseFaults("blank:x").ok());
  EXPECT_FALSE(ParseFaults("blank:-1").ok());
  EXPECT_FALSE(ParseFaults("blank:1x").ok());
  EXPECT_EQ(ParseFaults("torn:1").error().code, core::ErrorCode::kInvalidArgument);
}

TEST(ParseLayout, RoundTripsEveryLayout) {
  for (Layout layout : {Layout::kA4, Layout::kA3Booklet, Layout::kIndividual}) {
    EXPECT_EQ(ParseLayout(LayoutName(layout)).value(), layout);
  }
  EXPECT_FALSE(ParseLayout("a5").ok());
}

TEST(ValidateOptions, AcceptsDefaults) { EXPECT_TRUE(ValidateOptions(BatchOptions{}).ok()); }

TEST(ValidateOptions, A3BookletNeedsMultiplesOfFourPages) {
  BatchOptions options{.layout = Layout::kA3Booklet, .pages_per_copy = 6};
  EXPECT_FALSE(ValidateOptions(options).ok());
  options.pages_per_copy = 8;
  EXPECT_TRUE(ValidateOptions(options).ok());
}

TEST(ValidateOptions, RefusesOutOfRangeValues) {
  EXPECT_FALSE(ValidateOptions({.students = 0}).ok());
  EXPECT_FALSE(ValidateOptions({.dpi = 600}).ok());
  EXPECT_FALSE(ValidateOptions({.skew_degrees = -1}).ok());
  EXPECT_FALSE(ValidateOptions({.noise = 1.5}).ok());
  EXPECT_FALSE(ValidateOptions({.blur = -0.1}).ok());
  EXPECT_FALSE(ValidateOptions({.jpeg_quality = 0}).ok());
  EXPECT_FALSE(ValidateOptions({.class_name = ""}).ok());
}

}  // namespace
}  // namespace korrigo::scangen
