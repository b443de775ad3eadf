// The test HTTP client. Beast's synchronous calls cannot time out, so each call is an asynchronous
// operation with a tcp_stream deadline, driven to completion on a private io_context.
#include "support/http_client.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace korrigo::itest {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? "" : it->second;
}

bool HttpResponse::HasHeader(const std::string& name) const {
  return headers.contains(Lower(name));
}

nlohmann::json HttpResponse::Json() const {
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json() : j;
}

HttpClient::HttpClient(uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout), stream_(ioc_) {}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (!connected_) return;
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
  buffer_.clear();
  connected_ = false;
}

void HttpClient::RunPending() {
  ioc_.restart();
  ioc_.run();
}

core::Status HttpClient::Connect() {
  net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port_);
  beast::error_code result;
  stream_.expires_after(timeout_);
  stream_.async_connect(endpoint, [&result](beast::error_code ec) { result = ec; });
  RunPending();
  if (result)
    return core::Error::Unavailable("connect to 127.0.0.1:" + std::to_string(port_) + ": " +
                                    result.message());
  connected_ = true;
  ++connections_opened_;
  buffer_.clear();
  return {};
}

core::Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  if (!connected_) {
    if (core::Status s = Connect(); !s) return s.take_error();
  }
  bhttp::request<bhttp::string_body> req;
  req.method_string(request.method);
  req.target(request.target);
  req.version(11);
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    req.insert(name, value);
    has_host = has_host || Lower(name) == "host";
  }
  if (!has_host) req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
  if (!request.body.empty()) {
    req.body() = request.body;
    req.prepare_payload();
  }

  beast::error_code result;
  stream_.expires_after(timeout_);
  bhttp::async_write(stream_, req, [&result](beast::error_code ec, size_t) { result = ec; });
  RunPending();
  if (result) {
    Close();
    return core::Error::Unavailable("write " + request.target + ": " + result.message());
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  if (request.method == "HEAD") parser.skip(true);
  stream_.expires_after(timeout_);
  bhttp::async_read(stream_, buffer_, parser,
                    [&result](beast::error_code ec, size_t) { result = ec; });
  RunPending();
  if (result) {
    Close();
    return core::Error::Unavailable("read response to " + request.target + ": " + result.message());
  }
  auto& msg = parser.get();
  HttpResponse response;
  response.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) {
    std::string name = Lower(std::string(field.name_string()));
    auto [it, inserted] = response.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  response.body = std::move(msg.body());
  response.keep_alive = msg.keep_alive();
  if (!response.keep_alive) Close();
  return response;
}

core::Result<HttpResponse> HttpClient::Get(
    const std::string& target, std::vector<std::pair<std::string, std::string>> headers) {
  return Send({.method = "GET", .target = target, .headers = std::move(headers), .body = ""});
}

core::Result<HttpResponse> Fetch(uint16_t port, const HttpRequest& request) {
  HttpClient client(port);
  return client.Send(request);
}

}  // namespace korrigo::itest
