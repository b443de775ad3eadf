// Router: matches a method and a decoded path against the registered route templates. Segments are
// literal, or typed parameters {name} (any non-empty segment) and {name:int} (a positive 64-bit
// integer). A path that matches a template with another method yields the allowed methods (405);
// otherwise no match (404).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/route.h"

namespace korrigo::http {

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;  // non-empty: the path exists with these methods only
};

class Router {
 public:
  // Adds a route. Asserts (programmer error) on a malformed template or a duplicate method +
  // template.
  void Add(Route route);
  // Adds every route of a domain table.
  void AddAll(std::vector<Route> routes);

  RouteMatch Match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string literal;  // empty for a parameter
    std::string param;
    bool is_int = false;
  };
  struct Compiled {
    std::vector<Segment> segments;
  };
  static std::vector<std::string> SplitPath(const std::string& path);
  static bool MatchSegments(const Compiled& c, const std::vector<std::string>& parts,
                            std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// Decodes %XX escapes; returns nullopt on a malformed escape or a decoded NUL. '+' stays '+' (path
// semantics).
std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space = false);
// Parses "a=1&b=x%20y" into a map (query-string semantics: '+' is a space).
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace korrigo::http
