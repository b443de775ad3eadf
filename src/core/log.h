// Structured logging: one JSON object per line on stdout ({"time","level","event", ...fields}),
// through spdlog. Callers pass an event name and fields; never passwords, tokens, or personal data
// such as student names.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace korrigo::core {

// Sets up the process logger. `level` is trace|debug|info|warn|error|off. Safe to call again
// (tests).
void InitLogging(const std::string& level);

void LogDebug(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void LogInfo(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void LogWarn(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void LogError(std::string_view event, nlohmann::json fields = nlohmann::json::object());

}  // namespace korrigo::core
