// RawConnection: a plain TCP client socket to 127.0.0.1 for tests that must misbehave on the wire
// (malformed requests, oversized headers, bytes trickled one at a time, idle connections).
// ParseResponse decodes what such a connection received.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "support/http_client.h"

namespace korrigo::itest {

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; check connected().
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes all of `bytes`; false when the peer has closed or reset the connection.
  bool Send(std::string_view bytes);
  // Half-closes the connection (the server sees end of stream).
  void ShutdownWrite();

  // Reads until the peer closes the connection or `timeout` passes; returns everything read.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout);
  // Reads until one complete HTTP response (with a Content-Length body) has arrived, the peer
  // closes, or `timeout` passes; returns everything read so far.
  std::string ReadResponse(std::chrono::milliseconds timeout);
  // Waits until the peer closes (end of stream or reset), discarding any data; false after
  // `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout);
  // Whether the peer has closed, according to what was seen by the last read.
  bool peer_closed() const { return peer_closed_; }

 private:
  // One poll + recv, appending to `out`; false when nothing more can come (closed, error, or
  // timeout).
  bool ReadSome(std::string& out, std::chrono::milliseconds timeout);
  int fd_ = -1;
  bool peer_closed_ = false;
};

// Decodes one raw HTTP/1.1 response. Errors (invalid_argument): incomplete or malformed.
core::Result<HttpResponse> ParseResponse(std::string_view raw);

}  // namespace korrigo::itest
