// GrayImage: an 8-bit grayscale raster (0 = black, 255 = white) stored row by row without padding.
// It is the one image type of the imaging library: decoded scans, rendered pages, thumbnails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace korrigo::imaging {

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width × height bytes, row-major, top row first

  GrayImage() = default;
  // A width × height image filled with `value` (white by default). Sizes must be ≥ 0.
  GrayImage(int width, int height, uint8_t value = 255);

  bool empty() const { return width <= 0 || height <= 0; }
  size_t size() const { return static_cast<size_t>(width) * static_cast<size_t>(height); }
  uint8_t* Row(int y) { return pixels.data() + static_cast<size_t>(y) * width; }
  const uint8_t* Row(int y) const { return pixels.data() + static_cast<size_t>(y) * width; }
  uint8_t At(int x, int y) const { return Row(y)[x]; }
  void Set(int x, int y, uint8_t value) { Row(y)[x] = value; }

  bool operator==(const GrayImage&) const = default;
};

}  // namespace korrigo::imaging
