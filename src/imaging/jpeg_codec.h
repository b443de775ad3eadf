// JPEG decoding and encoding with libjpeg-turbo (TurboJPEG API), always to and from 8-bit gray:
// colour JPEGs are decoded to their luminance. Decoding can shrink the image cheaply inside the
// decoder (DCT scaling by 1/8 … 7/8), which is how large scans become page views quickly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "imaging/gray_image.h"

namespace korrigo::imaging {

enum class JpegColor { kGray, kColor, kOther };  // kOther: CMYK/YCCK, which is not decoded

struct JpegHeader {
  int width = 0;
  int height = 0;
  JpegColor color = JpegColor::kOther;
};

// A DCT scaling factor num/denom, one of libjpeg-turbo's (1/8, 1/4, 3/8, 1/2, 5/8, 3/4, 7/8, 1/1).
struct JpegScale {
  int num = 1;
  int denom = 1;
  bool operator==(const JpegScale&) const = default;
};

// Reads the size and colour model without decoding. Errors: invalid_argument when `bytes` is not a
// JPEG libjpeg-turbo can read.
core::Result<JpegHeader> ReadJpegHeader(std::string_view bytes);

// The smallest factor ≤ 1 whose scaled long edge is still ≥ min_long_edge (1/1 when even the
// full image is smaller), so the result only ever needs further shrinking, never enlarging.
JpegScale ChooseJpegScale(int width, int height, int min_long_edge);

// `size` scaled by `scale`, rounded up as libjpeg-turbo does.
int ScaledJpegSize(int size, JpegScale scale);

struct JpegDecodeOptions {
  JpegScale scale;                // must be one of the factors above
  int64_t max_source_pixels = 0;  // > 0: refuse larger JPEGs before decoding anything
};

// Decodes to gray at `options.scale`. A damaged but readable stream (libjpeg warning) gives the
// pixels it could decode. Errors: invalid_argument for an unreadable or CMYK JPEG, and with
// details {"rule": "pixels"} when width × height exceeds max_source_pixels. Thread-safe.
core::Result<GrayImage> DecodeJpeg(std::string_view bytes, const JpegDecodeOptions& options = {});

// Encodes a non-empty image as a baseline grayscale JPEG of `quality` (1–100). Errors: internal
// when libjpeg-turbo fails. Thread-safe.
core::Result<std::string> EncodeJpeg(const GrayImage& image, int quality);

}  // namespace korrigo::imaging
