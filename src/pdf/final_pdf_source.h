// FinalPdfSource: a scan PDF opened by BuildFinalPdf to copy a few of its pages. A batch may hold
// hundreds of pages while a copy needs four, so the file is mapped rather than read through stdio,
// and a page is found without parsing every page of the batch when the page tree allows it.
#pragma once

#include <memory>
#include <optional>
#include <qpdf/QPDF.hh>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::pdf {

class FinalPdfSource {
 public:
  // Opens `path`. Errors: unavailable when the file cannot be read or qpdf cannot make a PDF of
  // it (also a password-protected one); details are logged, not returned.
  static core::Result<std::unique_ptr<FinalPdfSource>> Open(const std::string& path);
  ~FinalPdfSource();
  FinalPdfSource(const FinalPdfSource&) = delete;
  FinalPdfSource& operator=(const FinalPdfSource&) = delete;

  // Page `index` (0-based) in the order of QPDF::getAllPages(), the order page extraction
  // numbered them; nullopt when there is no such page. Its inheritable attributes may live on
  // its ancestors: read them with QPDFPageObjectHelper::getAttribute. qpdf exceptions propagate.
  std::optional<QPDFObjectHandle> Page(int index);

  // Readies `pages` (found by Page()) to be copied with QPDF::copyForeignObject: resources they
  // inherit are pushed down into them, and the in-memory page tree is narrowed to them, because
  // qpdf walks the whole page tree of the file it copies from (to tell pages apart from other
  // objects) and that walk would otherwise parse every page of the batch. The file is never
  // written; Page() must not be called afterwards. qpdf exceptions propagate.
  void NarrowTo(const std::vector<QPDFObjectHandle>& pages);

 private:
  class Mapping;
  FinalPdfSource() = default;

  std::unique_ptr<Mapping> mapping_;  // declared first: outlives the QPDF reading it
  std::unique_ptr<QPDF> qpdf_;
};

}  // namespace korrigo::pdf
