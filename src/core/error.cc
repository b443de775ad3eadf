// Names of error codes and the convenience constructors of Error.
#include "core/error.h"

namespace korrigo::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kTooManyRequests:
      return "too_many_requests";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error Error::InvalidArgument(std::string message, nlohmann::json details) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(details)};
}
Error Error::NotFound(std::string message) {
  return {ErrorCode::kNotFound, std::move(message), {}};
}
Error Error::Conflict(std::string message, nlohmann::json details) {
  return {ErrorCode::kConflict, std::move(message), std::move(details)};
}
Error Error::PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message), nlohmann::json::object()};
}
Error Error::Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message), nlohmann::json::object()};
}
Error Error::FailedPrecondition(std::string message) {
  return {ErrorCode::kFailedPrecondition, std::move(message), nlohmann::json::object()};
}
Error Error::Unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message), nlohmann::json::object()};
}
Error Error::Internal(std::string message) {
  return {ErrorCode::kInternal, std::move(message), nlohmann::json::object()};
}

}  // namespace korrigo::core
