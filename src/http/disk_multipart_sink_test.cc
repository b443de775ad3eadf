// DiskMultipartSink behind a real MultipartParser: files on disk with their SHA-256 and size,
// fields in memory, every limit, and no file left behind after a failure. Ends with a 200 MB
// streamed upload.
#include "http/disk_multipart_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "testing/test_database.h"

namespace korrigo::http {
namespace {

constexpr char kBoundary[] = "xYzBoundary0123456789";

std::string Part(const std::string& name, const std::optional<std::string>& filename,
                 const std::string& data) {
  std::string s =
      std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
  if (filename) s += "; filename=\"" + *filename + "\"\r\nContent-Type: application/pdf";
  return s + "\r\n\r\n" + data + "\r\n";
}

std::string Close() { return std::string("--") + kBoundary + "--\r\n"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

size_t FileCount(const std::string& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

class DiskMultipartSinkTest : public ::testing::Test {
 protected:
  // Parses `body` (in 7-byte chunks, to cross every boundary) into `sink`.
  core::Status Parse(DiskMultipartSink& sink, const std::string& body) {
    MultipartParser parser(kBoundary, sink);
    for (size_t i = 0; i < body.size(); i += 7) {
      if (core::Status st = parser.Feed(std::string_view(body).substr(i, 7)); !st) return st;
    }
    return parser.Finish();
  }
  korrigo::testing::TempDir dir_;
};

TEST_F(DiskMultipartSinkTest, WritesFilesWithShaAndKeepsFields) {
  std::string binary;
  for (int i = 0; i < 1000; ++i) binary.push_back(static_cast<char>(i * 7));
  MultipartForm form;
  {
    DiskMultipartSink sink(dir_.path(), 1 << 20, 1 << 20);
    ASSERT_TRUE(Parse(sink, Part("exam_id", std::nullopt, "42") +
                                Part("scan", "../a/scan.pdf", "abc") +
                                Part("title", std::nullopt, "Devoir n°3") +
                                Part("other", "b.bin", binary) + Close())
                    .ok());
    form = sink.TakeForm();
  }
  EXPECT_EQ(form.fields,
            (std::map<std::string, std::string>{{"exam_id", "42"}, {"title", "Devoir n°3"}}));
  ASSERT_EQ(form.files.size(), 2u);
  const UploadedFile& scan = form.files[0];
  EXPECT_EQ(scan.field_name, "scan");
  EXPECT_EQ(scan.filename, "scan.pdf");
  EXPECT_EQ(scan.content_type, "application/pdf");
  EXPECT_EQ(scan.size_bytes, 3);
  // FIPS 180-2 test vector for "abc".
  EXPECT_EQ(scan.sha256_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(std::filesystem::path(scan.path).parent_path(), std::filesystem::path(dir_.path()));
  EXPECT_EQ(scan.path.find("scan.pdf"), std::string::npos);  // never named after user input
  EXPECT_EQ(ReadFile(scan.path), "abc");
  struct stat st {};
  ASSERT_EQ(::stat(scan.path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFile(form.files[1].path), binary);
  EXPECT_EQ(form.files[1].size_bytes, 1000);
  EXPECT_EQ(FileCount(dir_.path()), 2u);  // taken: the sink's destructor kept them
}

TEST_F(DiskMultipartSinkTest, EmptyFileAndFormWithoutFiles) {
  DiskMultipartSink sink(dir_.path(), 100, 100);
  ASSERT_TRUE(Parse(sink, Part("empty", "", "") + Part("name", std::nullopt, "x") + Close()).ok());
  MultipartForm form = sink.TakeForm();
  ASSERT_EQ(form.files.size(), 1u);
  EXPECT_EQ(form.files[0].filename, "");
  EXPECT_EQ(form.files[0].size_bytes, 0);
  EXPECT_EQ(form.files[0].sha256_hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  DiskMultipartSink fields_only(dir_.path(), 100, 100);
  ASSERT_TRUE(Parse(fields_only, Part("a", std::nullopt, "1") + Close()).ok());
  MultipartForm no_files = fields_only.TakeForm();
  EXPECT_TRUE(no_files.files.empty());
  EXPECT_EQ(no_files.fields.at("a"), "1");
}

TEST_F(DiskMultipartSinkTest, FilesAreDeletedUnlessTheFormIsTaken) {
  {
    DiskMultipartSink sink(dir_.path(), 100, 100);
    ASSERT_TRUE(Parse(sink, Part("a", "a.pdf", "aaa") + Part("b", "b.pdf", "bbb") + Close()).ok());
    EXPECT_EQ(FileCount(dir_.path()), 2u);
  }
  EXPECT_EQ(FileCount(dir_.path()), 0u);
}

TEST_F(DiskMultipartSinkTest, FileSizeLimitDeletesThePartialFileAtOnce) {
  DiskMultipartSink sink(dir_.path(), 10, 100);
  core::Status st = Parse(
      sink, Part("ok", "ok.pdf", "0123456789") + Part("big", "big.pdf", "0123456789X") + Close());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(st.error().message.rfind("Fichier trop volumineux", 0), 0u) << st.error().message;
  EXPECT_EQ(FileCount(dir_.path()), 1u);  // only the complete first file, until the sink goes away
}

TEST_F(DiskMultipartSinkTest, TotalSizeLimitAcrossFiles) {
  {
    DiskMultipartSink sink(dir_.path(), 10, 15);
    core::Status st =
        Parse(sink, Part("a", "a.pdf", "0123456789") + Part("b", "b.pdf", "012345") + Close());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kPayloadTooLarge);
  }
  EXPECT_EQ(FileCount(dir_.path()), 0u);
}

TEST_F(DiskMultipartSinkTest, TruncatedBodyLeavesNoFile) {
  {
    DiskMultipartSink sink(dir_.path(), 1000, 1000);
    std::string body = Part("a", "a.pdf", "complete") + Part("b", "b.pdf", "truncated");
    core::Status st = Parse(sink, body.substr(0, body.size() - 4));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(FileCount(dir_.path()), 0u);
}

TEST_F(DiskMultipartSinkTest, FieldLimits) {
  {
    DiskMultipartSink sink(dir_.path(), 100, 100);
    std::string at_limit(DiskMultipartSink::kMaxFieldBytes, 'x');
    EXPECT_TRUE(Parse(sink, Part("a", std::nullopt, at_limit) + Close()).ok());
  }
  {
    DiskMultipartSink sink(dir_.path(), 100, 100);
    core::Status st = Parse(
        sink,
        Part("a", std::nullopt, std::string(DiskMultipartSink::kMaxFieldBytes + 1, 'x')) + Close());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  }
  {
    DiskMultipartSink sink(dir_.path(), 100, 100);
    std::string body;
    std::string value(DiskMultipartSink::kMaxFieldBytes, 'y');
    for (int i = 0; i <= DiskMultipartSink::kMaxTotalFieldBytes / DiskMultipartSink::kMaxFieldBytes;
         ++i) {
      body += Part("f" + std::to_string(i), std::nullopt, value);
    }
    core::Status st = Parse(sink, body + Close());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  }
  {
    DiskMultipartSink sink(dir_.path(), 100, 100);
    core::Status st =
        Parse(sink, Part("a", std::nullopt, "1") + Part("a", std::nullopt, "2") + Close());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  }
}

TEST_F(DiskMultipartSinkTest, UnwritableDirectoryIsUnavailable) {
  std::ofstream(dir_.path() + "/regular") << "x";
  DiskMultipartSink sink(dir_.path() + "/regular/sub", 100, 100);
  core::Status st = Parse(sink, Part("a", "a.pdf", "abc") + Close());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::ErrorCode::kUnavailable);
}

// Deterministic pseudo-random bytes (xorshift64*), fast enough to produce 200 MB in a fraction of a
// second.
class ByteStream {
 public:
  void Fill(std::string& buffer) {
    for (size_t i = 0; i + 8 <= buffer.size(); i += 8) {
      state_ ^= state_ >> 12;
      state_ ^= state_ << 25;
      state_ ^= state_ >> 27;
      uint64_t v = state_ * 0x2545F4914F6CDD1DULL;
      std::memcpy(buffer.data() + i, &v, 8);
    }
  }

 private:
  uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

TEST_F(DiskMultipartSinkTest, Streams200MegabytesWithConstantMemory) {
  constexpr int64_t kSize = 200LL * 1024 * 1024;
  constexpr size_t kBlock = 1 << 20;
  DiskMultipartSink sink(dir_.path(), kSize, kSize);
  MultipartParser parser(kBoundary, sink);
  ASSERT_TRUE(
      parser
          .Feed(Part("exam_id", std::nullopt, "7") + "--" + kBoundary +
                "\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"big.pdf\"\r\n\r\n")
          .ok());
  ByteStream bytes;
  std::string block(kBlock, '\0');
  double parse_seconds = 0;
  for (int64_t sent = 0; sent < kSize; sent += kBlock) {
    bytes.Fill(block);
    auto start = std::chrono::steady_clock::now();
    // Uneven slices, as a socket would deliver them.
    for (size_t pos = 0; pos < block.size(); pos += 65521) {
      ASSERT_TRUE(parser.Feed(std::string_view(block).substr(pos, 65521)).ok());
    }
    parse_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  ASSERT_TRUE(parser.Feed("\r\n--" + std::string(kBoundary) + "--\r\n").ok());
  ASSERT_TRUE(parser.Finish().ok());
  MultipartForm form = sink.TakeForm();
  ASSERT_EQ(form.files.size(), 1u);
  EXPECT_EQ(form.files[0].size_bytes, kSize);
  EXPECT_EQ(std::filesystem::file_size(form.files[0].path), static_cast<uintmax_t>(kSize));
  // Computed independently with sha256sum over the same generator's output.
  EXPECT_EQ(form.files[0].sha256_hex,
            "217ee8bacd3f53618b9e73315bf8d814e9a2f936a115faeada35cc5566d86001");
  std::cout << "200 MB through parser + disk sink (sha256, write): " << parse_seconds << " s\n";
  std::filesystem::remove(form.files[0].path);
}

// Parser alone (no hashing, no disk), to see the cost of boundary search.
class CountingSink : public MultipartSink {
 public:
  core::Status OnPartBegin(const MultipartPartHeaders&) override { return {}; }
  core::Status OnPartData(std::string_view data) override {
    bytes += static_cast<int64_t>(data.size());
    return {};
  }
  core::Status OnPartEnd() override { return {}; }
  int64_t bytes = 0;
};

TEST(MultipartParserThroughputTest, Parses200MegabytesOfBinaryData) {
  constexpr int kBlocks = 50;
  std::string block(4 << 20, '\0');
  ByteStream bytes;
  bytes.Fill(block);
  CountingSink sink;
  MultipartParser parser(kBoundary, sink);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(
      parser.Feed(Part("scan", "big.pdf", "")).ok());  // the part ends at the next delimiter
  // Reopen a part that runs until the closing delimiter.
  ASSERT_TRUE(
      parser
          .Feed(std::string("--") + kBoundary +
                "\r\nContent-Disposition: form-data; name=\"s\"; filename=\"s.pdf\"\r\n\r\n")
          .ok());
  for (int i = 0; i < kBlocks; ++i) {
    for (size_t pos = 0; pos < block.size(); pos += 65536) {
      ASSERT_TRUE(parser.Feed(std::string_view(block).substr(pos, 65536)).ok());
    }
  }
  ASSERT_TRUE(parser.Feed("\r\n" + Close()).ok());
  ASSERT_TRUE(parser.Finish().ok());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(sink.bytes, static_cast<int64_t>(block.size()) * kBlocks);
  std::cout << "200 MB through the parser alone: " << seconds << " s ("
            << static_cast<double>(sink.bytes) / seconds / 1e9 << " GB/s)\n";
}

TEST(MultipartParserThroughputTest, HostileNearDelimitersStayLinear) {
  // The client picks the boundary: one made of a single repeated letter, and a body packed with
  // delimiters missing their last byte, is the worst case for naive or Horspool-style searches.
  const std::string boundary(70, 'a');
  std::string near = "\r\n--" + boundary.substr(0, 69) + "b";
  std::string block;
  while (block.size() < (1 << 20)) block += near + "\r\r\n-";
  CountingSink sink;
  MultipartParser parser(boundary, sink);
  ASSERT_TRUE(
      parser
          .Feed("--" + boundary + "\r\nContent-Disposition: form-data; name=f; filename=x\r\n\r\n")
          .ok());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    for (size_t pos = 0; pos < block.size(); pos += 65536) {
      ASSERT_TRUE(parser.Feed(std::string_view(block).substr(pos, 65536)).ok());
    }
  }
  ASSERT_TRUE(parser.Feed("\r\n--" + boundary + "--").ok());
  ASSERT_TRUE(parser.Finish().ok());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(sink.bytes, static_cast<int64_t>(block.size()) * 50);
  std::cout << "50 MB of near-delimiters through the parser: " << seconds << " s\n";
}

}  // namespace
}  // namespace korrigo::http
