// HttpSession: one client connection. A coroutine reads requests one after another (keep-alive),
// applying the idle, header and body timeouts and size limits, routes each request, reads or
// streams its body, runs the handler on the handler pool, adds the standard headers, writes the
// response, and records the access log and metrics.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>

#include "http/request.h"
#include "http/response.h"
#include "http/route.h"

namespace korrigo::http {

class Server;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Server& server, boost::asio::ip::tcp::socket socket);
  ~HttpSession();

  boost::asio::any_io_executor executor() { return stream_.get_executor(); }
  boost::asio::awaitable<void> Run();
  // Called by the server when it starts draining: a connection waiting for a request is closed now.
  void CloseIfIdle();

 private:
  using HeaderParser = boost::beast::http::request_parser<boost::beast::http::empty_body>;
  struct Outcome {
    Response response;
    std::string route = "unmatched";
    bool close = false;  // the body was not fully read, or the request asked for it
  };

  boost::asio::awaitable<bool> WaitForRequest();
  boost::asio::awaitable<Outcome> Handle(HeaderParser& parser, Request& request);
  boost::asio::awaitable<core::Status> ReadBufferedBody(HeaderParser& parser, Request& request,
                                                        int64_t limit);
  // `limit` bounds the whole body, `file_limit` each file in it (0: `limit` too).
  boost::asio::awaitable<core::Status> ReadMultipartBody(HeaderParser& parser, Request& request,
                                                         int64_t limit, int64_t file_limit);
  boost::asio::awaitable<Response> RunHandler(const Route& route, Request& request);
  // Resolves the session (non-public routes) and applies the route's rate limit; a response means
  // "rejected". Blocking: runs on the handler pool.
  std::optional<Response> ResolveCaller(const Route& route, Request& request);
  boost::asio::awaitable<void> SendContinueIfExpected(HeaderParser& parser);
  boost::asio::awaitable<size_t> Write(const Request& request, Response& response, bool close,
                                       unsigned version);
  boost::asio::awaitable<void> LingeringClose();

  Server& server_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string remote_ip_;
  std::atomic<bool> idle_{true};
};

}  // namespace korrigo::http
