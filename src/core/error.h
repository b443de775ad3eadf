// Error values shared by every layer: a small, stable set of codes plus a message that is safe to
// show a user (French) and optional structured details. Mapping codes to HTTP statuses happens in
// exactly one place (http/error_response.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace korrigo::core {

enum class ErrorCode {
  kInvalidArgument,  // the input is malformed or breaks a validation rule
  kNotFound,         // the object does not exist, or the caller may not know it does
  kConflict,         // the change clashes with the current state (duplicate, stale version, in use)
  kPermissionDenied,    // authenticated, but not allowed
  kUnauthenticated,     // no valid session
  kFailedPrecondition,  // the object is not in a state that allows this action
  kTooManyRequests,     // rate limited
  kUnavailable,         // a dependency (database, file store) is down; retrying later may work
  kPayloadTooLarge,     // a body or file exceeds its limit
  kInternal,            // a bug or an unexpected failure; details go to the log only
};

// The stable English word used in the API's error envelope, e.g. "not_found".
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // safe to show a user
  nlohmann::json details = nlohmann::json::object();

  static Error InvalidArgument(std::string message,
                               nlohmann::json details = nlohmann::json::object());
  static Error NotFound(std::string message);
  static Error Conflict(std::string message, nlohmann::json details = nlohmann::json::object());
  static Error PermissionDenied(std::string message);
  static Error Unauthenticated(std::string message);
  static Error FailedPrecondition(std::string message);
  static Error Unavailable(std::string message);
  static Error Internal(std::string message);
};

}  // namespace korrigo::core
