// Accent- and case-insensitive text keys for comparisons and searches of French text: "Éloïse
// DUPONT-Œuvre" → "eloise dupont-oeuvre". Latin-1 and Latin Extended-A letters are folded to ASCII;
// other characters are kept.
#pragma once

#include <string>
#include <string_view>

namespace korrigo::core {

// Lower-case, accent-free form of UTF-8 text. Invalid UTF-8 bytes are dropped.
std::string FoldText(std::string_view utf8);

// A SQL LIKE pattern matching any text that contains `folded` (%, _ and \ escaped; use with ESCAPE
// '\').
std::string LikeContainsPattern(std::string_view folded);

// Number of Unicode code points in valid UTF-8 (invalid bytes count one each).
size_t CodePointCount(std::string_view utf8);

}  // namespace korrigo::core
