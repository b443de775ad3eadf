// JPEG codec over TurboJPEG (see jpeg_codec.h). One TurboJPEG handle per call keeps the functions
// thread-safe; creating one costs microseconds against milliseconds of decoding.
#include "imaging/jpeg_codec.h"

#include <turbojpeg.h>

#include <algorithm>
#include <memory>

#include "core/log.h"

namespace korrigo::imaging {
namespace {

constexpr const char* kUnreadable = "Image JPEG illisible.";

struct HandleCloser {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using Handle = std::unique_ptr<void, HandleCloser>;

struct BufferFree {
  void operator()(unsigned char* buffer) const { tjFree(buffer); }
};

// The scaling factors we use: shrinking only, largest first.
constexpr JpegScale kScales[] = {{1, 1}, {7, 8}, {3, 4}, {5, 8}, {1, 2}, {3, 8}, {1, 4}, {1, 8}};

bool ReadHeader(void* handle, std::string_view bytes, JpegHeader* header) {
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(handle, reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<unsigned long>(bytes.size()), &width, &height, &subsampling,
                          &colorspace) != 0) {
    return false;
  }
  header->width = width;
  header->height = height;
  header->color = colorspace == TJCS_GRAY                                ? JpegColor::kGray
                  : (colorspace == TJCS_YCbCr || colorspace == TJCS_RGB) ? JpegColor::kColor
                                                                         : JpegColor::kOther;
  return width > 0 && height > 0;
}

}  // namespace

core::Result<JpegHeader> ReadJpegHeader(std::string_view bytes) {
  Handle handle(tjInitDecompress());
  JpegHeader header;
  if (!handle || !ReadHeader(handle.get(), bytes, &header)) {
    return core::Error::InvalidArgument(kUnreadable);
  }
  return header;
}

JpegScale ChooseJpegScale(int width, int height, int min_long_edge) {
  const int long_edge = std::max(width, height);
  JpegScale chosen;
  for (const JpegScale& scale : kScales) {
    if (ScaledJpegSize(long_edge, scale) < min_long_edge) break;
    chosen = scale;
  }
  return chosen;
}

int ScaledJpegSize(int size, JpegScale scale) {
  return static_cast<int>((static_cast<int64_t>(size) * scale.num + scale.denom - 1) / scale.denom);
}

core::Result<GrayImage> DecodeJpeg(std::string_view bytes, const JpegDecodeOptions& options) {
  Handle handle(tjInitDecompress());
  JpegHeader header;
  if (!handle || !ReadHeader(handle.get(), bytes, &header) || header.color == JpegColor::kOther) {
    return core::Error::InvalidArgument(kUnreadable);
  }
  if (options.max_source_pixels > 0 &&
      static_cast<int64_t>(header.width) * header.height > options.max_source_pixels) {
    return core::Error::InvalidArgument("Image trop grande (nombre de pixels).",
                                        {{"rule", "pixels"}});
  }
  GrayImage image(ScaledJpegSize(header.width, options.scale),
                  ScaledJpegSize(header.height, options.scale));
  // LIMITSCANS refuses progressive files with absurd scan counts (a known decoding bomb).
  int rc = tjDecompress2(handle.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                         static_cast<unsigned long>(bytes.size()), image.pixels.data(), image.width,
                         image.width, image.height, TJPF_GRAY, TJFLAG_FASTDCT | TJFLAG_LIMITSCANS);
  if (rc != 0 && tjGetErrorCode(handle.get()) != TJERR_WARNING) {
    core::LogDebug("jpeg.decode_failed", {{"reason", tjGetErrorStr2(handle.get())}});
    return core::Error::InvalidArgument(kUnreadable);
  }
  return image;
}

core::Result<std::string> EncodeJpeg(const GrayImage& image, int quality) {
  Handle handle(tjInitCompress());
  if (!handle || image.empty()) return core::Error::Internal("Encodage JPEG impossible.");
  unsigned char* out = nullptr;
  unsigned long size = 0;
  int rc =
      tjCompress2(handle.get(), image.pixels.data(), image.width, image.width, image.height,
                  TJPF_GRAY, &out, &size, TJSAMP_GRAY, std::clamp(quality, 1, 100), TJFLAG_FASTDCT);
  std::unique_ptr<unsigned char, BufferFree> owned(out);
  if (rc != 0) {
    core::LogError("jpeg.encode_failed", {{"reason", tjGetErrorStr2(handle.get())}});
    return core::Error::Internal("Encodage JPEG impossible.");
  }
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace korrigo::imaging
