// Byte-level encoding detection and conversion. UTF-8 validation is strict (no overlong forms,
// surrogates or code points past U+10FFFF) so that 8-bit text is almost never mistaken for UTF-8.
#include "students/text_encoding.h"

#include <cstdint>

namespace korrigo::students {
namespace {

// Windows-1252 bytes 0x80–0x9F; 0xFFFD where the code page assigns nothing.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80             ? 1
                 : (b & 0xE0) == 0xC0 ? 2
                 : (b & 0xF0) == 0xE0 ? 3
                 : (b & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

bool LooksLikeIso885915(std::string_view s) {
  bool evidence = false;
  for (char ch : s) {
    auto b = static_cast<unsigned char>(ch);
    if (b >= 0x80 && b <= 0x9F) return false;
    evidence = evidence || b == 0xA4 || b == 0xA6 || b == 0xA8 || b == 0xB8 || b == 0xBC ||
               b == 0xBD || b == 0xBE;
  }
  return evidence;
}

uint32_t Iso885915CodePoint(unsigned char b) {
  switch (b) {
    case 0xA4:
      return 0x20AC;
    case 0xA6:
      return 0x0160;
    case 0xA8:
      return 0x0161;
    case 0xB4:
      return 0x017D;
    case 0xB8:
      return 0x017E;
    case 0xBC:
      return 0x0152;
    case 0xBD:
      return 0x0153;
    case 0xBE:
      return 0x0178;
    default:
      return b;
  }
}

DecodedText DecodeEightBit(std::string_view s) {
  DecodedText out;
  bool iso = LooksLikeIso885915(s);
  out.encoding = iso ? "iso-8859-15" : "windows-1252";
  out.text.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    auto b = static_cast<unsigned char>(ch);
    uint32_t cp = iso ? Iso885915CodePoint(b) : b >= 0x80 && b <= 0x9F ? kCp1252High[b - 0x80] : b;
    AppendUtf8(cp, out.text);
  }
  return out;
}

core::Result<DecodedText> DecodeUtf16(std::string_view s, bool little_endian) {
  auto bad = [] {
    return core::Error::InvalidArgument("Le fichier UTF-16 est mal formé (caractères tronqués).");
  };
  if (s.size() % 2 != 0) return bad();
  DecodedText out{.encoding = little_endian ? "utf-16le" : "utf-16be", .had_bom = true};
  auto unit = [&](size_t i) -> uint32_t {
    auto lo = static_cast<unsigned char>(s[little_endian ? i : i + 1]);
    auto hi = static_cast<unsigned char>(s[little_endian ? i + 1 : i]);
    return (hi << 8) | lo;
  };
  for (size_t i = 0; i < s.size(); i += 2) {
    uint32_t u = unit(i);
    if (u >= 0xDC00 && u <= 0xDFFF) return bad();
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 2 >= s.size()) return bad();
      uint32_t low = unit(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) return bad();
      u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    AppendUtf8(u, out.text);
  }
  return out;
}

bool IsSpreadsheet(std::string_view s) {
  return s.starts_with(std::string_view("PK\x03\x04", 4)) ||
         s.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

}  // namespace

core::Result<DecodedText> DecodeText(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    std::string_view rest = bytes.substr(3);
    if (!IsValidUtf8(rest)) {
      return core::Error::InvalidArgument(
          "Le fichier annonce l'encodage UTF-8 mais contient des caractères invalides.");
    }
    return DecodedText{.text = std::string(rest), .encoding = "utf-8", .had_bom = true};
  }
  if (bytes.starts_with("\xFF\xFE")) return DecodeUtf16(bytes.substr(2), true);
  if (bytes.starts_with("\xFE\xFF")) return DecodeUtf16(bytes.substr(2), false);
  if (IsSpreadsheet(bytes)) {
    return core::Error::InvalidArgument(
        "Ce fichier est un classeur (Excel ou LibreOffice), pas un fichier CSV : ouvrez-le dans "
        "votre tableur "
        "puis « Enregistrer sous » au format CSV.");
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return core::Error::InvalidArgument(
        "Ce fichier n'est pas un fichier texte CSV (il contient des octets nuls).");
  }
  if (IsValidUtf8(bytes)) return DecodedText{.text = std::string(bytes), .encoding = "utf-8"};
  return DecodeEightBit(bytes);
}

}  // namespace korrigo::students
