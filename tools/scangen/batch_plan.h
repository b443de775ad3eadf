// BatchPlan: which physical pages each output file holds, what each page shows (which logical
// page of which student on which half) and which scanning faults touched it. It is the single
// description both the renderer and the ground truth are made from, so they cannot disagree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "batch_options.h"
#include "student_roster.h"

namespace korrigo::scangen {

enum class PaperSize { kA4, kA3 };  // A3 pages are landscape, two A4 halves side by side
enum class Half { kFull, kLeft, kRight };

// One logical page (or none, on a blank sheet) on a physical page. Halves are relative to the
// upright page: an upside-down [2|3] verso still has page 2 on the left.
struct PagePart {
  Half half = Half::kFull;
  int student = -1;  // index in the batch's students; -1 on a blank page
  int page = 0;      // 1-based logical page of the copy; 0 on a blank page
};

struct PhysicalPage {
  int uid = 0;  // unique in the plan: names the page in fault records and seeds its scan noise
  PaperSize size = PaperSize::kA4;
  std::vector<PagePart> parts;  // one kFull part for A4, kLeft then kRight for A3
  bool rotated_180 = false;     // the image is upside down on the PDF page
  std::optional<FaultKind> fault;

  bool blank() const { return parts.empty() || parts.front().student < 0; }
};

struct PlannedFile {
  std::string name;  // "batch.pdf" or "copie_….pdf"
  int student = -1;  // the student of an individual file, else -1
  std::vector<PhysicalPage> pages;
};

// What a fault did, in the order faults were applied.
struct FaultRecord {
  FaultKind kind = FaultKind::kBlank;
  std::string file;
  int student = -1;   // -1 for an inserted blank page
  int page = 0;       // logical page (the smaller one for an A3 side); 0 for a blank page
  int page_uid = -1;  // the physical page it produced or acted on; -1 for a missing page
};

struct BatchPlan {
  std::vector<PlannedFile> files;
  std::vector<FaultRecord> faults;
  int next_uid = 0;
};

// The fault-free plan of a batch for `options.layout`: copies in student order, pages in order
// (A3: per sheet s, recto [4s+4 | 4s+1] then verso [4s+2 | 4s+3], versos rotated when
// options.verso_rotated). Expects validated options and options.students students.
BatchPlan PlanBatch(const BatchOptions& options, const std::vector<Student>& students);

// A blank physical page of `size` (parts with student -1), taking the next uid of `plan`.
PhysicalPage MakeBlankPage(BatchPlan* plan, PaperSize size);

// The 1-based position of the page with `uid` in `file`, or 0 when it is not there.
int FilePageOf(const PlannedFile& file, int uid);

}  // namespace korrigo::scangen
