// GrayImage construction (see gray_image.h).
#include "imaging/gray_image.h"

#include <cassert>

namespace korrigo::imaging {

GrayImage::GrayImage(int width, int height, uint8_t value)
    : width(width), height(height), pixels(static_cast<size_t>(width) * height, value) {
  assert(width >= 0 && height >= 0);
}

}  // namespace korrigo::imaging
