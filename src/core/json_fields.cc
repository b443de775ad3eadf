// Typed JSON field access with messages a user can act on.
#include "core/json_fields.h"

#include <fmt/format.h>

#include <regex>

#include "core/text_fold.h"

namespace korrigo::core {

std::string Trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  return std::string(s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1));
}

Error FieldError(const std::string& field, const std::string& message) {
  return Error::InvalidArgument(message, {{"field", field}});
}

Status RejectUnknownFields(const nlohmann::json& body, std::initializer_list<const char*> known) {
  if (!body.is_object()) return Error::InvalidArgument("Un objet JSON est attendu.");
  for (const auto& [key, value] : body.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) return FieldError(key, "Champ inconnu : « " + key + " ».");
  }
  return {};
}

Result<std::string> StringField(const nlohmann::json& body, const char* name) {
  if (!body.contains(name))
    return FieldError(name, fmt::format("Champ obligatoire : « {} ».", name));
  const auto& v = body.at(name);
  if (!v.is_string())
    return FieldError(name, fmt::format("Le champ « {} » doit être du texte.", name));
  return v.get<std::string>();
}

Result<std::optional<std::string>> OptionalStringField(const nlohmann::json& body,
                                                       const char* name) {
  if (!body.contains(name)) return std::optional<std::string>();
  if (body.at(name).is_null()) return std::optional<std::string>(std::string());
  auto value = StringField(body, name);
  if (!value) return value.take_error();
  return std::optional<std::string>(std::move(*value));
}

Result<std::optional<bool>> OptionalBoolField(const nlohmann::json& body, const char* name) {
  if (!body.contains(name)) return std::optional<bool>();
  if (!body.at(name).is_boolean()) {
    return FieldError(name, fmt::format("Le champ « {} » doit valoir true ou false.", name));
  }
  return std::optional<bool>(body.at(name).get<bool>());
}

Result<std::optional<int64_t>> OptionalIntField(const nlohmann::json& body, const char* name,
                                                int64_t min, int64_t max) {
  if (!body.contains(name)) return std::optional<int64_t>();
  const auto& v = body.at(name);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    return FieldError(
        name, fmt::format("Le champ « {} » doit être un entier entre {} et {}.", name, min, max));
  }
  return std::optional<int64_t>(v.get<int64_t>());
}

Result<std::vector<int64_t>> IdListField(const nlohmann::json& body, const char* name,
                                         size_t max_count) {
  auto bad = [&] {
    return FieldError(name, fmt::format("Le champ « {} » doit être une liste de 1 à {} "
                                        "identifiants.",
                                        name, max_count));
  };
  if (!body.contains(name) || !body.at(name).is_array()) return bad();
  const auto& list = body.at(name);
  if (list.empty() || list.size() > max_count) return bad();
  std::vector<int64_t> out;
  for (const auto& v : list) {
    if (!v.is_number_integer() || v.get<int64_t>() < 1) return bad();
    out.push_back(v.get<int64_t>());
  }
  return out;
}

Status CheckText(const std::string& value, const char* field, const char* label, size_t max,
                 bool required, bool multiline) {
  size_t n = CodePointCount(value);
  if (required && n == 0) return FieldError(field, fmt::format("{} est obligatoire.", label));
  if (n > max) return FieldError(field, fmt::format("{} : {} caractères au plus.", label, max));
  for (unsigned char c : value) {
    if (multiline && (c == '\n' || c == '\t' || c == '\r')) continue;
    if (c < 0x20 || c == 0x7f)
      return FieldError(field, fmt::format("{} contient un caractère interdit.", label));
  }
  return {};
}

Status CheckEmail(const std::string& value, const char* field) {
  static const std::regex kPattern(R"(^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$)");
  if (value.size() > 254 || !std::regex_match(value, kPattern))
    return FieldError(field, "Adresse e-mail invalide.");
  return {};
}

}  // namespace korrigo::core
