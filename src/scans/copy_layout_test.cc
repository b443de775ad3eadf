#include "scans/copy_layout.h"

#include <gtest/gtest.h>

#include <set>

namespace korrigo::scans {
namespace {

// Page ids encode where a page comes from: 100 × source index + (0 full, 1 left, 2 right).
std::vector<LayoutPage> A4Pages(int count) {
  std::vector<LayoutPage> out;
  for (int i = 0; i < count; ++i)
    out.push_back({.page_id = 100 * i, .source_index = i, .half = "full"});
  return out;
}

void AddA3Side(std::vector<LayoutPage>& pages, int index) {
  pages.push_back({.page_id = 100 * index + 1, .source_index = index, .half = "left"});
  pages.push_back({.page_id = 100 * index + 2, .source_index = index, .half = "right"});
}

std::vector<LayoutPage> A3Sides(int count) {
  std::vector<LayoutPage> pages;
  for (int i = 0; i < count; ++i) AddA3Side(pages, i);
  return pages;
}

TEST(CopyLayoutTest, A4GroupsConsecutivePagesAndFlagsAShortLastCopy) {
  LayoutPlan plan = PlanCopies("a4", 4, A4Pages(10));
  ASSERT_EQ(plan.copies.size(), 3u);
  EXPECT_EQ(plan.copies[0].page_ids, (std::vector<int64_t>{0, 100, 200, 300}));
  EXPECT_EQ(plan.copies[1].page_ids, (std::vector<int64_t>{400, 500, 600, 700}));
  EXPECT_EQ(plan.copies[2].page_ids, (std::vector<int64_t>{800, 900}));
  EXPECT_TRUE(plan.copies[0].flags.empty());
  EXPECT_EQ(plan.copies[2].flags, std::vector<std::string>{kFlagIncomplete});
  EXPECT_TRUE(plan.pool.empty());
}

TEST(CopyLayoutTest, BlankPagesGoToThePoolWithoutShiftingTheGrouping) {
  auto pages = A4Pages(5);
  pages[2].blank = true;
  LayoutPlan plan = PlanCopies("a4", 2, pages);
  ASSERT_EQ(plan.copies.size(), 2u);
  EXPECT_EQ(plan.copies[0].page_ids, (std::vector<int64_t>{0, 100}));
  EXPECT_EQ(plan.copies[1].page_ids, (std::vector<int64_t>{300, 400}));
  EXPECT_EQ(plan.pool, std::vector<int64_t>{200});
}

TEST(CopyLayoutTest, A3OneSheetPerCopyReordersRectoAndVerso) {
  LayoutPlan plan = PlanCopies("a3_booklet", 4, A3Sides(4));
  ASSERT_EQ(plan.copies.size(), 2u);
  // recto 0 = [4 | 1], verso 1 = [2 | 3].
  EXPECT_EQ(plan.copies[0].page_ids, (std::vector<int64_t>{2, 101, 102, 1}));
  EXPECT_EQ(plan.copies[1].page_ids, (std::vector<int64_t>{202, 301, 302, 201}));
  EXPECT_TRUE(plan.copies[1].flags.empty());
}

TEST(CopyLayoutTest, A3TwoAndThreeSheetsPerCopy) {
  LayoutPlan two = PlanCopies("a3_booklet", 8, A3Sides(4));
  ASSERT_EQ(two.copies.size(), 1u);
  EXPECT_EQ(two.copies[0].page_ids, (std::vector<int64_t>{2, 101, 102, 1, 202, 301, 302, 201}));
  LayoutPlan three = PlanCopies("a3_booklet", 12, A3Sides(12));
  ASSERT_EQ(three.copies.size(), 2u);
  EXPECT_EQ(three.copies[1].page_ids.size(), 12u);
  EXPECT_EQ(three.copies[1].page_ids.front(), 602);  // sheet 4's recto right half = page 1
  EXPECT_EQ(three.copies[1].page_ids.back(), 1001);  // sheet 6's recto left half = page 12
}

TEST(CopyLayoutTest, A4SheetInsertedInAnA3BatchStaysInItsCopyAsItIs) {
  std::vector<LayoutPage> pages;
  AddA3Side(pages, 0);
  AddA3Side(pages, 1);
  pages.push_back({.page_id = 200, .source_index = 2, .half = "full"});  // inserted sheet, recto
  pages.push_back({.page_id = 300, .source_index = 3, .half = "full"});  // and verso
  AddA3Side(pages, 4);
  AddA3Side(pages, 5);
  LayoutPlan plan = PlanCopies("a3_booklet", 4, pages);
  ASSERT_EQ(plan.copies.size(), 2u);
  EXPECT_EQ(plan.copies[0].page_ids, (std::vector<int64_t>{2, 101, 102, 1, 200, 300}));
  EXPECT_EQ(plan.copies[1].page_ids, (std::vector<int64_t>{402, 501, 502, 401}));
}

TEST(CopyLayoutTest, A3RectoWithoutVersoIsKeptAndFlagged) {
  LayoutPlan plan = PlanCopies("a3_booklet", 4, A3Sides(3));
  ASSERT_EQ(plan.copies.size(), 2u);
  EXPECT_EQ(plan.copies[1].page_ids, (std::vector<int64_t>{202, 201}));
  EXPECT_EQ(plan.copies[1].flags, std::vector<std::string>{kFlagIncomplete});
}

TEST(CopyLayoutTest, A3BlankSideGoesToThePool) {
  auto pages = A3Sides(3);
  pages[2].blank = pages[3].blank = true;  // side 1 entirely blank
  LayoutPlan plan = PlanCopies("a3_booklet", 4, pages);
  EXPECT_EQ(plan.pool, (std::vector<int64_t>{101, 102}));
  ASSERT_EQ(plan.copies.size(), 1u);
  EXPECT_EQ(plan.copies[0].page_ids, (std::vector<int64_t>{2, 201, 202, 1}));
}

TEST(CopyLayoutTest, IndividualFileIsOneCopy) {
  LayoutPlan plan = PlanCopies("individual", 4, A4Pages(3));
  ASSERT_EQ(plan.copies.size(), 1u);
  EXPECT_EQ(plan.copies[0].page_ids.size(), 3u);
  EXPECT_EQ(plan.copies[0].flags, std::vector<std::string>{kFlagIncomplete});
  auto blank = A4Pages(1);
  blank[0].blank = true;
  EXPECT_TRUE(PlanCopies("individual", 1, blank).copies.empty());
}

TEST(CopyLayoutTest, FlagsUncertainOrientationAndDuplicatedPages) {
  auto pages = A4Pages(4);
  pages[1].orientation_confidence = 0.2;
  pages[2].content_sha256 = pages[3].content_sha256 = "abc";
  LayoutPlan plan = PlanCopies("a4", 4, pages);
  ASSERT_EQ(plan.copies.size(), 1u);
  EXPECT_EQ(plan.copies[0].flags,
            (std::vector<std::string>{kFlagOrientationReview, kFlagDuplicatePages}));
}

TEST(CopyLayoutTest, EveryPageIsPlacedExactlyOnce) {
  auto pages = A3Sides(9);
  pages.push_back({.page_id = 5000, .source_index = 50, .half = "full", .blank = true});
  LayoutPlan plan = PlanCopies("a3_booklet", 8, pages);
  std::multiset<int64_t> seen(plan.pool.begin(), plan.pool.end());
  for (const auto& c : plan.copies) seen.insert(c.page_ids.begin(), c.page_ids.end());
  EXPECT_EQ(seen.size(), pages.size());
  for (const auto& p : pages) EXPECT_EQ(seen.count(p.page_id), 1u) << p.page_id;
}

}  // namespace
}  // namespace korrigo::scans
