// Decompression bounds (see stream_budget.h). The walk follows dictionaries and arrays from the
// page's rendering entry points but never links that lead to other pages or the document tree
// (/Parent, /P, /Dest, ...), so its cost is the page's own resources.
#include "pdf/stream_budget.h"

#include <fmt/format.h>

#include <qpdf/Pipeline.hh>
#include <stdexcept>
#include <vector>

#include "pdf/pdf_refusal.h"

namespace korrigo::pdf {
namespace {

// A terminal qpdf pipeline that counts (and optionally keeps) bytes and gives up past a limit.
class BoundedSink : public Pipeline {
 public:
  BoundedSink(int64_t limit, std::string* out)
      : Pipeline("bounded sink", nullptr), limit_(limit), out_(out) {}
  void write(unsigned char const* data, size_t len) override {
    count_ += static_cast<int64_t>(len);
    if (count_ > limit_) {
      exceeded_ = true;
      throw std::length_error("decoded stream exceeds its limit");
    }
    if (out_ != nullptr) out_->append(reinterpret_cast<const char*>(data), len);
  }
  void finish() override {}
  int64_t count() const { return count_; }
  bool exceeded() const { return exceeded_; }

 private:
  int64_t limit_;
  std::string* out_;
  int64_t count_ = 0;
  bool exceeded_ = false;
};

// Entries that lead away from the page's own drawing.
bool FollowKey(const std::string& key) {
  static const char* const kSkipped[] = {"/Parent", "/P",     "/Dest", "/A",       "/Popup",
                                         "/IRT",    "/Thumb", "/B",    "/Next",    "/Prev",
                                         "/First",  "/Last",  "/Kids", "/Metadata"};
  for (const char* skipped : kSkipped) {
    if (key == skipped) return false;
  }
  return true;
}

int64_t IntKey(QPDFObjectHandle dict, const char* key) {
  QPDFObjectHandle value = dict.getKey(key);
  return value.isInteger() ? value.getIntValue() : 0;
}

}  // namespace

std::optional<int64_t> DecodeBounded(QPDFObjectHandle stream, int64_t limit, std::string* out) {
  BoundedSink sink(limit, out);
  try {
    stream.pipeStreamData(&sink, nullptr, 0, qpdf_dl_specialized, true, false);
  } catch (const std::length_error&) {
    // qpdf may also catch it and report a failure: exceeded() tells either way.
  }
  if (sink.exceeded()) return std::nullopt;
  return sink.count();
}

core::Status StreamBudget::CheckPage(QPDFObjectHandle page, int index) {
  // The page's content streams are drawn as one: they share the budget.
  QPDFObjectHandle contents = page.getKey("/Contents");
  std::vector<QPDFObjectHandle> streams;
  if (contents.isStream()) streams.push_back(contents);
  if (contents.isArray()) streams = contents.getArrayAsVector();
  int64_t total = 0;
  for (QPDFObjectHandle& stream : streams) {
    if (!stream.isStream()) continue;
    auto size = DecodeBounded(stream, limits_.max_stream_bytes - total, nullptr);
    if (!size) {
      return Refusal("streams", fmt::format("Le contenu de la page {} est trop volumineux une "
                                            "fois décompressé.",
                                            index + 1));
    }
    total += *size;
  }
  std::vector<QPDFObjectHandle> pending = {page.getKey("/Resources"), page.getKey("/Annots")};
  while (!pending.empty()) {
    QPDFObjectHandle object = pending.back();
    pending.pop_back();
    if (object.isIndirect() && !seen_.insert(object.getObjGen()).second) continue;
    if (object.isStream()) {
      if (core::Status s = CheckStream(object, index); !s) return s;
      object = object.getDict();
    }
    if (object.isDictionary()) {
      for (auto& [key, value] : object.ditems()) {
        if (FollowKey(key) && (value.isDictionary() || value.isArray() || value.isStream())) {
          pending.push_back(value);
        }
      }
    } else if (object.isArray()) {
      for (auto& item : object.aitems()) {
        if (item.isDictionary() || item.isArray() || item.isStream()) pending.push_back(item);
      }
    }
  }
  return {};
}

core::Status StreamBudget::CheckStream(QPDFObjectHandle stream, int index) {
  QPDFObjectHandle dict = stream.getDict();
  QPDFObjectHandle subtype = dict.getKey("/Subtype");
  if (subtype.isName() && subtype.getName() == "/Image") {
    const int64_t width = IntKey(dict, "/Width"), height = IntKey(dict, "/Height");
    QPDFObjectHandle mask = dict.getKey("/ImageMask");
    const bool one_bit =
        IntKey(dict, "/BitsPerComponent") == 1 || (mask.isBool() && mask.getBoolValue());
    const int64_t allowed = limits_.max_page_pixels * (one_bit ? 4 : 1);
    if (width < 0 || height < 0 || (width > 0 && height > allowed / width)) {
      return Refusal("pixels", fmt::format("Une image de la page {} est trop grande ({} × {} "
                                           "pixels).",
                                           index + 1, width, height));
    }
  }
  if (!DecodeBounded(stream, limits_.max_stream_bytes, nullptr)) {
    return Refusal("streams", fmt::format("Un élément de la page {} est trop volumineux une fois "
                                          "décompressé.",
                                          index + 1));
  }
  return {};
}

}  // namespace korrigo::pdf
