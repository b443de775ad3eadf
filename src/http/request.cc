// Accessors of Request.
#include "http/request.h"

#include <cassert>

namespace korrigo::http {

const std::string& Request::Header(const std::string& name) const {
  static const std::string kEmpty;
  auto it = headers.find(name);
  return it == headers.end() ? kEmpty : it->second;
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

int64_t Request::IntParam(const std::string& name) const {
  auto it = path_params.find(name);
  assert(it != path_params.end());
  return std::stoll(it->second);
}

const std::string& Request::Param(const std::string& name) const {
  auto it = path_params.find(name);
  assert(it != path_params.end());
  return it->second;
}

std::string Request::Cookie(const std::string& name) const {
  const std::string& header = Header("cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

}  // namespace korrigo::http
