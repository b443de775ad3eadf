// Response: what a handler returns. A JSON or text body in memory, or a file streamed from disk.
// The server adds the request id, security headers, caching defaults and Content-Length.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace korrigo::http {

struct Response {
  int status = 200;
  std::map<std::string, std::string> headers;  // header names as sent
  std::string body;
  std::optional<std::string> file_path;  // when set, the body is this file's content

  static Response Json(int status, const nlohmann::json& body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  // The error envelope {"error": {"code", "message", "details"}} with the status of the error's
  // code.
  static Response FromError(const core::Error& error);
  // The same envelope for errors of the HTTP layer itself, whose codes are not core codes
  // (bad_request, method_not_allowed, header_too_large, not_found of unknown paths).
  static Response ProtocolError(int status, std::string_view code, std::string message);
  static Response NoContent();
};

// The HTTP status for an error code (the single place where this mapping lives).
int StatusForError(core::ErrorCode code);

}  // namespace korrigo::http
