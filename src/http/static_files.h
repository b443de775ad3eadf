// StaticFiles: serves the built web app from a directory. Files get their MIME type and a caching
// policy (hashed assets cached for a year, everything else revalidated); page routes (paths without
// a file extension) fall back to index.html; missing assets and anything under /api/ are 404. Paths
// can never leave the root. Without a directory, a small built-in page says the API is running.
#pragma once

#include <optional>
#include <string>

#include "http/response.h"

namespace korrigo::http {

class StaticFiles {
 public:
  // `root` may be empty (built-in page only). A non-empty root must contain index.html to be used.
  explicit StaticFiles(std::string root);

  // The response for GET/HEAD of `path` (decoded, starting with '/'), or nullopt when no file
  // applies (404).
  std::optional<Response> Serve(const std::string& path) const;

  bool has_web_app() const { return !root_.empty(); }

 private:
  Response IndexPage() const;
  std::string root_;  // canonical, without trailing slash; empty when serving the built-in page
};

// The Content-Type for a file name, by extension; application/octet-stream when unknown.
std::string MimeTypeFor(const std::string& filename);

// True for build outputs whose name carries a content hash (name-HASH.ext, HASH ≥ 8 of
// [A-Za-z0-9_-]).
bool IsHashedAsset(const std::string& filename);

}  // namespace korrigo::http
