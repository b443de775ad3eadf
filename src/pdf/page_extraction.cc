// JSON forms of the page-extraction contract (see page_extraction.h). Reading is strict: the
// parent reads what a child that opened a hostile file printed, so every field is type-checked
// and a malformed message is an error, never an exception.
#include "pdf/page_extraction.h"

namespace korrigo::pdf {
namespace {

using nlohmann::json;

core::Error Malformed(const std::string& what) {
  return core::Error::InvalidArgument("Message d'extraction mal formé (" + what + ").");
}

// Runs `read` and turns any JSON type or key error into invalid_argument.
template <typename T, typename F>
core::Result<T> Read(const json& j, const std::string& what, F&& read) {
  if (!j.is_object()) return Malformed(what);
  try {
    return read();
  } catch (const json::exception&) {
    return Malformed(what);
  }
}

json GeometryToJson(const PageGeometry& g) {
  return {{"width_pt", g.width_pt},
          {"height_pt", g.height_pt},
          {"rotate", g.rotate},
          {"size_class", g.size_class}};
}

PageGeometry GeometryFromJson(const json& j) {
  return {.width_pt = j.at("width_pt").get<double>(),
          .height_pt = j.at("height_pt").get<double>(),
          .rotate = j.at("rotate").get<int>(),
          .size_class = j.at("size_class").get<std::string>()};
}

}  // namespace

json PdfLimits::ToJson() const {
  return {{"min_pages", min_pages},
          {"max_pages", max_pages},
          {"max_objects", max_objects},
          {"max_stream_bytes", max_stream_bytes},
          {"max_page_pixels", max_page_pixels}};
}

core::Result<PdfLimits> PdfLimits::FromJson(const json& j) {
  return Read<PdfLimits>(j, "limits", [&] {
    PdfLimits l;
    l.min_pages = j.value("min_pages", l.min_pages);
    l.max_pages = j.value("max_pages", l.max_pages);
    l.max_objects = j.value("max_objects", l.max_objects);
    l.max_stream_bytes = j.value("max_stream_bytes", l.max_stream_bytes);
    l.max_page_pixels = j.value("max_page_pixels", l.max_page_pixels);
    return l;
  });
}

json ExtractOptions::ToJson() const {
  return {{"first_page", first_page},
          {"last_page", last_page},
          {"cut_a3", cut_a3},
          {"view_long_edge", view_long_edge},
          {"thumb_long_edge", thumb_long_edge},
          {"jpeg_quality", jpeg_quality},
          {"detect_orientation", detect_orientation}};
}

core::Result<ExtractOptions> ExtractOptions::FromJson(const json& j) {
  auto options = Read<ExtractOptions>(j, "options", [&] {
    ExtractOptions o;
    o.first_page = j.value("first_page", o.first_page);
    o.last_page = j.value("last_page", o.last_page);
    o.cut_a3 = j.value("cut_a3", o.cut_a3);
    o.view_long_edge = j.value("view_long_edge", o.view_long_edge);
    o.thumb_long_edge = j.value("thumb_long_edge", o.thumb_long_edge);
    o.jpeg_quality = j.value("jpeg_quality", o.jpeg_quality);
    o.detect_orientation = j.value("detect_orientation", o.detect_orientation);
    return o;
  });
  if (!options) return options;
  const ExtractOptions& o = *options;
  if (o.first_page < 0 || o.last_page < o.first_page || o.view_long_edge < 16 ||
      o.view_long_edge > 10000 || o.thumb_long_edge < 16 || o.thumb_long_edge > o.view_long_edge ||
      o.jpeg_quality < 1 || o.jpeg_quality > 100) {
    return Malformed("options");
  }
  return options;
}

json ExtractedPage::ToJson() const {
  json parts_json = json::array();
  for (const ExtractedPart& p : parts) {
    parts_json.push_back({{"half", p.half},
                          {"view_path", p.view_path},
                          {"thumb_path", p.thumb_path},
                          {"view_width", p.view_width},
                          {"view_height", p.view_height},
                          {"ink_ratio", p.ink_ratio},
                          {"blank", p.blank},
                          {"content_sha256", p.content_sha256}});
  }
  return {{"index", index},
          {"geometry", GeometryToJson(geometry)},
          {"fast_path", fast_path},
          {"auto_rotation", auto_rotation},
          {"orientation_confidence", orientation_confidence},
          {"parts", std::move(parts_json)}};
}

core::Result<ExtractedPage> ExtractedPage::FromJson(const json& j) {
  auto page = Read<ExtractedPage>(j, "page", [&] {
    ExtractedPage page;
    page.index = j.at("index").get<int>();
    page.geometry = GeometryFromJson(j.at("geometry"));
    page.fast_path = j.at("fast_path").get<bool>();
    page.auto_rotation = j.at("auto_rotation").get<int>();
    page.orientation_confidence = j.at("orientation_confidence").get<double>();
    for (const json& p : j.at("parts")) {
      page.parts.push_back({.half = p.at("half").get<std::string>(),
                            .view_path = p.at("view_path").get<std::string>(),
                            .thumb_path = p.at("thumb_path").get<std::string>(),
                            .view_width = p.at("view_width").get<int>(),
                            .view_height = p.at("view_height").get<int>(),
                            .ink_ratio = p.at("ink_ratio").get<double>(),
                            .blank = p.at("blank").get<bool>(),
                            .content_sha256 = p.at("content_sha256").get<std::string>()});
    }
    return page;
  });
  if (!page) return page;
  const size_t n = page->parts.size();
  if (page->index < 0 || (n != 1 && n != 2) ||
      (page->auto_rotation != 0 && page->auto_rotation != 180)) {
    return Malformed("page");
  }
  for (size_t i = 0; i < n; ++i) {
    const std::string& half = page->parts[i].half;
    if (n == 1 ? half != "full" : half != (i == 0 ? "left" : "right")) return Malformed("page");
  }
  return page;
}

json SummaryToJson(const PdfSummary& summary) {
  json pages = json::array();
  for (const PageGeometry& g : summary.pages) pages.push_back(GeometryToJson(g));
  return {{"page_count", summary.page_count}, {"pages", std::move(pages)}};
}

core::Result<PdfSummary> SummaryFromJson(const json& j) {
  auto summary = Read<PdfSummary>(j, "summary", [&] {
    PdfSummary s;
    s.page_count = j.at("page_count").get<int>();
    for (const json& g : j.at("pages")) s.pages.push_back(GeometryFromJson(g));
    return s;
  });
  if (summary && summary->page_count != static_cast<int>(summary->pages.size())) {
    return Malformed("summary");
  }
  return summary;
}

}  // namespace korrigo::pdf
