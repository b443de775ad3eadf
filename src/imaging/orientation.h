// Upside-down detection for scanned text pages. Latin script, and French more than most, puts
// more ink above the x-height band (ascenders b d f h k l t, capitals, digits, accents, i-dots)
// than below it (descenders g j p q y): the detector measures that asymmetry word by word, which
// keeps it insensitive to skew, and a page turned by 180° shows it reversed.
#pragma once

#include "imaging/gray_image.h"

namespace korrigo::imaging {

struct OrientationGuess {
  bool upside_down = false;
  // 0–1: how sure the guess is. 0 when the page has no words to judge by (blank, drawings);
  // below 0.5 the page is worth a human look.
  double confidence = 0;
  int words = 0;     // word-like shapes that carried evidence
  double score = 0;  // -1 (surely upside down) … +1 (surely upright)
};

// Guesses whether `image` (a whole page, best at 75–100 DPI: e.g. a 1700-pixel view halved)
// shows its text upside down. Costs a few milliseconds on such an image. Pages in other
// scripts, or with only figures, give a low confidence rather than a wrong sure answer.
OrientationGuess DetectUpsideDown(const GrayImage& image);

}  // namespace korrigo::imaging
