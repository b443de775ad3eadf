// The summary at the end of a final PDF ("Relevé de correction"): exam, student, the mark, the
// per-question table and the appreciation, on A4 portrait pages drawn with PdfWriter. A long
// table or appreciation continues on further pages.
#pragma once

#include <string>

#include "core/result.h"
#include "pdf/final_pdf.h"
#include "pdf/pdf_writer.h"

namespace korrigo::pdf {

// The summary page(s) as a PDF document of their own (`info` gives its title and dates).
// Errors: internal when cairo failed (see PdfWriter::Finish).
core::Result<std::string> DrawSummaryPages(const FinalSummary& summary, const DocumentInfo& info);

}  // namespace korrigo::pdf
