#include "scans/repair_state.h"

#include <gtest/gtest.h>

namespace korrigo::scans {
namespace {

// Copy 1 = pages 11, 12, 13; copy 2 = pages 21, 22; copy 3 removed and empty; page 99 in the pool.
RepairState Sample() {
  RepairState s;
  s.copies = {{.id = 1, .anonymous_id = "K7Q-001", .pages = {11, 12, 13}},
              {.id = 2, .anonymous_id = "K7Q-002", .student_id = 7, .pages = {21, 22}},
              {.id = 3, .anonymous_id = "K7Q-003", .removed = true}};
  for (int64_t p : {11, 12, 13, 21, 22, 99}) s.rotations[p] = 0;
  return s;
}

TEST(RepairStateTest, MergeAppendsAndRemovesTheOtherCopy) {
  auto after = MergeCopies(Sample(), 1, 2);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->FindCopy(1)->pages, (std::vector<int64_t>{11, 12, 13, 21, 22}));
  EXPECT_EQ(after->FindCopy(1)->student_id, 7);  // the student follows the pages
  EXPECT_TRUE(after->FindCopy(2)->removed);
  EXPECT_TRUE(after->FindCopy(2)->pages.empty());
  EXPECT_FALSE(after->FindCopy(2)->student_id);
  EXPECT_FALSE(MergeCopies(Sample(), 1, 1));
  EXPECT_FALSE(MergeCopies(Sample(), 1, 3));  // removed
  RepairState two_students = Sample();
  two_students.FindCopy(1)->student_id = 8;
  EXPECT_FALSE(MergeCopies(two_students, 1, 2));
}

TEST(RepairStateTest, SplitMovesTheTailToTheNewCopy) {
  auto after = SplitCopy(Sample(), 1, 2, 3);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->FindCopy(1)->pages, std::vector<int64_t>{11});
  EXPECT_EQ(after->FindCopy(3)->pages, (std::vector<int64_t>{12, 13}));
  EXPECT_FALSE(after->FindCopy(3)->removed);
  EXPECT_FALSE(SplitCopy(Sample(), 1, 1, 3));  // nothing would stay
  EXPECT_FALSE(SplitCopy(Sample(), 1, 4, 3));  // nothing would move
}

TEST(RepairStateTest, MoveBetweenCopiesAtAPosition) {
  auto after = MovePages(Sample(), {21}, 1, 2);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->FindCopy(1)->pages, (std::vector<int64_t>{11, 21, 12, 13}));
  EXPECT_EQ(after->FindCopy(2)->pages, std::vector<int64_t>{22});
  // Within one copy: move page 13 before page 11.
  auto inside = MovePages(Sample(), {13}, 1, 1);
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->FindCopy(1)->pages, (std::vector<int64_t>{13, 11, 12}));
  // Positions are counted in the copy as it is before the move.
  auto later = MovePages(Sample(), {11}, 1, 4);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->FindCopy(1)->pages, (std::vector<int64_t>{12, 13, 11}));
  EXPECT_FALSE(MovePages(Sample(), {21}, 1, 5));
  EXPECT_FALSE(MovePages(Sample(), {21}, 1, 0));
  EXPECT_FALSE(MovePages(Sample(), {21, 21}, 1, std::nullopt));
  EXPECT_FALSE(MovePages(Sample(), {12345}, 1, std::nullopt));
}

TEST(RepairStateTest, RemoveToPoolAndAssignFromPool) {
  auto removed = MovePages(Sample(), {21, 22}, std::nullopt, std::nullopt);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->CopyOf(21), nullptr);
  EXPECT_TRUE(removed->FindCopy(2)->removed);  // emptied copies disappear
  EXPECT_FALSE(removed->FindCopy(2)->student_id);
  auto assigned = MovePages(Sample(), {99}, 2, std::nullopt);
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->FindCopy(2)->pages, (std::vector<int64_t>{21, 22, 99}));
}

TEST(RepairStateTest, ReorderNeedsExactlyTheCopysPages) {
  auto after = ReorderPages(Sample(), 1, {13, 11, 12});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->FindCopy(1)->pages, (std::vector<int64_t>{13, 11, 12}));
  EXPECT_FALSE(ReorderPages(Sample(), 1, {13, 11}));
  EXPECT_FALSE(ReorderPages(Sample(), 1, {13, 11, 11}));
  EXPECT_FALSE(ReorderPages(Sample(), 1, {13, 11, 21}));
}

TEST(RepairStateTest, RotateAddsClockwise) {
  auto once = RotatePage(Sample(), 12, 270);
  ASSERT_TRUE(once);
  auto twice = RotatePage(*once, 12, 180);
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->rotations.at(12), 90);
  EXPECT_FALSE(RotatePage(Sample(), 12, 45));
  EXPECT_FALSE(RotatePage(Sample(), 555, 90));
}

TEST(RepairStateTest, GradedCopiesMayOnlyReceivePages) {
  RepairState before = Sample();
  before.FindCopy(1)->grading_started = true;
  EXPECT_TRUE(CheckGradedCopiesKept(before, *MovePages(before, {99}, 1, 2)));  // insert
  EXPECT_TRUE(CheckGradedCopiesKept(before, *MovePages(before, {21}, 1, std::nullopt)));
  EXPECT_FALSE(CheckGradedCopiesKept(before, *MovePages(before, {12}, std::nullopt, {})));
  EXPECT_FALSE(CheckGradedCopiesKept(before, *ReorderPages(before, 1, {12, 11, 13})));
  EXPECT_FALSE(CheckGradedCopiesKept(before, *RotatePage(before, 11, 180)));
  EXPECT_FALSE(CheckGradedCopiesKept(before, *MergeCopies(before, 2, 1)));
  EXPECT_FALSE(CheckGradedCopiesKept(before, *SplitCopy(before, 1, 2, 3)));
  EXPECT_TRUE(CheckGradedCopiesKept(before, *RotatePage(before, 21, 90)));  // another copy
}

TEST(RepairStateTest, JsonRoundTripKeepsEverything) {
  RepairState s = *MergeCopies(Sample(), 2, 1);
  s.rotations[11] = 270;
  auto back = RepairState::FromJson(nlohmann::json::parse(s.ToJson().dump()));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(RepairState::FromJson(nlohmann::json::parse(R"({"copies":[{"id":1}]})")));
}

}  // namespace
}  // namespace korrigo::scans
