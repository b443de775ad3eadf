// UTF-8 clean-up before cairo: valid text is kept, invalid bytes and control characters are
// replaced.
#include "pdf/utf8_text.h"

#include <gtest/gtest.h>

namespace korrigo::pdf {
namespace {

TEST(ValidUtf8Test, KeepsValidText) {
  EXPECT_EQ(ValidUtf8("Éloïse DUPONT--MARTIN ✂ 𝄞"), "Éloïse DUPONT--MARTIN ✂ 𝄞");
  EXPECT_EQ(ValidUtf8(""), "");
}

TEST(ValidUtf8Test, ReplacesInvalidBytesAndControlCharacters) {
  EXPECT_EQ(ValidUtf8("a\xff"
                      "b"),
            "a�b");
  EXPECT_EQ(ValidUtf8("caf\xc3"), "caf�");           // truncated sequence
  EXPECT_EQ(ValidUtf8("\xc0\xaf"), "��");            // overlong "/"
  EXPECT_EQ(ValidUtf8("\xed\xa0\x80"), "���");       // surrogate
  EXPECT_EQ(ValidUtf8("\xf4\x90\x80\x80"), "����");  // past U+10FFFF
  EXPECT_EQ(ValidUtf8("ligne 1\nligne\t2"), "ligne 1 ligne 2");
}

TEST(CharacterEndsTest, EndsAfterEachCharacter) {
  EXPECT_EQ(CharacterEnds("aé✂𝄞"), (std::vector<size_t>{1, 3, 6, 10}));
  EXPECT_TRUE(CharacterEnds("").empty());
  EXPECT_EQ(CharacterEnds("a\xff"), (std::vector<size_t>{1, 2}));
}

}  // namespace
}  // namespace korrigo::pdf
