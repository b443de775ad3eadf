// Building responses, and the one mapping from error codes to HTTP statuses.
#include "http/response.h"

namespace korrigo::http {

int StatusForError(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = std::move(content_type);
  r.body = std::move(body);
  return r;
}

namespace {

nlohmann::json Envelope(std::string_view code, const std::string& message,
                        const nlohmann::json& details) {
  return {{"error",
           {{"code", code},
            {"message", message},
            {"details", details.is_null() ? nlohmann::json::object() : details}}}};
}

}  // namespace

Response Response::FromError(const core::Error& error) {
  Response r = Json(StatusForError(error.code),
                    Envelope(core::ErrorCodeName(error.code), error.message, error.details));
  if (error.code == core::ErrorCode::kTooManyRequests && error.details.contains("retry_after_s")) {
    r.headers["Retry-After"] = error.details["retry_after_s"].dump();
  }
  return r;
}

Response Response::ProtocolError(int status, std::string_view code, std::string message) {
  return Json(status, Envelope(code, message, nlohmann::json::object()));
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace korrigo::http
