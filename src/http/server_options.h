// ServerOptions: the HTTP server's limits and timeouts, taken from the Config by the composition
// root.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/rate_limiter.h"
#include "auth/user.h"
#include "core/result.h"
#include "http/access_control.h"

namespace korrigo::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: the kernel picks a free port; Server::port() tells which
  int io_threads = 1;
  int handler_threads = 4;
  int crypto_threads = 2;
  int64_t max_header_bytes = 16 << 10;
  int64_t max_body_bytes = 1 << 20;
  int64_t max_upload_bytes = 500LL << 20;
  int header_timeout_s = 10;
  int body_timeout_s = 60;
  int idle_timeout_s = 75;
  int shutdown_timeout_s = 20;
  std::string upload_dir;  // where streamed uploads are written before a handler takes them
  std::vector<std::string> allowed_hosts{"*"};
  bool production = false;     // adds Strict-Transport-Security
  bool handle_signals = true;  // SIGTERM/SIGINT start a graceful shutdown
  AccessOptions access;
  // Resolves a session cookie to a principal (nullopt: no valid session). Required for non-public
  // routes.
  std::function<core::Result<std::optional<auth::Principal>>(const std::string& token)>
      authenticate;
  // Counts a hit against a route's rate limit; returns the seconds to wait when exceeded.
  std::function<core::Result<std::optional<int64_t>>(const auth::RateLimit&,
                                                     const std::string& subject)>
      rate_limit;
};

}  // namespace korrigo::http
