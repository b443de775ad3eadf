// Security and caching headers applied to every response in one place.
#include "http/standard_headers.h"

#include <algorithm>
#include <cctype>

#include "core/random.h"

namespace korrigo::http {

void ApplyStandardHeaders(Response& r, const std::string& path, const std::string& request_id,
                          bool production) {
  auto set_default = [&r](const std::string& name, const std::string& value) {
    r.headers.try_emplace(name, value);
  };
  r.headers["X-Request-ID"] = request_id;
  set_default(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  set_default("X-Content-Type-Options", "nosniff");
  set_default("X-Frame-Options", "DENY");
  set_default("Referrer-Policy", "same-origin");
  set_default("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  set_default("Cross-Origin-Opener-Policy", "same-origin");
  set_default("Cross-Origin-Resource-Policy", "same-origin");
  if (production) set_default("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (path.rfind("/api/", 0) == 0 || path == "/metrics") set_default("Cache-Control", "no-store");
}

std::string ChooseRequestId(const std::string& client_value) {
  bool safe = !client_value.empty() && client_value.size() <= 128 &&
              std::all_of(client_value.begin(), client_value.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '-' || c == '_' || c == '.';
              });
  return safe ? client_value : core::UniqueId();
}

}  // namespace korrigo::http
