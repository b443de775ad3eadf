// Detection of single-JPEG pages (see jpeg_page_source.h). The content stream is read with a
// deliberately tiny tokenizer: numbers, names and operators only. Strings, arrays, dictionaries
// and inline images end the fast path, since a page made of one image needs none of them.
#include "pdf/jpeg_page_source.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <vector>

#include "imaging/jpeg_codec.h"
#include "pdf/pdf_inspector.h"
#include "pdf/stream_budget.h"

namespace korrigo::pdf {
namespace {

constexpr int64_t kMaxContentBytes = 64 * 1024;
constexpr double kCoverTolerance = 0.02;

struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  // this × then: apply this first (PDF's row-vector convention, as `cm` does).
  Matrix Then(const Matrix& n) const {
    return {a * n.a + b * n.c, a * n.b + b * n.d,       c * n.a + d * n.c,
            c * n.b + d * n.d, e * n.a + f * n.c + n.e, e * n.b + f * n.d + n.f};
  }
};

struct Rect {
  double x0, y0, x1, y1;
};

// The bounding box of the unit square (or of a rectangle) under `m`.
Rect Transform(const Matrix& m, double x, double y, double w, double h) {
  Rect r{1e300, 1e300, -1e300, -1e300};
  for (double px : {x, x + w}) {
    for (double py : {y, y + h}) {
      const double tx = px * m.a + py * m.c + m.e, ty = px * m.b + py * m.d + m.f;
      r = {std::min(r.x0, tx), std::min(r.y0, ty), std::max(r.x1, tx), std::max(r.y1, ty)};
    }
  }
  return r;
}

bool Covers(const Rect& r, const QPDFObjectHandle::Rectangle& box) {
  const double tx = (box.urx - box.llx) * kCoverTolerance;
  const double ty = (box.ury - box.lly) * kCoverTolerance;
  return std::abs(r.x0 - box.llx) <= tx && std::abs(r.x1 - box.urx) <= tx &&
         std::abs(r.y0 - box.lly) <= ty && std::abs(r.y1 - box.ury) <= ty;
}

// Clockwise turn of an image drawn with `m`, or -1 when it is skewed or mirrored.
int Turn(const Matrix& m) {
  const double scale = std::max({std::abs(m.a), std::abs(m.b), std::abs(m.c), std::abs(m.d)});
  const double eps = scale * 1e-3;
  const bool straight = std::abs(m.b) <= eps && std::abs(m.c) <= eps;
  const bool across = std::abs(m.a) <= eps && std::abs(m.d) <= eps;
  if (straight && m.a > 0 && m.d > 0) return 0;
  if (straight && m.a < 0 && m.d < 0) return 180;
  if (across && m.b < 0 && m.c > 0) return 90;  // the image's right points down the page
  if (across && m.b > 0 && m.c < 0) return 270;
  return -1;
}

bool IsName(QPDFObjectHandle o, const char* name) { return o.isName() && o.getName() == name; }

// An ExtGState that cannot change how an opaque image looks.
bool HarmlessState(QPDFObjectHandle gs) {
  if (!gs.isDictionary()) return false;
  for (const char* alpha : {"/CA", "/ca"}) {
    QPDFObjectHandle v = gs.getKey(alpha);
    if (!v.isNull() && !(v.isNumber() && v.getNumericValue() == 1)) return false;
  }
  QPDFObjectHandle mask = gs.getKey("/SMask"), blend = gs.getKey("/BM");
  if (!mask.isNull() && !IsName(mask, "/None")) return false;
  if (!blend.isNull() && !IsName(blend, "/Normal") && !IsName(blend, "/Compatible")) return false;
  return !gs.hasKey("/TR") && !gs.hasKey("/TR2");
}

// Components of an image colour space we can take as is (1 or 3), or 0.
int Components(QPDFObjectHandle cs) {
  if (IsName(cs, "/DeviceGray") || IsName(cs, "/CalGray")) return 1;
  if (IsName(cs, "/DeviceRGB") || IsName(cs, "/CalRGB")) return 3;
  if (!cs.isArray() || cs.getArrayNItems() < 1) return 0;
  QPDFObjectHandle family = cs.getArrayItem(0);
  if (IsName(family, "/CalGray")) return 1;
  if (IsName(family, "/CalRGB")) return 3;
  if (IsName(family, "/ICCBased") && cs.getArrayNItems() == 2 && cs.getArrayItem(1).isStream()) {
    QPDFObjectHandle n = cs.getArrayItem(1).getDict().getKey("/N");
    if (n.isInteger() && (n.getIntValue() == 1 || n.getIntValue() == 3)) {
      return static_cast<int>(n.getIntValue());
    }
  }
  return 0;
}

// The JPEG of an image XObject that qualifies, or nullopt.
std::optional<PageJpeg> ImageJpeg(QPDFObjectHandle image) {
  if (!image.isStream()) return std::nullopt;
  QPDFObjectHandle dict = image.getDict();
  QPDFObjectHandle filter = dict.getKey("/Filter");
  if (filter.isArray() && filter.getArrayNItems() == 1) filter = filter.getArrayItem(0);
  QPDFObjectHandle mask = dict.getKey("/ImageMask"), bits = dict.getKey("/BitsPerComponent");
  QPDFObjectHandle parms = dict.getKey("/DecodeParms");
  if (!IsName(dict.getKey("/Subtype"), "/Image") || !IsName(filter, "/DCTDecode") ||
      !(bits.isInteger() && bits.getIntValue() == 8) || (mask.isBool() && mask.getBoolValue()) ||
      dict.hasKey("/SMask") || dict.hasKey("/Mask") || dict.hasKey("/Decode") ||
      dict.hasKey("/OC") || (parms.isDictionary() && parms.hasKey("/ColorTransform"))) {
    return std::nullopt;
  }
  const int components = Components(dict.getKey("/ColorSpace"));
  QPDFObjectHandle width = dict.getKey("/Width"), height = dict.getKey("/Height");
  if (components == 0 || !width.isInteger() || !height.isInteger()) return std::nullopt;
  std::shared_ptr<Buffer> raw = image.getRawStreamData();
  PageJpeg jpeg;
  jpeg.bytes.assign(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
  auto header = imaging::ReadJpegHeader(jpeg.bytes);
  const imaging::JpegColor expected =
      components == 1 ? imaging::JpegColor::kGray : imaging::JpegColor::kColor;
  if (!header || header->color != expected || header->width != width.getIntValue() ||
      header->height != height.getIntValue()) {
    return std::nullopt;
  }
  jpeg.width = header->width;
  jpeg.height = header->height;
  return jpeg;
}

// Reads a content stream made only of numbers, names and operators, keeping the state that
// matters for one image: the CTM, a pending clip rectangle, and the image drawn.
class ContentReader {
 public:
  ContentReader(QPDFObjectHandle resources, QPDFObjectHandle::Rectangle box)
      : resources_(resources), box_(box) {}

  // False as soon as the content does anything but draw one covering image.
  bool Read(const std::string& content) {
    size_t i = 0;
    while (i < content.size()) {
      const char ch = content[i];
      if (std::isspace(static_cast<unsigned char>(ch))) {
        ++i;
      } else if (ch == '%') {
        while (i < content.size() && content[i] != '\n' && content[i] != '\r') ++i;
      } else if (ch == '/') {
        size_t end = i + 1;
        while (end < content.size() && Regular(content[end])) ++end;
        names_.push_back(content.substr(i, end - i));
        i = end;
      } else if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '-' || ch == '+' ||
                 ch == '.') {
        char* end = nullptr;
        numbers_.push_back(std::strtod(content.c_str() + i, &end));
        if (end == content.c_str() + i) return false;
        i = static_cast<size_t>(end - content.c_str());
      } else if (Regular(ch)) {
        size_t end = i;
        while (end < content.size() && Regular(content[end])) ++end;
        if (!Operator(content.substr(i, end - i))) return false;
        numbers_.clear();
        names_.clear();
        i = end;
      } else {
        return false;  // strings, arrays, dictionaries, inline images
      }
    }
    return image_.has_value();
  }

  std::optional<PageJpeg> TakeImage() { return std::move(image_); }

 private:
  static bool Regular(char ch) {
    return !std::isspace(static_cast<unsigned char>(ch)) &&
           std::string_view("()<>[]{}/%").find(ch) == std::string_view::npos;
  }

  QPDFObjectHandle Resource(const char* category, const std::string& name) {
    if (!resources_.isDictionary()) return QPDFObjectHandle::newNull();
    QPDFObjectHandle group = resources_.getKey(category);
    return group.isDictionary() ? group.getKey(name) : QPDFObjectHandle::newNull();
  }

  bool Operator(const std::string& op) {
    static const char* const kInert[] = {"w",  "J",  "j",   "M",   "ri",  "i",  "g",
                                         "G",  "rg", "RG",  "k",   "K",   "cs", "CS",
                                         "sc", "SC", "scn", "SCN", "BMC", "EMC"};
    if (op == "q") {
      stack_.push_back(ctm_);
    } else if (op == "Q") {
      if (stack_.empty()) return false;
      ctm_ = stack_.back();
      stack_.pop_back();
    } else if (op == "cm") {
      if (numbers_.size() != 6) return false;
      const auto& n = numbers_;
      ctm_ = Matrix{n[0], n[1], n[2], n[3], n[4], n[5]}.Then(ctm_);
    } else if (op == "re") {
      if (numbers_.size() != 4) return false;
      clip_ = Transform(ctm_, numbers_[0], numbers_[1], numbers_[2], numbers_[3]);
    } else if (op == "W" || op == "W*") {
      clipping_ = true;
    } else if (op == "n") {
      // A clip is harmless only when it keeps the whole page.
      if (clipping_ && (!clip_ || !Covers(*clip_, box_))) return false;
      clipping_ = false;
      clip_.reset();
    } else if (op == "gs") {
      return names_.size() == 1 && HarmlessState(Resource("/ExtGState", names_[0]));
    } else if (op == "Do") {
      if (names_.size() != 1 || image_) return false;
      const int turn = Turn(ctm_);
      if (turn < 0 || !Covers(Transform(ctm_, 0, 0, 1, 1), box_)) return false;
      image_ = ImageJpeg(Resource("/XObject", names_[0]));
      if (!image_) return false;
      image_->rotation = turn;
    } else {
      for (const char* inert : kInert) {
        if (op == inert) return true;
      }
      return false;
    }
    return true;
  }

  QPDFObjectHandle resources_;
  QPDFObjectHandle::Rectangle box_;
  Matrix ctm_;
  std::vector<Matrix> stack_;
  std::vector<double> numbers_;
  std::vector<std::string> names_;
  std::optional<Rect> clip_;
  bool clipping_ = false;
  std::optional<PageJpeg> image_;
};

}  // namespace

std::optional<PageJpeg> FindPageJpeg(QPDFObjectHandle page, int rotate) {
  try {
    QPDFObjectHandle contents = page.getKey("/Contents");
    std::vector<QPDFObjectHandle> streams;
    if (contents.isStream()) streams.push_back(contents);
    if (contents.isArray()) streams = contents.getArrayAsVector();
    std::string content;
    for (QPDFObjectHandle& stream : streams) {
      if (!stream.isStream()) return std::nullopt;
      std::string part;
      if (!DecodeBounded(stream, kMaxContentBytes - static_cast<int64_t>(content.size()), &part)) {
        return std::nullopt;
      }
      content += part;
      content += '\n';  // streams of an array are separated as if by white space
    }
    QPDFPageObjectHelper helper(page);
    ContentReader reader(helper.getAttribute("/Resources", false), PdfInspector::VisibleBox(page));
    if (!reader.Read(content)) return std::nullopt;
    std::optional<PageJpeg> jpeg = reader.TakeImage();
    jpeg->rotation = (jpeg->rotation + rotate) % 360;
    return jpeg;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace korrigo::pdf
