// The headers every response carries: request id, security headers (strict CSP without inline
// script or style, no sniffing, no framing, no referrer leaks, no powerful features; HSTS in
// production), and the caching default for API responses (no-store, since they may carry personal
// data).
#pragma once

#include <string>

#include "http/response.h"

namespace korrigo::http {

void ApplyStandardHeaders(Response& response, const std::string& path,
                          const std::string& request_id, bool production);

// The client's X-Request-ID when it is safe to echo (1–128 of [A-Za-z0-9._-]), else a new random
// id.
std::string ChooseRequestId(const std::string& client_value);

}  // namespace korrigo::http
