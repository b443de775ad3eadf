// JSON-lines logger over spdlog. The line is built here, so every field is properly escaped; spdlog
// only adds thread-safe output and level filtering.
#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace korrigo::core {
namespace {

std::shared_ptr<spdlog::logger> Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("korrigo",
                                              std::make_shared<spdlog::sinks::stdout_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::info);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return logger;
}

void Write(spdlog::level::level_enum level, std::string_view level_name, std::string_view event,
           nlohmann::json fields) {
  auto logger = Logger();
  if (!logger->should_log(level)) return;
  nlohmann::ordered_json line;
  line["time"] = FormatIso8601(SystemClock::Instance().NowMs());
  line["level"] = level_name;
  line["event"] = event;
  if (fields.is_object()) {
    for (auto& [key, value] : fields.items()) line[key] = std::move(value);
  }
  logger->log(level, "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void InitLogging(const std::string& level) { Logger()->set_level(spdlog::level::from_str(level)); }

void LogDebug(std::string_view event, nlohmann::json fields) {
  Write(spdlog::level::debug, "debug", event, std::move(fields));
}
void LogInfo(std::string_view event, nlohmann::json fields) {
  Write(spdlog::level::info, "info", event, std::move(fields));
}
void LogWarn(std::string_view event, nlohmann::json fields) {
  Write(spdlog::level::warn, "warn", event, std::move(fields));
}
void LogError(std::string_view event, nlohmann::json fields) {
  Write(spdlog::level::err, "error", event, std::move(fields));
}

}  // namespace korrigo::core
