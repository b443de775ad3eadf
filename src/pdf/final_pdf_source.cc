// Scan PDFs opened for copying (see final_pdf_source.h). qpdf reads from a read-only mapping of
// the file, which only touches the pages of the file holding the objects it needs; scan files are
// never modified once stored (one truncated while mapped would fault the process). Paths are not
// logged: a file name may carry a student's name.
#include "pdf/final_pdf_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "core/log.h"

namespace korrigo::pdf {

class FinalPdfSource::Mapping {
 public:
  // The whole file mapped, or nullptr with errno set.
  static std::unique_ptr<Mapping> Open(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st;
    void* data = MAP_FAILED;
    if (fstat(fd, &st) == 0) {
      if (st.st_size > 0) {
        data = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      } else {
        errno = EINVAL;  // an empty file is no PDF
      }
    }
    const int saved = errno;
    close(fd);
    errno = saved;
    if (data == MAP_FAILED) return nullptr;
    return std::unique_ptr<Mapping>(
        new Mapping(static_cast<const char*>(data), static_cast<size_t>(st.st_size)));
  }
  ~Mapping() { munmap(const_cast<char*>(data_), size_); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  Mapping(const char* data, size_t size) : data_(data), size_(size) {}
  const char* data_;
  size_t size_;
};

FinalPdfSource::~FinalPdfSource() = default;

core::Result<std::unique_ptr<FinalPdfSource>> FinalPdfSource::Open(const std::string& path) {
  std::unique_ptr<FinalPdfSource> source(new FinalPdfSource());
  source->mapping_ = Mapping::Open(path);
  if (!source->mapping_) {
    core::LogError("final_pdf.source_unreadable", {{"error", std::strerror(errno)}});
    return core::Error::Unavailable("Un fichier de scan de cette copie est illisible.");
  }
  try {
    source->qpdf_ = std::make_unique<QPDF>();
    source->qpdf_->setSuppressWarnings(true);
    source->qpdf_->processMemoryFile("scan", source->mapping_->data(), source->mapping_->size());
  } catch (const std::exception& e) {
    core::LogError("final_pdf.source_unreadable", {{"error", e.what()}});
    return core::Error::Unavailable("Un fichier de scan de cette copie est illisible.");
  }
  return source;
}

std::optional<QPDFObjectHandle> FinalPdfSource::Page(int index) {
  if (index < 0) return std::nullopt;
  // Scanners and cairo write a flat tree: the root's kids are the pages and /Count says how many.
  // There the page is the kid itself, parsed alone. Any other tree, or a kid that is not plainly
  // a page of that root, goes through getAllPages(), which parses (and repairs) the whole tree.
  QPDFObjectHandle root = qpdf_->getRoot().getKey("/Pages");
  if (root.isDictionary() && root.isIndirect() && !root.hasKey("/Parent")) {
    QPDFObjectHandle kids = root.getKey("/Kids"), count = root.getKey("/Count");
    if (kids.isArray() && count.isInteger() && count.getIntValue() == kids.getArrayNItems() &&
        index < kids.getArrayNItems()) {
      QPDFObjectHandle kid = kids.getArrayItem(index);
      if (kid.isIndirect() && kid.isDictionary() && !kid.hasKey("/Kids") &&
          kid.getKey("/Type").isNameAndEquals("/Page") &&
          kid.getKey("/Parent").getObjGen() == root.getObjGen()) {
        return kid;
      }
    }
  }
  const std::vector<QPDFObjectHandle>& pages = qpdf_->getAllPages();
  if (static_cast<size_t>(index) >= pages.size()) return std::nullopt;
  return pages[index];
}

void FinalPdfSource::NarrowTo(const std::vector<QPDFObjectHandle>& pages) {
  for (QPDFObjectHandle page : pages) {
    if (!page.hasKey("/Resources")) {
      qpdf_->pushInheritedAttributesToPage();
      break;
    }
  }
  // A page listed twice would make qpdf copy it within the source: each page appears once.
  QPDFObjectHandle kids = QPDFObjectHandle::newArray();
  std::set<QPDFObjGen> seen;
  for (QPDFObjectHandle page : pages) {
    if (seen.insert(page.getObjGen()).second) kids.appendItem(page);
  }
  QPDFObjectHandle tree = QPDFObjectHandle::newDictionary();
  tree.replaceKey("/Type", QPDFObjectHandle::newName("/Pages"));
  tree.replaceKey("/Kids", kids);
  tree.replaceKey("/Count", QPDFObjectHandle::newInteger(kids.getArrayNItems()));
  qpdf_->getRoot().replaceKey("/Pages", tree);
  qpdf_->updateAllPagesCache();
}

}  // namespace korrigo::pdf
