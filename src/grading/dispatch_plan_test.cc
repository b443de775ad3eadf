// Dispatch plans: balanced, reproducible from their seed, respectful of quotas and current loads.
#include "grading/dispatch_plan.h"

#include <gtest/gtest.h>

#include <set>

namespace korrigo::grading {
namespace {

std::vector<int64_t> Range(int64_t from, int64_t to) {
  std::vector<int64_t> v;
  for (int64_t i = from; i <= to; ++i) v.push_back(i);
  return v;
}

TEST(DispatchPlanTest, BalancesWithinOneAndGivesEveryCopyOnce) {
  DispatchRequest r{.copies = Range(1, 103), .correctors = {7, 8, 9, 10}, .seed = 42};
  auto plan = PlanDispatch(r);
  ASSERT_TRUE(plan.ok());
  std::set<int64_t> seen;
  size_t lo = SIZE_MAX, hi = 0;
  for (const auto& [c, copies] : *plan) {
    lo = std::min(lo, copies.size());
    hi = std::max(hi, copies.size());
    for (int64_t id : copies) EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_EQ(seen.size(), 103u);
  EXPECT_LE(hi - lo, 1u);
}

TEST(DispatchPlanTest, SameSeedSamePlanOtherSeedOtherPlan) {
  DispatchRequest r{.copies = Range(1, 40), .correctors = {3, 4}, .seed = 1234};
  auto a = PlanDispatch(r), b = PlanDispatch(r);
  r.seed = 1235;
  auto c = PlanDispatch(r);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  // Input order does not matter: copies are sorted before the shuffle.
  DispatchRequest reversed{.copies = Range(1, 40), .correctors = {4, 3}, .seed = 1234};
  std::reverse(reversed.copies.begin(), reversed.copies.end());
  EXPECT_EQ(*PlanDispatch(reversed), *a);
}

TEST(DispatchPlanTest, EvensOutCurrentLoads) {
  DispatchRequest r{
      .copies = Range(1, 10), .correctors = {1, 2}, .current_load = {{1, 6}, {2, 0}}, .seed = 9};
  auto plan = PlanDispatch(r);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ((*plan)[1].size(), 2u);  // 6 + 2 = 8 = 0 + 8
  EXPECT_EQ((*plan)[2].size(), 8u);
}

TEST(DispatchPlanTest, FollowsQuotas) {
  DispatchRequest r{
      .copies = Range(1, 20), .correctors = {1, 2, 3}, .quotas = {{1, 10}}, .seed = 5};
  auto plan = PlanDispatch(r);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ((*plan)[1].size(), 10u);
  EXPECT_EQ((*plan)[2].size(), 5u);
  EXPECT_EQ((*plan)[3].size(), 5u);
  DispatchRequest all_quota{
      .copies = Range(1, 20), .correctors = {1, 2}, .quotas = {{1, 3}, {2, 4}}};
  auto partial = PlanDispatch(all_quota);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ((*partial)[1].size() + (*partial)[2].size(), 7u);  // the rest keeps waiting
}

TEST(DispatchPlanTest, RefusesImpossibleRequests) {
  EXPECT_FALSE(PlanDispatch({.copies = Range(1, 3), .correctors = {}}).ok());
  EXPECT_FALSE(PlanDispatch({.copies = Range(1, 3), .correctors = {1}, .quotas = {{2, 1}}}).ok());
  EXPECT_FALSE(PlanDispatch({.copies = Range(1, 3), .correctors = {1}, .quotas = {{1, 4}}}).ok());
  EXPECT_FALSE(PlanDispatch({.copies = Range(1, 3), .correctors = {1}, .quotas = {{1, -1}}}).ok());
  auto empty = PlanDispatch({.copies = {}, .correctors = {1, 2}});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE((*empty)[1].empty());
}

TEST(DispatchPlanTest, SeedText) {
  EXPECT_EQ(SeedToText(255), "00000000000000ff");
  EXPECT_EQ(*SeedFromText("00000000000000ff"), 255u);
  EXPECT_EQ(*SeedFromText(SeedToText(0xdeadbeefcafef00dULL)), 0xdeadbeefcafef00dULL);
  EXPECT_FALSE(SeedFromText("").ok());
  EXPECT_FALSE(SeedFromText("xyz").ok());
  EXPECT_FALSE(SeedFromText("11112222333344445").ok());
}

}  // namespace
}  // namespace korrigo::grading
