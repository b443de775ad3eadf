// Request: what a route handler sees of an HTTP request, independent of Beast. Filled by the server
// after the route matched and the body was read (buffered for JSON, or streamed to disk for
// uploads).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/user.h"
#include "http/disk_multipart_sink.h"

namespace korrigo::http {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path, without the query string
  std::string route;                           // the matched template, e.g. /api/v1/exams/{exam_id}
  std::map<std::string, std::string> query;    // decoded; the last value wins for repeated names
  std::map<std::string, std::string> headers;  // names lower-cased
  std::map<std::string, std::string> path_params;  // raw segment values, already validated by type
  std::string body;                                // buffered bodies only
  std::optional<MultipartForm> form;  // upload routes only; files live in a temp dir until moved
  std::string remote_ip;
  std::string request_id;
  std::optional<auth::Principal>
      principal;  // set for routes that are not public, when the session is valid

  // A header's value, or "" when absent. `name` must be lower-case.
  const std::string& Header(const std::string& name) const;
  // A query parameter, if present.
  std::optional<std::string> Query(const std::string& name) const;
  // A path parameter declared as {name:int}; the router guarantees it parses as a positive int64.
  int64_t IntParam(const std::string& name) const;
  const std::string& Param(const std::string& name) const;
  // The value of cookie `name` in the Cookie header, or "".
  std::string Cookie(const std::string& name) const;
};

}  // namespace korrigo::http
