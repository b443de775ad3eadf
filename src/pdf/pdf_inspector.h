// PdfInspector: opens an untrusted PDF with qpdf and checks it against PdfLimits before anything
// renders it: PDF signature, structure (a damaged cross-reference table is rebuilt when qpdf can),
// encryption (accepted only when the empty password opens it), object count, page count and
// every page's size. Runs inside the sandboxed child only: a hostile file may still exhaust CPU or
// memory here, which the child's limits turn into a refusal.
#pragma once

#include <memory>
#include <qpdf/QPDFObjectHandle.hh>
#include <string>
#include <vector>

#include "core/result.h"
#include "pdf/page_extraction.h"

class QPDF;

namespace korrigo::pdf {

class PdfInspector {
 public:
  // Opens and validates `path`. Errors: refusals (pdf_refusal.h) with rule "not_pdf" (no "%PDF-"
  // in the first 1024 bytes), "damaged" (qpdf cannot make sense of it), "encrypted" (a password
  // is needed), "objects" (more than max_objects), "page_count" or "page_size"; unavailable when
  // the file cannot be read.
  static core::Result<std::unique_ptr<PdfInspector>> Open(const std::string& path,
                                                          const PdfLimits& limits);
  ~PdfInspector();
  PdfInspector(const PdfInspector&) = delete;
  PdfInspector& operator=(const PdfInspector&) = delete;

  const std::string& path() const { return path_; }
  const PdfSummary& summary() const { return summary_; }
  // The page dictionary of page `index` (0 ≤ index < page_count).
  QPDFObjectHandle Page(int index) const { return pages_.at(index); }

  // What a viewer shows of `page`, in default user space: MediaBox ∩ CropBox (inherited
  // attributes resolved; US Letter when the MediaBox is missing or malformed), normalised so
  // that llx ≤ urx and lly ≤ ury. qpdf exceptions propagate.
  static QPDFObjectHandle::Rectangle VisibleBox(QPDFObjectHandle page);

 private:
  PdfInspector() = default;
  core::Status Load(const PdfLimits& limits);

  std::string path_;
  std::unique_ptr<QPDF> qpdf_;
  std::vector<QPDFObjectHandle> pages_;
  PdfSummary summary_;
};

}  // namespace korrigo::pdf
