// Parsing and validation of BatchOptions (see batch_options.h). Limits keep a mistyped command
// from trying to render gigabytes: 1000 students of 64 pages at most.
#include "batch_options.h"

#include <charconv>
#include <string>

namespace korrigo::scangen {
namespace {

core::Error Invalid(std::string message) {
  return core::Error{.code = core::ErrorCode::kInvalidArgument, .message = std::move(message)};
}

constexpr std::pair<Layout, std::string_view> kLayouts[] = {
    {Layout::kA4, "a4"}, {Layout::kA3Booklet, "a3_booklet"}, {Layout::kIndividual, "individual"}};

constexpr std::pair<FaultKind, std::string_view> kFaultKinds[] = {
    {FaultKind::kBlank, "blank"},     {FaultKind::kUpsideDown, "upside_down"},
    {FaultKind::kMissing, "missing"}, {FaultKind::kDuplicated, "duplicated"},
    {FaultKind::kSwapped, "swapped"},
};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

core::Result<Layout> ParseLayout(std::string_view name) {
  for (const auto& [layout, text] : kLayouts) {
    if (text == name) return layout;
  }
  return Invalid("Mise en page inconnue : « " + std::string(name) +
                 " » (a4, a3_booklet ou individual).");
}

std::string_view LayoutName(Layout layout) {
  for (const auto& [value, text] : kLayouts) {
    if (value == layout) return text;
  }
  return "a4";
}

core::Result<FaultKind> ParseFaultKind(std::string_view name) {
  for (const auto& [kind, text] : kFaultKinds) {
    if (text == name) return kind;
  }
  return Invalid("Défaut inconnu : « " + std::string(name) +
                 " » (blank, upside_down, missing, duplicated ou swapped).");
}

std::string_view FaultKindName(FaultKind kind) {
  for (const auto& [value, text] : kFaultKinds) {
    if (value == kind) return text;
  }
  return "blank";
}

core::Result<std::vector<FaultRequest>> ParseFaults(std::string_view spec) {
  std::vector<FaultRequest> faults;
  while (!Trim(spec).empty()) {
    const size_t comma = spec.find(',');
    const std::string_view item = Trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    const size_t colon = item.find(':');
    const std::string_view count_text =
        colon == std::string_view::npos ? std::string_view() : Trim(item.substr(colon + 1));
    int count = -1;
    const auto [end, error] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (colon == std::string_view::npos || error != std::errc() ||
        end != count_text.data() + count_text.size() || count < 0) {
      return Invalid("Défaut mal écrit : « " + std::string(item) + " » (attendu type:nombre).");
    }
    auto kind = ParseFaultKind(Trim(item.substr(0, colon)));
    if (!kind) return kind.take_error();
    bool merged = false;
    for (FaultRequest& fault : faults) {
      if (fault.kind == *kind) {
        fault.count += count;
        merged = true;
      }
    }
    if (!merged) faults.push_back({.kind = *kind, .count = count});
  }
  return faults;
}

core::Status ValidateOptions(const BatchOptions& options) {
  if (options.students < 1 || options.students > 1000) {
    return Invalid("Le nombre d'élèves doit être entre 1 et 1000.");
  }
  if (options.pages_per_copy < 1 || options.pages_per_copy > 64) {
    return Invalid("Le nombre de pages par copie doit être entre 1 et 64.");
  }
  if (options.layout == Layout::kA3Booklet && options.pages_per_copy % 4 != 0) {
    return Invalid("En a3_booklet, le nombre de pages par copie doit être un multiple de 4.");
  }
  if (options.dpi != 150 && options.dpi != 200 && options.dpi != 300) {
    return Invalid("La résolution doit être 150, 200 ou 300 DPI.");
  }
  if (!(options.skew_degrees >= 0 && options.skew_degrees <= 10)) {
    return Invalid("L'inclinaison doit être entre 0 et 10 degrés.");
  }
  if (!(options.noise >= 0 && options.noise <= 1) || !(options.blur >= 0 && options.blur <= 1)) {
    return Invalid("Le bruit et le flou doivent être entre 0 et 1.");
  }
  if (options.jpeg_quality < 1 || options.jpeg_quality > 100) {
    return Invalid("La qualité JPEG doit être entre 1 et 100.");
  }
  if (options.class_name.empty() || options.class_name.size() > 40) {
    return Invalid("Le nom de classe doit faire entre 1 et 40 caractères.");
  }
  for (const FaultRequest& fault : options.faults) {
    if (fault.count < 0 || fault.count > 1000) {
      return Invalid("Le nombre de défauts d'un type doit être entre 0 et 1000.");
    }
  }
  return {};
}

}  // namespace korrigo::scangen
