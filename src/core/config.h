// Config: every setting of a Korrigo process, read from KORRIGO_* environment variables layered
// over an optional KEY=VALUE config file (the environment wins). Loading validates each value;
// DeployProblems lists what makes a configuration unsafe for production.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::core {

struct Config {
  std::string env = "development";  // development | production
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;  // 0 = pick a free port (tests)
  std::string data_dir = "./data";
  std::string database_url;  // sqlite:PATH or postgresql://…; default: sqlite in data_dir
  std::string secret_key;
  std::string public_url;  // e.g. https://korrigo.lycee.fr
  std::string metrics_token;
  std::string web_dir;  // built web app; empty = built-in page
  std::string log_level = "info";
  bool debug = false;
  bool rate_limit = true;
  bool auto_migrate = true;
  std::optional<bool> cookie_secure;  // unset: true when public_url is https
  std::vector<std::string>
      allowed_hosts;  // empty: any in development, public_url's host in production
  int workers = 2;    // embedded job workers of `korrigo serve`
  int io_threads = 1;
  int handler_threads = 4;
  int db_pool_size = 8;
  int64_t max_body_bytes = 1 << 20;           // JSON and form bodies
  int64_t max_upload_bytes = 2LL << 30;       // one streamed upload request (all its files)
  int64_t max_scan_file_bytes = 500LL << 20;  // one uploaded scan PDF
  int scan_max_pages = 2000;                  // pages of one scan PDF
  int scan_uploads_per_hour = 120;            // scan upload requests per user and hour
  int sandbox_memory_mb = 1536;               // address space of the PDF-processing child
  int sandbox_cpu_s_per_page = 3;             // CPU time of that child, per page asked for
  int64_t max_header_bytes = 16 << 10;
  int header_timeout_s = 10;
  int body_timeout_s = 60;  // longest pause while a body is being received
  int idle_timeout_s = 75;  // keep-alive connections with no request
  int shutdown_timeout_s = 20;
  int job_heartbeat_s = 5;
  int job_reclaim_s = 60;  // a running job silent for this long is taken back
  int crypto_threads = 2;  // password hashing pool (64 MiB per hash in flight)
  int session_idle_timeout_s = 2 * 3600;
  int session_max_age_s = 12 * 3600;
  bool logout_other_sessions = true;  // password change and logout end the user's other sessions
  int login_max_failures_account = 5;
  int login_max_failures_ip = 30;
  int login_window_s = 15 * 60;
  int activation_code_ttl_s = 30 * 24 * 3600;
  int reset_code_ttl_s = 2 * 24 * 3600;

  bool production() const { return env == "production"; }
  bool EffectiveCookieSecure() const;
  std::vector<std::string> EffectiveAllowedHosts() const;
  std::string ListenAddress() const;
  // The configuration as JSON with secrets (key, token, database password) masked.
  nlohmann::json Describe() const;
};

// Reads KEY=VALUE lines ('#' comments, blank lines, optional quotes around values).
Result<std::map<std::string, std::string>> ReadConfigFile(const std::string& path);

// Builds a Config from `values` (KORRIGO_* names). Unknown KORRIGO_ names are an error, so a typo
// is not ignored.
Result<Config> ConfigFromValues(const std::map<std::string, std::string>& values);

// The process's configuration: the file named by `file_path` or KORRIGO_CONFIG (if any), then the
// environment.
Result<Config> LoadConfig(const std::optional<std::string>& file_path);

// Every reason this configuration must not run in production, in French; empty when it is fine.
std::vector<std::string> DeployProblems(const Config& config);

// Hides the password of a database URL: postgresql://u:secret@h/db -> postgresql://u:***@h/db.
std::string MaskDatabaseUrl(const std::string& url);

}  // namespace korrigo::core
