// Grading statistics on a small hand-computed exam.
#include "grading/exam_stats.h"

#include <gtest/gtest.h>

namespace korrigo::grading {
namespace {

using exams::Points;

exams::Scheme TwoQuestions() {
  exams::Scheme s;
  s.roots.push_back({.id = 1, .label = "Q1", .max_points = Points::Whole(4)});
  s.roots.push_back({.id = 2, .label = "Q2", .max_points = Points::Whole(6)});
  s.next_id = 3;
  return s;
}

CopyFigures Graded(int64_t id, int64_t corrector, int q1, int q2, int mark) {
  return {.copy_id = id,
          .status = "graded",
          .corrector_id = corrector,
          .corrector_name = corrector == 7 ? "Mme A" : "M. B",
          .scores = {{1, Points::Whole(q1)}, {2, Points::Whole(q2)}},
          .mark = Points::Whole(mark)};
}

TEST(ExamStatsTest, ComputesFiguresPerQuestionMarkAndCorrector) {
  std::vector<CopyFigures> copies = {Graded(1, 7, 4, 6, 20),
                                     Graded(2, 7, 0, 2, 4),
                                     Graded(3, 8, 2, 4, 12),
                                     Graded(4, 8, 4, 0, 8),
                                     {.copy_id = 5, .status = "ready"}};
  auto j = ComputeExamStats(TwoQuestions(), copies,
                            {.scale = Points::Whole(20), .bin_width = Points::Whole(5)});
  EXPECT_EQ(j["copies"]["total"], 5);
  EXPECT_EQ(j["copies"]["by_status"]["graded"], 4);
  EXPECT_EQ(j["copies"]["by_status"]["ready"], 1);
  EXPECT_EQ(j["marks"]["count"], 4);
  EXPECT_DOUBLE_EQ(j["marks"]["mean"].get<double>(), 11);
  EXPECT_DOUBLE_EQ(j["marks"]["median"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(j["marks"]["min"].get<double>(), 4);
  EXPECT_DOUBLE_EQ(j["marks"]["stddev"].get<double>(), 5.92);  // sqrt(35)
  const auto& q1 = j["questions"][0];
  EXPECT_EQ(q1["count"], 4);
  EXPECT_DOUBLE_EQ(q1["mean"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(q1["full_share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(q1["zero_share"].get<double>(), 0.25);
  ASSERT_EQ(j["distribution"].size(), 4u);  // [0,5) [5,10) [10,15) [15,20]
  EXPECT_EQ(j["distribution"][0]["count"], 1);
  EXPECT_EQ(j["distribution"][1]["count"], 1);
  EXPECT_EQ(j["distribution"][2]["count"], 1);
  EXPECT_EQ(j["distribution"][3]["count"], 1);  // 20 lands in the last bin
  ASSERT_EQ(j["correctors"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["correctors"][0]["mean"].get<double>(), 12);
  EXPECT_DOUBLE_EQ(j["correctors"][0]["others_mean"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(j["correctors"][0]["difference"].get<double>(), 2);
  EXPECT_FALSE(j.contains("mine"));
}

TEST(ExamStatsTest, TeacherSeesOnlyTheirBatchBesideTheExam) {
  std::vector<CopyFigures> copies = {Graded(1, 7, 4, 6, 20), Graded(3, 8, 2, 4, 12)};
  auto j =
      ComputeExamStats(TwoQuestions(), copies, {.scale = Points::Whole(20), .own_corrector = 8});
  ASSERT_EQ(j["correctors"].size(), 1u);
  EXPECT_EQ(j["correctors"][0]["corrector_id"], 8);
  EXPECT_EQ(j["mine"]["marks"]["count"], 1);
  EXPECT_DOUBLE_EQ(j["mine"]["marks"]["mean"].get<double>(), 12);
  EXPECT_DOUBLE_EQ(j["marks"]["mean"].get<double>(), 16);
}

TEST(ExamStatsTest, EmptyExamHasNullFigures) {
  auto j = ComputeExamStats(TwoQuestions(), {}, {});
  EXPECT_EQ(j["marks"]["count"], 0);
  EXPECT_TRUE(j["marks"]["mean"].is_null());
  EXPECT_TRUE(j["questions"][0]["full_share"].is_null());
  EXPECT_EQ(j["distribution"].size(), 10u);
}

}  // namespace
}  // namespace korrigo::grading
