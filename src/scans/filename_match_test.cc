#include "scans/filename_match.h"

#include <gtest/gtest.h>

namespace korrigo::scans {
namespace {

const std::vector<NamedStudent> kStudents = {
    {1, "DUPONT", "Éloïse"},     {2, "DUPONT", "Marc"},    {3, "N'DIAYE", "Loïc"},
    {4, "MARTIN-GARCIA", "Zoé"}, {5, "LEFÈVRE", "Noémie"},
};

TEST(FilenameMatchTest, MatchesLastAndFirstNamesWithoutAccentsOrCase) {
  auto m = MatchFilename("copie_DUPONT_Eloise.pdf", kStudents);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->student_id, 1);
  EXPECT_DOUBLE_EQ(m->confidence, 0.95);
  EXPECT_EQ(MatchFilename("copie_N-DIAYE_Loic.pdf", kStudents)->student_id, 3);
  EXPECT_EQ(MatchFilename("Martin Garcia zoé (2).PDF", kStudents)->student_id, 4);
}

TEST(FilenameMatchTest, LastNameAloneCountsOnlyWhenUnique) {
  auto m = MatchFilename("lefevre.pdf", kStudents);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->student_id, 5);
  EXPECT_DOUBLE_EQ(m->confidence, 0.6);
  EXPECT_FALSE(MatchFilename("copie_dupont.pdf", kStudents));  // two Duponts
}

TEST(FilenameMatchTest, NoMatchForUnrelatedNames) {
  EXPECT_FALSE(MatchFilename("scan_0001.pdf", kStudents));
  EXPECT_FALSE(MatchFilename("", kStudents));
  EXPECT_FALSE(MatchFilename("dupontel_eloise.pdf", kStudents));  // whole words only
}

}  // namespace
}  // namespace korrigo::scans
