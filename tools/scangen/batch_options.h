// BatchOptions: everything that decides a generated batch (with the seed, it decides every byte),
// plus parsing of the textual forms the CLI accepts (layout names, the --faults list) and the
// validation rules shared by the CLI and the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "student_roster.h"

namespace korrigo::scangen {

enum class Layout {
  kA4,          // one batch.pdf, each copy as consecutive A4 pages
  kA3Booklet,   // one batch.pdf, each sheet as two A3-landscape sides [4|1] then [2|3]
  kIndividual,  // one PDF per student, A4 pages
};

enum class FaultKind { kBlank, kUpsideDown, kMissing, kDuplicated, kSwapped };

struct FaultRequest {
  FaultKind kind = FaultKind::kBlank;
  int count = 0;
  bool operator==(const FaultRequest&) const = default;
};

struct BatchOptions {
  uint64_t seed = 1;
  int students = 1;
  Layout layout = Layout::kA4;
  int pages_per_copy = 4;  // a multiple of 4 for kA3Booklet
  int dpi = 200;           // 150, 200 or 300
  bool qr = false;         // a QR code KORRIGO:<seed>:<student>:<page> on every logical page
  std::string class_name = "T.02";
  std::vector<FaultRequest> faults;
  bool verso_rotated = false;  // kA3Booklet: every verso image turned by 180°
  double skew_degrees = 1.5;   // each physical page is skewed uniformly within ±skew_degrees
  double noise = 0.3;          // 0–1: sensor noise, dust and scanner streaks
  double blur = 0;             // 0–1: optical softness (box blur up to 2 px at 200 DPI)
  int jpeg_quality = 75;       // 1–100
  // When not empty, these students (in this order) instead of generated ones; `students` and
  // `class_name` are then ignored. The demo uses it to scan copies of its own roster.
  std::vector<Student> roster;
};

// "a4", "a3_booklet", "individual" and back. Parsing errors: invalid_argument.
core::Result<Layout> ParseLayout(std::string_view name);
std::string_view LayoutName(Layout layout);

// "blank", "upside_down", "missing", "duplicated", "swapped" and back.
core::Result<FaultKind> ParseFaultKind(std::string_view name);
std::string_view FaultKindName(FaultKind kind);

// Parses a comma list of kind:count, e.g. "blank:2,upside_down:3"; "" gives no faults. A kind
// given twice adds up. Errors: invalid_argument naming the bad item.
core::Result<std::vector<FaultRequest>> ParseFaults(std::string_view spec);

// Checks ranges and combinations (a3_booklet needs pages_per_copy % 4 == 0, dpi ∈ {150, 200,
// 300}, 1 ≤ students ≤ 1000, …). Errors: invalid_argument with a message for the user.
core::Status ValidateOptions(const BatchOptions& options);

}  // namespace korrigo::scangen
