// The `korrigo` subcommands an operator runs: the production guards of `serve`, `check --deploy`,
// `config` (secrets masked), `migrate` / `migrate --status`, and `version`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_server.h"

namespace korrigo::itest {
namespace {

constexpr char kSecretKey[] =
    "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d8e";  // 64 chars
constexpr char kMetricsToken[] = "prod-metrics-token-5a7c9e1f3b";

// A production configuration that passes every guard (the proxy in front terminates TLS).
Env ProductionEnv(const std::string& data_dir, const korrigo::testing::TestDatabase& db) {
  Env env = BaseServerEnv(data_dir, db);
  env["KORRIGO_ENV"] = "production";
  env["KORRIGO_SECRET_KEY"] = kSecretKey;
  env["KORRIGO_PUBLIC_URL"] = "https://korrigo.lycee-exemple.fr";
  env["KORRIGO_METRICS_TOKEN"] = kMetricsToken;
  env["KORRIGO_ALLOWED_HOSTS"] = "korrigo.lycee-exemple.fr";
  return env;
}

TEST(ProductionConfigTest, CorrectProductionConfigStartsAndAnswers) {
  TestServer server;
  server.env() = ProductionEnv(server.data_dir(), server.database());
  ASSERT_TRUE(server.Start());
  auto r = server.Get("/api/v1/health/live");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->Header("Strict-Transport-Security").find("max-age="), std::string::npos);
  // Only the configured host name is served outside the operational endpoints.
  auto wrong_host = server.Get("/", {{"Host", "attacker.example"}});
  ASSERT_TRUE(wrong_host.ok());
  EXPECT_EQ(wrong_host->status, 400);
  auto right_host = server.Get("/", {{"Host", "korrigo.lycee-exemple.fr"}});
  ASSERT_TRUE(right_host.ok());
  EXPECT_EQ(right_host->status, 200);
  // Metrics are protected.
  auto metrics = server.Get("/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->status, 401);
}

struct Guard {
  const char* name;
  const char* variable;  // set to `value`, or removed when value is null
  const char* value;
  const char* expected;  // the setting the error message must name
};

// Readable parameter names in ctest's output.
void PrintTo(const Guard& g, std::ostream* os) { *os << g.name; }

class ProductionGuardTest : public ::testing::TestWithParam<Guard> {};

TEST_P(ProductionGuardTest, ServeRefusesToStart) {
  const Guard& g = GetParam();
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  Env env = ProductionEnv(data.path(), db);
  if (g.value) {
    env[g.variable] = g.value;
  } else {
    env.erase(g.variable);
  }
  CommandResult r = RunKorrigo({"serve"}, env, std::chrono::seconds(15));
  ASSERT_FALSE(r.timed_out) << "serve started despite " << g.name << "\n" << r.out;
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(g.expected), std::string::npos) << "stderr: " << r.err;
  EXPECT_EQ(r.out.find("server.listening"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    EachGuard, ProductionGuardTest,
    ::testing::Values(
        Guard{"MissingSecretKey", "KORRIGO_SECRET_KEY", nullptr, "KORRIGO_SECRET_KEY"},
        Guard{"ShortSecretKey", "KORRIGO_SECRET_KEY", "0123456789abcdef", "KORRIGO_SECRET_KEY"},
        Guard{"RepetitiveSecretKey", "KORRIGO_SECRET_KEY",
              "abababababababababababababababababababab", "KORRIGO_SECRET_KEY"},
        Guard{"DebugOn", "KORRIGO_DEBUG", "true", "KORRIGO_DEBUG"},
        Guard{"AnyHost", "KORRIGO_ALLOWED_HOSTS", "*", "KORRIGO_ALLOWED_HOSTS"},
        Guard{"PlainHttpPublicUrl", "KORRIGO_PUBLIC_URL", "http://korrigo.lycee-exemple.fr",
              "KORRIGO_PUBLIC_URL"},
        Guard{"InsecureCookies", "KORRIGO_COOKIE_SECURE", "false", "KORRIGO_COOKIE_SECURE"},
        Guard{"MissingMetricsToken", "KORRIGO_METRICS_TOKEN", nullptr, "KORRIGO_METRICS_TOKEN"},
        Guard{"ShortMetricsToken", "KORRIGO_METRICS_TOKEN", "short", "KORRIGO_METRICS_TOKEN"},
        Guard{"RateLimitOff", "KORRIGO_RATE_LIMIT", "false", "KORRIGO_RATE_LIMIT"}),
    [](const ::testing::TestParamInfo<Guard>& info) { return std::string(info.param.name); });

TEST(CliCommandsTest, UnknownSettingIsRejected) {
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  Env env = BaseServerEnv(data.path(), db);
  env["KORRIGO_WORKRES"] = "2";  // a typo must not be ignored
  CommandResult r = RunKorrigo({"serve"}, env, std::chrono::seconds(15));
  ASSERT_FALSE(r.timed_out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("KORRIGO_WORKRES"), std::string::npos) << r.err;
}

TEST(CliCommandsTest, CheckDeployListsEveryProblemAtOnce) {
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  Env env = BaseServerEnv(data.path(), db);  // development defaults: many production problems
  env["KORRIGO_DEBUG"] = "true";
  CommandResult r = RunKorrigo({"check", "--deploy"}, env);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const char* setting : {"KORRIGO_SECRET_KEY", "KORRIGO_DEBUG", "KORRIGO_PUBLIC_URL",
                              "KORRIGO_METRICS_TOKEN", "KORRIGO_ALLOWED_HOSTS"}) {
    EXPECT_NE(r.err.find(setting), std::string::npos) << setting << " not listed in:\n" << r.err;
  }
}

TEST(CliCommandsTest, CheckDeployPassesWithProductionConfig) {
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  CommandResult r = RunKorrigo({"check", "--deploy"}, ProductionEnv(data.path(), db));
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(CliCommandsTest, CheckWithoutDeployAcceptsDevelopmentConfig) {
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  CommandResult r = RunKorrigo({"check"}, BaseServerEnv(data.path(), db));
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(CliCommandsTest, ConfigMasksSecrets) {
  korrigo::testing::TempDir data;
  Env env = {
      {"KORRIGO_DATA_DIR", data.path()},
      {"KORRIGO_SECRET_KEY", kSecretKey},
      {"KORRIGO_METRICS_TOKEN", kMetricsToken},
      {"KORRIGO_DATABASE_URL", "postgresql://korrigo:hunter2-db-password@127.0.0.1:5432/korrigo"},
  };
  CommandResult r = RunKorrigo({"config"}, env);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string all = r.out + r.err;
  EXPECT_EQ(all.find(kSecretKey), std::string::npos) << all;
  EXPECT_EQ(all.find(kMetricsToken), std::string::npos) << all;
  EXPECT_EQ(all.find("hunter2-db-password"), std::string::npos) << all;
  auto json = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(json.is_object()) << r.out;
  EXPECT_EQ(json.value("KORRIGO_SECRET_KEY", ""), "***");
  EXPECT_EQ(json.value("KORRIGO_METRICS_TOKEN", ""), "***");
  EXPECT_EQ(json.value("KORRIGO_DATABASE_URL", ""),
            "postgresql://korrigo:***@127.0.0.1:5432/korrigo");
  EXPECT_EQ(json.value("KORRIGO_DATA_DIR", ""), data.path());
}

TEST(CliCommandsTest, ConfigShowsUnsetSecretsAsEmpty) {
  korrigo::testing::TempDir data;
  CommandResult r = RunKorrigo({"config"}, {{"KORRIGO_DATA_DIR", data.path()}});
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(json.is_object()) << r.out;
  EXPECT_EQ(json.value("KORRIGO_SECRET_KEY", "?"), "");
}

TEST(CliCommandsTest, MigrateThenStatusIsUpToDate) {
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  Env env = BaseServerEnv(data.path(), db);

  CommandResult before = RunKorrigo({"migrate", "--status"}, env);
  ASSERT_FALSE(before.timed_out);
  EXPECT_EQ(before.exit_code, 3) << "a fresh database has pending migrations\n"
                                 << before.out << before.err;

  CommandResult migrate = RunKorrigo({"migrate"}, env);
  ASSERT_FALSE(migrate.timed_out);
  EXPECT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_NE(migrate.out.find("appliquée"), std::string::npos) << migrate.out;

  CommandResult status = RunKorrigo({"migrate", "--status"}, env);
  ASSERT_FALSE(status.timed_out);
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("Migrations en attente : 0"), std::string::npos) << status.out;

  CommandResult again = RunKorrigo({"migrate"}, env);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("à jour"), std::string::npos) << again.out;
}

TEST(CliCommandsTest, ServeWithoutAutoMigrateRefusesPendingMigrations) {
  korrigo::testing::TempDir data;
  korrigo::testing::TestDatabase db;
  Env env = BaseServerEnv(data.path(), db);
  env["KORRIGO_AUTO_MIGRATE"] = "false";
  CommandResult r = RunKorrigo({"serve"}, env, std::chrono::seconds(15));
  ASSERT_FALSE(r.timed_out) << r.out;
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("korrigo migrate"), std::string::npos) << r.err;
}

TEST(CliCommandsTest, VersionPrintsProgramAndSchemaVersion) {
  CommandResult r = RunKorrigo({"version"}, {});
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("korrigo ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("schéma"), std::string::npos) << r.out;

  CommandResult flag = RunKorrigo({"--version"}, {});
  EXPECT_EQ(flag.exit_code, 0);
  EXPECT_FALSE(flag.out.empty());
}

}  // namespace
}  // namespace korrigo::itest
