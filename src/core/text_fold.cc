// A table-driven fold of the Latin letters used in French (and neighbouring) names.
#include "core/text_fold.h"

#include <cctype>
#include <cstdint>

namespace korrigo::core {
namespace {

// Decodes one code point; returns bytes consumed (0 at end). Invalid sequences yield U+FFFD and
// consume one byte.
size_t Decode(std::string_view s, size_t i, uint32_t* cp) {
  if (i >= s.size()) return 0;
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    *cp = 0xFFFD;
    return 1;
  }
  uint32_t v = b & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (c & 0x3F);
  }
  *cp = v;
  return len;
}

// The ASCII form of a folded Latin letter, or an empty view when `cp` is not one.
std::string_view FoldLatin(uint32_t cp) {
  // U+00C0..U+00FF
  static const char* const kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c",
      "e", "e", "e", "e", "i", "i", "i",  "i",  // C0-CF
      "d", "n", "o", "o", "o", "o", "o",  nullptr,
      "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
      "a", "a", "a", "a", "a", "a", "ae", "c",
      "e", "e", "e", "e", "i", "i", "i",  "i",  // E0-EF
      "d", "n", "o", "o", "o", "o", "o",  nullptr,
      "o", "u", "u", "u", "u", "y", "th", "y",  // F0-FF
  };
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0] ? kLatin1[cp - 0xC0] : std::string_view();
  // U+0100..U+017F: the base letter of each (generated from Unicode decompositions).
  static const char kExtA[] =
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
      "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x152 || cp == 0x153) return "oe";
    if (cp == 0x132 || cp == 0x133) return "ij";
    return std::string_view(kExtA + (cp - 0x100), 1);
  }
  return {};
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  uint32_t cp = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t n = Decode(utf8, i, &cp);
    std::string_view raw = utf8.substr(i, n);
    i += n;
    if (cp < 0x80) {
      out += static_cast<char>(std::tolower(static_cast<int>(cp)));
    } else if (std::string_view folded = FoldLatin(cp); !folded.empty()) {
      out += folded;
    } else if (cp == 0xFFFD && n == 1) {
      continue;
    } else if (cp == 0x2019 || cp == 0x2018) {
      out += '\'';  // typographic apostrophes: N’DIAYE == N'DIAYE
    } else if (cp == 0xA0 || cp == 0x202F) {
      out += ' ';
    } else {
      out += raw;
    }
  }
  return out;
}

size_t CodePointCount(std::string_view utf8) {
  size_t count = 0;
  uint32_t cp = 0;
  for (size_t i = 0; i < utf8.size(); ++count) i += Decode(utf8, i, &cp);
  return count;
}

std::string LikeContainsPattern(std::string_view folded) {
  std::string out = "%";
  for (char c : folded) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace korrigo::core
