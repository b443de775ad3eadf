// Handlers of /api/v1/auth. The session token travels only in an HttpOnly cookie; the CSRF token is
// returned in the JSON body (login, me, password change) for the web app to send back in
// X-CSRF-Token.
#include "http/auth_routes.h"

#include <fmt/format.h>

#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

std::string SessionCookie(const std::string& token, int64_t max_age_s, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
                     auth::kSessionCookieName, token, max_age_s, secure ? "; Secure" : "");
}

Response WithSession(const auth::NewSession& s, const AuthRoutesDeps& deps, int status = 200) {
  Response r = Response::Json(status, {{"user", s.user.ToJson()}, {"csrf_token", s.csrf_token}});
  r.headers["Set-Cookie"] = SessionCookie(s.token, deps.session_max_age_s, deps.cookie_secure);
  return r;
}

Response ClearSession(Response r, const AuthRoutesDeps& deps) {
  r.headers["Set-Cookie"] = SessionCookie("", 0, deps.cookie_secure);
  return r;
}

core::Result<std::string> RequiredString(const nlohmann::json& body, const char* name) {
  if (!body.contains(name) || !body[name].is_string()) {
    return core::Error::InvalidArgument(std::string("Champ obligatoire : « ") + name + " ».",
                                        {{"field", name}});
  }
  return body[name].get<std::string>();
}

Response Login(const AuthRoutesDeps& deps, Request& request) {
  auto body = JsonObjectBody(request);
  if (!body) return Response::FromError(body.error());
  auto login = RequiredString(*body, "login");
  if (!login) return Response::FromError(login.error());
  auto password = RequiredString(*body, "password");
  if (!password) return Response::FromError(password.error());
  auto session = deps.auth->Login(*login, *password, AuditContextFrom(request));
  if (!session) return Response::FromError(session.error());
  return WithSession(*session, deps);
}

Response Logout(const AuthRoutesDeps& deps, Request& request) {
  core::Status s = deps.auth->Logout(*request.principal, AuditContextFrom(request));
  if (!s) return Response::FromError(s.error());
  return ClearSession(Response::NoContent(), deps);
}

Response Me(const AuthRoutesDeps& deps, Request& request) {
  auto user = deps.auth->CurrentUser(*request.principal);
  if (!user) return Response::FromError(user.error());
  return Response::Json(200,
                        {{"user", user->ToJson()}, {"csrf_token", request.principal->csrf_token}});
}

Response ChangePassword(const AuthRoutesDeps& deps, Request& request) {
  auto body = JsonObjectBody(request);
  if (!body) return Response::FromError(body.error());
  auto current = RequiredString(*body, "current_password");
  if (!current) return Response::FromError(current.error());
  auto next = RequiredString(*body, "new_password");
  if (!next) return Response::FromError(next.error());
  auto session =
      deps.auth->ChangePassword(*request.principal, *current, *next, AuditContextFrom(request));
  if (!session) return Response::FromError(session.error());
  return WithSession(*session, deps);
}

Response Activate(const AuthRoutesDeps& deps, Request& request) {
  auto body = JsonObjectBody(request);
  if (!body) return Response::FromError(body.error());
  auto code = RequiredString(*body, "code");
  if (!code) return Response::FromError(code.error());
  auto password = RequiredString(*body, "new_password");
  if (!password) return Response::FromError(password.error());
  auto user = deps.auth->Activate(*code, *password, AuditContextFrom(request));
  if (!user) return Response::FromError(user.error());
  return Response::Json(200, {{"username", user->username}});
}

}  // namespace

std::vector<Route> AuthRoutes(AuthRoutesDeps d) {
  return {
      {.method = "POST",
       .pattern = "/api/v1/auth/login",
       .policy = Policy::Public(),
       .handler = [d](Request& r) { return Login(d, r); },
       .body = BodyKind::kBuffered,
       .max_body_bytes = 8 * 1024,
       .executor = Executor::kCrypto},
      {.method = "POST",
       .pattern = "/api/v1/auth/logout",
       .policy = Policy::Authenticated(),
       .handler = [d](Request& r) { return Logout(d, r); },
       .allowed_before_password_change = true},
      {.method = "GET",
       .pattern = "/api/v1/auth/me",
       .policy = Policy::Authenticated(),
       .handler = [d](Request& r) { return Me(d, r); },
       .allowed_before_password_change = true},
      {.method = "POST",
       .pattern = "/api/v1/auth/password",
       .policy = Policy::Authenticated(),
       .handler = [d](Request& r) { return ChangePassword(d, r); },
       .body = BodyKind::kBuffered,
       .max_body_bytes = 8 * 1024,
       .executor = Executor::kCrypto,
       .allowed_before_password_change = true},
      {.method = "POST",
       .pattern = "/api/v1/auth/activate",
       .policy = Policy::Public(),
       .handler = [d](Request& r) { return Activate(d, r); },
       .body = BodyKind::kBuffered,
       .max_body_bytes = 8 * 1024,
       .executor = Executor::kCrypto},
  };
}

}  // namespace korrigo::http
