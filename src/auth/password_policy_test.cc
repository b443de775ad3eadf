// The common password policy and argon2id hashing.
#include "auth/password_policy.h"

#include <gtest/gtest.h>

#include "auth/password_hasher.h"

namespace korrigo::auth {
namespace {

PasswordContext Eloise() { return {"edupont", "eloise.dupont@lycee.fr", "Éloïse DUPONT-MARTIN"}; }

TEST(PasswordPolicyTest, AcceptsLongUnpredictablePasswords) {
  for (const char* ok : {"cheval-agrafe-batterie", "Tr0mbone!Violet#42", "8#2$9!4@1&7%",
                         "où est passé le chat ?", "K7QM-X2PA-9RTW"}) {
    EXPECT_TRUE(CheckPassword(ok, Eloise()).ok()) << ok;
  }
}

TEST(PasswordPolicyTest, RequiresTwelveCharactersCountingAccentsOnce) {
  auto short_pw = CheckPassword("Xk9#mQ2!vL7", Eloise());
  ASSERT_FALSE(short_pw.ok());
  EXPECT_NE(short_pw.error().message.find("12 caractères"), std::string::npos);
  EXPECT_EQ(short_pw.error().details["field"], "password");
  EXPECT_FALSE(CheckPassword("ééàà#9kQ!xz", Eloise()).ok());  // 11 code points
  EXPECT_FALSE(CheckPassword(std::string(300, 'x'), Eloise()).ok());
}

TEST(PasswordPolicyTest, RefusesCommonPasswordsAndDressedUpCommonWords) {
  for (const char* bad :
       {"motdepasse123", "Azertyuiop123!", "MotDePasse2024", "123456789012", "aaaaaaaaaaaa",
        "abcdefghijklmn", "qwertyuiop12", "  soleil2024!!!  ", "Mot de passe 2024", "korrigo2026!!",
        "azertyuiopqsdf", "!!Bonjour2025!!"}) {
    auto s = CheckPassword(bad, Eloise());
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_NE(s.error().message.find("courant"), std::string::npos) << bad;
    }
  }
}

TEST(PasswordPolicyTest, RefusesUsernameEmailAndNamesIgnoringCaseAndAccents) {
  for (const char* bad : {"edupont-2024-xyz", "ELOISE#horloge42", "xx-Martin-blue-7",
                          "Dupont plage 2025", "eloise.dupont!x9"}) {
    auto s = CheckPassword(bad, Eloise());
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_NE(s.error().message.find("identifiant"), std::string::npos) << bad;
    }
  }
}

TEST(PasswordHasherTest, HashesVerifiesAndDetectsOldParameters) {
  PasswordHasher fast(PasswordHasher::ForTests());
  auto hash = fast.Hash("cheval-agrafe-batterie");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(fast.Verify("cheval-agrafe-batterie", *hash));
  EXPECT_FALSE(fast.Verify("cheval-agrafe-batteriE", *hash));
  EXPECT_FALSE(fast.Verify("x", "not a hash"));
  EXPECT_FALSE(fast.Verify("x", ""));
  EXPECT_FALSE(fast.NeedsRehash(*hash));
  PasswordHasher stronger(
      {PasswordHasher::ForTests().ops + 1, PasswordHasher::ForTests().mem_bytes});
  EXPECT_TRUE(stronger.NeedsRehash(*hash));
  EXPECT_TRUE(stronger.Verify("cheval-agrafe-batterie", *hash));  // old hashes still verify
  auto again = fast.Hash("cheval-agrafe-batterie");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *hash);  // salted
}

}  // namespace
}  // namespace korrigo::auth
