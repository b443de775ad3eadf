// Validation and JSON of annotations. Coordinates are rounded to 1e-5 of the page (far below a
// pixel) so stored documents stay small and a value read back is the value written.
#include "grading/annotation.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <set>

#include "core/json_fields.h"
#include "core/random.h"

namespace korrigo::grading {
namespace {

using core::FieldError;
using nlohmann::json;

constexpr double kSlack = 1e-6;  // a box may end at 1 + rounding noise

double Round5(double v) { return std::round(v * 1e5) / 1e5; }

// A finite number in [min, max] at j[name], or `fallback` when absent and fallback is set.
core::Result<double> NumberIn(const json& j, const std::string& name, double min, double max,
                              std::optional<double> fallback = std::nullopt,
                              const std::string& label = "") {
  const std::string field = label.empty() ? name : label;
  if (!j.contains(name) || j[name].is_null()) {
    if (fallback) return *fallback;
    return FieldError(field, fmt::format("« {} » manque.", field));
  }
  const json& v = j[name];
  if (!v.is_number()) return FieldError(field, fmt::format("« {} » doit être un nombre.", field));
  double d = v.get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    return FieldError(field,
                      fmt::format("« {} » doit être compris entre {} et {}.", field, min, max));
  }
  return Round5(d);
}

// An id at j[name]: absent and null are the same.
core::Result<std::optional<int64_t>> OptionalId(const json& j, const char* name) {
  if (!j.contains(name) || j[name].is_null()) return std::optional<int64_t>();
  return core::OptionalIntField(j, name, 1, INT64_MAX);
}

core::Result<json> ParsePoint(const json& j, const std::string& field) {
  if (!j.is_object()) return FieldError(field, fmt::format("« {} » : {{x, y}} attendu.", field));
  if (core::Status s = core::RejectUnknownFields(j, {"x", "y"}); !s) return s.take_error();
  auto x = NumberIn(j, "x", 0, 1, std::nullopt, field + ".x");
  if (!x) return x.take_error();
  auto y = NumberIn(j, "y", 0, 1, std::nullopt, field + ".y");
  if (!y) return y.take_error();
  return json{{"x", *x}, {"y", *y}};
}

core::Result<json> ParseBox(const json& j, const std::string& field) {
  if (!j.is_object())
    return FieldError(field, fmt::format("« {} » : {{x, y, w, h}} attendu.", field));
  if (core::Status s = core::RejectUnknownFields(j, {"x", "y", "w", "h"}); !s)
    return s.take_error();
  double v[4];
  const char* names[] = {"x", "y", "w", "h"};
  for (int i = 0; i < 4; ++i) {
    auto n = NumberIn(j, names[i], 0, 1, std::nullopt, field + "." + names[i]);
    if (!n) return n.take_error();
    v[i] = *n;
  }
  if (v[2] <= 0 || v[3] <= 0) return FieldError(field, "Le cadre doit avoir une taille.");
  if (v[0] + v[2] > 1 + kSlack || v[1] + v[3] > 1 + kSlack)
    return FieldError(field, "Le cadre dépasse de la page.");
  return json{{"x", v[0]}, {"y", v[1]}, {"w", v[2]}, {"h", v[3]}};
}

core::Result<std::string> ParseColor(const json& j, const char* fallback) {
  if (!j.contains("color") || j["color"].is_null()) return std::string(fallback);
  std::string c = j["color"].is_string() ? j["color"].get<std::string>() : "";
  bool ok = c.size() == 7 && c[0] == '#';
  for (size_t i = 1; ok && i < c.size(); ++i) {
    c[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(c[i])));
    ok = std::isxdigit(static_cast<unsigned char>(c[i])) != 0;
  }
  if (!ok) return FieldError("color", "« color » : une couleur #rrggbb.");
  return c;
}

core::Result<json> ParseStrokes(const json& j) {
  if (!j.contains("strokes") || !j["strokes"].is_array() || j["strokes"].empty())
    return FieldError("strokes", "« strokes » : une liste de traits, chacun une liste de [x, y].");
  if (j["strokes"].size() > kMaxInkStrokes)
    return FieldError("strokes", fmt::format("{} traits au plus par annotation.", kMaxInkStrokes));
  json out = json::array();
  size_t total = 0;
  for (const json& stroke : j["strokes"]) {
    if (!stroke.is_array() || stroke.empty())
      return FieldError("strokes", "Chaque trait est une liste non vide de points [x, y].");
    total += stroke.size();
    if (total > kMaxInkPoints)
      return FieldError("strokes", fmt::format("{} points au plus par annotation.", kMaxInkPoints));
    json points = json::array();
    for (const json& p : stroke) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
        return FieldError("strokes", "Chaque point est [x, y].");
      double x = p[0].get<double>(), y = p[1].get<double>();
      if (!std::isfinite(x) || !std::isfinite(y) || x < 0 || x > 1 || y < 0 || y > 1)
        return FieldError("strokes", "Les points doivent être dans la page (0 à 1).");
      points.push_back(json::array({Round5(x), Round5(y)}));
    }
    out.push_back(std::move(points));
  }
  return out;
}

// The kind's own fields into `data`.
core::Status ParseKindData(const std::string& kind, const json& j, json& data) {
  const bool highlight = kind == kKindHighlight;
  auto color = ParseColor(j, highlight ? "#ffeb3b" : "#d32f2f");
  if (!color) return color.take_error();
  data["color"] = *color;
  if (kind == kKindInk) {
    auto strokes = ParseStrokes(j);
    if (!strokes) return strokes.take_error();
    auto width = NumberIn(j, "width", 0.0005, 0.05, 0.003);
    if (!width) return width.take_error();
    data["strokes"] = std::move(*strokes);
    data["width"] = *width;
    return {};
  }
  if (kind == kKindHighlight || kind == kKindRect || kind == kKindText) {
    auto box = ParseBox(j.value("box", json()), "box");
    if (!box) return box.take_error();
    data["box"] = *box;
  }
  if (kind == kKindRect) {
    auto width = NumberIn(j, "width", 0.0005, 0.05, 0.002);
    if (!width) return width.take_error();
    data["width"] = *width;
  }
  if (kind == kKindText) {
    auto text = core::StringField(j, "text");
    if (!text) return text.take_error();
    if (core::Status s = core::CheckText(*text, "text", "Le texte", kMaxAnnotationText, true, true);
        !s)
      return s;
    auto size = NumberIn(j, "font_size", 0.005, 0.1, 0.016);
    if (!size) return size.take_error();
    data["text"] = *text;
    data["font_size"] = *size;
  }
  if (kind == kKindStamp) {
    static const std::set<std::string> kStamps{"tick", "cross", "question", "caret", "label"};
    if (!j.contains("stamp") || !j["stamp"].is_string() ||
        !kStamps.contains(j["stamp"].get<std::string>()))
      return FieldError("stamp", "« stamp » : tick, cross, question, caret ou label.");
    const std::string stamp = j["stamp"].get<std::string>();
    auto anchor = ParsePoint(j.value("anchor", json()), "anchor");
    if (!anchor) return anchor.take_error();
    auto size = NumberIn(j, "size", 0.01, 0.2, 0.04);
    if (!size) return size.take_error();
    data["stamp"] = stamp;
    data["anchor"] = *anchor;
    data["size"] = *size;
    if (stamp == "label") {
      auto label = core::StringField(j, "label");
      if (!label) return label.take_error();
      std::string trimmed = core::Trim(*label);
      if (core::Status s = core::CheckText(trimmed, "label", "L'étiquette", kMaxStampLabel, true);
          !s)
        return s;
      data["label"] = trimmed;
    }
  }
  return {};
}

}  // namespace

bool ValidAnnotationUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 64) return false;
  for (unsigned char c : uid) {
    if (!std::isalnum(c) && c != '_' && c != '.' && c != ':' && c != '-') return false;
  }
  return true;
}

std::string NewAnnotationUid() { return "a-" + core::RandomHex(8); }

core::Result<Annotation> ParseAnnotation(const json& j, const AnnotationRules& rules) {
  if (!j.is_object()) return FieldError("annotation", "L'annotation doit être un objet JSON.");
  if (core::Status s = core::RejectUnknownFields(
          j, {"id", "page_id", "kind", "color", "question_id", "points", "bank_item_id", "strokes",
              "width", "box", "text", "font_size", "stamp", "anchor", "size", "label", "author_id",
              "created_at", "updated_at"});
      !s)
    return s.take_error();
  Annotation a;
  if (j.contains("id") && !j["id"].is_null()) {
    if (!j["id"].is_string() || !ValidAnnotationUid(j["id"].get<std::string>()))
      return FieldError("id", "« id » : 1 à 64 lettres, chiffres ou _ . : -");
    a.uid = j["id"].get<std::string>();
  } else {
    a.uid = NewAnnotationUid();
  }
  static const std::set<std::string> kKinds{kKindInk, kKindHighlight, kKindRect, kKindText,
                                            kKindStamp};
  if (!j.contains("kind") || !j["kind"].is_string() ||
      !kKinds.contains(j["kind"].get<std::string>()))
    return FieldError("kind", "« kind » : ink, highlight, rect, text ou stamp.");
  a.kind = j["kind"].get<std::string>();
  auto page = core::OptionalIntField(j, "page_id", 1, INT64_MAX);
  if (!page) return page.take_error();
  if (!*page || !rules.page_ids.contains(**page))
    return FieldError("page_id", "Cette page n'appartient pas à la copie.");
  a.page_id = **page;
  if (core::Status s = ParseKindData(a.kind, j, a.data); !s) return s.take_error();

  const exams::SchemeLeaf* leaf = nullptr;
  auto question = OptionalId(j, "question_id");
  if (!question) return question.take_error();
  if (*question) {
    auto it = rules.leaves.find(**question);
    if (it == rules.leaves.end())
      return FieldError("question_id", "Cette question n'est pas dans le barème.");
    leaf = &it->second;
    a.question_id = **question;
  }
  if (j.contains("points") && !j["points"].is_null()) {
    auto points = exams::Points::Parse(j["points"]);
    if (!points) return FieldError("points", "« points » : " + points.error().message);
    exams::Points bound = leaf ? leaf->max_points : exams::kMaxLeafPoints;
    if (*points > bound || *points < -bound)
      return FieldError("points", fmt::format("« points » : entre -{} et {}.", bound.ToFrench(),
                                              bound.ToFrench()));
    a.points = *points;
  }
  auto bank = OptionalId(j, "bank_item_id");
  if (!bank) return bank.take_error();
  if (*bank) a.bank_item_id = **bank;
  return a;
}

json Annotation::ToJson() const {
  json j = data;
  j["id"] = uid;
  j["page_id"] = page_id;
  j["kind"] = kind;
  j["question_id"] = question_id ? json(*question_id) : json(nullptr);
  j["points"] = points ? points->ToJson() : json(nullptr);
  j["bank_item_id"] = bank_item_id ? json(*bank_item_id) : json(nullptr);
  j["author_id"] = author_id ? json(*author_id) : json(nullptr);
  j["created_at"] = created_at;
  j["updated_at"] = updated_at;
  return j;
}

std::string Annotation::ToJsonText(const std::string& data_text) const {
  json common = ToJson();
  for (const auto& [key, value] : data.items()) common.erase(key);
  std::string head = common.dump();  // {"author_id":…,…}
  std::string body = data_text;
  while (!body.empty() && body.back() != '}') body.pop_back();
  if (body.size() < 2 || body.front() != '{') return head;  // not an object: common fields only
  body.pop_back();
  const bool empty = body.find_first_not_of(" \t\r\n", 1) == std::string::npos;
  return body + (empty ? "" : ",") + head.substr(1);
}

}  // namespace korrigo::grading
