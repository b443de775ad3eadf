// Tests of the generated students, the roster CSV and copy file names.
#include "student_roster.h"

#include <gtest/gtest.h>

#include <set>

namespace korrigo::scangen {
namespace {

TEST(MakeStudents, NamesAreDistinctAndDeterministic) {
  const std::vector<Student> students = MakeStudents(42, 300, "T.02");
  ASSERT_EQ(students.size(), 300u);
  std::set<std::string> names, files;
  for (const Student& s : students) {
    names.insert(s.last_name + "|" + s.first_name);
    files.insert(CopyFileName(s));
    EXPECT_EQ(s.class_name, "T.02");
    EXPECT_GE(s.birth_year, 2006);
    EXPECT_LE(s.birth_year, 2008);
  }
  EXPECT_EQ(names.size(), 300u);
  EXPECT_EQ(files.size(), 300u);
  EXPECT_EQ(MakeStudents(42, 300, "T.02")[123].first_name, students[123].first_name);
  const std::vector<Student> other = MakeStudents(43, 300, "T.02");
  int same = 0;
  for (size_t i = 0; i < other.size(); ++i) {
    same += other[i].last_name == students[i].last_name &&
            other[i].first_name == students[i].first_name;
  }
  EXPECT_LT(same, 30);
}

TEST(MakeStudents, UsesAccentedNames) {
  bool accented = false;
  for (const Student& s : MakeStudents(1, 60, "T.02")) {
    accented |= FoldToAscii(s.first_name) != s.first_name;
  }
  EXPECT_TRUE(accented);
}

TEST(CopyFileName, FoldsAccentsAndReplacesApostrophesAndSpaces) {
  EXPECT_EQ(CopyFileName({.last_name = "DUPONT", .first_name = "Éloïse"}),
            "copie_DUPONT_Eloise.pdf");
  EXPECT_EQ(CopyFileName({.last_name = "N'DIAYE", .first_name = "Loïc"}), "copie_N-DIAYE_Loic.pdf");
  EXPECT_EQ(CopyFileName({.last_name = "LE GALL", .first_name = "Marie-Ève"}),
            "copie_LE-GALL_Marie-Eve.pdf");
  EXPECT_EQ(FoldToAscii("LEFÈVRE Œuvre"), "LEFEVRE OEuvre");
}

TEST(RosterCsv, HasTheHeaderAndFrenchDates) {
  Student s{.last_name = "LEFÈVRE",
            .first_name = "Zoé",
            .class_name = "T.02",
            .birth_year = 2008,
            .birth_month = 3,
            .birth_day = 4};
  EXPECT_EQ(RosterCsv({s}), "Nom;Prénom;Classe;Date de naissance\nLEFÈVRE;Zoé;T.02;04/03/2008\n");
  EXPECT_EQ(s.IsoBirthDate(), "2008-03-04");
}

}  // namespace
}  // namespace korrigo::scangen
