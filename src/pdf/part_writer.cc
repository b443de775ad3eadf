// Part files and measures (see part_writer.h).
#include "pdf/part_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "core/digest.h"
#include "core/log.h"
#include "imaging/ink_ratio.h"
#include "imaging/jpeg_codec.h"
#include "imaging/raster_ops.h"

namespace korrigo::pdf {
namespace {

core::Status WriteFile(const std::string& path, const std::string& bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) {
    core::LogError("pdf.write_failed", {{"path", path}, {"errno", errno}});
    return core::Error::Unavailable("Écriture des images de pages impossible.");
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      core::LogError("pdf.write_failed", {{"path", path}, {"errno", errno}});
      close(fd);
      return core::Error::Unavailable("Écriture des images de pages impossible.");
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) return core::Error::Unavailable("Écriture des images de pages impossible.");
  return {};
}

}  // namespace

core::Result<ExtractedPart> WritePart(const std::string& half, const imaging::GrayImage& view,
                                      const imaging::GrayImage& analysis,
                                      const ExtractOptions& options, const std::string& output_dir,
                                      const std::string& stem) {
  ExtractedPart part;
  part.half = half;
  part.view_width = view.width;
  part.view_height = view.height;
  const imaging::InkMeasure ink = imaging::MeasureInk(analysis);
  part.ink_ratio = ink.ink_ratio;
  part.blank = ink.ink_ratio < kBlankInkRatio;
  // Identical scans are identical at any scale: hashing a quarter of the analysis pixels keeps
  // SHA-256 (portable C in libsodium) under half a millisecond.
  const imaging::GrayImage small = imaging::Halve(analysis);
  core::Sha256Stream digest;
  digest.Update(std::to_string(small.width) + "x" + std::to_string(small.height));
  digest.Update(
      std::string_view(reinterpret_cast<const char*>(small.pixels.data()), small.pixels.size()));
  part.content_sha256 = digest.HexDigest();
  auto view_jpeg = imaging::EncodeJpeg(view, options.jpeg_quality);
  if (!view_jpeg) return view_jpeg.take_error();
  auto thumb_jpeg = imaging::EncodeJpeg(
      imaging::DownscaleToLongEdge(analysis, options.thumb_long_edge), options.jpeg_quality);
  if (!thumb_jpeg) return thumb_jpeg.take_error();
  part.view_path = stem + "-" + half + "-view.jpg";
  part.thumb_path = stem + "-" + half + "-thumb.jpg";
  if (core::Status s = WriteFile(output_dir + "/" + part.view_path, *view_jpeg); !s) {
    return s.take_error();
  }
  if (core::Status s = WriteFile(output_dir + "/" + part.thumb_path, *thumb_jpeg); !s) {
    return s.take_error();
  }
  return part;
}

}  // namespace korrigo::pdf
