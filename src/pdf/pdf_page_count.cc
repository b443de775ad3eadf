// Page count of a PDF held in memory.
#include "pdf/pdf_page_count.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

namespace korrigo::pdf {

core::Result<int> CountPdfPages(const std::string& bytes) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.processMemoryFile("final.pdf", bytes.data(), bytes.size());
    return static_cast<int>(QPDFPageDocumentHelper(pdf).getAllPages().size());
  } catch (const std::exception& e) {
    return core::Error::InvalidArgument(std::string("PDF illisible : ") + e.what());
  }
}

}  // namespace korrigo::pdf
