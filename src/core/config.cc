// Parsing and validation of the KORRIGO_* settings, and the production guards.
#include "core/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>

extern char** environ;

namespace korrigo::core {
namespace {

std::string Trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

Result<int64_t> ParseInt(const std::string& name, const std::string& v, int64_t min, int64_t max) {
  int64_t out = 0;
  size_t pos = 0;
  try {
    out = std::stoll(v, &pos);
  } catch (...) {
    pos = 0;
  }
  if (pos == 0 || pos != v.size() || out < min || out > max) {
    return Error::InvalidArgument(
        fmt::format("{} doit être un entier entre {} et {} (reçu « {} »).", name, min, max, v));
  }
  return out;
}

Result<bool> ParseBool(const std::string& name, const std::string& v) {
  std::string s = v;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
  if (s == "0" || s == "false" || s == "no" || s == "off") return false;
  return Error::InvalidArgument(
      fmt::format("{} doit valoir true ou false (reçu « {} »).", name, v));
}

std::vector<std::string> SplitList(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    std::string item = Trim(v.substr(start, comma - start));
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

// The host part of an http(s) URL, without port or user info.
std::string UrlHost(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

using Setter = std::function<Status(Config&, const std::string& name, const std::string& value)>;

Setter Str(std::string Config::*field) {
  return [field](Config& c, const std::string&, const std::string& v) -> Status {
    c.*field = v;
    return {};
  };
}
Setter Int(int Config::*field, int64_t min, int64_t max) {
  return [=](Config& c, const std::string& name, const std::string& v) -> Status {
    auto n = ParseInt(name, v, min, max);
    if (!n) return n.take_error();
    c.*field = static_cast<int>(*n);
    return {};
  };
}
Setter Int64(int64_t Config::*field, int64_t min, int64_t max) {
  return [=](Config& c, const std::string& name, const std::string& v) -> Status {
    auto n = ParseInt(name, v, min, max);
    if (!n) return n.take_error();
    c.*field = *n;
    return {};
  };
}
Setter Bool(bool Config::*field) {
  return [=](Config& c, const std::string& name, const std::string& v) -> Status {
    auto b = ParseBool(name, v);
    if (!b) return b.take_error();
    c.*field = *b;
    return {};
  };
}

Status SetListen(Config& c, const std::string& name, const std::string& v) {
  size_t colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Error::InvalidArgument(
        fmt::format("{} doit être de la forme HÔTE:PORT (reçu « {} »).", name, v));
  }
  auto port = ParseInt(name + " (port)", v.substr(colon + 1), 0, 65535);
  if (!port) return port.take_error();
  std::string host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  c.listen_host = host;
  c.listen_port = static_cast<uint16_t>(*port);
  return {};
}

const std::map<std::string, Setter>& Setters() {
  static const auto* setters = new std::map<std::string, Setter>{
      {"KORRIGO_ENV",
       [](Config& c, const std::string& name, const std::string& v) -> Status {
         if (v != "development" && v != "production") {
           return Error::InvalidArgument(
               fmt::format("{} doit valoir development ou production (reçu « {} »).", name, v));
         }
         c.env = v;
         return {};
       }},
      {"KORRIGO_LISTEN", SetListen},
      {"KORRIGO_DATA_DIR", Str(&Config::data_dir)},
      {"KORRIGO_DATABASE_URL", Str(&Config::database_url)},
      {"KORRIGO_SECRET_KEY", Str(&Config::secret_key)},
      {"KORRIGO_PUBLIC_URL", Str(&Config::public_url)},
      {"KORRIGO_METRICS_TOKEN", Str(&Config::metrics_token)},
      {"KORRIGO_WEB_DIR", Str(&Config::web_dir)},
      {"KORRIGO_LOG_LEVEL",
       [](Config& c, const std::string& name, const std::string& v) -> Status {
         static const std::set<std::string> kLevels{"trace", "debug", "info",
                                                    "warn",  "error", "off"};
         if (!kLevels.contains(v)) {
           return Error::InvalidArgument(fmt::format(
               "{} doit valoir trace, debug, info, warn, error ou off (reçu « {} »).", name, v));
         }
         c.log_level = v;
         return {};
       }},
      {"KORRIGO_DEBUG", Bool(&Config::debug)},
      {"KORRIGO_RATE_LIMIT", Bool(&Config::rate_limit)},
      {"KORRIGO_AUTO_MIGRATE", Bool(&Config::auto_migrate)},
      {"KORRIGO_COOKIE_SECURE",
       [](Config& c, const std::string& name, const std::string& v) -> Status {
         auto b = ParseBool(name, v);
         if (!b) return b.take_error();
         c.cookie_secure = *b;
         return {};
       }},
      {"KORRIGO_ALLOWED_HOSTS",
       [](Config& c, const std::string&, const std::string& v) -> Status {
         c.allowed_hosts = SplitList(v);
         return {};
       }},
      {"KORRIGO_WORKERS", Int(&Config::workers, 0, 64)},
      {"KORRIGO_IO_THREADS", Int(&Config::io_threads, 1, 64)},
      {"KORRIGO_HANDLER_THREADS", Int(&Config::handler_threads, 1, 256)},
      {"KORRIGO_DB_POOL_SIZE", Int(&Config::db_pool_size, 1, 256)},
      {"KORRIGO_MAX_BODY_BYTES", Int64(&Config::max_body_bytes, 1024, 64LL << 20)},
      {"KORRIGO_MAX_UPLOAD_BYTES", Int64(&Config::max_upload_bytes, 1024, 64LL << 30)},
      {"KORRIGO_MAX_SCAN_FILE_BYTES", Int64(&Config::max_scan_file_bytes, 1024, 16LL << 30)},
      {"KORRIGO_SCAN_MAX_PAGES", Int(&Config::scan_max_pages, 1, 20000)},
      {"KORRIGO_SCAN_UPLOADS_PER_HOUR", Int(&Config::scan_uploads_per_hour, 1, 100000)},
      {"KORRIGO_SANDBOX_MEMORY_MB", Int(&Config::sandbox_memory_mb, 128, 65536)},
      {"KORRIGO_SANDBOX_CPU_S_PER_PAGE", Int(&Config::sandbox_cpu_s_per_page, 1, 600)},
      {"KORRIGO_MAX_HEADER_BYTES", Int64(&Config::max_header_bytes, 1024, 1 << 20)},
      {"KORRIGO_HEADER_TIMEOUT", Int(&Config::header_timeout_s, 1, 3600)},
      {"KORRIGO_BODY_TIMEOUT", Int(&Config::body_timeout_s, 1, 3600)},
      {"KORRIGO_IDLE_TIMEOUT", Int(&Config::idle_timeout_s, 1, 3600)},
      {"KORRIGO_SHUTDOWN_TIMEOUT", Int(&Config::shutdown_timeout_s, 0, 3600)},
      {"KORRIGO_JOB_HEARTBEAT", Int(&Config::job_heartbeat_s, 1, 3600)},
      {"KORRIGO_JOB_RECLAIM", Int(&Config::job_reclaim_s, 2, 86400)},
      {"KORRIGO_CRYPTO_THREADS", Int(&Config::crypto_threads, 1, 16)},
      {"KORRIGO_SESSION_IDLE_TIMEOUT", Int(&Config::session_idle_timeout_s, 1, 30 * 86400)},
      {"KORRIGO_SESSION_MAX_AGE", Int(&Config::session_max_age_s, 1, 90 * 86400)},
      {"KORRIGO_LOGOUT_OTHER_SESSIONS", Bool(&Config::logout_other_sessions)},
      {"KORRIGO_LOGIN_MAX_FAILURES_ACCOUNT", Int(&Config::login_max_failures_account, 1, 1000)},
      {"KORRIGO_LOGIN_MAX_FAILURES_IP", Int(&Config::login_max_failures_ip, 1, 100000)},
      {"KORRIGO_LOGIN_WINDOW", Int(&Config::login_window_s, 10, 86400)},
      {"KORRIGO_ACTIVATION_CODE_TTL", Int(&Config::activation_code_ttl_s, 300, 365 * 86400)},
      {"KORRIGO_RESET_CODE_TTL", Int(&Config::reset_code_ttl_s, 300, 30 * 86400)},
  };
  return *setters;
}

}  // namespace

bool Config::EffectiveCookieSecure() const {
  if (cookie_secure) return *cookie_secure;
  return public_url.rfind("https://", 0) == 0;
}

std::vector<std::string> Config::EffectiveAllowedHosts() const {
  if (!allowed_hosts.empty()) return allowed_hosts;
  if (production()) {
    std::string host = UrlHost(public_url);
    if (!host.empty()) return {host};
    return {};
  }
  return {"*"};
}

std::string Config::ListenAddress() const {
  bool v6 = listen_host.find(':') != std::string::npos;
  return v6 ? fmt::format("[{}]:{}", listen_host, listen_port)
            : fmt::format("{}:{}", listen_host, listen_port);
}

nlohmann::json Config::Describe() const {
  auto mask = [](const std::string& s) { return s.empty() ? std::string() : std::string("***"); };
  return {
      {"KORRIGO_ENV", env},
      {"KORRIGO_LISTEN", ListenAddress()},
      {"KORRIGO_DATA_DIR", data_dir},
      {"KORRIGO_DATABASE_URL", MaskDatabaseUrl(database_url)},
      {"KORRIGO_SECRET_KEY", mask(secret_key)},
      {"KORRIGO_PUBLIC_URL", public_url},
      {"KORRIGO_METRICS_TOKEN", mask(metrics_token)},
      {"KORRIGO_WEB_DIR", web_dir},
      {"KORRIGO_LOG_LEVEL", log_level},
      {"KORRIGO_DEBUG", debug},
      {"KORRIGO_RATE_LIMIT", rate_limit},
      {"KORRIGO_AUTO_MIGRATE", auto_migrate},
      {"KORRIGO_COOKIE_SECURE", EffectiveCookieSecure()},
      {"KORRIGO_ALLOWED_HOSTS", EffectiveAllowedHosts()},
      {"KORRIGO_WORKERS", workers},
      {"KORRIGO_IO_THREADS", io_threads},
      {"KORRIGO_HANDLER_THREADS", handler_threads},
      {"KORRIGO_DB_POOL_SIZE", db_pool_size},
      {"KORRIGO_MAX_BODY_BYTES", max_body_bytes},
      {"KORRIGO_MAX_UPLOAD_BYTES", max_upload_bytes},
      {"KORRIGO_MAX_SCAN_FILE_BYTES", max_scan_file_bytes},
      {"KORRIGO_SCAN_MAX_PAGES", scan_max_pages},
      {"KORRIGO_SCAN_UPLOADS_PER_HOUR", scan_uploads_per_hour},
      {"KORRIGO_SANDBOX_MEMORY_MB", sandbox_memory_mb},
      {"KORRIGO_SANDBOX_CPU_S_PER_PAGE", sandbox_cpu_s_per_page},
      {"KORRIGO_MAX_HEADER_BYTES", max_header_bytes},
      {"KORRIGO_HEADER_TIMEOUT", header_timeout_s},
      {"KORRIGO_BODY_TIMEOUT", body_timeout_s},
      {"KORRIGO_IDLE_TIMEOUT", idle_timeout_s},
      {"KORRIGO_SHUTDOWN_TIMEOUT", shutdown_timeout_s},
      {"KORRIGO_JOB_HEARTBEAT", job_heartbeat_s},
      {"KORRIGO_JOB_RECLAIM", job_reclaim_s},
      {"KORRIGO_CRYPTO_THREADS", crypto_threads},
      {"KORRIGO_SESSION_IDLE_TIMEOUT", session_idle_timeout_s},
      {"KORRIGO_SESSION_MAX_AGE", session_max_age_s},
      {"KORRIGO_LOGOUT_OTHER_SESSIONS", logout_other_sessions},
      {"KORRIGO_LOGIN_MAX_FAILURES_ACCOUNT", login_max_failures_account},
      {"KORRIGO_LOGIN_MAX_FAILURES_IP", login_max_failures_ip},
      {"KORRIGO_LOGIN_WINDOW", login_window_s},
      {"KORRIGO_ACTIVATION_CODE_TTL", activation_code_ttl_s},
      {"KORRIGO_RESET_CODE_TTL", reset_code_ttl_s},
  };
}

Result<std::map<std::string, std::string>> ReadConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return Error::InvalidArgument(fmt::format("Fichier de configuration illisible : {}", path));
  std::map<std::string, std::string> values;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = Trim(line.substr(7));
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error::InvalidArgument(
          fmt::format("{}, ligne {} : « CLÉ=VALEUR » attendu.", path, number));
    }
    std::string key = Trim(line.substr(0, eq));
    std::string value = Trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    values[key] = value;
  }
  return values;
}

Result<Config> ConfigFromValues(const std::map<std::string, std::string>& values) {
  Config config;
  const auto& setters = Setters();
  for (const auto& [name, value] : values) {
    if (name.rfind("KORRIGO_", 0) != 0 || name == "KORRIGO_CONFIG") continue;
    auto it = setters.find(name);
    if (it == setters.end()) {
      return Error::InvalidArgument(fmt::format("Paramètre inconnu : {}.", name));
    }
    if (Status s = it->second(config, name, value); !s) return s.take_error();
  }
  if (config.database_url.empty())
    config.database_url = "sqlite:" + config.data_dir + "/korrigo.db";
  if (config.database_url.rfind("sqlite:", 0) != 0 &&
      config.database_url.rfind("postgresql://", 0) != 0 &&
      config.database_url.rfind("postgres://", 0) != 0) {
    return Error::InvalidArgument(
        "KORRIGO_DATABASE_URL doit commencer par sqlite: ou postgresql:// .");
  }
  return config;
}

Result<Config> LoadConfig(const std::optional<std::string>& file_path) {
  std::map<std::string, std::string> values;
  std::optional<std::string> path = file_path;
  if (!path) {
    if (const char* env_path = std::getenv("KORRIGO_CONFIG"); env_path && *env_path)
      path = env_path;
  }
  if (path) {
    auto file = ReadConfigFile(*path);
    if (!file) return file.take_error();
    values = std::move(*file);
  }
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string::npos || entry.rfind("KORRIGO_", 0) != 0) continue;
    values[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return ConfigFromValues(values);
}

std::vector<std::string> DeployProblems(const Config& c) {
  std::vector<std::string> problems;
  std::set<char> distinct(c.secret_key.begin(), c.secret_key.end());
  if (c.secret_key.empty()) {
    problems.push_back(
        "KORRIGO_SECRET_KEY est absente : générez-en une avec « openssl rand -hex 32 ».");
  } else if (c.secret_key.size() < 32 || distinct.size() < 10) {
    problems.push_back(
        "KORRIGO_SECRET_KEY est trop faible : au moins 32 caractères aléatoires (« openssl rand "
        "-hex 32 »).");
  }
  if (c.debug) problems.push_back("KORRIGO_DEBUG est activé : désactivez-le en production.");
  auto hosts = c.EffectiveAllowedHosts();
  if (std::find(hosts.begin(), hosts.end(), "*") != hosts.end()) {
    problems.push_back("KORRIGO_ALLOWED_HOSTS contient « * » : listez les noms d'hôte du service.");
  } else if (hosts.empty()) {
    problems.push_back("KORRIGO_ALLOWED_HOSTS est vide et KORRIGO_PUBLIC_URL ne donne pas d'hôte.");
  }
  if (c.public_url.rfind("https://", 0) != 0) {
    problems.push_back("KORRIGO_PUBLIC_URL doit être une adresse https:// en production.");
  }
  if (!c.EffectiveCookieSecure()) {
    problems.push_back(
        "Les cookies ne seraient pas « Secure » : servez Korrigo en HTTPS "
        "(KORRIGO_COOKIE_SECURE).");
  }
  if (c.metrics_token.empty()) {
    problems.push_back(
        "KORRIGO_METRICS_TOKEN est absent : /metrics doit être protégé en production.");
  } else if (c.metrics_token.size() < 16) {
    problems.push_back("KORRIGO_METRICS_TOKEN est trop court : au moins 16 caractères.");
  }
  if (!c.rate_limit)
    problems.push_back(
        "KORRIGO_RATE_LIMIT est désactivé : la limitation de débit est obligatoire.");
  return problems;
}

std::string MaskDatabaseUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.find('@', scheme);
  if (at == std::string::npos) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace korrigo::core
