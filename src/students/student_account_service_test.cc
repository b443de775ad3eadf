// Usernames derived from names and emails, and the parsing of account selections.
#include "students/student_account_service.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

Student Named(std::string first, std::string last,
              std::optional<std::string> email = std::nullopt) {
  Student s;
  s.first_name = std::move(first);
  s.last_name = std::move(last);
  s.email = std::move(email);
  return s;
}

TEST(UsernameBaseTest, FoldsNamesToAsciiWords) {
  EXPECT_EQ(UsernameBase(Named("Éloïse", "DUPONT--MARTIN"), false), "eloise.dupont-martin");
  EXPECT_EQ(UsernameBase(Named("Fatou", "N'DIAYE"), false), "fatou.n-diaye");
  EXPECT_EQ(UsernameBase(Named("Mohamed-Youssef", "BEN AMEUR"), false),
            "mohamed-youssef.ben-ameur");
  EXPECT_EQ(UsernameBase(Named("Zoé", "ŒUVRARD"), false), "zoe.oeuvrard");
  EXPECT_EQ(UsernameBase(Named("Jean", "DE LA FONTAINE"), false), "jean.de-la-fontaine");
}

TEST(UsernameBaseTest, UsesTheEmailWhenAskedAndPresent) {
  EXPECT_EQ(UsernameBase(Named("Zoé", "ÉMERY", "Zoe.Emery@Lycee.fr"), true), "zoe.emery@lycee.fr");
  EXPECT_EQ(UsernameBase(Named("Zoé", "ÉMERY"), true), "zoe.emery");  // no email: the names
}

TEST(UsernameBaseTest, AlwaysValidEvenFromOddNames) {
  std::string base = UsernameBase(Named("李", "王"), false);  // letters the fold does not know
  EXPECT_GE(base.size(), 3u);
  EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(base[0])));
  std::string longest = UsernameBase(Named(std::string(80, 'a'), std::string(80, 'b')), false);
  EXPECT_LE(longest.size(), 48u);
}

TEST(AccountSelectionTest, ExactlyOneSelector) {
  auto by_class = ParseAccountSelection({{"class_name", "T.02"}, {"group_name", "G1"}});
  ASSERT_TRUE(by_class.ok());
  EXPECT_EQ(by_class->class_name, "T.02");
  EXPECT_EQ(by_class->group_name, "G1");
  auto ids = ParseAccountSelection({{"student_ids", {3, 4, 3}}, {"username_from", "email"}});
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->student_ids, (std::vector<int64_t>{3, 4}));
  EXPECT_TRUE(ids->username_from_email);
  EXPECT_TRUE(ParseAccountSelection({{"all", true}}).ok());

  for (const nlohmann::json& bad :
       {nlohmann::json::object(), nlohmann::json{{"all", true}, {"class_name", "T1"}},
        nlohmann::json{{"student_ids", nlohmann::json::array()}},
        nlohmann::json{{"student_ids", {"3"}}}, nlohmann::json{{"student_ids", {-1}}},
        nlohmann::json{{"group_name", "G1"}}, nlohmann::json{{"class_name", "  "}},
        nlohmann::json{{"all", false}}, nlohmann::json{{"all", true}, {"username_from", "ine"}},
        nlohmann::json{{"all", true}, {"x", 1}}}) {
    auto parsed = ParseAccountSelection(bad);
    EXPECT_FALSE(parsed.ok()) << bad.dump();
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument) << bad.dump();
    }
  }
}

}  // namespace
}  // namespace korrigo::students
