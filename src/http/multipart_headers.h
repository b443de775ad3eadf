// The header parts of multipart/form-data: the boundary of a request's Content-Type and the headers
// of each part.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "http/multipart_parser.h"

namespace korrigo::http {

// invalid_argument "Requête multipart invalide : <reason>."
core::Error MultipartError(std::string_view reason);

// The boundary of a `multipart/form-data; boundary=…` Content-Type (RFC 2046 characters, 1–70
// long).
core::Result<std::string> MultipartBoundary(std::string_view content_type);

// `block` is the header lines of one part, each ending with CRLF, without the blank line. Requires
// a Content-Disposition form-data with a name; filename (or RFC 5987 filename*) is reduced to its
// base name.
core::Result<MultipartPartHeaders> ParsePartHeaders(std::string_view block);

}  // namespace korrigo::http
