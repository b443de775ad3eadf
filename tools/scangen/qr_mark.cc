// QR marks (see qr_mark.h). Modules are filled as one path so that neighbouring modules merge
// without hairline gaps from antialiasing.
#include "qr_mark.h"

#include <qrencode.h>

#include <memory>

namespace korrigo::scangen {
namespace {

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string QrPayload(uint64_t seed, int student, int page) {
  return "KORRIGO:" + std::to_string(seed) + ":" + std::to_string(student) + ":" +
         std::to_string(page);
}

bool DrawQrMark(cairo_t* cr, const std::string& payload, double x, double y, double size) {
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return false;
  const int width = code->width;
  const double module = size / width;
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.95);
  cairo_new_path(cr);
  for (int row = 0; row < width; ++row) {
    for (int col = 0; col < width; ++col) {
      if (code->data[row * width + col] & 1) {
        // A hair of overlap closes the seams between modules.
        cairo_rectangle(cr, x + col * module, y + row * module, module + 0.02, module + 0.02);
      }
    }
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill(cr);
  cairo_restore(cr);
  return true;
}

}  // namespace korrigo::scangen
