// Grouping of scanned pages into copies (see copy_layout.h). Physical pages are the unit: the parts
// of one PDF page (an A3 side cut in two) stay together until the booklet order is applied.
#include "scans/copy_layout.h"

#include <algorithm>
#include <set>

namespace korrigo::scans {
namespace {

// The parts of one PDF page.
struct PhysicalPage {
  std::vector<const LayoutPage*> parts;
  bool IsA3Side() const { return parts.size() == 2; }
  bool Blank() const {
    return std::all_of(parts.begin(), parts.end(), [](const LayoutPage* p) { return p->blank; });
  }
  const LayoutPage* Half(const char* half) const {
    for (const LayoutPage* p : parts)
      if (p->half == half) return p;
    return parts.front();
  }
};

std::vector<PhysicalPage> Physical(const std::vector<LayoutPage>& pages) {
  std::vector<PhysicalPage> out;
  for (const LayoutPage& p : pages) {
    if (out.empty() || out.back().parts.front()->source_index != p.source_index) out.push_back({});
    out.back().parts.push_back(&p);
  }
  return out;
}

void Flag(PlannedCopy& copy, const char* flag) {
  if (std::find(copy.flags.begin(), copy.flags.end(), flag) == copy.flags.end())
    copy.flags.push_back(flag);
}

void AddFlags(PlannedCopy& copy, const std::vector<LayoutPage>& pages) {
  std::set<std::string> hashes;
  for (int64_t id : copy.page_ids) {
    auto it = std::find_if(pages.begin(), pages.end(),
                           [id](const LayoutPage& p) { return p.page_id == id; });
    if (it->orientation_confidence < kOrientationReviewBelow) Flag(copy, kFlagOrientationReview);
    if (!it->content_sha256.empty() && !hashes.insert(it->content_sha256).second)
      Flag(copy, kFlagDuplicatePages);
  }
}

void PlanA4(int n, const std::vector<PhysicalPage>& physical, LayoutPlan& plan) {
  PlannedCopy current;
  for (const PhysicalPage& page : physical) {
    for (const LayoutPage* part : page.parts) current.page_ids.push_back(part->page_id);
    if (static_cast<int>(current.page_ids.size()) >= n) {
      plan.copies.push_back(std::move(current));
      current = {};
    }
  }
  if (!current.page_ids.empty()) {
    Flag(current, kFlagIncomplete);
    plan.copies.push_back(std::move(current));
  }
}

void PlanBooklets(int pages_per_copy, const std::vector<PhysicalPage>& physical, LayoutPlan& plan) {
  const int sheets_per_copy = std::max(1, (pages_per_copy + 3) / 4);
  bool open = false;  // the last copy is still receiving sheets
  int sheets = 0;
  const PhysicalPage* recto = nullptr;
  auto start_copy_if_needed = [&] {
    if (open) return;
    plan.copies.push_back({});
    open = true;
    sheets = 0;
  };
  for (const PhysicalPage& page : physical) {
    if (!page.IsA3Side()) {
      // An A4 page (an inserted sheet) belongs to the copy of the latest folded sheet.
      if (plan.copies.empty()) start_copy_if_needed();
      plan.copies.back().page_ids.push_back(page.parts.front()->page_id);
      continue;
    }
    if (!recto) {
      start_copy_if_needed();
      recto = &page;
      continue;
    }
    // recto [4 | 1], verso [2 | 3] → pages 1, 2, 3, 4.
    auto& ids = plan.copies.back().page_ids;
    ids.push_back(recto->Half("right")->page_id);
    ids.push_back(page.Half("left")->page_id);
    ids.push_back(page.Half("right")->page_id);
    ids.push_back(recto->Half("left")->page_id);
    recto = nullptr;
    if (++sheets == sheets_per_copy) open = false;
  }
  if (recto) {  // a recto whose verso is missing: pages 1 and 4 of its sheet
    auto& ids = plan.copies.back().page_ids;
    ids.push_back(recto->Half("right")->page_id);
    ids.push_back(recto->Half("left")->page_id);
    Flag(plan.copies.back(), kFlagIncomplete);
  } else if (open && sheets < sheets_per_copy) {
    Flag(plan.copies.back(), kFlagIncomplete);
  }
}

}  // namespace

LayoutPlan PlanCopies(const std::string& layout, int pages_per_copy,
                      const std::vector<LayoutPage>& pages) {
  LayoutPlan plan;
  std::vector<PhysicalPage> kept;
  for (const PhysicalPage& page : Physical(pages)) {
    if (page.Blank()) {
      for (const LayoutPage* part : page.parts) plan.pool.push_back(part->page_id);
    } else {
      kept.push_back(page);
    }
  }
  if (layout == "a3_booklet") {
    PlanBooklets(pages_per_copy, kept, plan);
  } else if (layout == "individual") {
    PlannedCopy copy;
    for (const PhysicalPage& page : kept)
      for (const LayoutPage* part : page.parts) copy.page_ids.push_back(part->page_id);
    if (!copy.page_ids.empty()) {
      if (static_cast<int>(copy.page_ids.size()) < pages_per_copy) Flag(copy, kFlagIncomplete);
      plan.copies.push_back(std::move(copy));
    }
  } else {
    PlanA4(std::max(1, pages_per_copy), kept, plan);
  }
  for (PlannedCopy& copy : plan.copies) AddFlags(copy, pages);
  return plan;
}

}  // namespace korrigo::scans
