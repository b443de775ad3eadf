// Geometric operations on GrayImage: quarter-turn rotations, crops, box-filter downscaling and
// rectangle fills (used to blank identity zones). All of them clip instead of failing, and none
// of them allocate more than the image they return.
#pragma once

#include <cstdint>

#include "imaging/gray_image.h"

namespace korrigo::imaging {

// The image turned clockwise by `degrees`, which must be a multiple of 90 (any sign; 450 = 90).
GrayImage Rotate(const GrayImage& image, int degrees);

// The part of the image inside the rectangle (clipped to the image; may be empty).
GrayImage Crop(const GrayImage& image, int x, int y, int width, int height);

// The image shrunk to width × height by averaging the source area behind every target pixel
// (a box filter, exact for any ratio). Sizes are clamped to 1..the source size: this never
// enlarges.
GrayImage Downscale(const GrayImage& image, int width, int height);

// The image at half size, each pixel the mean of a 2 × 2 block (an odd last row or column is
// dropped). The cheapest way to an analysis image: a 150 DPI view gives 75 DPI.
GrayImage Halve(const GrayImage& image);

// Downscale keeping the aspect ratio so that the longer side is `long_edge` pixels (or the image
// unchanged when it is already that small).
GrayImage DownscaleToLongEdge(const GrayImage& image, int long_edge);

// Sets every pixel of the rectangle (clipped to the image) to `value`, e.g. 255 to blank it.
void FillRect(GrayImage& image, int x, int y, int width, int height, uint8_t value);

}  // namespace korrigo::imaging
