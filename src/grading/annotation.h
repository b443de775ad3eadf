// Annotation: one mark a corrector puts on a page of a copy — ink strokes, a highlight, a box, a
// text or a stamp (✓ ✗ ? ‸ or a short label) — in coordinates normalised to [0, 1] of the page as
// displayed (top-left origin), optionally linked to a question of the marking scheme with a point
// delta. Parsing validates everything a hostile client could send: finite numbers in range, known
// pages and questions, bounded sizes.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "core/result.h"
#include "exams/points.h"
#include "exams/scheme.h"

namespace korrigo::grading {

inline constexpr const char* kKindInk = "ink";
inline constexpr const char* kKindHighlight = "highlight";
inline constexpr const char* kKindRect = "rect";
inline constexpr const char* kKindText = "text";
inline constexpr const char* kKindStamp = "stamp";

inline constexpr size_t kMaxInkPoints = 5000;  // points of all strokes of one ink annotation
inline constexpr size_t kMaxInkStrokes = 200;
inline constexpr size_t kMaxAnnotationText = 2000;  // code points
inline constexpr size_t kMaxStampLabel = 12;
inline constexpr size_t kMaxAnnotationsPerCopy = 3000;

struct Annotation {
  std::string uid;  // the client's id: 1–64 of [A-Za-z0-9_.:-]
  int64_t page_id = 0;
  std::string kind;
  // The kind's own fields, validated and normalised: color always; ink: strokes, width;
  // highlight/rect: box (+ width for rect); text: box, text, font_size; stamp: stamp, anchor,
  // size (+ label).
  nlohmann::json data = nlohmann::json::object();
  std::optional<int64_t> question_id;
  std::optional<exams::Points> points;  // the point delta it carries
  std::optional<int64_t> bank_item_id;
  std::optional<int64_t> author_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // data merged with id, page_id, kind, question_id, points, bank_item_id, author_id, created_at,
  // updated_at.
  nlohmann::json ToJson() const;
  // The same JSON as text, with `data_text` (data as stored: a JSON object's text) spliced in
  // unparsed — the read path's way of not parsing and re-printing thousands of ink points.
  std::string ToJsonText(const std::string& data_text) const;
};

// What an annotation may refer to: the copy's pages and the scheme's leaves.
struct AnnotationRules {
  std::set<int64_t> page_ids;
  std::map<int64_t, exams::SchemeLeaf> leaves;
};

// Parses a client annotation (the ToJson form; author and timestamps are ignored, set by the
// service). A missing id gets a random one. Errors: invalid_argument with a French message naming
// the field (details.field), e.g. "strokes", "box.w", "page_id".
core::Result<Annotation> ParseAnnotation(const nlohmann::json& j, const AnnotationRules& rules);

// A new random annotation id ("a-" and 16 hex digits).
std::string NewAnnotationUid();

// Whether `uid` is a valid client id.
bool ValidAnnotationUid(const std::string& uid);

}  // namespace korrigo::grading
