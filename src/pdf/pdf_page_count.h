// Counting the pages of a PDF the program wrote itself (final PDFs), with qpdf, in memory.
#pragma once

#include <string>

#include "core/result.h"

namespace korrigo::pdf {

// The number of pages of `bytes`. Errors: invalid_argument when qpdf cannot read them.
core::Result<int> CountPdfPages(const std::string& bytes);

}  // namespace korrigo::pdf
