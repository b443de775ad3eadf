// Refusal errors (see pdf_refusal.h).
#include "pdf/pdf_refusal.h"

#include <cassert>

namespace korrigo::pdf {

core::Error Refusal(std::string_view rule, std::string message) {
  assert(IsRefusalRule(rule));
  return core::Error::InvalidArgument(std::move(message), {{"rule", std::string(rule)}});
}

std::string RefusalRule(const core::Error& error) {
  if (!error.details.is_object()) return "";
  auto it = error.details.find("rule");
  return it != error.details.end() && it->is_string() ? it->get<std::string>() : "";
}

bool IsRefusalRule(std::string_view rule) {
  for (const char* known : kRefusalRules) {
    if (rule == known) return true;
  }
  return false;
}

}  // namespace korrigo::pdf
