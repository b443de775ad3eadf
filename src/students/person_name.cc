// Letter case is read from code points (ASCII, Latin-1, Latin Extended-A, basic Greek and
// Cyrillic), which covers the names found in French schools; words in other scripts count as
// caseless and end a last name.
#include "students/person_name.h"

#include <cstdint>
#include <vector>

namespace korrigo::students {
namespace {

enum class Case { kNone, kUpper, kLower };

Case CaseOf(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return Case::kUpper;
  if (cp >= 'a' && cp <= 'z') return Case::kLower;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return Case::kUpper;
  if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) return Case::kLower;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F) return Case::kLower;
    if (cp == 0x178) return Case::kUpper;
    bool odd_is_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    return (cp % 2 == 1) == odd_is_upper ? Case::kUpper : Case::kLower;
  }
  if ((cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F)) return Case::kUpper;
  if ((cp >= 0x3AC && cp <= 0x3CE) || (cp >= 0x430 && cp <= 0x45F)) return Case::kLower;
  return Case::kNone;
}

// Decodes the code point at `i` and advances past it; invalid bytes decode as themselves
// (caseless).
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80             ? 1
               : (b & 0xE0) == 0xC0 ? 2
               : (b & 0xF0) == 0xE0 ? 3
               : (b & 0xF8) == 0xF0 ? 4
                                    : 0;
  if (len <= 1 || i + len > s.size()) {
    ++i;
    return b;
  }
  uint32_t cp = b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// A word in capitals: at least one upper-case letter and no lower-case one.
bool IsCapitalized(std::string_view word) {
  bool upper = false;
  for (size_t i = 0; i < word.size();) {
    Case c = CaseOf(NextCodePoint(word, i));
    if (c == Case::kLower) return false;
    upper = upper || c == Case::kUpper;
  }
  return upper;
}

bool IsInitial(std::string_view word) {
  size_t i = 0;
  uint32_t cp = NextCodePoint(word, i);
  return CaseOf(cp) != Case::kNone && (i == word.size() || word.substr(i) == ".");
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string Join(const std::vector<std::string>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (i > from ? " " : "") + words[i];
  return out;
}

std::string Quoted(const std::string& s) { return "« " + s + " »"; }

}  // namespace

std::string NormalizeSpaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(text, i);
    bool space = cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x202F;
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(text.substr(start, i - start));
  }
  return out;
}

core::Result<PersonName> SplitFullName(std::string_view full_name) {
  std::string text = NormalizeSpaces(full_name);
  if (text.empty()) return core::Error::InvalidArgument("Nom et prénom manquants.");
  std::vector<std::string> words = SplitWords(text);
  if (words.size() == 1) {
    return core::Error::InvalidArgument("Prénom manquant : " + Quoted(text) +
                                        " ne contient qu'un mot (attendu : NOM Prénom).");
  }
  size_t n = words.size(), leading = 0, trailing = 0;
  while (leading < n && IsCapitalized(words[leading])) ++leading;
  while (trailing < n && IsCapitalized(words[n - 1 - trailing])) ++trailing;
  PersonName name;
  if (leading > 0 && leading < n) {
    name = {Join(words, 0, leading), Join(words, leading, n), std::nullopt};
  } else if (leading == 0 && trailing > 0) {
    name = {Join(words, n - trailing, n), Join(words, 0, n - trailing), std::nullopt};
    name.warning = "Ordre « Prénom NOM » supposé : nom " + Quoted(name.last_name) + ", prénom " +
                   Quoted(name.first_name) + " ; vérifiez.";
  } else {
    name = {words[0], Join(words, 1, n), std::nullopt};
    if (leading == n && n == 2 && IsInitial(words[1])) {
      name.warning = "Prénom réduit à une initiale (" + Quoted(name.first_name) + ") ; vérifiez.";
    } else {
      name.warning =
          std::string(leading == n ? "Tout est en majuscules" : "Aucun nom en majuscules") +
          " : nom " + Quoted(name.last_name) + ", prénom " + Quoted(name.first_name) +
          " supposés ; vérifiez.";
    }
  }
  return name;
}

}  // namespace korrigo::students
