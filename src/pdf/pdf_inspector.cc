// PDF inspection with qpdf (see pdf_inspector.h). Every qpdf exception is caught here and becomes
// a refusal naming the rule; qpdf's warnings about repaired damage are counted, not printed.
#include "pdf/pdf_inspector.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include "core/log.h"
#include "pdf/page_size.h"
#include "pdf/pdf_refusal.h"

namespace korrigo::pdf {
namespace {

constexpr double kLetterWidth = 612, kLetterHeight = 792;  // what viewers assume without a box

core::Status CheckSignature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::Unavailable("Fichier PDF illisible.");
  std::string head(1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.find("%PDF-") == std::string::npos) {
    return Refusal("not_pdf", "Ce fichier n'est pas un PDF.");
  }
  return {};
}

// The rectangle of a box attribute, or nullopt when it is missing or malformed.
std::optional<QPDFObjectHandle::Rectangle> Box(QPDFPageObjectHelper& page, const char* name) {
  QPDFObjectHandle box = page.getAttribute(name, false);
  if (!box.isRectangle()) return std::nullopt;
  QPDFObjectHandle::Rectangle r = box.getArrayAsRectangle();
  return QPDFObjectHandle::Rectangle(std::min(r.llx, r.urx), std::min(r.lly, r.ury),
                                     std::max(r.llx, r.urx), std::max(r.lly, r.ury));
}

core::Result<PageGeometry> Geometry(int index, QPDFObjectHandle page_object) {
  QPDFPageObjectHelper page(page_object);
  const QPDFObjectHandle::Rectangle visible = PdfInspector::VisibleBox(page_object);
  double unit = 1;
  QPDFObjectHandle user_unit = page_object.getKey("/UserUnit");
  if (user_unit.isNumber() && user_unit.getNumericValue() > 0) unit = user_unit.getNumericValue();
  QPDFObjectHandle rotate = page.getAttribute("/Rotate", false);
  const int degrees = NormalizeRotate(rotate.isInteger() ? rotate.getIntValue() : 0);
  return ClassifyPage(index, std::max(0.0, visible.urx - visible.llx) * unit,
                      std::max(0.0, visible.ury - visible.lly) * unit, degrees);
}

}  // namespace

PdfInspector::~PdfInspector() = default;

QPDFObjectHandle::Rectangle PdfInspector::VisibleBox(QPDFObjectHandle page_object) {
  QPDFPageObjectHelper page(page_object);
  QPDFObjectHandle::Rectangle visible(0, 0, kLetterWidth, kLetterHeight);
  if (auto media = Box(page, "/MediaBox")) visible = *media;
  if (auto crop = Box(page, "/CropBox")) {
    visible.llx = std::max(visible.llx, crop->llx);
    visible.lly = std::max(visible.lly, crop->lly);
    visible.urx = std::min(visible.urx, crop->urx);
    visible.ury = std::min(visible.ury, crop->ury);
  }
  return visible;
}

core::Result<std::unique_ptr<PdfInspector>> PdfInspector::Open(const std::string& path,
                                                               const PdfLimits& limits) {
  if (core::Status s = CheckSignature(path); !s) return s.take_error();
  std::unique_ptr<PdfInspector> inspector(new PdfInspector());
  inspector->path_ = path;
  core::Status loaded;
  try {
    loaded = inspector->Load(limits);
  } catch (const QPDFExc& e) {
    core::LogInfo("pdf.refused", {{"reason", e.what()}});
    if (e.getErrorCode() == qpdf_e_password) {
      return Refusal("encrypted",
                     "Ce PDF est protégé par un mot de passe : exportez-le sans "
                     "protection puis déposez-le à nouveau.");
    }
    return Refusal("damaged", "Ce PDF est endommagé et ne peut pas être lu.");
  } catch (const std::exception& e) {
    core::LogInfo("pdf.refused", {{"reason", e.what()}});
    return Refusal("damaged", "Ce PDF est endommagé et ne peut pas être lu.");
  }
  if (!loaded) return loaded.take_error();
  return inspector;
}

core::Status PdfInspector::Load(const PdfLimits& limits) {
  qpdf_ = std::make_unique<QPDF>();
  qpdf_->setSuppressWarnings(true);
  qpdf_->setAttemptRecovery(true);
  qpdf_->processFile(path_.c_str(), "");
  if (static_cast<int64_t>(qpdf_->getObjectCount()) > limits.max_objects) {
    return Refusal("objects",
                   fmt::format("Ce PDF contient trop d'objets (plus de {}).", limits.max_objects));
  }
  pages_ = qpdf_->getAllPages();
  const int count = static_cast<int>(std::min<size_t>(pages_.size(), 1 << 30));
  if (count < limits.min_pages || count > limits.max_pages) {
    if (count == 0) return Refusal("page_count", "Ce PDF ne contient aucune page.");
    return Refusal("page_count",
                   count < limits.min_pages
                       ? fmt::format("Ce PDF contient {} page(s) ; il en faut au moins {}.", count,
                                     limits.min_pages)
                       : fmt::format("Ce PDF contient {} pages ; la limite est de {}.", count,
                                     limits.max_pages));
  }
  summary_.page_count = count;
  for (int i = 0; i < count; ++i) {
    auto geometry = Geometry(i, pages_[i]);
    if (!geometry) return geometry.take_error();
    summary_.pages.push_back(std::move(*geometry));
  }
  if (qpdf_->anyWarnings()) {
    core::LogInfo("pdf.repaired", {{"warnings", qpdf_->numWarnings()}});
  }
  return {};
}

}  // namespace korrigo::pdf
