// Policy, password-change gate, Origin and CSRF checks.
#include "http/access_control.h"

#include <algorithm>

#include "core/digest.h"

namespace korrigo::http {

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Response Rejection(int status, std::string_view code, std::string message) {
  return Response::Json(
      status,
      {{"error",
        {{"code", code}, {"message", std::move(message)}, {"details", nlohmann::json::object()}}}});
}

std::string OriginOf(const std::string& url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  std::string scheme = url.substr(0, scheme_end);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (scheme != "http" && scheme != "https") return "";
  std::string rest = url.substr(scheme_end + 3);
  std::string host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.find('@') != std::string::npos) return "";
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  // Default ports are implicit in an Origin header.
  if (scheme == "https" && host.size() > 4 && host.ends_with(":443")) host.resize(host.size() - 4);
  if (scheme == "http" && host.size() > 3 && host.ends_with(":80")) host.resize(host.size() - 3);
  return scheme + "://" + host;
}

namespace {

std::optional<Response> CheckOrigin(const Request& request, const AccessOptions& options) {
  std::string presented = request.Header("origin");
  if (presented.empty() || presented == "null") {
    const std::string& referer = request.Header("referer");
    presented = referer.empty() ? "" : OriginOf(referer);
  } else {
    presented = OriginOf(presented);
  }
  if (presented.empty()) {
    // Browsers send Origin on every cross-site POST; a request without one is not a forged browser
    // request. Production still insists, as a second line behind the CSRF token.
    if (options.production)
      return Rejection(403, "csrf_failed", "Origine de la requête manquante.");
    return std::nullopt;
  }
  std::string host = request.Header("host");
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  bool ok = !options.public_origin.empty()
                ? presented == OriginOf(options.public_origin)
                : (presented == "http://" + host || presented == "https://" + host);
  if (!ok) return Rejection(403, "csrf_failed", "Requête refusée : elle ne vient pas de ce site.");
  return std::nullopt;
}

bool HasRole(const Policy& policy, const std::string& role) {
  return std::find(policy.roles.begin(), policy.roles.end(), role) != policy.roles.end();
}

}  // namespace

std::optional<Response> CheckAccess(const Route& route, const Request& request,
                                    const AccessOptions& options) {
  if (route.policy.kind != Policy::Kind::kPublic) {
    if (!request.principal) {
      return Response::FromError(core::Error::Unauthenticated("Authentification requise."));
    }
    if (route.policy.kind == Policy::Kind::kRoles &&
        !HasRole(route.policy, request.principal->role)) {
      return Response::FromError(core::Error::PermissionDenied("Accès refusé pour votre rôle."));
    }
    if (request.principal->must_change_password && !route.allowed_before_password_change) {
      return Rejection(403, "password_change_required",
                       "Vous devez d'abord changer votre mot de passe.");
    }
  }
  if (IsStateChanging(request.method)) {
    if (auto origin = CheckOrigin(request, options)) return origin;
    if (request.principal &&
        !core::ConstantTimeEquals(request.Header("x-csrf-token"), request.principal->csrf_token)) {
      return Rejection(403, "csrf_failed", "Jeton CSRF manquant ou invalide : rechargez la page.");
    }
  }
  return std::nullopt;
}

bool HostAllowed(const std::vector<std::string>& allowed, const std::string& host_header) {
  for (const std::string& a : allowed) {
    if (a == "*") return true;
  }
  std::string host = host_header;
  if (!host.empty() && host[0] == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else if (size_t colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const std::string& a : allowed) {
    std::string lower = a;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == host) return true;
    if (lower.size() > 1 && lower[0] == '.' && host.size() > lower.size() &&
        host.compare(host.size() - lower.size(), lower.size(), lower) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace korrigo::http
