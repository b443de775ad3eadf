// PlanRosterImport: matching rows with the roster by school id, else names + birth date; never
// clearing known values; restoring archived students; reporting missing students of the file's
// classes; ambiguous matches.
#include "students/roster_plan.h"

#include <gtest/gtest.h>

namespace korrigo::students {
namespace {

RosterRow Row(int n, std::string last, std::string first, std::optional<std::string> birth,
              std::string cls, std::optional<std::string> ine = std::nullopt) {
  RosterRow r;
  r.row_number = n;
  r.last_name = std::move(last);
  r.first_name = std::move(first);
  r.birth_date = std::move(birth);
  r.class_name = std::move(cls);
  r.school_id = std::move(ine);
  return r;
}

Student Existing(int64_t id, std::string last, std::string first, std::optional<std::string> birth,
                 std::string cls, std::optional<std::string> ine = std::nullopt) {
  Student s;
  s.id = id;
  s.last_name = std::move(last);
  s.first_name = std::move(first);
  s.birth_date = std::move(birth);
  s.class_name = std::move(cls);
  s.school_id = std::move(ine);
  s.updated_at = 1000 + id;
  return s;
}

TEST(RosterPlanTest, CreatesUpdatesAndLeavesUnchanged) {
  std::vector<Student> roster = {Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1"),
                                 Existing(2, "MARTIN", "Jean", "2008-05-02", "T1")};
  std::vector<RosterRow> rows = {
      Row(2, "Dupont", "Eloise", "2008-03-01", "T1"),  // same identity, other spelling
      Row(3, "MARTIN", "Jean", "2008-05-02", "T2"), Row(4, "LE GALL", "Anaïs", "2008-07-03", "T1")};
  RosterPlan plan = PlanRosterImport(rows, {}, roster);
  ASSERT_EQ(plan.rows.size(), 3u);
  EXPECT_EQ(plan.rows[0].action, "update");  // the names are rewritten as the file spells them
  EXPECT_EQ(plan.rows[0].target.id, 1);
  EXPECT_EQ(plan.rows[1].action, "update");
  EXPECT_EQ(plan.rows[1].changes, nlohmann::json::array({"class_name"}));
  EXPECT_EQ(plan.rows[2].action, "create");
  EXPECT_EQ(plan.rows[2].target.id, 0);
  EXPECT_TRUE(plan.missing.empty());
}

TEST(RosterPlanTest, SameRowsAgainChangeNothing) {
  std::vector<Student> roster = {Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1", "INE1")};
  RosterRow row = Row(2, "DUPONT", "Éloïse", "2008-03-01", "T1", "INE1");
  RosterPlan plan = PlanRosterImport({row}, {}, roster);
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].action, "unchanged");
}

TEST(RosterPlanTest, SchoolIdWinsOverNames) {
  std::vector<Student> roster = {Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1", "INE1")};
  // Married name, new birth date typo fixed: still the same student by INE.
  RosterPlan plan =
      PlanRosterImport({Row(2, "DUPONT-MARTIN", "Éloïse", "2008-03-02", "T1", "INE1")}, {}, roster);
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].action, "update");
  EXPECT_EQ(plan.rows[0].target.id, 1);
}

TEST(RosterPlanTest, AddsTheSchoolIdToAStudentKnownByName) {
  std::vector<Student> roster = {Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1")};
  RosterPlan plan =
      PlanRosterImport({Row(2, "DUPONT", "Éloïse", "2008-03-01", "T1", "INE1")}, {}, roster);
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].target.id, 1);
  EXPECT_EQ(plan.rows[0].target.school_id, "INE1");
}

TEST(RosterPlanTest, EmptyCellsKeepKnownValues) {
  Student known = Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1", "INE1");
  known.email = "eloise@example.fr";
  known.group_name = "G1";
  RosterPlan plan =
      PlanRosterImport({Row(2, "DUPONT", "Éloïse", std::nullopt, "T1", "INE1")}, {}, {known});
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].action, "unchanged");
  EXPECT_EQ(plan.rows[0].target.email, "eloise@example.fr");
  EXPECT_EQ(plan.rows[0].target.birth_date, "2008-03-01");
}

TEST(RosterPlanTest, RestoresArchivedStudentsAndReportsMissingOnesOfTheSameClasses) {
  Student archived = Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1");
  archived.archived = true;
  std::vector<Student> roster = {archived, Existing(2, "MARTIN", "Jean", "2008-05-02", "T1"),
                                 Existing(3, "PETIT", "Lou", "2008-01-01", "T9")};
  RosterPlan plan = PlanRosterImport({Row(2, "DUPONT", "Éloïse", "2008-03-01", "T1")}, {}, roster);
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].changes, nlohmann::json::array({"archived"}));
  EXPECT_FALSE(plan.rows[0].target.archived);
  ASSERT_EQ(plan.missing.size(), 1u);  // MARTIN (T1); PETIT's class is not in the file
  EXPECT_EQ(plan.missing[0].id, 2);
}

TEST(RosterPlanTest, AmbiguousOrRepeatedMatchesAreRejectedWithTheirRow) {
  std::vector<Student> roster = {Existing(1, "MARTIN", "Jean", "2008-05-02", "T1", "INE1"),
                                 Existing(2, "MARTIN", "Jean", "2008-05-02", "T2", "INE2")};
  // Without an INE, two students of the roster match: the row cannot be applied safely.
  RosterPlan plan = PlanRosterImport({Row(5, "MARTIN", "Jean", "2008-05-02", "T1")}, {}, roster);
  EXPECT_TRUE(plan.rows.empty());
  ASSERT_EQ(plan.rejected.size(), 1u);
  EXPECT_EQ(plan.rejected[0].row_number, 5);
  EXPECT_NE(plan.rejected[0].reason.find("INE"), std::string::npos);

  // Two rows (different INE spellings aside) claiming the same student.
  std::vector<Student> one = {Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1")};
  plan = PlanRosterImport({Row(2, "DUPONT", "Éloïse", "2008-03-01", "T1"),
                           Row(3, "DUPONT", "Eloise", "2008-03-01", "T1", "INE9")},
                          {}, one);
  ASSERT_EQ(plan.rows.size(), 1u);
  ASSERT_EQ(plan.rejected.size(), 1u);
  EXPECT_EQ(plan.rejected[0].row_number, 3);
  EXPECT_NE(plan.rejected[0].reason.find("ligne 2"), std::string::npos);
}

TEST(RosterPlanTest, FingerprintChangesWhenTheRosterChanges) {
  std::vector<Student> roster = {Existing(1, "DUPONT", "Éloïse", "2008-03-01", "T1")};
  std::vector<RosterRow> rows = {Row(2, "DUPONT", "Éloïse", "2008-03-01", "T2")};
  nlohmann::json before = PlanFingerprint(PlanRosterImport(rows, {}, roster));
  EXPECT_EQ(before, PlanFingerprint(PlanRosterImport(rows, {}, roster)));
  roster[0].updated_at += 1;  // someone edited the student meanwhile
  EXPECT_NE(before, PlanFingerprint(PlanRosterImport(rows, {}, roster)));
}

TEST(RosterPlanTest, RowsRoundTripThroughJson) {
  RosterRow r = Row(7, "N'DIAYE", "Fatou", "2008-01-02", "T1", "INE7");
  r.email = "f@example.fr";
  r.group = "G1, LV2";
  r.warnings = {"attention"};
  RosterRow back = RosterRowFromJson(RosterRowToJson(r));
  EXPECT_EQ(back.row_number, 7);
  EXPECT_EQ(back.last_name, r.last_name);
  EXPECT_EQ(back.birth_date, r.birth_date);
  EXPECT_EQ(back.email, r.email);
  EXPECT_EQ(back.group, r.group);
  EXPECT_EQ(back.school_id, r.school_id);
  EXPECT_EQ(back.warnings, r.warnings);
}

}  // namespace
}  // namespace korrigo::students
