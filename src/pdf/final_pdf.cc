// Building the final PDF of a copy (see final_pdf.h) with qpdf: each scan page is copied as it
// is (its JPEG never decoded) and shown through a page box and /Rotate that reproduce the grading
// screen's view (final_pdf_placement.h); the annotations drawn by OverlayPainter are laid over it
// as one form XObject per page, and the summary pages follow. The overlay document is parsed once,
// so its font subsets are copied once for the whole copy.
#include "pdf/final_pdf.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include "core/log.h"
#include "pdf/final_pdf_placement.h"
#include "pdf/final_pdf_source.h"
#include "pdf/overlay_painter.h"
#include "pdf/summary_page.h"
#include "pdf/utf8_text.h"

namespace korrigo::pdf {
namespace {

// The UTC time of `timestamp_ms`; the epoch for a timestamp gmtime cannot represent.
std::tm UtcTime(int64_t timestamp_ms) {
  std::time_t seconds = static_cast<std::time_t>(timestamp_ms / 1000);
  std::tm tm{};
  if (gmtime_r(&seconds, &tm) == nullptr || tm.tm_year < 0 || tm.tm_year > 8099) {
    seconds = 0;
    gmtime_r(&seconds, &tm);
  }
  return tm;
}

std::string IsoDate(int64_t timestamp_ms) {
  const std::tm t = UtcTime(timestamp_ms);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.tm_year + 1900, t.tm_mon + 1,
                     t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
}

std::string PdfDate(int64_t timestamp_ms) {
  const std::tm t = UtcTime(timestamp_ms);
  return fmt::format("D:{:04}{:02}{:02}{:02}{:02}{:02}Z", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                     t.tm_hour, t.tm_min, t.tm_sec);
}

core::Status Validate(const FinalPdfInput& input) {
  if (input.pages.empty()) return core::Error::InvalidArgument("La copie n'a aucune page.");
  for (size_t i = 0; i < input.pages.size(); ++i) {
    const FinalPage& page = input.pages[i];
    if (page.source < 0 || static_cast<size_t>(page.source) >= input.sources.size() ||
        page.source_index < 0) {
      return core::Error::InvalidArgument(
          fmt::format("La page {} renvoie à une page source inconnue.", i + 1));
    }
    if (page.half != "full" && page.half != "left" && page.half != "right") {
      return core::Error::InvalidArgument(
          fmt::format("La page {} demande une partie de feuille inconnue.", i + 1));
    }
    if (page.auto_rotation % 90 != 0 || page.rotation % 90 != 0) {
      return core::Error::InvalidArgument(
          fmt::format("La page {} a une rotation qui n'est pas un quart de tour.", i + 1));
    }
  }
  return {};
}

// The scan page of every page of the copy, each source opened once (unused ones stay closed)
// and then readied for copying.
core::Result<std::vector<QPDFObjectHandle>> FindSourcePages(
    const FinalPdfInput& input, std::vector<std::unique_ptr<FinalPdfSource>>& sources) {
  sources.resize(input.sources.size());
  std::vector<QPDFObjectHandle> pages;
  try {
    for (const FinalPage& page : input.pages) {
      std::unique_ptr<FinalPdfSource>& source = sources[page.source];
      if (!source) {
        auto opened = FinalPdfSource::Open(input.sources[page.source]);
        if (!opened) return opened.take_error();
        source = std::move(*opened);
      }
      std::optional<QPDFObjectHandle> found = source->Page(page.source_index);
      if (!found) {
        return core::Error::InvalidArgument(
            fmt::format("La page {} du scan n'existe pas.", page.source_index + 1));
      }
      pages.push_back(*found);
    }
    for (size_t s = 0; s < sources.size(); ++s) {
      if (!sources[s]) continue;
      std::vector<QPDFObjectHandle> used;
      for (size_t i = 0; i < pages.size(); ++i) {
        if (input.pages[i].source == static_cast<int>(s)) used.push_back(pages[i]);
      }
      sources[s]->NarrowTo(used);
    }
  } catch (const std::exception& e) {  // a page tree qpdf cannot walk
    core::LogError("final_pdf.source_unreadable", {{"error", e.what()}});
    return core::Error::Unavailable("Un fichier de scan de cette copie est illisible.");
  }
  return pages;
}

// Copies `source_page` (of a narrowed source) into `out` as its last page; boxes and /Rotate are
// set from the placement afterwards.
void AddSourcePage(QPDF& out, QPDFObjectHandle source_page) {
  QPDFPageDocumentHelper(out).addPage(QPDFPageObjectHelper(out.copyForeignObject(source_page)),
                                      false);
}

// Makes `page` show its placement. Other boxes would disagree with a half; the scan's
// annotations, actions and thumbnails have no place in a graded copy.
void ShowPlacement(QPDFObjectHandle page, const PagePlacement& placement) {
  page.replaceKey("/MediaBox", QPDFObjectHandle::newArray(placement.box));
  page.replaceKey("/CropBox", QPDFObjectHandle::newArray(placement.box));
  page.replaceKey("/Rotate", QPDFObjectHandle::newInteger(placement.rotate));
  for (const char* key :
       {"/TrimBox", "/BleedBox", "/ArtBox", "/Annots", "/AA", "/Thumb", "/B", "/StructParents"}) {
    page.removeKey(key);
  }
}

// Lays page `overlay_page` of the overlay document over `page`, whose own content is wrapped in
// q/Q (`save` is a shared "q" stream) and otherwise left untouched.
void AddOverlay(QPDF& out, QPDFObjectHandle page, QPDFObjectHandle overlay_page,
                const PagePlacement& placement, QPDFObjectHandle save) {
  QPDFObjectHandle form;
  QPDFObjectHandle contents = overlay_page.getKey("/Contents");
  QPDFObjectHandle overlay_resources = overlay_page.getKey("/Resources");
  if (contents.isStream() && overlay_resources.isIndirect()) {
    // cairo writes one compressed stream per page: it becomes the form as it is.
    form = out.copyForeignObject(contents);
    QPDFObjectHandle dict = form.getDict();
    dict.replaceKey("/Type", QPDFObjectHandle::newName("/XObject"));
    dict.replaceKey("/Subtype", QPDFObjectHandle::newName("/Form"));
    dict.replaceKey("/BBox", QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(
                                 0, 0, placement.width, placement.height)));
    dict.replaceKey("/Resources", out.copyForeignObject(overlay_resources));
  } else {
    form = out.copyForeignObject(QPDFPageObjectHelper(overlay_page).getFormXObjectForPage(false));
  }
  // The page's resources may be shared with other pages (both halves of a sheet): this page gets
  // dictionaries of its own.
  QPDFObjectHandle resources = page.getKey("/Resources");
  resources =
      resources.isDictionary() ? resources.shallowCopy() : QPDFObjectHandle::newDictionary();
  QPDFObjectHandle xobjects = resources.getKey("/XObject");
  xobjects = xobjects.isDictionary() ? xobjects.shallowCopy() : QPDFObjectHandle::newDictionary();
  std::string name = "/KorrigoAnnotations";
  for (int n = 1; xobjects.hasKey(name); ++n) name = fmt::format("/KorrigoAnnotations{}", n);
  xobjects.replaceKey(name, form);
  resources.replaceKey("/XObject", xobjects);
  page.replaceKey("/Resources", resources);

  QPDFPageObjectHelper helper(page);
  helper.addPageContents(save, true);
  helper.addPageContents(
      QPDFObjectHandle::newStream(
          &out, fmt::format("\nQ\nq {} cm {} Do Q\n", PlacementMatrix(placement), name)),
      false);
}

void SetInfo(QPDF& out, const FinalPdfInput& input) {
  QPDFObjectHandle info = out.makeIndirectObject(QPDFObjectHandle::newDictionary());
  info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(ValidUtf8(input.title)));
  info.replaceKey("/Creator", QPDFObjectHandle::newUnicodeString("Korrigo"));
  const std::string date = PdfDate(input.timestamp_ms);
  info.replaceKey("/CreationDate", QPDFObjectHandle::newString(date));
  info.replaceKey("/ModDate", QPDFObjectHandle::newString(date));
  out.getTrailer().replaceKey("/Info", info);
}

std::string Write(QPDF& out) {
  QPDFWriter writer(out);
  writer.setOutputMemory();
  writer.setDeterministicID(true);
  writer.setObjectStreamMode(qpdf_o_generate);
  writer.setCompressStreams(true);
  writer.setMinimumPDFVersion("1.7");
  writer.write();
  std::shared_ptr<Buffer> buffer = writer.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
}

// A PDF made in memory, parsed by qpdf: the bytes must outlive the QPDF.
struct MemoryPdf {
  std::string bytes;
  QPDF qpdf;
};

void Parse(MemoryPdf& pdf, const char* description) {
  pdf.qpdf.setSuppressWarnings(true);
  pdf.qpdf.processMemoryFile(description, pdf.bytes.data(), pdf.bytes.size());
}

}  // namespace

core::Result<std::string> BuildFinalPdf(const FinalPdfInput& input) {
  if (core::Status valid = Validate(input); !valid) return valid.take_error();
  std::vector<std::unique_ptr<FinalPdfSource>> sources;  // outlive every copy of their pages
  auto source_pages = FindSourcePages(input, sources);
  if (!source_pages) return source_pages.take_error();
  const std::string iso_date = IsoDate(input.timestamp_ms);
  try {
    std::vector<PagePlacement> placements;
    std::vector<int> overlay_pages;  // per page: its page in the overlay document, or -1
    OverlayPainter painter(iso_date);
    for (size_t i = 0; i < input.pages.size(); ++i) {
      const FinalPage& page = input.pages[i];
      placements.push_back(PlacePage((*source_pages)[i], page));
      const PagePlacement& p = placements.back();
      const bool draws = std::any_of(page.overlays.begin(), page.overlays.end(),
                                     [](const Overlay& o) { return OverlayDrawsSomething(o); });
      overlay_pages.push_back(draws && p.width >= 1 && p.height >= 1
                                  ? painter.AddPage(p.width, p.height, page.overlays)
                                  : -1);
    }
    auto overlay_bytes = painter.Finish();
    if (!overlay_bytes) return overlay_bytes.take_error();
    auto summary_bytes = DrawSummaryPages(input.summary, {.title = input.title, .date = iso_date});
    if (!summary_bytes) return summary_bytes.take_error();

    MemoryPdf overlays{.bytes = std::move(*overlay_bytes)};
    if (painter.page_count() > 0) Parse(overlays, "annotations");
    MemoryPdf summary{.bytes = std::move(*summary_bytes)};
    Parse(summary, "summary");

    QPDF out;
    out.emptyPDF();
    out.setSuppressWarnings(true);
    // Every page is added before any is changed: a scan page used twice is then copied from the
    // untouched first copy.
    for (QPDFObjectHandle source_page : *source_pages) AddSourcePage(out, source_page);
    QPDFObjectHandle save = QPDFObjectHandle::newStream(&out, "q\n");
    const std::vector<QPDFObjectHandle> pages = out.getAllPages();
    for (size_t i = 0; i < pages.size(); ++i) {
      ShowPlacement(pages[i], placements[i]);
      if (overlay_pages[i] >= 0) {
        AddOverlay(out, pages[i], overlays.qpdf.getAllPages().at(overlay_pages[i]), placements[i],
                   save);
      }
    }
    for (QPDFObjectHandle page : summary.qpdf.getAllPages()) {
      QPDFPageDocumentHelper(out).addPage(QPDFPageObjectHelper(page), false);
    }
    SetInfo(out, input);
    return Write(out);
  } catch (const std::exception& e) {
    core::LogError("final_pdf.failed", {{"error", e.what()}});
    return core::Error::Internal("La création du PDF final de la copie a échoué.");
  }
}

}  // namespace korrigo::pdf
