// The fast path for scanned pages: most scanners write each page as one JPEG image drawn over the
// whole page. Such a page need not be rendered: its JPEG bytes are taken from the file as they
// are and decoded (downscaled inside the decoder), which is many times faster than rendering and
// loses nothing.
#pragma once

#include <optional>
#include <qpdf/QPDFObjectHandle.hh>
#include <string>

namespace korrigo::pdf {

struct PageJpeg {
  std::string bytes;  // the JPEG exactly as stored in the PDF
  int width = 0;      // of the JPEG
  int height = 0;
  // Clockwise turn (0, 90, 180, 270) that shows the decoded JPEG as the page is displayed: how
  // the page draws it, plus the page's /Rotate.
  int rotation = 0;
};

// The page's JPEG when the page's content does nothing but draw one image that covers the
// visible box (±2 %), without mirroring, masks, transparency or optional content, and that image
// is DCT-encoded 8-bit DeviceGray/DeviceRGB (or ICC/Cal equivalents) whose JPEG header agrees
// with its dictionary. nullopt otherwise: the page must then be rendered. Content streams larger
// than 64 KiB once decoded are never taken for a single image. `rotate` is the page's normalised
// /Rotate. Never throws: a damaged structure gives nullopt.
std::optional<PageJpeg> FindPageJpeg(QPDFObjectHandle page, int rotate);

}  // namespace korrigo::pdf
