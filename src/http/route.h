// Route: one entry of a domain's route table — method, path template with typed parameters, the
// access policy it requires, how its body is read, and its handler. Every route must state its
// policy; there is no default.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auth/rate_limiter.h"
#include "http/request.h"
#include "http/response.h"

namespace korrigo::http {

// Who may call a route. The server checks it before reading any body; services still check objects.
struct Policy {
  enum class Kind { kPublic, kAuthenticated, kRoles };
  Kind kind;
  std::vector<std::string> roles;  // for kRoles: e.g. {"admin"}

  static Policy Public() { return {Kind::kPublic, {}}; }
  static Policy Authenticated() { return {Kind::kAuthenticated, {}}; }
  static Policy Roles(std::vector<std::string> roles) { return {Kind::kRoles, std::move(roles)}; }
  std::string Describe() const;  // "public", "authenticated", "roles:admin,teacher"
};

enum class BodyKind {
  kNone,       // any body is read (within the JSON limit) and ignored
  kBuffered,   // read into Request::body, up to KORRIGO_MAX_BODY_BYTES
  kMultipart,  // multipart/form-data streamed to temp files, up to the route's upload limit
};

using Handler = std::function<Response(Request&)>;

// Where a handler runs. Inline handlers must never block; crypto handlers hash passwords (bounded
// pool, so a burst of logins cannot occupy the threads every other request needs).
enum class Executor { kHandlers, kInline, kCrypto };

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // /api/v1/exams/{exam_id:int}/scans ; {name} = any non-empty segment
  Policy policy;
  Handler handler;
  BodyKind body = BodyKind::kNone;
  int64_t max_body_bytes = 0;  // 0: the configured default for the body kind
  int64_t max_file_bytes = 0;  // multipart: one file's limit; 0: the same as max_body_bytes
  Executor executor = Executor::kHandlers;
  // Reachable while the account must change its password (me, logout, password change).
  bool allowed_before_password_change = false;
  // Per-user limit for expensive endpoints (uploads, imports, exports); none when max_hits is 0.
  auth::RateLimit rate_limit;
};

}  // namespace korrigo::http
