// The multipart state machine. Delimiters are found with memchr for their leading CR plus one
// memcmp per CR, which is linear even on hostile input and several GB/s on binary data. Bytes that
// may begin a delimiter are held back in `pending_`, with the header block of the current part
// while it is incomplete; both are bounded, so memory does not grow with the body.
#include "http/multipart_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "http/multipart_headers.h"

namespace korrigo::http {
namespace {

// How many new bytes are appended to held-back input at a time: enough to settle any delimiter that
// began in it.
constexpr size_t kWindowExtra = 1024;
// Spaces and tabs allowed between a delimiter and its CRLF (RFC 2046 "transport padding").
constexpr size_t kMaxTransportPadding = 256;

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

core::Error Invalid(std::string_view reason) { return MultipartError(reason); }

}  // namespace

core::Result<std::string> MultipartParser::BoundaryFromContentType(std::string_view content_type) {
  return MultipartBoundary(content_type);
}

MultipartParser::MultipartParser(std::string boundary, MultipartSink& sink, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary),
      sink_(sink),
      limits_(limits),
      // The first delimiter may open the body without a preceding CRLF; pretend there was one.
      pending_("\r\n") {}

size_t MultipartParser::Fail(core::Error error) {
  state_ = State::kFailed;
  error_ = std::move(error);
  return 0;
}

core::Status MultipartParser::Feed(std::string_view chunk) {
  if (error_) return *error_;
  while (!chunk.empty()) {
    if (pending_.empty()) {
      size_t used = Run(chunk);
      if (error_) return *error_;
      pending_.assign(chunk.substr(used));
      break;
    }
    // Held-back bytes are settled with a bounded slice of the chunk, never by copying the whole
    // chunk.
    size_t old = pending_.size();
    size_t take = std::min(chunk.size(), delimiter_.size() + kWindowExtra);
    pending_.append(chunk.substr(0, take));
    size_t used = Run(pending_);
    if (error_) return *error_;
    if (used >= old) {
      chunk.remove_prefix(used - old);
      pending_.clear();
    } else {
      pending_.erase(0, used);
      chunk.remove_prefix(take);
    }
  }
  return {};
}

core::Status MultipartParser::Finish() {
  if (error_) return *error_;
  if (state_ != State::kEpilogue) {
    Fail(Invalid("le corps se termine avant le délimiteur final"));
    return *error_;
  }
  return {};
}

size_t MultipartParser::Run(std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    size_t n = Step(data.substr(done));
    if (n == 0) break;
    done += n;
  }
  return done;
}

size_t MultipartParser::Step(std::string_view data) {
  switch (state_) {
    case State::kPreamble:
    case State::kBody:
      return StepSearch(data);
    case State::kAfterDelimiter:
      return StepAfterDelimiter(data);
    case State::kHeaders:
      return StepHeaders(data);
    case State::kEpilogue:
      return data.size();
    case State::kFailed:
      return 0;
  }
  return 0;
}

MultipartParser::DelimiterMatch MultipartParser::FindDelimiter(std::string_view data) const {
  // The delimiter's only CR is its first byte (a boundary cannot contain one), so a comparison that
  // runs k bytes from one CR never reaches the next CR before byte k: the whole search is linear in
  // the input, whatever boundary and data a hostile client picks. On binary data memchr stops about
  // once every 256 bytes.
  const char* begin = data.data();
  const char* end = begin + data.size();
  const char* p = begin;
  while ((p = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(end - p)))) !=
         nullptr) {
    auto available = static_cast<size_t>(end - p);
    if (available >= delimiter_.size()) {
      if (std::memcmp(p, delimiter_.data(), delimiter_.size()) == 0) {
        return {static_cast<size_t>(p - begin), true};
      }
    } else if (std::memcmp(p, delimiter_.data(), available) == 0) {
      return {static_cast<size_t>(p - begin),
              false};  // may be a delimiter cut by the end of the input
    }
    ++p;
  }
  return {data.size(), false};
}

size_t MultipartParser::StepSearch(std::string_view data) {
  DelimiterMatch match = FindDelimiter(data);
  bool in_body = state_ == State::kBody;
  if (in_body && match.position > 0) {
    if (core::Status st = sink_.OnPartData(data.substr(0, match.position)); !st)
      return Fail(st.take_error());
  }
  if (!match.complete)
    return match.position;  // the rest might start a delimiter: wait for more bytes
  if (in_body) {
    if (core::Status st = sink_.OnPartEnd(); !st) return Fail(st.take_error());
  }
  state_ = State::kAfterDelimiter;
  padding_seen_ = 0;
  return match.position + delimiter_.size();
}

size_t MultipartParser::StepAfterDelimiter(std::string_view data) {
  if (padding_seen_ == 0 && data[0] == '-') {
    if (data.size() < 2) return 0;
    if (data[1] != '-') return Fail(Invalid("délimiteur mal formé"));
    state_ = State::kEpilogue;
    return 2;
  }
  size_t spaces = 0;
  while (spaces < data.size() && IsSpace(data[spaces])) ++spaces;
  if (spaces > 0) {
    padding_seen_ += spaces;
    if (padding_seen_ > kMaxTransportPadding) return Fail(Invalid("délimiteur mal formé"));
    return spaces;
  }
  if (data[0] != '\r') return Fail(Invalid("délimiteur mal formé"));
  if (data.size() < 2) return 0;
  if (data[1] != '\n') return Fail(Invalid("délimiteur mal formé"));
  if (++part_count_ > limits_.max_parts) {
    return Fail(Invalid(fmt::format("trop de parties (au plus {})", limits_.max_parts)));
  }
  state_ = State::kHeaders;
  header_scanned_ = 0;
  return 2;
}

size_t MultipartParser::StepHeaders(std::string_view data) {
  size_t limit = limits_.max_part_header_bytes;
  size_t block_end =
      std::string_view::npos;  // bytes of header lines, including the CRLF of the last one
  size_t consumed = 0;
  if (data.size() >= 2 && data.substr(0, 2) == "\r\n") {
    block_end = 0;
    consumed = 2;
  } else {
    std::string_view window = data.substr(0, std::min(data.size(), limit));
    size_t from = header_scanned_ >= 3 ? header_scanned_ - 3 : 0;
    size_t at = window.find("\r\n\r\n", from);
    if (at == std::string_view::npos) {
      if (data.size() >= limit) {
        return Fail(
            Invalid(fmt::format("en-têtes de partie trop longs (au plus {} octets)", limit)));
      }
      header_scanned_ = window.size();
      return 0;
    }
    block_end = at + 2;
    consumed = at + 4;
  }
  auto headers = ParsePartHeaders(data.substr(0, block_end));
  if (!headers) return Fail(headers.take_error());
  if (core::Status st = sink_.OnPartBegin(*headers); !st) return Fail(st.take_error());
  state_ = State::kBody;
  return consumed;
}

}  // namespace korrigo::http
