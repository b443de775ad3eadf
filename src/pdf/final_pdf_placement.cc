// Page placement arithmetic (see final_pdf_placement.h). A half is chosen on the sheet as it is
// shown after /Rotate and auto_rotation, then found back on the unturned page: after a quarter
// turn clockwise the left of the sheet is the bottom of the page, after a half turn its right.
#include "pdf/final_pdf_placement.h"

#include <fmt/format.h>

#include <qpdf/QPDFPageObjectHelper.hh>

#include "pdf/page_size.h"
#include "pdf/pdf_inspector.h"

namespace korrigo::pdf {
namespace {

int Quarter(int degrees) { return ((degrees % 360) + 360) % 360; }

// A number for a content stream: at most 4 decimals, no exponent, no "-0".
std::string Num(double v) {
  std::string s = fmt::format("{:.4f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace

PagePlacement PlacePage(QPDFObjectHandle source_page, const FinalPage& page) {
  const QPDFObjectHandle::Rectangle visible = PdfInspector::VisibleBox(source_page);
  QPDFObjectHandle rotate = QPDFPageObjectHelper(source_page).getAttribute("/Rotate", false);
  const int turn =
      Quarter(NormalizeRotate(rotate.isInteger() ? rotate.getIntValue() : 0) + page.auto_rotation);
  PagePlacement placement{.box = visible, .rotate = Quarter(turn + page.rotation)};
  if (page.half != "full") {
    const bool left = page.half == "left";
    const double mx = (visible.llx + visible.urx) / 2, my = (visible.lly + visible.ury) / 2;
    QPDFObjectHandle::Rectangle& b = placement.box;
    switch (turn) {
      case 0:
        (left ? b.urx : b.llx) = mx;
        break;
      case 90:
        (left ? b.ury : b.lly) = my;
        break;
      case 180:
        (left ? b.llx : b.urx) = mx;
        break;
      default:
        (left ? b.lly : b.ury) = my;
        break;
    }
  }
  const double w = placement.box.urx - placement.box.llx;
  const double h = placement.box.ury - placement.box.lly;
  const bool across = placement.rotate % 180 != 0;
  placement.width = across ? h : w;
  placement.height = across ? w : h;
  return placement;
}

std::string PlacementMatrix(const PagePlacement& p) {
  const QPDFObjectHandle::Rectangle& b = p.box;
  // The displayed page's bottom-left corner lands on the box corner that /Rotate shows there.
  switch (p.rotate) {
    case 90:
      return fmt::format("0 1 -1 0 {} {}", Num(b.urx), Num(b.lly));
    case 180:
      return fmt::format("-1 0 0 -1 {} {}", Num(b.urx), Num(b.ury));
    case 270:
      return fmt::format("0 -1 1 0 {} {}", Num(b.llx), Num(b.ury));
    default:
      return fmt::format("1 0 0 1 {} {}", Num(b.llx), Num(b.lly));
  }
}

}  // namespace korrigo::pdf
