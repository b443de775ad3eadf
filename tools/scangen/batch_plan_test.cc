// Tests of the page order each layout produces, checked through the plan and the ground truth.
#include "batch_plan.h"

#include <gtest/gtest.h>

#include "ground_truth.h"

namespace korrigo::scangen {
namespace {

// Each physical page as "student:left|right" (A3) or "student:page" (A4), with "~" when rotated.
std::vector<std::string> Describe(const PlannedFile& file) {
  std::vector<std::string> out;
  for (const PhysicalPage& page : file.pages) {
    std::string text = std::to_string(page.parts.front().student) + ":";
    for (size_t i = 0; i < page.parts.size(); ++i) {
      text += (i ? "|" : "") + std::to_string(page.parts[i].page);
    }
    out.push_back(text + (page.rotated_180 ? "~" : ""));
  }
  return out;
}

TEST(PlanBatch, A3BookletWithOneTwoAndThreeSheetsPerCopy) {
  const std::vector<Student> students = MakeStudents(1, 2, "T.02");
  const std::vector<std::vector<std::string>> expected = {
      {"0:4|1", "0:2|3", "1:4|1", "1:2|3"},
      {"0:4|1", "0:2|3", "0:8|5", "0:6|7", "1:4|1", "1:2|3", "1:8|5", "1:6|7"},
      {"0:4|1", "0:2|3", "0:8|5", "0:6|7", "0:12|9", "0:10|11", "1:4|1", "1:2|3", "1:8|5", "1:6|7",
       "1:12|9", "1:10|11"},
  };
  for (int sheets = 1; sheets <= 3; ++sheets) {
    BatchOptions options{.students = 2, .layout = Layout::kA3Booklet, .pages_per_copy = 4 * sheets};
    const BatchPlan plan = PlanBatch(options, students);
    ASSERT_EQ(plan.files.size(), 1u);
    EXPECT_EQ(Describe(plan.files[0]), expected[sheets - 1]) << sheets << " sheet(s)";
    for (const PhysicalPage& page : plan.files[0].pages) {
      EXPECT_EQ(page.size, PaperSize::kA3);
      EXPECT_EQ(page.parts[0].half, Half::kLeft);
      EXPECT_EQ(page.parts[1].half, Half::kRight);
    }
    // The truth finds page 1 of copy 1 on the right of its first side, page 2 on the left of the
    // next one, and so on.
    const auto truth = BuildTruth(options, students, plan);
    const auto& copy = truth["copies"][1]["pages"];
    ASSERT_EQ(copy.size(), static_cast<size_t>(4 * sheets));
    for (int page = 1; page <= 4 * sheets; ++page) {
      const int sheet = (page - 1) / 4, slot = (page - 1) % 4;
      const int side = 2 * sheets + 2 * sheet + (slot == 1 || slot == 2 ? 1 : 0);
      EXPECT_EQ(copy[page - 1]["file_page"], side + 1) << "page " << page;
      EXPECT_EQ(copy[page - 1]["half"], slot == 0 || slot == 2 ? "right" : "left")
          << "page " << page;
    }
  }
}

TEST(PlanBatch, VersoRotatedTurnsOnlyVersos) {
  const std::vector<Student> students = MakeStudents(1, 1, "T.02");
  BatchOptions options{.layout = Layout::kA3Booklet, .pages_per_copy = 8, .verso_rotated = true};
  EXPECT_EQ(Describe(PlanBatch(options, students).files[0]),
            (std::vector<std::string>{"0:4|1", "0:2|3~", "0:8|5", "0:6|7~"}));
}

TEST(PlanBatch, A4CopiesFollowEachOther) {
  const std::vector<Student> students = MakeStudents(1, 2, "T.02");
  const BatchPlan plan = PlanBatch({.students = 2, .pages_per_copy = 3}, students);
  ASSERT_EQ(plan.files.size(), 1u);
  EXPECT_EQ(plan.files[0].name, "batch.pdf");
  EXPECT_EQ(Describe(plan.files[0]),
            (std::vector<std::string>{"0:1", "0:2", "0:3", "1:1", "1:2", "1:3"}));
}

TEST(PlanBatch, IndividualWritesOneFilePerStudent) {
  const std::vector<Student> students = MakeStudents(3, 3, "T.02");
  const BatchPlan plan =
      PlanBatch({.students = 3, .layout = Layout::kIndividual, .pages_per_copy = 2}, students);
  ASSERT_EQ(plan.files.size(), 3u);
  for (int s = 0; s < 3; ++s) {
    EXPECT_EQ(plan.files[s].name, CopyFileName(students[s]));
    EXPECT_EQ(plan.files[s].student, s);
    EXPECT_EQ(Describe(plan.files[s]),
              (std::vector<std::string>{std::to_string(s) + ":1", std::to_string(s) + ":2"}));
  }
}

}  // namespace
}  // namespace korrigo::scangen
