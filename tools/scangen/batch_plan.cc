// Building the fault-free plan of a batch (see batch_plan.h): the page order each layout implies.
#include "batch_plan.h"

namespace korrigo::scangen {
namespace {

PhysicalPage A4Page(BatchPlan* plan, int student, int page) {
  return PhysicalPage{.uid = plan->next_uid++,
                      .size = PaperSize::kA4,
                      .parts = {{.half = Half::kFull, .student = student, .page = page}}};
}

PhysicalPage A3Side(BatchPlan* plan, int student, int left_page, int right_page, bool rotated) {
  return PhysicalPage{.uid = plan->next_uid++,
                      .size = PaperSize::kA3,
                      .parts = {{.half = Half::kLeft, .student = student, .page = left_page},
                                {.half = Half::kRight, .student = student, .page = right_page}},
                      .rotated_180 = rotated};
}

void AddCopy(const BatchOptions& options, int student, BatchPlan* plan, PlannedFile* file) {
  if (options.layout != Layout::kA3Booklet) {
    for (int page = 1; page <= options.pages_per_copy; ++page) {
      file->pages.push_back(A4Page(plan, student, page));
    }
    return;
  }
  for (int sheet = 0; sheet < options.pages_per_copy / 4; ++sheet) {
    const int first = 4 * sheet;
    file->pages.push_back(A3Side(plan, student, first + 4, first + 1, false));
    file->pages.push_back(A3Side(plan, student, first + 2, first + 3, options.verso_rotated));
  }
}

}  // namespace

BatchPlan PlanBatch(const BatchOptions& options, const std::vector<Student>& students) {
  BatchPlan plan;
  if (options.layout == Layout::kIndividual) {
    for (int student = 0; student < static_cast<int>(students.size()); ++student) {
      PlannedFile file{.name = CopyFileName(students[student]), .student = student};
      AddCopy(options, student, &plan, &file);
      plan.files.push_back(std::move(file));
    }
    return plan;
  }
  PlannedFile batch{.name = "batch.pdf"};
  for (int student = 0; student < static_cast<int>(students.size()); ++student) {
    AddCopy(options, student, &plan, &batch);
  }
  plan.files.push_back(std::move(batch));
  return plan;
}

PhysicalPage MakeBlankPage(BatchPlan* plan, PaperSize size) {
  PhysicalPage page{.uid = plan->next_uid++, .size = size};
  if (size == PaperSize::kA4) {
    page.parts = {{.half = Half::kFull}};
  } else {
    page.parts = {{.half = Half::kLeft}, {.half = Half::kRight}};
  }
  return page;
}

int FilePageOf(const PlannedFile& file, int uid) {
  for (size_t i = 0; i < file.pages.size(); ++i) {
    if (file.pages[i].uid == uid) return static_cast<int>(i) + 1;
  }
  return 0;
}

}  // namespace korrigo::scangen
