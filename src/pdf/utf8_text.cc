// Validating UTF-8 by hand (no ICU for two functions): overlong forms, surrogates and code points
// past U+10FFFF count as invalid, as they do for cairo.
#include "pdf/utf8_text.h"

#include <cstdint>

namespace korrigo::pdf {
namespace {

// The length of the valid UTF-8 sequence that starts `text` (not empty), or 0 when its first byte
// is invalid.
size_t SequenceLength(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  size_t length = 0;
  uint32_t code_point = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

}  // namespace

std::string ValidUtf8(std::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  while (!text.empty()) {
    size_t length = SequenceLength(text);
    if (length == 0) {
      valid += "\xEF\xBF\xBD";  // U+FFFD
      length = 1;
    } else if (length == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7F)) {
      valid += ' ';
    } else {
      valid.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return valid;
}

std::vector<size_t> CharacterEnds(std::string_view text) {
  std::vector<size_t> ends;
  size_t offset = 0;
  while (offset < text.size()) {
    size_t length = SequenceLength(text.substr(offset));
    offset += length == 0 ? 1 : length;
    ends.push_back(offset);
  }
  return ends;
}

}  // namespace korrigo::pdf
