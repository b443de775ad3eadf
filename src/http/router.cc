// Route templates compiled into segment lists, matched by a linear scan: route tables hold a few
// hundred entries at most, and a segment comparison costs nanoseconds.
#include "http/router.h"

#include <cassert>
#include <cctype>
#include <charconv>
#include <set>

namespace korrigo::http {

std::string Policy::Describe() const {
  switch (kind) {
    case Kind::kPublic:
      return "public";
    case Kind::kAuthenticated:
      return "authenticated";
    case Kind::kRoles: {
      std::string out = "roles:";
      for (size_t i = 0; i < roles.size(); ++i) out += (i ? "," : "") + roles[i];
      return out;
    }
  }
  return "unknown";
}

std::vector<std::string> Router::SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

void Router::Add(Route route) {
  assert(!route.pattern.empty() && route.pattern[0] == '/');
  Compiled c;
  for (const std::string& part : SplitPath(route.pattern)) {
    Segment seg;
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      std::string inner = part.substr(1, part.size() - 2);
      if (size_t colon = inner.find(':'); colon != std::string::npos) {
        assert(inner.substr(colon + 1) == "int");
        seg.is_int = true;
        inner = inner.substr(0, colon);
      }
      seg.param = inner;
    } else {
      seg.literal = part;
    }
    c.segments.push_back(seg);
  }
  for (const Route& existing : routes_) {
    assert(!(existing.method == route.method && existing.pattern == route.pattern));
    (void)existing;
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

void Router::AddAll(std::vector<Route> routes) {
  for (Route& r : routes) Add(std::move(r));
}

bool Router::MatchSegments(const Compiled& c, const std::vector<std::string>& parts,
                           std::map<std::string, std::string>* params) {
  if (c.segments.size() != parts.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Segment& seg = c.segments[i];
    const std::string& part = parts[i];
    if (seg.param.empty()) {
      if (seg.literal != part) return false;
      continue;
    }
    if (part.empty()) return false;
    if (seg.is_int) {
      int64_t value = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
      if (ec != std::errc() || end != part.data() + part.size() || value <= 0 || part[0] == '0')
        return false;
    }
    if (params) (*params)[seg.param] = part;
  }
  return true;
}

RouteMatch Router::Match(const std::string& method, const std::string& path) const {
  RouteMatch match;
  if (path.empty() || path[0] != '/') return match;
  std::vector<std::string> parts = SplitPath(path);
  std::set<std::string> allowed;
  for (size_t i = 0; i < routes_.size(); ++i) {
    std::map<std::string, std::string> params;
    if (!MatchSegments(compiled_[i], parts, &params)) continue;
    const std::string& route_method = routes_[i].method;
    if (route_method == method || (method == "HEAD" && route_method == "GET")) {
      match.route = &routes_[i];
      match.params = std::move(params);
      return match;
    }
    allowed.insert(route_method);
  }
  match.allowed_methods.assign(allowed.begin(), allowed.end());
  return match;
}

std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return std::nullopt;
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : PercentDecode(pair.substr(eq + 1), true);
    if (key && value && !key->empty()) out[*key] = *value;
    start = amp + 1;
  }
  return out;
}

}  // namespace korrigo::http
