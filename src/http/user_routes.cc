// Handlers of /api/v1/users. Generated passwords and codes appear in the creation or reset response
// only.
#include "http/user_routes.h"

#include "core/clock.h"
#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

nlohmann::json CreatedJson(const auth::CreatedUser& c) {
  nlohmann::json out = {{"user", c.user.ToJson()}};
  if (c.one_time_password) out["one_time_password"] = *c.one_time_password;
  if (c.activation_code) out["code"] = *c.activation_code;
  if (c.code_expires_at) out["code_expires_at"] = core::FormatIso8601(*c.code_expires_at);
  return out;
}

Response List(auth::UserService* users, Request& r) {
  auto page = PaginationFrom(r);
  if (!page) return Response::FromError(page.error());
  auth::UserFilter filter;
  filter.search = r.Query("search").value_or("");
  if (filter.search.size() > 200) {
    return Response::FromError(
        core::Error::InvalidArgument("Recherche trop longue.", {{"field", "search"}}));
  }
  filter.role = r.Query("role").value_or("");
  if (!filter.role.empty() && !auth::IsRole(filter.role)) {
    return Response::FromError(core::Error::InvalidArgument("Rôle inconnu.", {{"field", "role"}}));
  }
  if (auto active = r.Query("active")) {
    if (*active != "true" && *active != "false") {
      return Response::FromError(
          core::Error::InvalidArgument("« active » : true ou false.", {{"field", "active"}}));
    }
    filter.active = *active == "true";
  }
  auto result = users->List(filter, page->page, page->page_size);
  if (!result) return Response::FromError(result.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& u : result->users) items.push_back(u.ToJson());
  return Response::Json(200, PageJson(std::move(items), result->total, *page));
}

Response Create(auth::UserService* users, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto input = auth::UserService::ParseNewUser(*body);
  if (!input) return Response::FromError(input.error());
  auto created = users->Create(*input, AuditContextFrom(r));
  if (!created) return Response::FromError(created.error());
  return Response::Json(201, CreatedJson(*created));
}

Response Get(auth::UserService* users, Request& r) {
  auto user = users->Get(r.IntParam("user_id"));
  if (!user) return Response::FromError(user.error());
  return Response::Json(200, user->ToJson());
}

Response Update(auth::UserService* users, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto patch = auth::UserService::ParsePatch(*body);
  if (!patch) return Response::FromError(patch.error());
  auto user =
      users->Update(r.IntParam("user_id"), *patch, r.principal->user_id, AuditContextFrom(r));
  if (!user) return Response::FromError(user.error());
  return Response::Json(200, user->ToJson());
}

Response ResetPassword(auth::UserService* users, Request& r) {
  auto reset = users->ResetPassword(r.IntParam("user_id"), AuditContextFrom(r));
  if (!reset) return Response::FromError(reset.error());
  return Response::Json(200, CreatedJson(*reset));
}

Response Delete(auth::UserService* users, Request& r) {
  core::Status s = users->Delete(r.IntParam("user_id"), r.principal->user_id, AuditContextFrom(r));
  if (!s) return Response::FromError(s.error());
  return Response::NoContent();
}

}  // namespace

std::vector<Route> UserRoutes(auth::UserService* users) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  return {
      {.method = "GET",
       .pattern = "/api/v1/users",
       .policy = admin,
       .handler = [users](Request& r) { return List(users, r); }},
      {.method = "POST",
       .pattern = "/api/v1/users",
       .policy = admin,
       .handler = [users](Request& r) { return Create(users, r); },
       .body = BodyKind::kBuffered,
       .executor = Executor::kCrypto},
      {.method = "GET",
       .pattern = "/api/v1/users/{user_id:int}",
       .policy = admin,
       .handler = [users](Request& r) { return Get(users, r); }},
      {.method = "PATCH",
       .pattern = "/api/v1/users/{user_id:int}",
       .policy = admin,
       .handler = [users](Request& r) { return Update(users, r); },
       .body = BodyKind::kBuffered},
      {.method = "DELETE",
       .pattern = "/api/v1/users/{user_id:int}",
       .policy = admin,
       .handler = [users](Request& r) { return Delete(users, r); }},
      {.method = "POST",
       .pattern = "/api/v1/users/{user_id:int}/password-reset",
       .policy = admin,
       .handler = [users](Request& r) { return ResetPassword(users, r); }},
  };
}

}  // namespace korrigo::http
