// Folding French names for accent- and case-insensitive comparison.
#include "core/text_fold.h"

#include <gtest/gtest.h>

namespace korrigo::core {
namespace {

TEST(FoldTextTest, FoldsFrenchNames) {
  EXPECT_EQ(FoldText("Éloïse DUPONT--MARTIN"), "eloise dupont--martin");
  EXPECT_EQ(FoldText("Anaïs LE GALL"), "anais le gall");
  EXPECT_EQ(FoldText("Œuvre cœur Ægir"), "oeuvre coeur aegir");
  EXPECT_EQ(FoldText("N’DIAYE Fatou"), "n'diaye fatou");
  EXPECT_EQ(FoldText("Łukasz Dvořák Şahin Straße"), "lukasz dvorak sahin strasse");
  EXPECT_EQ(FoldText("ÇA, où ÿ"), "ca, ou y");
}

TEST(FoldTextTest, KeepsOtherScriptsAndDropsInvalidBytes) {
  EXPECT_EQ(FoldText("Ωmega ✓"), "Ωmega ✓");
  EXPECT_EQ(FoldText(std::string("a\xff"
                                 "b\xc3")),
            "ab");
}

TEST(CodePointCountTest, CountsCodePoints) {
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("éèà✓"), 4u);
  EXPECT_EQ(CodePointCount(""), 0u);
}

}  // namespace
}  // namespace korrigo::core
