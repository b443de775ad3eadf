// What students write: French, maths-flavoured answers ("Exercice 2 — a) On a f(x) = …"),
// varied by seed, so pages carry realistic text lines (ink coverage, line structure, letter
// shapes with ascenders and accents) for orientation and blank-page detection to work on.
#pragma once

#include <string>
#include <vector>

#include "prng.h"

namespace korrigo::scangen {

// The paragraphs written on logical page `page` of a copy, in order: sentences, the first of each
// question opening with "Exercice 3 — a) " or "b) ". Enough text for a full page; the page
// painter stops when the page is full. UTF-8, only glyphs every DejaVu italic font has.
std::vector<std::string> AnswerParagraphs(Prng& random, int page);

}  // namespace korrigo::scangen
