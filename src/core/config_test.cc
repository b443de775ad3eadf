// Config parsing, validation, masking and every production guard.
#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace korrigo::core {
namespace {

std::map<std::string, std::string> GoodProduction() {
  return {
      {"KORRIGO_ENV", "production"},
      {"KORRIGO_SECRET_KEY", "4f9c2a7e1b8d3f6a0c5e9b2d7f1a4c8e6b3d0f9a2c7e5b1d8f4a6c0e3b9d2f7a"},
      {"KORRIGO_PUBLIC_URL", "https://korrigo.lycee-exemple.fr"},
      {"KORRIGO_METRICS_TOKEN", "metrics-token-0123456789abcdef"}};
}

bool Mentions(const std::vector<std::string>& problems, const std::string& word) {
  for (const auto& p : problems) {
    if (p.find(word) != std::string::npos) return true;
  }
  return false;
}

TEST(ConfigTest, DefaultsAreDevelopmentOnLoopbackWithSqliteInDataDir) {
  auto c = ConfigFromValues({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->env, "development");
  EXPECT_EQ(c->ListenAddress(), "127.0.0.1:8080");
  EXPECT_EQ(c->database_url, "sqlite:./data/korrigo.db");
  EXPECT_EQ(c->EffectiveAllowedHosts(), std::vector<std::string>{"*"});
  EXPECT_FALSE(c->EffectiveCookieSecure());
}

TEST(ConfigTest, ParsesEveryKindOfValue) {
  auto c = ConfigFromValues({{"KORRIGO_LISTEN", "[::1]:9000"},
                             {"KORRIGO_DATA_DIR", "/srv/korrigo"},
                             {"KORRIGO_WORKERS", "4"},
                             {"KORRIGO_DEBUG", "yes"},
                             {"KORRIGO_ALLOWED_HOSTS", " a.fr , b.fr ,"},
                             {"KORRIGO_MAX_UPLOAD_BYTES", "1048576"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen_host, "::1");
  EXPECT_EQ(c->listen_port, 9000);
  EXPECT_EQ(c->ListenAddress(), "[::1]:9000");
  EXPECT_EQ(c->database_url, "sqlite:/srv/korrigo/korrigo.db");
  EXPECT_EQ(c->workers, 4);
  EXPECT_TRUE(c->debug);
  EXPECT_EQ(c->allowed_hosts, (std::vector<std::string>{"a.fr", "b.fr"}));
  EXPECT_EQ(c->max_upload_bytes, 1048576);
}

TEST(ConfigTest, RejectsBadValuesWithTheSettingName) {
  for (auto [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"KORRIGO_WORKERS", "-1"},
                                                        {"KORRIGO_WORKERS", "2x"},
                                                        {"KORRIGO_WORKERS", ""},
                                                        {"KORRIGO_LISTEN", "8080"},
                                                        {"KORRIGO_LISTEN", "127.0.0.1:70000"},
                                                        {"KORRIGO_ENV", "prod"},
                                                        {"KORRIGO_DEBUG", "maybe"},
                                                        {"KORRIGO_LOG_LEVEL", "verbose"},
                                                        {"KORRIGO_DATABASE_URL", "mysql://x"},
                                                        {"KORRIGO_TYPO", "1"}}) {
    auto c = ConfigFromValues({{key, value}});
    ASSERT_FALSE(c.ok()) << key << "=" << value;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(c.error().message.find(key == "KORRIGO_DATABASE_URL" ? "KORRIGO_DATABASE_URL" : key),
              std::string::npos)
        << c.error().message;
  }
}

TEST(ConfigTest, ReadsConfigFileWithCommentsQuotesAndExport) {
  std::string path = ::testing::TempDir() + "/korrigo.conf";
  std::ofstream(path)
      << "# comment\n\nKORRIGO_WORKERS=3\nexport KORRIGO_PUBLIC_URL=\"https://x.fr\"\n"
         "KORRIGO_SECRET_KEY = 'abc def'\n";
  auto values = ReadConfigFile(path);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ((*values)["KORRIGO_WORKERS"], "3");
  EXPECT_EQ((*values)["KORRIGO_PUBLIC_URL"], "https://x.fr");
  EXPECT_EQ((*values)["KORRIGO_SECRET_KEY"], "abc def");
  std::ofstream(path) << "not a setting\n";
  EXPECT_FALSE(ReadConfigFile(path).ok());
  EXPECT_FALSE(ReadConfigFile(path + ".missing").ok());
}

TEST(ConfigTest, DescribeMasksSecrets) {
  auto c =
      ConfigFromValues({{"KORRIGO_SECRET_KEY", "supersecretvalue"},
                        {"KORRIGO_METRICS_TOKEN", "tok123"},
                        {"KORRIGO_DATABASE_URL", "postgresql://korrigo:hunter2@db:5432/korrigo"}});
  ASSERT_TRUE(c.ok());
  std::string text = c->Describe().dump();
  EXPECT_EQ(text.find("supersecretvalue"), std::string::npos);
  EXPECT_EQ(text.find("tok123"), std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_NE(text.find("postgresql://korrigo:***@db:5432/korrigo"), std::string::npos);
}

TEST(DeployProblemsTest, GoodProductionConfigHasNone) {
  auto c = ConfigFromValues(GoodProduction());
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(DeployProblems(*c).empty());
  EXPECT_TRUE(c->EffectiveCookieSecure());
  EXPECT_EQ(c->EffectiveAllowedHosts(), std::vector<std::string>{"korrigo.lycee-exemple.fr"});
}

TEST(DeployProblemsTest, EachGuardFiresOnItsOwn) {
  struct Case {
    std::string key, value, mention;
  };
  for (const Case& k :
       std::vector<Case>{{"KORRIGO_SECRET_KEY", "", "KORRIGO_SECRET_KEY"},
                         {"KORRIGO_SECRET_KEY", "short", "KORRIGO_SECRET_KEY"},
                         {"KORRIGO_SECRET_KEY", std::string(40, 'a'), "KORRIGO_SECRET_KEY"},
                         {"KORRIGO_DEBUG", "true", "KORRIGO_DEBUG"},
                         {"KORRIGO_ALLOWED_HOSTS", "*", "KORRIGO_ALLOWED_HOSTS"},
                         {"KORRIGO_PUBLIC_URL", "http://korrigo.fr", "https"},
                         {"KORRIGO_COOKIE_SECURE", "false", "Secure"},
                         {"KORRIGO_METRICS_TOKEN", "", "KORRIGO_METRICS_TOKEN"},
                         {"KORRIGO_RATE_LIMIT", "off", "KORRIGO_RATE_LIMIT"}}) {
    auto values = GoodProduction();
    values[k.key] = k.value;
    auto c = ConfigFromValues(values);
    ASSERT_TRUE(c.ok()) << k.key;
    auto problems = DeployProblems(*c);
    EXPECT_FALSE(problems.empty()) << k.key << "=" << k.value;
    EXPECT_TRUE(Mentions(problems, k.mention)) << k.key;
  }
}

TEST(DeployProblemsTest, ListsEveryProblemAtOnce) {
  auto c = ConfigFromValues(
      {{"KORRIGO_ENV", "production"}, {"KORRIGO_DEBUG", "1"}, {"KORRIGO_RATE_LIMIT", "0"}});
  ASSERT_TRUE(c.ok());
  EXPECT_GE(DeployProblems(*c).size(), 6u);
}

TEST(MaskDatabaseUrlTest, MasksOnlyThePassword) {
  EXPECT_EQ(MaskDatabaseUrl("postgresql://u:p@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(MaskDatabaseUrl("postgresql://u@h:5432/db"), "postgresql://u@h:5432/db");
  EXPECT_EQ(MaskDatabaseUrl("sqlite:./data/k.db"), "sqlite:./data/k.db");
}

}  // namespace
}  // namespace korrigo::core
