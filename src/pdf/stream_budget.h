// StreamBudget: bounds what rendering a page would decompress. Before poppler draws a page, every
// stream it may decode (content streams, form XObjects, images, fonts, patterns, annotation
// appearances) is decoded once through a counting sink that stops past max_stream_bytes, and
// every image's declared size is checked against max_page_pixels. A zip bomb thus costs at most
// the limit, and is refused instead of rendered.
#pragma once

#include <cstdint>
#include <optional>
#include <qpdf/QPDFObjGen.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <set>
#include <string>

#include "core/result.h"
#include "pdf/page_extraction.h"

namespace korrigo::pdf {

// Decodes `stream` with qpdf's lossless filters (Flate, LZW, RunLength, ASCII*) and returns the
// decoded size, keeping the bytes in `out` when it is not null; nullopt as soon as more than
// `limit` bytes come out. Streams with other filters (DCT, JBIG2, JPX, CCITT) give their raw
// bytes. Damaged data decodes as far as it goes. qpdf exceptions propagate.
std::optional<int64_t> DecodeBounded(QPDFObjectHandle stream, int64_t limit, std::string* out);

class StreamBudget {
 public:
  explicit StreamBudget(const PdfLimits& limits) : limits_(limits) {}

  // Checks the streams reachable from page `index` (its /Contents, /Resources and /Annots, not
  // the page tree), skipping streams already checked for an earlier page. Errors: refusal
  // "streams" (a stream, or the page's content streams together, decode past max_stream_bytes)
  // or "pixels" (an image larger than max_page_pixels; 1-bit images may be 4 times larger).
  // qpdf exceptions propagate.
  core::Status CheckPage(QPDFObjectHandle page, int index);

 private:
  core::Status CheckStream(QPDFObjectHandle stream, int index);

  PdfLimits limits_;
  std::set<QPDFObjGen> seen_;
};

}  // namespace korrigo::pdf
