// Throughput of the upload path without the network: a 200 MB multipart/form-data body, generated
// on the fly in 256 KiB chunks (the server's socket read size), fed to MultipartParser with
// DiskMultipartSink streaming the file to disk (SHA-256 included), and to the parser alone with a
// sink that discards. Memory stays constant: the body is never held whole, so the process's peak
// RSS (see bench/upload.sh) is the upload path's own.
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "http/disk_multipart_sink.h"
#include "http/multipart_parser.h"

namespace korrigo::http {
namespace {

constexpr char kBoundary[] = "----KorrigoBench7MA4YWxkTrZu0gW";
constexpr size_t kChunkBytes = 256 * 1024;

// The body of one upload: a small text field, then one file part of `file_bytes` pseudo-random
// bytes. Chunks come out in order with Next(); the content is deterministic.
class BodySource {
 public:
  explicit BodySource(int64_t file_bytes) : file_bytes_(file_bytes) {
    prefix_ = std::string("--") + kBoundary +
              "\r\nContent-Disposition: form-data; name=\"exam_id\"\r\n\r\n1\r\n--" + kBoundary +
              "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scans.pdf\"\r\n"
              "Content-Type: application/pdf\r\n\r\n";
    suffix_ = std::string("\r\n--") + kBoundary + "--\r\n";
  }

  int64_t total_bytes() const {
    return static_cast<int64_t>(prefix_.size() + suffix_.size()) + file_bytes_;
  }

  // Fills `out` with the next bytes of the body; returns how many (0 at the end).
  size_t Next(std::vector<char>& out) {
    size_t n = 0;
    while (n < out.size() && pos_ < total_bytes()) {
      int64_t p = pos_;
      size_t take;
      const char* from;
      int64_t prefix = static_cast<int64_t>(prefix_.size());
      if (p < prefix) {
        from = prefix_.data() + p;
        take = static_cast<size_t>(prefix - p);
      } else if (p < prefix + file_bytes_) {
        int64_t in_file = p - prefix;
        size_t offset = static_cast<size_t>(in_file % static_cast<int64_t>(pattern_.size()));
        from = pattern_.data() + offset;
        take = std::min<int64_t>(pattern_.size() - offset, prefix + file_bytes_ - p);
      } else {
        size_t offset = static_cast<size_t>(p - prefix - file_bytes_);
        from = suffix_.data() + offset;
        take = suffix_.size() - offset;
      }
      take = std::min(take, out.size() - n);
      std::copy(from, from + take, out.data() + n);
      n += take;
      pos_ += static_cast<int64_t>(take);
    }
    return n;
  }

 private:
  int64_t file_bytes_;
  int64_t pos_ = 0;
  std::string prefix_;
  std::string suffix_;
  const std::string& pattern_ = Pattern();

  // File content: one pseudo-random block, of a size that is not a multiple of the chunk size so
  // chunks do not repeat exactly, built once per process (outside the timed loops).
  static const std::string& Pattern() {
    static const std::string pattern = [] {
      std::string p(1 << 20 | 7, '\0');
      uint64_t x = 0x9E3779B97F4A7C15ULL;
      for (char& c : p) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c = static_cast<char>(x);
      }
      return p;
    }();
    return pattern;
  }
};

class DiscardSink : public MultipartSink {
 public:
  core::Status OnPartBegin(const MultipartPartHeaders&) override { return {}; }
  core::Status OnPartData(std::string_view data) override {
    bytes += data.size();
    return {};
  }
  core::Status OnPartEnd() override { return {}; }
  size_t bytes = 0;
};

// A scratch directory for the uploaded files: $KORRIGO_BENCH_DIR, else a new one under $TMPDIR or
// /tmp.
class ScratchDir {
 public:
  ScratchDir() {
    const char* base = std::getenv("KORRIGO_BENCH_DIR");
    if (!base || !*base) base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/korrigo-bench-XXXXXX";
    if (!mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void Feed(benchmark::State& state, MultipartParser& parser, BodySource& body,
          std::vector<char>& chunk) {
  while (size_t n = body.Next(chunk)) {
    if (core::Status s = parser.Feed({chunk.data(), n}); !s) {
      state.SkipWithError(s.error().message.c_str());
      return;
    }
  }
  if (core::Status s = parser.Finish(); !s) state.SkipWithError(s.error().message.c_str());
}

// Parser + DiskMultipartSink: the whole server-side upload path except the socket.
void BM_MultipartToDisk(benchmark::State& state) {
  const int64_t file_bytes = state.range(0) << 20;
  ScratchDir dir;
  std::vector<char> chunk(kChunkBytes);
  int64_t total = 0;
  for (auto _ : state) {
    BodySource body(file_bytes);
    DiskMultipartSink sink(dir.path(), file_bytes + 1, file_bytes + 1);
    MultipartParser parser(kBoundary, sink);
    Feed(state, parser, body, chunk);
    MultipartForm form = sink.TakeForm();
    if (form.files.size() != 1 || form.files[0].size_bytes != file_bytes) {
      state.SkipWithError("the uploaded file is missing or has the wrong size");
    }
    for (const UploadedFile& f : form.files) ::unlink(f.path.c_str());
    total += body.total_bytes();
  }
  state.SetBytesProcessed(total);
}
BENCHMARK(BM_MultipartToDisk)->Arg(200)->Unit(benchmark::kMillisecond)->UseRealTime();

// The parser alone (body generation included), to tell parsing cost from disk and hashing cost.
void BM_MultipartParseOnly(benchmark::State& state) {
  const int64_t file_bytes = state.range(0) << 20;
  std::vector<char> chunk(kChunkBytes);
  int64_t total = 0;
  for (auto _ : state) {
    BodySource body(file_bytes);
    DiscardSink sink;
    MultipartParser parser(kBoundary, sink);
    Feed(state, parser, body, chunk);
    benchmark::DoNotOptimize(sink.bytes);
    total += body.total_bytes();
  }
  state.SetBytesProcessed(total);
}
BENCHMARK(BM_MultipartParseOnly)->Arg(200)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace korrigo::http

BENCHMARK_MAIN();
