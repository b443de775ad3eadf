// Tests of fault injection: each kind changes the plan as documented and shows in the truth.
#include "fault_injector.h"

#include <gtest/gtest.h>

#include "ground_truth.h"

namespace korrigo::scangen {
namespace {

struct Faulted {
  BatchOptions options;
  std::vector<Student> students;
  BatchPlan plan;
  nlohmann::ordered_json truth;
};

Faulted Inject(BatchOptions options, const std::string& spec) {
  Faulted f{.options = options};
  f.options.faults = ParseFaults(spec).value();
  f.students = MakeStudents(f.options.seed, f.options.students, f.options.class_name);
  f.plan = PlanBatch(f.options, f.students);
  EXPECT_TRUE(InjectFaults(f.options.faults, f.options.seed, &f.plan).ok());
  f.truth = BuildTruth(f.options, f.students, f.plan);
  return f;
}

int CountFault(const PlannedFile& file, FaultKind kind) {
  int count = 0;
  for (const PhysicalPage& page : file.pages) count += page.fault == kind;
  return count;
}

constexpr BatchOptions kA4{.seed = 7, .students = 5, .pages_per_copy = 4};

TEST(InjectFaults, NoFaultsLeaveEveryPageOnceInTheTruth) {
  const Faulted f = Inject(kA4, "");
  EXPECT_EQ(f.plan.files[0].pages.size(), 20u);
  EXPECT_TRUE(f.truth["faults"].empty());
  for (int s = 0; s < 5; ++s) {
    const auto& pages = f.truth["copies"][s]["pages"];
    ASSERT_EQ(pages.size(), 4u);
    for (int p = 0; p < 4; ++p) EXPECT_EQ(pages[p]["file_page"], 4 * s + p + 1);
  }
}

TEST(InjectFaults, MissingPagesDisappearFromFileAndCopy) {
  const Faulted f = Inject(kA4, "missing:2");
  EXPECT_EQ(f.plan.files[0].pages.size(), 18u);
  ASSERT_EQ(f.truth["faults"].size(), 2u);
  size_t listed = 0;
  for (const auto& copy : f.truth["copies"]) listed += copy["pages"].size();
  EXPECT_EQ(listed, 18u);
  for (const auto& fault : f.truth["faults"]) {
    EXPECT_EQ(fault["kind"], "missing");
    EXPECT_TRUE(fault["file_page"].is_null());
    EXPECT_LT(f.truth["copies"][fault["student"].get<int>()]["pages"].size(), 4u);
  }
}

TEST(InjectFaults, BlankDuplicatedUpsideDownAndSwappedAreMarked) {
  const Faulted f = Inject(kA4, "blank:2,duplicated:1,upside_down:3,swapped:1");
  const PlannedFile& file = f.plan.files[0];
  EXPECT_EQ(file.pages.size(), 23u);
  EXPECT_EQ(CountFault(file, FaultKind::kBlank), 2);
  EXPECT_EQ(CountFault(file, FaultKind::kDuplicated), 1);
  EXPECT_EQ(CountFault(file, FaultKind::kUpsideDown), 3);
  EXPECT_EQ(CountFault(file, FaultKind::kSwapped), 2);
  ASSERT_EQ(f.truth["faults"].size(), 7u);
  for (const auto& page : f.truth["files"][0]["pages"]) {
    const bool upside_down = page["fault"] == "upside_down";
    EXPECT_EQ(page["rotated_180"], upside_down);
    if (page["fault"] == "blank") {
      EXPECT_TRUE(page["parts"][0]["student"].is_null());
      EXPECT_TRUE(page["parts"][0]["page"].is_null());
    }
  }
  // Every logical page is still listed exactly once, and the file page really shows it.
  for (int s = 0; s < 5; ++s) {
    const auto& pages = f.truth["copies"][s]["pages"];
    ASSERT_EQ(pages.size(), 4u);
    for (int p = 0; p < 4; ++p) {
      const PhysicalPage& shown = file.pages[pages[p]["file_page"].get<int>() - 1];
      EXPECT_EQ(shown.parts[0].student, s);
      EXPECT_EQ(shown.parts[0].page, p + 1);
      EXPECT_NE(shown.fault, FaultKind::kDuplicated);  // the first occurrence is the one listed
    }
  }
  // A duplicate follows its original; swapped pages are out of order.
  for (size_t i = 1; i < file.pages.size(); ++i) {
    if (file.pages[i].fault == FaultKind::kDuplicated) {
      EXPECT_EQ(file.pages[i].parts[0].page, file.pages[i - 1].parts[0].page);
    }
  }
}

TEST(InjectFaults, SwappedPagesExchangePlaces) {
  const Faulted f = Inject(kA4, "swapped:2");
  const PlannedFile& file = f.plan.files[0];
  const PlannedFile original = PlanBatch(f.options, f.students).files[0];
  ASSERT_EQ(f.truth["faults"].size(), 2u);
  for (const auto& fault : f.truth["faults"]) {
    // The record names the page that moved one place later; its old successor now precedes it.
    const int at = fault["file_page"].get<int>() - 1;
    const int student = fault["student"], page = fault["page"];
    EXPECT_EQ(file.pages[at].parts[0].student, student);
    EXPECT_EQ(file.pages[at].parts[0].page, page);
    const int old_index = student * 4 + page - 1;
    EXPECT_EQ(file.pages[at - 1].uid, original.pages[old_index + 1].uid);
    EXPECT_EQ(file.pages[at - 1].fault, FaultKind::kSwapped);
  }
}

TEST(InjectFaults, A3FaultsActOnSheetSides) {
  BatchOptions options{
      .seed = 3, .students = 4, .layout = Layout::kA3Booklet, .verso_rotated = true};
  const Faulted f = Inject(options, "upside_down:2,blank:1,missing:1");
  EXPECT_EQ(f.plan.files[0].pages.size(), 8u);
  for (const PhysicalPage& page : f.plan.files[0].pages) {
    EXPECT_EQ(page.size, PaperSize::kA3);
    ASSERT_EQ(page.parts.size(), 2u);
    if (page.fault == FaultKind::kBlank) {
      EXPECT_LT(page.parts[1].student, 0);
    }
  }
  for (const auto& fault : f.truth["faults"]) {
    if (fault["kind"] == "missing") {
      EXPECT_EQ(f.truth["copies"][fault["student"].get<int>()]["pages"].size(), 2u);
    }
  }
}

TEST(InjectFaults, DependsOnTheSeed) {
  BatchOptions a = kA4, b = kA4;
  b.seed = 8;
  EXPECT_EQ(Inject(a, "missing:3").truth["faults"], Inject(a, "missing:3").truth["faults"]);
  EXPECT_NE(Inject(a, "missing:3,blank:2").truth["faults"],
            Inject(b, "missing:3,blank:2").truth["faults"]);
}

TEST(InjectFaults, RefusesMoreFaultsThanPages) {
  const std::vector<Student> students = MakeStudents(1, 1, "T.02");
  BatchPlan plan = PlanBatch({.pages_per_copy = 2}, students);
  EXPECT_FALSE(InjectFaults({{FaultKind::kUpsideDown, 3}}, 1, &plan).ok());
  BatchPlan again = PlanBatch({.pages_per_copy = 2}, students);
  EXPECT_FALSE(InjectFaults({{FaultKind::kMissing, 2}}, 1, &again).ok());  // a PDF keeps a page
}

}  // namespace
}  // namespace korrigo::scangen
