// Fault injection (see fault_injector.h). Positions are drawn among the eligible pages of the
// whole batch, so with individual files the faults spread over students like real mishaps do.
#include "fault_injector.h"

#include <algorithm>

#include "prng.h"

namespace korrigo::scangen {
namespace {

struct Position {
  int file = 0;
  int index = 0;
};

bool Clean(const PhysicalPage& page) { return !page.fault && !page.blank(); }

int SmallestPage(const PhysicalPage& page) {
  int smallest = page.parts.front().page;
  for (const PagePart& part : page.parts) smallest = std::min(smallest, part.page);
  return smallest;
}

// Clean pages (with pair: clean pages whose successor in the same file is clean too).
std::vector<Position> Candidates(const BatchPlan& plan, bool pair) {
  std::vector<Position> positions;
  for (int f = 0; f < static_cast<int>(plan.files.size()); ++f) {
    const auto& pages = plan.files[f].pages;
    for (int i = 0; i < static_cast<int>(pages.size()); ++i) {
      if (!Clean(pages[i])) continue;
      if (pair && (i + 1 >= static_cast<int>(pages.size()) || !Clean(pages[i + 1]))) continue;
      positions.push_back({f, i});
    }
  }
  return positions;
}

FaultRecord RecordFor(FaultKind kind, const PlannedFile& file, const PhysicalPage& page) {
  return FaultRecord{.kind = kind,
                     .file = file.name,
                     .student = page.parts.front().student,
                     .page = page.blank() ? 0 : SmallestPage(page),
                     .page_uid = page.uid};
}

void Apply(FaultKind kind, Position at, BatchPlan* plan) {
  PlannedFile& file = plan->files[at.file];
  auto& pages = file.pages;
  PhysicalPage& page = pages[at.index];
  switch (kind) {
    case FaultKind::kMissing: {
      FaultRecord record = RecordFor(kind, file, page);
      record.page_uid = -1;
      plan->faults.push_back(record);
      pages.erase(pages.begin() + at.index);
      return;
    }
    case FaultKind::kUpsideDown:
      page.rotated_180 = !page.rotated_180;
      page.fault = kind;
      plan->faults.push_back(RecordFor(kind, file, page));
      return;
    case FaultKind::kDuplicated: {
      PhysicalPage copy = page;
      copy.uid = plan->next_uid++;
      copy.fault = kind;
      plan->faults.push_back(RecordFor(kind, file, copy));
      pages.insert(pages.begin() + at.index + 1, std::move(copy));
      return;
    }
    case FaultKind::kSwapped: {
      page.fault = kind;
      pages[at.index + 1].fault = kind;
      plan->faults.push_back(RecordFor(kind, file, page));
      std::swap(pages[at.index], pages[at.index + 1]);
      return;
    }
    case FaultKind::kBlank: {
      PhysicalPage blank = MakeBlankPage(plan, page.size);
      blank.fault = kind;
      plan->faults.push_back(RecordFor(kind, file, blank));
      pages.insert(pages.begin() + at.index + 1, std::move(blank));
      return;
    }
  }
}

}  // namespace

core::Status InjectFaults(const std::vector<FaultRequest>& faults, uint64_t seed, BatchPlan* plan) {
  constexpr FaultKind kOrder[] = {FaultKind::kMissing, FaultKind::kUpsideDown,
                                  FaultKind::kDuplicated, FaultKind::kSwapped, FaultKind::kBlank};
  Prng random(Mix(seed, {0x4641554Cull}));  // "FAUL"
  for (FaultKind kind : kOrder) {
    int count = 0;
    for (const FaultRequest& request : faults) {
      if (request.kind == kind) count += request.count;
    }
    for (int n = 0; n < count; ++n) {
      std::vector<Position> candidates = Candidates(*plan, kind == FaultKind::kSwapped);
      if (kind == FaultKind::kBlank) {  // a blank page may follow any page
        candidates.clear();
        for (int f = 0; f < static_cast<int>(plan->files.size()); ++f) {
          for (int i = 0; i < static_cast<int>(plan->files[f].pages.size()); ++i) {
            candidates.push_back({f, i});
          }
        }
      }
      if (kind == FaultKind::kMissing) {  // a file keeps at least one page: PDFs cannot be empty
        std::erase_if(candidates,
                      [&](const Position& p) { return plan->files[p.file].pages.size() < 2; });
      }
      if (candidates.empty()) {
        return core::Error{.code = core::ErrorCode::kInvalidArgument,
                           .message = "Trop de défauts « " + std::string(FaultKindName(kind)) +
                                      " » pour le nombre de pages du lot."};
      }
      Apply(kind, random.Pick(candidates), plan);
    }
  }
  return {};
}

}  // namespace korrigo::scangen
