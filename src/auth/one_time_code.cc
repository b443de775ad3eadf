// One-time code generation, normalisation and single-use consumption (a conditional UPDATE, so two
// concurrent uses of the same code cannot both succeed).
#include "auth/one_time_code.h"

#include <cctype>

#include "core/digest.h"
#include "core/random.h"

namespace korrigo::auth {
namespace {

constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols
constexpr size_t kLength = 12;

}  // namespace

const char* CodePurposeName(CodePurpose purpose) {
  return purpose == CodePurpose::kActivation ? "activation" : "password_reset";
}

std::string GenerateOneTimeCode() {
  std::string code;
  for (size_t i = 0; i < kLength; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kAlphabet[core::RandomBelow(sizeof(kAlphabet) - 1)];
  }
  return code;
}

std::string NormalizeOneTimeCode(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool known = false;
    for (const char* a = kAlphabet; *a; ++a) known = known || *a == u;
    if (!known) return "";
    out += u;
  }
  return out.size() == kLength ? out : "";
}

std::string OneTimeCodeStore::Issue(soci::session& s, int64_t user_id, CodePurpose purpose,
                                    int64_t now, int64_t expires_at) const {
  std::string code = GenerateOneTimeCode();
  std::string hash = core::Sha256Hex(NormalizeOneTimeCode(code));
  std::string name = CodePurposeName(purpose);
  long long user = user_id, at = now, until = expires_at;
  s << "UPDATE one_time_codes SET used_at = :t WHERE user_id = :u AND purpose = :p AND used_at IS "
       "NULL",
      soci::use(at), soci::use(user), soci::use(name);
  s << "INSERT INTO one_time_codes (code_hash, user_id, purpose, created_at, expires_at) VALUES "
       "(:h, :u, :p, :t, :e)",
      soci::use(hash), soci::use(user), soci::use(name), soci::use(at), soci::use(until);
  return code;
}

std::optional<int64_t> OneTimeCodeStore::Consume(soci::session& s, const std::string& typed,
                                                 CodePurpose purpose, int64_t now) const {
  std::string normalized = NormalizeOneTimeCode(typed);
  if (normalized.empty()) return std::nullopt;
  std::string hash = core::Sha256Hex(normalized);
  std::string name = CodePurposeName(purpose);
  long long at = now, user = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT user_id FROM one_time_codes WHERE code_hash = :h AND purpose = :p AND used_at IS "
       "NULL "
       "AND expires_at > :t",
      soci::use(hash), soci::use(name), soci::use(at), soci::into(user, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  soci::statement st =
      (s.prepare
           << "UPDATE one_time_codes SET used_at = :t WHERE code_hash = :h AND used_at IS NULL",
       soci::use(at), soci::use(hash));
  st.execute(true);
  if (st.get_affected_rows() != 1) return std::nullopt;
  return user;
}

std::optional<std::pair<int64_t, CodePurpose>> OneTimeCodeStore::Peek(soci::session& s,
                                                                      const std::string& typed,
                                                                      int64_t now) const {
  std::string normalized = NormalizeOneTimeCode(typed);
  if (normalized.empty()) return std::nullopt;
  std::string hash = core::Sha256Hex(normalized);
  long long at = now, user = 0;
  std::string purpose;
  soci::indicator ind = soci::i_null;
  s << "SELECT user_id, purpose FROM one_time_codes WHERE code_hash = :h AND used_at IS NULL AND "
       "expires_at > :t",
      soci::use(hash), soci::use(at), soci::into(user, ind), soci::into(purpose);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return std::make_pair(static_cast<int64_t>(user), purpose == "activation"
                                                        ? CodePurpose::kActivation
                                                        : CodePurpose::kPasswordReset);
}

}  // namespace korrigo::auth
