// Rendering with poppler-cpp (see page_rasterizer.h). poppler reports problems of damaged files on
// its error callback; they are counted into the log instead of flooding stderr.
#include "pdf/page_rasterizer.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <atomic>
#include <cstring>

#include "core/log.h"
#include "pdf/pdf_refusal.h"

namespace korrigo::pdf {
namespace {

constexpr const char* kDamaged = "Ce PDF est endommagé et ne peut pas être lu.";

std::atomic<int> poppler_messages{0};

void CountPopplerMessage(const std::string&, void*) { ++poppler_messages; }

}  // namespace

PageRasterizer::PageRasterizer(std::unique_ptr<poppler::document> document)
    : document_(std::move(document)) {}

PageRasterizer::~PageRasterizer() {
  if (poppler_messages > 0)
    core::LogInfo("pdf.poppler_messages", {{"count", poppler_messages.load()}});
}

core::Result<std::unique_ptr<PageRasterizer>> PageRasterizer::Open(const std::string& path) {
  poppler::set_debug_error_function(CountPopplerMessage, nullptr);
  std::unique_ptr<poppler::document> document(poppler::document::load_from_file(path));
  if (!document) return Refusal("damaged", kDamaged);
  if (document->is_locked()) {
    return Refusal("encrypted", "Ce PDF est protégé par un mot de passe.");
  }
  return std::unique_ptr<PageRasterizer>(new PageRasterizer(std::move(document)));
}

core::Result<imaging::GrayImage> PageRasterizer::Render(int index, double dpi) {
  std::unique_ptr<poppler::page> page(document_->create_page(index));
  if (!page) return Refusal("damaged", kDamaged);
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  renderer.set_paper_color(0xffffffff);
  poppler::image rendered = renderer.render_page(page.get(), dpi, dpi);
  if (!rendered.is_valid() || rendered.width() <= 0 || rendered.height() <= 0 ||
      rendered.format() != poppler::image::format_gray8) {
    return Refusal("damaged", kDamaged);
  }
  imaging::GrayImage out(rendered.width(), rendered.height());
  const char* data = rendered.const_data();
  for (int y = 0; y < out.height; ++y) {
    std::memcpy(out.Row(y), data + static_cast<size_t>(y) * rendered.bytes_per_row(), out.width);
  }
  return out;
}

}  // namespace korrigo::pdf
