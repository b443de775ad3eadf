// Static file serving with traversal protection: the requested path is resolved against the
// canonical root and must stay inside it after following symlinks.
#include "http/static_files.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace korrigo::http {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBuiltinPage = R"(<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Korrigo</title>
</head>
<body>
<h1>Korrigo</h1>
<p>Le serveur Korrigo fonctionne. L'application web n'est pas installée sur ce serveur.</p>
<p>L'API est décrite dans <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a>.
État du service : <a href="/api/v1/health/ready">/api/v1/health/ready</a>.</p>
</body>
</html>
)";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string MimeTypeFor(const std::string& filename) {
  static const std::map<std::string, std::string> kTypes{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".yaml", "application/yaml"},
      {".pdf", "application/pdf"},
  };
  std::string ext = Lower(fs::path(filename).extension().string());
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool IsHashedAsset(const std::string& filename) {
  std::string stem = fs::path(filename).stem().string();
  size_t dash = stem.find_last_of("-.");
  if (dash == std::string::npos) return false;
  std::string hash = stem.substr(dash + 1);
  if (hash.size() < 8) return false;
  return std::all_of(hash.begin(), hash.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

StaticFiles::StaticFiles(std::string root) {
  if (root.empty()) return;
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_regular_file(canonical / "index.html", ec)) return;
  root_ = canonical.string();
}

Response StaticFiles::IndexPage() const {
  Response r;
  if (root_.empty()) {
    r = Response::Text(200, kBuiltinPage, "text/html; charset=utf-8");
  } else {
    r.status = 200;
    r.file_path = root_ + "/index.html";
    r.headers["Content-Type"] = "text/html; charset=utf-8";
  }
  r.headers["Cache-Control"] = "no-cache";
  return r;
}

std::optional<Response> StaticFiles::Serve(const std::string& path) const {
  if (path.empty() || path[0] != '/' || path.rfind("/api/", 0) == 0 || path == "/api")
    return std::nullopt;
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
    return std::nullopt;
  fs::path rel = fs::path(path).relative_path();
  for (const auto& part : rel) {
    if (part == ".." || part == ".") return std::nullopt;
  }
  std::string last = rel.empty() ? "" : rel.filename().string();
  bool looks_like_page = last.empty() || last.find('.') == std::string::npos;
  if (path == "/" || path == "/index.html") return IndexPage();
  if (!root_.empty()) {
    std::error_code ec;
    fs::path candidate = fs::weakly_canonical(fs::path(root_) / rel, ec);
    std::string c = candidate.string();
    bool inside = !ec && c.size() > root_.size() && c.compare(0, root_.size(), root_) == 0 &&
                  c[root_.size()] == '/';
    if (inside && fs::is_regular_file(candidate, ec)) {
      Response r;
      r.status = 200;
      r.file_path = c;
      r.headers["Content-Type"] = MimeTypeFor(c);
      r.headers["Cache-Control"] =
          IsHashedAsset(c) ? "public, max-age=31536000, immutable" : "no-cache";
      return r;
    }
  }
  if (looks_like_page) return IndexPage();
  return std::nullopt;
}

}  // namespace korrigo::http
