// Decoding an uploaded text file into UTF-8 whatever the spreadsheet or school software saved it
// as: UTF-8 with or without a byte-order mark, UTF-16 with a mark (Excel's "Texte Unicode"), else
// Windows-1252 or ISO-8859-15.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace korrigo::students {

struct DecodedText {
  std::string text;      // UTF-8, byte-order mark removed
  std::string encoding;  // "utf-8", "utf-16le", "utf-16be", "windows-1252" or "iso-8859-15"
  bool had_bom = false;
};

// Detects the encoding of `bytes` and converts them to UTF-8. The rules, in order:
//  1. A UTF-8 or UTF-16 (LE/BE) byte-order mark decides.
//  2. Bytes that are valid UTF-8 (plain ASCII included) are UTF-8.
//  3. Otherwise the text is 8-bit. Bytes 0x80–0x9F are control codes in ISO-8859-15 but letters and
//     punctuation in Windows-1252 (Œ, œ, Š, ’, …), so any of them means Windows-1252. Without them,
//     one of 0xA4 0xA6 0xA8 0xB8 0xBC 0xBD 0xBE (€ Š š ž Œ œ Ÿ in ISO-8859-15, ¤ ¦ ¨ ¸ ¼ ½ ¾ in
//     Windows-1252, signs that never appear in a roster) means ISO-8859-15; 0xB4 is left out of
//     that evidence because ´ is often typed as an apostrophe (N´DIAYE). Everything else is
//     Windows-1252, which equals ISO-8859-1 there.
// Windows-1252's five unassigned bytes (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD.
// Errors (invalid_argument, French message): a spreadsheet or other binary file (xlsx/ods/xls
// signatures, or NUL bytes outside UTF-16), and malformed UTF-16 (odd length, unpaired surrogates).
core::Result<DecodedText> DecodeText(std::string_view bytes);

}  // namespace korrigo::students
