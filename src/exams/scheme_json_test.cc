// The JSON form of a scheme: edits with id allocation, import, storage, export with totals, and
// each validation error with its French message and the path of the offending node.
#include <gtest/gtest.h>

#include "exams/scheme.h"

namespace korrigo::exams {
namespace {

using nlohmann::json;

Points P(const char* text) { return *Points::ParseText(text); }

const json kBody = json::parse(R"([
  {"label": "Exercice 1", "children": [
    {"label": "1", "children": [
      {"label": "a", "max_points": 1.5},
      {"label": "b", "max_points": "0,5", "step": 0.5}]},
    {"label": "2", "max_points": 2},
    {"label": " Soin ", "max_points": 1, "bonus": true}]},
  {"label": "Exercice 2", "children": [{"label": "Unique", "max_points": "3.25"}]}
])");

Scheme Fresh() {
  auto scheme = ParseSchemeJson(kBody, Scheme{});
  EXPECT_TRUE(scheme.ok()) << (scheme.ok() ? "" : scheme.error().message);
  return scheme.ok() ? *scheme : Scheme{};
}

TEST(SchemeJsonTest, AllocatesIdsForNewNodes) {
  Scheme scheme = Fresh();
  EXPECT_EQ(scheme.next_id, 9);
  EXPECT_EQ(scheme.version, 1);
  ASSERT_EQ(scheme.roots.size(), 2u);
  const SchemeNode& b = scheme.roots[0].children[0].children[1];
  EXPECT_EQ(b.id, 4);
  EXPECT_EQ(b.max_points, P("0.5"));
  EXPECT_EQ(b.step, P("0.5"));
  EXPECT_EQ(scheme.roots[0].children[0].children[0].step, kDefaultStep);
  EXPECT_EQ(scheme.roots[0].children[2].label, "Soin");  // trimmed
  EXPECT_TRUE(scheme.roots[0].children[2].bonus);
  EXPECT_EQ(scheme.roots[1].children[0].id, 8);
}

TEST(SchemeJsonTest, ExportsTotalsAndRoundTrips) {
  Scheme scheme = Fresh();
  json out = SchemeToJson(scheme);
  EXPECT_EQ(out["version"], 1);
  EXPECT_EQ(out["max_points"], 7.25);
  EXPECT_EQ(out["bonus_points"], 1);
  EXPECT_EQ(out["leaf_count"], 5);
  EXPECT_EQ(out["nodes"][0]["total_max"], 4);
  EXPECT_EQ(out["nodes"][0]["bonus_max"], 1);
  EXPECT_EQ(out["nodes"][0]["children"][0]["total_max"], 2);
  EXPECT_EQ(out["nodes"][0]["children"][0]["children"][1],
            json::parse(R"({"id": 4, "label": "b", "max_points": 0.5, "step": 0.5,
                            "bonus": false, "total_max": 0.5, "bonus_max": 0})"));
  auto again = ParseSchemeJson(json::parse(out.dump()), scheme);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, scheme);
  auto loaded = LoadSchemeJson(json::parse(SchemeNodesToJson(scheme).dump()), 1, 9);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(*loaded, scheme);
  EXPECT_FALSE(SchemeNodesToJson(scheme)[0].contains("total_max"));
}

TEST(SchemeJsonTest, ImportIgnoresForeignIds) {
  Scheme target = Fresh();
  auto imported = ImportSchemeJson(SchemeToJson(Fresh()), target);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->roots[0].id, 9);
  EXPECT_EQ(imported->next_id, 17);
  EXPECT_EQ(Leaves(*imported).size(), 5u);
  EXPECT_EQ(SchemeMax(*imported), P("7.25"));
}

TEST(SchemeJsonTest, NeverReusesDeletedIds) {
  Scheme scheme = Fresh();
  // Delete "Exercice 2" (ids 7 and 8), then try to bring id 8 back.
  json body = SchemeToJson(scheme);
  body["nodes"].erase(1);
  auto without = ParseSchemeJson(body, scheme);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->next_id, 9);
  json revived = json::array({{{"id", 8}, {"label", "Retour"}, {"max_points", 2}}});
  auto refused = ParseSchemeJson(revived, *without);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "« Retour » : identifiant 8 inconnu (les nouveaux éléments n'ont pas d'identifiant : "
            "le serveur l'attribue).");
  EXPECT_EQ(refused.error().details["node_id"], 8);
  // A new node gets an id past every id ever allocated.
  body["nodes"].push_back({{"label", "Exercice 3"}, {"max_points", 4}});
  auto added = ParseSchemeJson(body, *without);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->roots.back().id, 9);
  EXPECT_EQ(added->next_id, 10);
}

TEST(SchemeJsonTest, LoadRequiresKnownSequence) {
  EXPECT_FALSE(LoadSchemeJson(json::parse(R"([{"label": "Q", "max_points": 1}])"), 1, 5).ok());
  EXPECT_FALSE(
      LoadSchemeJson(json::parse(R"([{"id": 5, "label": "Q", "max_points": 1}])"), 1, 5).ok());
  EXPECT_TRUE(LoadSchemeJson(json::array(), 1, 1).ok());
}

// The error for `nodes` parsed as a new scheme.
core::Error ErrorFor(const json& nodes) {
  auto scheme = ParseSchemeJson(nodes, Scheme{.next_id = 3});
  EXPECT_FALSE(scheme.ok()) << nodes.dump();
  return scheme.ok() ? core::Error{} : scheme.error();
}

json InExercise2(json question) {
  return json::array({{{"label", "Exercice 1"}, {"max_points", 1}},
                      {{"label", "Exercice 2"},
                       {"children", json::array({{{"label", "Q1"}, {"max_points", 1}},
                                                 {{"label", "Q2"}, {"max_points", 1}},
                                                 question})}}});
}

TEST(SchemeJsonTest, ValidationErrorsNameTheNode) {
  struct Case {
    json question;
    std::string message;
    std::string field;
  };
  const std::string at = "« Exercice 2 > Question 3 » : ";
  const std::vector<Case> cases = {
      {{{"label", "Question 3"}, {"max_points", 0}},
       at + "le barème doit être positif.",
       "max_points"},
      {{{"label", "Question 3"}, {"max_points", -1}},
       at + "le barème doit être positif.",
       "max_points"},
      {{{"label", "Question 3"}, {"max_points", 1001}},
       at + "le barème ne peut pas dépasser 1000 points.",
       "max_points"},
      {{{"label", "Question 3"}, {"max_points", "abc"}},
       at + "barème incorrect — nombre invalide : « abc ».",
       "max_points"},
      {{{"label", "Question 3"}, {"max_points", 0.0001}},
       at + "barème incorrect — au plus 3 décimales : « 0.0001 ».",
       "max_points"},
      {{{"label", "Question 3"}, {"max_points", 1.1}},
       at + "le barème (1,1) doit être un multiple du pas (0,25).",
       "max_points"},
      {{{"label", "Question 3"}, {"max_points", 1}, {"step", 0}},
       at + "le pas doit être positif.",
       "step"},
      {{{"label", "Question 3"}},
       at + "indiquez un barème ou ajoutez des sous-questions.",
       "max_points"},
      {{{"label", "Question 3"}, {"children", json::array()}},
       at + "indiquez un barème ou ajoutez des sous-questions.",
       "max_points"},
      {{{"label", "Question 3"},
        {"max_points", 1},
        {"children", {{{"label", "a"}, {"max_points", 1}}}}},
       at + "une question notée ne peut pas avoir de sous-questions.",
       "max_points"},
      {{{"label", "Question 3"},
        {"bonus", true},
        {"children", {{{"label", "a"}, {"max_points", 1}}}}},
       at + "le pas et le bonus ne concernent que les questions notées.",
       "step"},
      {{{"label", "Question 3"}, {"max_points", 1}, {"bonus", "oui"}},
       at + "« bonus » doit valoir true ou false.",
       "bonus"},
      {{{"label", "Question 3"}, {"id", 77}, {"max_points", 1}},
       at + "identifiant 77 inconnu (les nouveaux éléments n'ont pas d'identifiant : le serveur "
            "l'attribue).",
       "id"},
      {{{"label", "   "}, {"max_points", 1}},
       "« Exercice 2 > élément n° 3 » : l'intitulé est obligatoire.",
       "label"},
      {{{"max_points", 1}}, "« Exercice 2 > élément n° 3 » : l'intitulé est obligatoire.", "label"},
      {{{"label", std::string(201, 'x')}, {"max_points", 1}},
       "« Exercice 2 > élément n° 3 » : l'intitulé : 200 caractères au plus.",
       "label"},
      {{{"label", "Question 3"}, {"max_points", 1}, {"points", 1}},
       at + "champ inconnu « points ».",
       ""},
  };
  for (const Case& c : cases) {
    core::Error error = ErrorFor(InExercise2(c.question));
    EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message, c.message) << c.question.dump();
    EXPECT_EQ(error.details.value("field", ""), c.field) << c.question.dump();
    EXPECT_EQ(error.details["position"], json::array({2, 3}));
  }
}

TEST(SchemeJsonTest, LimitsDepthAndSize) {
  json node = {{"label", "L7"}, {"max_points", 1}};
  for (int level = 6; level >= 1; --level) {
    node = {{"label", "L" + std::to_string(level)}, {"children", json::array({node})}};
  }
  core::Error deep = ErrorFor(json::array({node}));
  EXPECT_EQ(deep.message,
            "« L1 > L2 > L3 > L4 > L5 > L6 > L7 » : au plus 6 niveaux d'imbrication.");
  EXPECT_TRUE(ParseSchemeJson(json::array({node["children"][0]}), Scheme{}).ok());  // depth 6

  json many = json::array();
  for (int i = 0; i < 500; ++i) many.push_back({{"label", "Q"}, {"max_points", 1}});
  EXPECT_TRUE(ParseSchemeJson(many, Scheme{}).ok());
  many.push_back({{"label", "Q501"}, {"max_points", 1}});
  EXPECT_EQ(ErrorFor(many).message, "« Q501 » : le barème compte plus de 500 éléments.");
}

TEST(SchemeJsonTest, RefusesDuplicateIdsAndBadShapes) {
  Scheme scheme = Fresh();
  json twice = json::array({{{"id", 3}, {"label", "a"}, {"max_points", 1}},
                            {{"id", 3}, {"label", "b"}, {"max_points", 1}}});
  EXPECT_EQ(ParseSchemeJson(twice, scheme).error().message,
            "« b » : identifiant 3 utilisé deux fois.");
  EXPECT_FALSE(
      ParseSchemeJson(json::array({{{"id", "3"}, {"label", "a"}, {"max_points", 1}}}), scheme)
          .ok());
  EXPECT_FALSE(ParseSchemeJson(json::object({{"nodes", 3}}), scheme).ok());
  EXPECT_FALSE(ParseSchemeJson(json::object({{"roots", json::array()}}), scheme).ok());
  EXPECT_FALSE(ParseSchemeJson(json("x"), scheme).ok());
  EXPECT_EQ(ErrorFor(json::array({3})).message, "« élément n° 1 » : un objet JSON est attendu.");
  EXPECT_TRUE(
      ParseSchemeJson(json::object({{"nodes", json::array()}, {"version", 4}}), scheme).ok());
}

}  // namespace
}  // namespace korrigo::exams
