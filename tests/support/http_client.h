// HttpClient: a minimal synchronous HTTP/1.1 client over Boost.Beast for integration tests. It
// keeps one connection open across requests (keep-alive) and reconnects only when asked to, so
// tests can tell whether the server kept the connection. Every operation is bounded by a timeout.
// It only ever connects to 127.0.0.1.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace korrigo::itest {

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>>
      headers;       // sent as given; Host is added when absent
  std::string body;  // Content-Length is set when non-empty
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string>
      headers;  // names lower-cased; repeated fields joined with ", "
  std::string body;
  bool keep_alive = false;

  // A header's value, or "" when absent. `name` is case-insensitive.
  std::string Header(const std::string& name) const;
  bool HasHeader(const std::string& name) const;
  // The body parsed as JSON (null when it is not JSON).
  nlohmann::json Json() const;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` on the open connection (connecting first when there is none) and reads the
  // response. Errors (unavailable): connection refused, reset, closed by the server, or the timeout
  // passed. The connection is dropped after an error or a response without keep-alive.
  core::Result<HttpResponse> Send(const HttpRequest& request);
  core::Result<HttpResponse> Get(const std::string& target,
                                 std::vector<std::pair<std::string, std::string>> headers = {});

  bool connected() const { return connected_; }
  // How many TCP connections this client has opened so far.
  int connections_opened() const { return connections_opened_; }
  void Close();

 private:
  core::Status Connect();
  // Runs the io_context until the pending operation completes or the stream's timeout cancels it.
  void RunPending();

  uint16_t port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
  int connections_opened_ = 0;
};

// One request on a fresh connection.
core::Result<HttpResponse> Fetch(uint16_t port, const HttpRequest& request);

}  // namespace korrigo::itest
