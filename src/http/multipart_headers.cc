// Parsing the header parts of multipart/form-data: the request's boundary parameter and each part's
// Content-Disposition (name, filename, RFC 5987 filename*) and Content-Type, strictly and with
// bounded work.
#include "http/multipart_headers.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace korrigo::http {

core::Error MultipartError(std::string_view reason) {
  return core::Error::InvalidArgument(fmt::format("Requête multipart invalide : {}.", reason));
}

namespace {

constexpr size_t kMaxBoundaryLength = 70;

core::Error Invalid(std::string_view reason) { return MultipartError(reason); }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

bool IsControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 7230 tchar: the characters of header names and parameter names.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

// RFC 2046 bchars (space allowed except at the end).
bool IsBoundaryChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("'()+_,-./:=? ", c) != nullptr && c != '\0';
}

// A header value of the form `type; name=value; name="quoted \" value"`. Parameter names are
// lowercased.
struct ParameterizedValue {
  std::string type;
  std::vector<std::pair<std::string, std::string>> params;
};

// Quoted strings unescape only \" and \\: browsers send Windows paths ("C:\dir\x.pdf") without
// escaping the backslashes, and those must survive so that the directory can be stripped.
core::Result<ParameterizedValue> ParseParameterized(std::string_view s) {
  ParameterizedValue out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && IsSpace(s[i])) ++i;
  };
  skip_space();
  size_t start = i;
  while (i < s.size() && s[i] != ';' && !IsSpace(s[i])) ++i;
  out.type = ToLower(s.substr(start, i - start));
  if (out.type.empty()) return Invalid("valeur d'en-tête vide");
  while (true) {
    skip_space();
    if (i == s.size()) break;
    if (s[i] != ';') return Invalid("paramètre d'en-tête mal formé");
    ++i;
    skip_space();
    if (i == s.size()) break;  // a trailing ';' is harmless
    start = i;
    while (i < s.size() && IsTokenChar(s[i])) ++i;
    std::string name = ToLower(s.substr(start, i - start));
    skip_space();
    if (name.empty() || i == s.size() || s[i] != '=')
      return Invalid("paramètre d'en-tête mal formé");
    ++i;
    skip_space();
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < s.size() && (s[i] == '"' || s[i] == '\\')) c = s[i++];
        if (IsControl(c) && c != '\t') return Invalid("caractère interdit dans un en-tête");
        value.push_back(c);
      }
      if (!closed) return Invalid("guillemet non fermé dans un en-tête");
    } else {
      start = i;
      while (i < s.size() && s[i] != ';' && !IsSpace(s[i]) && s[i] != '"' && !IsControl(s[i])) ++i;
      value = s.substr(start, i - start);
      if (value.empty()) return Invalid("paramètre d'en-tête sans valeur");
    }
    for (const auto& [existing, unused] : out.params) {
      if (existing == name) return Invalid("paramètre d'en-tête en double");
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

const std::string* FindParam(const ParameterizedValue& v, std::string_view name) {
  for (const auto& [key, value] : v.params) {
    if (key == name) return &value;
  }
  return nullptr;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = Lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 is accepted.
core::Result<std::string> DecodeExtendedValue(std::string_view v) {
  size_t first = v.find('\'');
  size_t second = first == std::string_view::npos ? first : v.find('\'', first + 1);
  if (second == std::string_view::npos) return Invalid("paramètre filename* mal formé");
  if (ToLower(v.substr(0, first)) != "utf-8")
    return Invalid("jeu de caractères de filename* non pris en charge");
  std::string out;
  for (size_t i = second + 1; i < v.size(); ++i) {
    if (v[i] != '%') {
      out.push_back(v[i]);
      continue;
    }
    int hi = i + 2 < v.size() ? HexValue(v[i + 1]) : -1;
    int lo = i + 2 < v.size() ? HexValue(v[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Invalid("encodage pourcent invalide dans filename*");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// Keeps only the last path component (after '/' or '\'); "." and ".." become empty.
core::Result<std::string> BaseFileName(std::string_view name) {
  size_t cut = name.find_last_of("/\\");
  if (cut != std::string_view::npos) name.remove_prefix(cut + 1);
  for (char c : name) {
    if (IsControl(c)) return Invalid("caractère interdit dans un nom de fichier");
  }
  if (name == "." || name == "..") return std::string();
  return std::string(name);
}

core::Status ApplyContentDisposition(std::string_view value, MultipartPartHeaders& out) {
  auto parsed = ParseParameterized(value);
  if (!parsed) return parsed.take_error();
  if (parsed->type != "form-data") return Invalid("Content-Disposition doit être form-data");
  const std::string* name = FindParam(*parsed, "name");
  if (name == nullptr || name->empty()) return Invalid("une partie n'a pas de nom");
  out.name = *name;
  std::optional<std::string> raw_filename;
  if (const std::string* ext = FindParam(*parsed, "filename*")) {
    auto decoded = DecodeExtendedValue(*ext);
    if (!decoded) return decoded.take_error();
    raw_filename = std::move(*decoded);
  } else if (const std::string* plain = FindParam(*parsed, "filename")) {
    raw_filename = *plain;
  }
  if (raw_filename) {
    auto base = BaseFileName(*raw_filename);
    if (!base) return base.take_error();
    out.filename = std::move(*base);
  }
  return {};
}

}  // namespace

// `block` is the header lines of one part, each ending with CRLF, without the blank line.
core::Result<MultipartPartHeaders> ParsePartHeaders(std::string_view block) {
  std::vector<std::pair<std::string, std::string>> headers;
  while (!block.empty()) {
    size_t eol = block.find("\r\n");  // present: the block ends with CRLF
    std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol + 2);
    for (char c : line) {
      if (IsControl(c) && c != '\t')
        return Invalid("caractère interdit dans les en-têtes d'une partie");
    }
    if (!line.empty() &&
        IsSpace(line.front())) {  // obsolete line folding: continues the previous value
      if (headers.empty()) return Invalid("en-tête de partie mal formé");
      headers.back().second += " ";
      headers.back().second += Trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos)
      return Invalid("en-tête de partie mal formé");
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), IsTokenChar))
      return Invalid("en-tête de partie mal formé");
    headers.emplace_back(ToLower(name), std::string(Trim(line.substr(colon + 1))));
  }
  MultipartPartHeaders out;
  out.content_type = "text/plain";
  bool have_disposition = false;
  bool have_type = false;
  for (const auto& [name, value] : headers) {
    if (name == "content-disposition") {
      if (have_disposition) return Invalid("en-tête Content-Disposition en double");
      have_disposition = true;
      if (core::Status st = ApplyContentDisposition(value, out); !st) return st.take_error();
    } else if (name == "content-type") {
      if (have_type) return Invalid("en-tête Content-Type en double");
      have_type = true;
      if (!value.empty()) out.content_type = value;
    }
  }
  if (!have_disposition) return Invalid("une partie n'a pas d'en-tête Content-Disposition");
  return out;
}
core::Result<std::string> MultipartBoundary(std::string_view content_type) {
  auto parsed = ParseParameterized(content_type);
  if (!parsed) return parsed.take_error();
  if (parsed->type != "multipart/form-data") {
    return Invalid("le type de contenu doit être multipart/form-data");
  }
  const std::string* boundary = FindParam(*parsed, "boundary");
  if (boundary == nullptr) return Invalid("paramètre boundary manquant");
  if (boundary->empty() || boundary->size() > kMaxBoundaryLength || boundary->back() == ' ' ||
      !std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar)) {
    return Invalid("paramètre boundary invalide");
  }
  return *boundary;
}

}  // namespace korrigo::http
