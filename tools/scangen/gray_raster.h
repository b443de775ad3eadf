// GrayRaster: the 8-bit grayscale image (0 = black, 255 = white, rows top first, no padding) a
// scanned page is built in before it becomes a JPEG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace korrigo::scangen {

struct GrayRaster {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width × height bytes

  GrayRaster() = default;
  GrayRaster(int w, int h, uint8_t value = 255)
      : width(w), height(h), pixels(static_cast<size_t>(w) * static_cast<size_t>(h), value) {}
  uint8_t* Row(int y) { return pixels.data() + static_cast<size_t>(y) * width; }
  const uint8_t* Row(int y) const { return pixels.data() + static_cast<size_t>(y) * width; }
};

}  // namespace korrigo::scangen
