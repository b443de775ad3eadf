// The UTF-8 checks the PDF layer needs before handing text to cairo, which rejects a whole drawing
// call (and then the whole document) on one invalid byte, and cuts text only between characters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace korrigo::pdf {

// `text` with every invalid UTF-8 byte replaced by "�" (U+FFFD) and every control character by a
// space.
std::string ValidUtf8(std::string_view text);

// The byte offset just past each character of valid UTF-8 `text`, in order; its size is the
// character count.
std::vector<size_t> CharacterEnds(std::string_view text);

}  // namespace korrigo::pdf
