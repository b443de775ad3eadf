// What goes into a copy's final PDF, gathered from grading data: the pages with their annotations
// as overlays, and the summary (exam, student, mark with a French decimal comma, one row per
// question of the scheme with points and remark, subtotals per exercise, appreciation). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exams/exam.h"
#include "exams/points.h"
#include "exams/scheme.h"
#include "grading/grading_state.h"
#include "pdf/final_pdf.h"
#include "scans/copy.h"
#include "scans/page.h"

namespace korrigo::grading {

struct FinalCopyData {
  exams::Exam exam;
  exams::Scheme scheme;  // the version the copy was graded on
  scans::Copy copy;
  std::vector<scans::Page> pages;             // in the copy's order
  std::map<int64_t, std::string> scan_paths;  // scan id → local path of its PDF
  GradingState state;
  std::string student_name;  // "" when not identified
  std::string class_name;
  std::string corrector_name;
  int64_t graded_at_ms = 0;
  exams::Points raw;
  exams::Points mark;
};

// "15,5 / 20".
std::string FormatMark(exams::Points mark, exams::Points scale);

// The input of pdf::BuildFinalPdf. Annotations on pages no longer in the copy are left out.
pdf::FinalPdfInput MakeFinalPdfInput(const FinalCopyData& data);

// "#d32f2f" → the colour; black for anything else.
pdf::Color ParseHexColor(const std::string& hex);

}  // namespace korrigo::grading
