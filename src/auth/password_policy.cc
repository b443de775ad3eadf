// Password policy checks. Comparisons run on folded text (lower case, no accents), so
// "Éloïse2024!!" is caught for the user Eloise. The common-password list is embedded from
// frequent_passwords.txt.
#include "auth/password_policy.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "auth/frequent_passwords.h"
#include "core/text_fold.h"

namespace korrigo::auth {
namespace {

const std::set<std::string, std::less<>>& CommonPasswords() {
  static const auto* words = [] {
    auto* set = new std::set<std::string, std::less<>>();
    std::string_view text = FrequentPasswordList();
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line[0] != '#') set->emplace(line);
      start = end + 1;
    }
    return set;
  }();
  return *words;
}

core::Error Refuse(std::string message) {
  return core::Error::InvalidArgument(std::move(message), {{"field", "password"}});
}

// True when each character follows the previous one on a keyboard row or in the alphabet/digits (or
// repeats).
bool IsSequence(const std::string& s) {
  static const std::vector<std::string> kRows = {"abcdefghijklmnopqrstuvwxyz",
                                                 "0123456789012345678901234567890",
                                                 "azertyuiop",
                                                 "qsdfghjklm",
                                                 "wxcvbn",
                                                 "qwertyuiop",
                                                 "asdfghjkl",
                                                 "zxcvbnm",
                                                 "1234567890"};
  if (s.size() < 2) return true;
  for (size_t i = 1; i < s.size(); ++i) {
    char a = s[i - 1], b = s[i];
    if (a == b) continue;
    bool adjacent = false;
    for (const std::string& row : kRows) {
      for (size_t k = 0; k + 1 < row.size() && !adjacent; ++k) {
        adjacent = (row[k] == a && row[k + 1] == b) || (row[k] == b && row[k + 1] == a);
      }
      if (adjacent) break;
    }
    if (!adjacent) return false;
  }
  return true;
}

// The password without leading and trailing digits, spaces and symbols.
std::string Core(const std::string& folded) {
  size_t first = 0, last = folded.size();
  auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80); };
  while (first < last && !is_letter(folded[first])) ++first;
  while (last > first && !is_letter(folded[last - 1])) --last;
  return folded.substr(first, last - first);
}

// Name parts of at least 3 letters: "Jean-Marc LE GALL" -> jean, marc, gall.
std::vector<std::string> Tokens(const std::string& folded) {
  std::vector<std::string> out;
  std::string current;
  for (char c : folded + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      current += c;
    } else {
      if (current.size() >= 3) out.push_back(current);
      current.clear();
    }
  }
  return out;
}

}  // namespace

core::Status CheckPassword(std::string_view password, const PasswordContext& context) {
  if (password.size() > kMaxPasswordBytes) {
    return Refuse("Le mot de passe est trop long (256 octets au plus).");
  }
  if (core::CodePointCount(password) < kMinPasswordLength) {
    return Refuse("Le mot de passe doit contenir au moins 12 caractères.");
  }
  std::string folded = core::FoldText(password);
  std::string compact;
  std::copy_if(folded.begin(), folded.end(), std::back_inserter(compact),
               [](char c) { return c != ' '; });
  const auto& common = CommonPasswords();
  std::string core_word = Core(folded);
  if (common.contains(folded) || common.contains(compact) || common.contains(core_word) ||
      common.contains(Core(compact)) || IsSequence(compact) ||
      (core_word.size() >= 4 && IsSequence(core_word))) {
    return Refuse("Ce mot de passe est trop courant ou trop prévisible : choisissez-en un autre.");
  }
  std::vector<std::string> personal = Tokens(core::FoldText(context.display_name));
  std::string user = core::FoldText(context.username);
  if (user.size() >= 3) personal.push_back(user);
  std::string email_name = core::FoldText(context.email.substr(0, context.email.find('@')));
  if (email_name.size() >= 3) personal.push_back(email_name);
  for (const std::string& p : personal) {
    if (compact.find(p) != std::string::npos || folded.find(p) != std::string::npos) {
      return Refuse("Le mot de passe ne doit contenir ni votre identifiant ni votre nom.");
    }
  }
  return {};
}

}  // namespace korrigo::auth
