// Building truth.json from the plan (see ground_truth.h).
#include "ground_truth.h"

#include <algorithm>

namespace korrigo::scangen {
namespace {

using Json = nlohmann::ordered_json;

const char* HalfName(Half half) {
  switch (half) {
    case Half::kLeft:
      return "left";
    case Half::kRight:
      return "right";
    case Half::kFull:
      break;
  }
  return "full";
}

Json OrNull(int value, bool present) { return present ? Json(value) : Json(nullptr); }

Json PageJson(const PhysicalPage& page, int index) {
  Json parts = Json::array();
  for (const PagePart& part : page.parts) {
    parts.push_back({{"half", HalfName(part.half)},
                     {"student", OrNull(part.student, part.student >= 0)},
                     {"page", OrNull(part.page, part.student >= 0)}});
  }
  return {{"index", index},
          {"size", page.size == PaperSize::kA3 ? "a3" : "a4"},
          {"rotated_180", page.rotated_180},
          {"fault", page.fault ? Json(FaultKindName(*page.fault)) : Json(nullptr)},
          {"parts", std::move(parts)}};
}

// The copy of `student`: its logical pages in order, each where it first appears.
Json CopyJson(const BatchOptions& options, const BatchPlan& plan, int student) {
  Json copy = {{"student", student}, {"file", nullptr}, {"pages", Json::array()}};
  for (const PlannedFile& file : plan.files) {
    if (file.student >= 0 && file.student != student) continue;
    copy["file"] = file.name;
    for (int logical = 1; logical <= options.pages_per_copy; ++logical) {
      for (size_t i = 0; i < file.pages.size(); ++i) {
        const PhysicalPage& page = file.pages[i];
        auto part = std::find_if(page.parts.begin(), page.parts.end(), [&](const PagePart& p) {
          return p.student == student && p.page == logical;
        });
        if (part == page.parts.end()) continue;
        copy["pages"].push_back(
            {{"file_page", static_cast<int>(i) + 1}, {"half", HalfName(part->half)}});
        break;
      }
    }
    break;
  }
  return copy;
}

Json FaultJson(const BatchPlan& plan, const FaultRecord& record) {
  int file_page = 0;
  for (const PlannedFile& file : plan.files) {
    if (file.name == record.file && record.page_uid >= 0) {
      file_page = FilePageOf(file, record.page_uid);
    }
  }
  return {{"kind", FaultKindName(record.kind)},
          {"file", record.file},
          {"student", OrNull(record.student, record.student >= 0)},
          {"page", OrNull(record.page, record.page > 0)},
          {"file_page", OrNull(file_page, file_page > 0)}};
}

}  // namespace

nlohmann::ordered_json BuildTruth(const BatchOptions& options, const std::vector<Student>& students,
                                  const BatchPlan& plan) {
  Json truth = {{"seed", options.seed}, {"layout", LayoutName(options.layout)},
                {"dpi", options.dpi},   {"pages_per_copy", options.pages_per_copy},
                {"qr", options.qr},     {"verso_rotated", options.verso_rotated}};
  Json& students_json = truth["students"] = Json::array();
  for (const Student& student : students) {
    students_json.push_back({{"last_name", student.last_name},
                             {"first_name", student.first_name},
                             {"class_name", student.class_name},
                             {"birth_date", student.IsoBirthDate()}});
  }
  Json& files = truth["files"] = Json::array();
  for (const PlannedFile& file : plan.files) {
    Json pages = Json::array();
    for (size_t i = 0; i < file.pages.size(); ++i) {
      pages.push_back(PageJson(file.pages[i], static_cast<int>(i)));
    }
    files.push_back({{"name", file.name},
                     {"student", OrNull(file.student, file.student >= 0)},
                     {"pages", std::move(pages)}});
  }
  Json& copies = truth["copies"] = Json::array();
  for (int student = 0; student < static_cast<int>(students.size()); ++student) {
    copies.push_back(CopyJson(options, plan, student));
  }
  Json& faults = truth["faults"] = Json::array();
  for (const FaultRecord& record : plan.faults) faults.push_back(FaultJson(plan, record));
  return truth;
}

}  // namespace korrigo::scangen
