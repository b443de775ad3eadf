// Access control applied by the server to every request before its body is read: the route's policy
// (401 / 403), the password-change gate, and cross-site request forgery defences for state-changing
// methods (an Origin/Referer check against the site's own origin, and the session's CSRF token in
// X-CSRF-Token).
#pragma once

#include <optional>
#include <string>

#include "http/request.h"
#include "http/response.h"
#include "http/route.h"

namespace korrigo::http {

struct AccessOptions {
  std::string public_origin;  // "https://korrigo.lycee.fr"; empty: derived from the Host header
                              // (development)
  bool production = false;
};

bool IsStateChanging(const std::string& method);

// The rejection for `request` (whose principal, if any, is already resolved) on `route`, or nullopt
// to proceed.
std::optional<Response> CheckAccess(const Route& route, const Request& request,
                                    const AccessOptions& options);

// "https://host:port" from a URL (scheme, host and port only), or "" when it is not an http(s) URL.
std::string OriginOf(const std::string& url);

// The error envelope with a code of its own (e.g. csrf_failed), for rejections that are not
// core::Error codes.
Response Rejection(int status, std::string_view code, std::string message);

// Whether a Host header names one of `allowed` (a leading "." matches subdomains, "*" anything),
// ignoring case and the port.
bool HostAllowed(const std::vector<std::string>& allowed, const std::string& host_header);

}  // namespace korrigo::http
