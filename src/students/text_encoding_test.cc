// Encoding detection on the byte patterns French school software and spreadsheets produce.
#include "students/text_encoding.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

// UTF-16 bytes with a byte-order mark, from UTF-16 code units.
std::string Utf16(std::u16string_view units, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t u : units) {
    char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += little_endian ? lo : hi;
    out += little_endian ? hi : lo;
  }
  return out;
}

TEST(DecodeTextTest, KeepsUtf8AndStripsItsBom) {
  auto plain = DecodeText("Éloïse;Zoé");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->text, "Éloïse;Zoé");
  EXPECT_EQ(plain->encoding, "utf-8");
  EXPECT_FALSE(plain->had_bom);

  auto bom = DecodeText("\xEF\xBB\xBFNom;Prénom");
  ASSERT_TRUE(bom.ok());
  EXPECT_EQ(bom->text, "Nom;Prénom");
  EXPECT_EQ(bom->encoding, "utf-8");
  EXPECT_TRUE(bom->had_bom);
}

TEST(DecodeTextTest, AsciiIsUtf8) {
  auto d = DecodeText("Nom;Classe\r\nDUPONT;4A\r\n");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "utf-8");
  EXPECT_EQ(d->text, "Nom;Classe\r\nDUPONT;4A\r\n");
}

TEST(DecodeTextTest, ReadsWindows1252) {
  auto d = DecodeText(
      "\xC9lo\xEFse;Ana\xEFs;Zo\xE9;Fran\xE7ois;\x8C"
      "DIPE;b\x9C"
      "uf;D\x92"
      "ALMEIDA");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "windows-1252");
  EXPECT_EQ(d->text, "Éloïse;Anaïs;Zoé;François;ŒDIPE;bœuf;D’ALMEIDA");
}

TEST(DecodeTextTest, Latin1WithoutEvidenceIsWindows1252) {
  auto d = DecodeText(
      "LEF\xC8VRE No\xEBl N\xB4"
      "DIAYE");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "windows-1252");
  EXPECT_EQ(d->text, "LEFÈVRE Noël N´DIAYE");  // 0xB4 alone is not taken as ISO-8859-15's Ž
}

TEST(DecodeTextTest, ReadsIso885915WhenItsLettersAppear) {
  auto d = DecodeText(
      "C\xBCURDEROY Chlo\xE9;\xA6IMIC;c\xBD"
      "ur;\xA4");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "iso-8859-15");
  EXPECT_EQ(d->text, "CŒURDEROY Chloé;ŠIMIC;cœur;€");
}

TEST(DecodeTextTest, Windows1252BytesOverrideIso885915Evidence) {
  auto d = DecodeText(
      "\x8C"
      "DIPE \xBD");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "windows-1252");
  EXPECT_EQ(d->text, "ŒDIPE ½");
}

TEST(DecodeTextTest, UnassignedWindows1252BytesBecomeReplacementCharacters) {
  auto d = DecodeText(
      "a\x81"
      "b\xE9");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text,
            "a\xEF\xBF\xBD"
            "bé");
}

TEST(DecodeTextTest, ReadsUtf16BothWays) {
  std::u16string text = u"Nom;Prénom\r\nÉMERY;Zoé 𝄞";
  for (bool le : {true, false}) {
    auto d = DecodeText(Utf16(text, le));
    ASSERT_TRUE(d.ok()) << le;
    EXPECT_EQ(d->encoding, le ? "utf-16le" : "utf-16be");
    EXPECT_TRUE(d->had_bom);
    EXPECT_EQ(d->text, "Nom;Prénom\r\nÉMERY;Zoé 𝄞");
  }
}

TEST(DecodeTextTest, RefusesMalformedUtf16) {
  EXPECT_FALSE(DecodeText(Utf16(u"ab", true) + "x").ok());                 // odd length
  EXPECT_FALSE(DecodeText(Utf16(std::u16string(1, 0xD800), true)).ok());   // lone high surrogate
  EXPECT_FALSE(DecodeText(Utf16(std::u16string(1, 0xDC00), false)).ok());  // lone low surrogate
}

TEST(DecodeTextTest, RefusesSpreadsheetsAndBinaryFiles) {
  auto xlsx = DecodeText(std::string("PK\x03\x04\x14\x00\x06\x00", 8));
  ASSERT_FALSE(xlsx.ok());
  EXPECT_EQ(xlsx.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(xlsx.error().message.find("CSV"), std::string::npos);
  EXPECT_FALSE(DecodeText("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old xls").ok());
  EXPECT_FALSE(DecodeText(std::string("N\0o\0m\0", 6)).ok());
}

TEST(DecodeTextTest, RefusesInvalidUtf8AfterABom) {
  EXPECT_FALSE(DecodeText("\xEF\xBB\xBF"
                          "caf\xE9")
                   .ok());
}

TEST(DecodeTextTest, EmptyInputIsEmptyUtf8) {
  auto d = DecodeText("");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "");
  EXPECT_EQ(d->encoding, "utf-8");
}

}  // namespace
}  // namespace korrigo::students
