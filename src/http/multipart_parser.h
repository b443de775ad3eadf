// MultipartParser: a streaming multipart/form-data parser (RFC 7578 over RFC 2046) for large
// uploads. Bytes are fed in chunks split anywhere; part bodies go to a MultipartSink as they
// arrive, and only the few bytes that could start a boundary are held back, so memory stays
// constant whatever the body size. Hostile input (huge headers, too many parts, malformed
// delimiters, path-laden file names) is refused with an invalid_argument Error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace korrigo::http {

struct MultipartPartHeaders {
  // The Content-Disposition name; never empty.
  std::string name;
  // Set for file parts: the base name only (no directory), possibly empty.
  std::optional<std::string> filename;
  // "text/plain" when the part does not say.
  std::string content_type;
};

// Receives the parts in order: OnPartBegin, zero or more OnPartData, OnPartEnd. An error returned
// by any call stops the parser, which then returns that error from Feed/Finish. OnPartEnd is not
// called for a part that was interrupted by an error or by a missing closing boundary.
class MultipartSink {
 public:
  virtual ~MultipartSink() = default;
  virtual core::Status OnPartBegin(const MultipartPartHeaders& headers) = 0;
  // `data` is only valid during the call; it is never empty.
  virtual core::Status OnPartData(std::string_view data) = 0;
  virtual core::Status OnPartEnd() = 0;
};

struct MultipartLimits {
  // The header block of one part, its terminating blank line included.
  size_t max_part_header_bytes = 8 * 1024;
  size_t max_parts = 1000;
};

// Not thread-safe, not copyable.
class MultipartParser {
 public:
  // The boundary parameter of a Content-Type value such as `multipart/form-data; boundary="abc"`,
  // quoted or not. Errors (invalid_argument): not multipart/form-data, no boundary, or a boundary
  // that breaks RFC 2046 (1–70 characters from its allowed set, not ending with a space).
  static core::Result<std::string> BoundaryFromContentType(std::string_view content_type);

  // `boundary` must be valid (as returned by BoundaryFromContentType); `sink` must outlive the
  // parser.
  MultipartParser(std::string boundary, MultipartSink& sink, MultipartLimits limits = {});
  MultipartParser(const MultipartParser&) = delete;
  MultipartParser& operator=(const MultipartParser&) = delete;

  // Parses the next bytes of the body. Once an error has been returned, every later call returns it
  // again.
  core::Status Feed(std::string_view chunk);
  // Ends the body: an error if the closing delimiter "--boundary--" was never seen (or an earlier
  // error).
  core::Status Finish();

  // The number of parts begun so far.
  size_t part_count() const { return part_count_; }

 private:
  enum class State { kPreamble, kAfterDelimiter, kHeaders, kBody, kEpilogue, kFailed };

  // Consumes as much of `data` as the current state allows; the rest must be presented again with
  // more bytes.
  size_t Run(std::string_view data);
  // One step of the state machine on `data`; returns the bytes consumed, 0 when it needs more input
  // or failed.
  size_t Step(std::string_view data);
  size_t StepSearch(std::string_view data);  // preamble and body: look for the next delimiter
  size_t StepAfterDelimiter(std::string_view data);
  size_t StepHeaders(std::string_view data);
  // The first complete delimiter in `data`, else the start of the longest suffix that is a proper
  // prefix of one (complete = false), else position = data.size().
  struct DelimiterMatch {
    size_t position;
    bool complete;
  };
  DelimiterMatch FindDelimiter(std::string_view data) const;
  // Records the error (every later call returns it) and returns 0, for `return Fail(...)` inside
  // steps.
  size_t Fail(core::Error error);

  std::string delimiter_;  // "\r\n--" + boundary
  MultipartSink& sink_;
  MultipartLimits limits_;
  State state_ = State::kPreamble;
  // Held-back input: a possible delimiter start, or an incomplete header block.
  std::string pending_;
  size_t header_scanned_ = 0;  // bytes of the current header block already searched for its end
  size_t padding_seen_ = 0;    // transport padding after the current delimiter
  size_t part_count_ = 0;
  std::optional<core::Error> error_;
};

}  // namespace korrigo::http
