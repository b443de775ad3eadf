// Reading typed fields out of a JSON request body with French validation messages that name the
// field (details.field), shared by every domain's input parsing.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace korrigo::core {

// Leading and trailing spaces, tabs and line breaks removed.
std::string Trim(std::string_view s);

// invalid_argument naming `field`.
Error FieldError(const std::string& field, const std::string& message);

// Refuses a non-object body and any key not in `known`.
Status RejectUnknownFields(const nlohmann::json& body, std::initializer_list<const char*> known);

// The string at body[name] (not trimmed); invalid_argument when it is missing (if required) or not
// a string.
Result<std::string> StringField(const nlohmann::json& body, const char* name);
// nullopt when absent; for present keys as StringField. A JSON null or empty string gives "".
Result<std::optional<std::string>> OptionalStringField(const nlohmann::json& body,
                                                       const char* name);
// The boolean at body[name] when present.
Result<std::optional<bool>> OptionalBoolField(const nlohmann::json& body, const char* name);
// The integer at body[name] when present, within [min, max].
Result<std::optional<int64_t>> OptionalIntField(const nlohmann::json& body, const char* name,
                                                int64_t min, int64_t max);
// The list of ids (positive integers) at body[name]: required, 1..max_count items.
Result<std::vector<int64_t>> IdListField(const nlohmann::json& body, const char* name,
                                         size_t max_count);

// Checks a text's length in code points (1..max, or 0..max when !required) and that it has no
// control characters (line breaks and tabs allowed with `multiline`). The message names the
// field's French label.
Status CheckText(const std::string& value, const char* field, const char* label, size_t max,
                 bool required, bool multiline = false);

// Checks the shape of an email address (one @, no spaces, a dot in the domain, ≤ 254 bytes).
Status CheckEmail(const std::string& value, const char* field);

}  // namespace korrigo::core
