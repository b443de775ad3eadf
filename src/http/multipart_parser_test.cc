// MultipartParser: boundaries split at every position, near-boundaries in data, header parsing
// (case, quoting, filename* and directory stripping), limits, malformed and truncated bodies, and
// error stickiness.
#include "http/multipart_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace korrigo::http {
namespace {

constexpr char kBoundary[] = "----KorrigoBoundary7MA4YWxk";

struct RecordedPart {
  MultipartPartHeaders headers;
  std::string data;
  bool ended = false;
};

// Records every event; optionally fails the n-th OnPartData call.
class RecordingSink : public MultipartSink {
 public:
  core::Status OnPartBegin(const MultipartPartHeaders& headers) override {
    EXPECT_TRUE(parts.empty() || parts.back().ended) << "part begun before the previous one ended";
    parts.push_back({headers, "", false});
    return {};
  }
  core::Status OnPartData(std::string_view data) override {
    EXPECT_FALSE(data.empty());
    EXPECT_FALSE(parts.empty());
    if (++data_calls == fail_on_data_call) return core::Error::Unavailable("disque plein");
    parts.back().data.append(data);
    return {};
  }
  core::Status OnPartEnd() override {
    EXPECT_FALSE(parts.back().ended);
    parts.back().ended = true;
    return {};
  }

  std::vector<RecordedPart> parts;
  int data_calls = 0;
  int fail_on_data_call = -1;
};

struct Outcome {
  core::Status status;
  std::vector<RecordedPart> parts;
};

// Feeds `body` in the given chunk sizes (the last chunk takes the rest), then calls Finish.
Outcome Parse(const std::string& body, const std::vector<size_t>& sizes,
              MultipartLimits limits = {}) {
  RecordingSink sink;
  MultipartParser parser(kBoundary, sink, limits);
  size_t pos = 0;
  for (size_t size : sizes) {
    if (pos >= body.size()) break;
    size = std::min(size, body.size() - pos);
    if (core::Status st = parser.Feed(std::string_view(body).substr(pos, size)); !st)
      return {st, sink.parts};
    pos += size;
  }
  if (pos < body.size()) {
    if (core::Status st = parser.Feed(std::string_view(body).substr(pos)); !st)
      return {st, sink.parts};
  }
  return {parser.Finish(), sink.parts};
}

Outcome ParseWhole(const std::string& body, MultipartLimits limits = {}) {
  return Parse(body, {}, limits);
}

std::string FieldPart(const std::string& name, const std::string& value) {
  return std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"\r\n\r\n" + value + "\r\n";
}

std::string FilePart(const std::string& name, const std::string& filename,
                     const std::string& data) {
  return std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"" + filename + "\"\r\nContent-Type: application/pdf\r\n\r\n" + data +
         "\r\n";
}

std::string Close() { return std::string("--") + kBoundary + "--\r\n"; }

std::string AllBytes() {
  std::string bytes;
  for (int round = 0; round < 3; ++round) {
    for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  }
  return bytes;
}

// Data that looks like a delimiter without being one.
std::string NearBoundaries() {
  std::string b = kBoundary;
  return "\r\n--" + b.substr(0, b.size() - 1) + "|" + "--" + b + "\r\n" + "x--" + b + "--" +
         "\r\n-\r\n--" + "\r\r\n--" + b.substr(0, 5) + "\r\n\r\n" + "\r\n--" +
         b.substr(0, b.size() - 1);
}

void ExpectSameParts(const std::vector<RecordedPart>& got, const std::vector<RecordedPart>& want,
                     const std::string& where) {
  ASSERT_EQ(got.size(), want.size()) << where;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].headers.name, want[i].headers.name) << where;
    EXPECT_EQ(got[i].headers.filename, want[i].headers.filename) << where;
    EXPECT_EQ(got[i].headers.content_type, want[i].headers.content_type) << where;
    EXPECT_EQ(got[i].data, want[i].data) << where << " part " << i;
    EXPECT_EQ(got[i].ended, want[i].ended) << where;
  }
}

std::string MixedBody() {
  return "preamble to ignore\r\n--not-the-boundary\r\n" + FieldPart("exam_id", "42") +
         FilePart("scan", "copies.pdf", "%PDF-1.7\r\n" + NearBoundaries() + AllBytes()) +
         FieldPart("empty", "") + FieldPart("crlf", "\r\n") + FilePart("second", "b.bin", "\r") +
         Close() + "epilogue --" + kBoundary;
}

std::vector<RecordedPart> MixedParts() {
  auto field = [](const std::string& name, const std::string& data) {
    return RecordedPart{{name, std::nullopt, "text/plain"}, data, true};
  };
  auto file = [](const std::string& name, const std::string& filename, const std::string& data) {
    return RecordedPart{{name, filename, "application/pdf"}, data, true};
  };
  return {field("exam_id", "42"),
          file("scan", "copies.pdf", "%PDF-1.7\r\n" + NearBoundaries() + AllBytes()),
          field("empty", ""), field("crlf", "\r\n"), file("second", "b.bin", "\r")};
}

TEST(MultipartParserTest, ParsesFieldsFilesNearBoundariesAndBinaryData) {
  Outcome out = ParseWhole(MixedBody());
  ASSERT_TRUE(out.status.ok()) << out.status.error().message;
  ExpectSameParts(out.parts, MixedParts(), "whole");
}

TEST(MultipartParserTest, SameResultWhateverTheSplitPoint) {
  const std::string body = MixedBody();
  const auto want = MixedParts();
  for (size_t split = 0; split <= body.size(); ++split) {
    Outcome out = Parse(body, {split});
    ASSERT_TRUE(out.status.ok()) << "split " << split << ": " << out.status.error().message;
    ExpectSameParts(out.parts, want, "split " + std::to_string(split));
  }
}

TEST(MultipartParserTest, SameResultFedOneByteAtATime) {
  const std::string body = MixedBody();
  Outcome out = Parse(body, std::vector<size_t>(body.size(), 1));
  ASSERT_TRUE(out.status.ok()) << out.status.error().message;
  ExpectSameParts(out.parts, MixedParts(), "bytewise");
}

TEST(MultipartParserTest, SameResultWithRandomChunkSizes) {
  const std::string body = MixedBody();
  std::mt19937 rng(20261128);
  for (int round = 0; round < 300; ++round) {
    std::uniform_int_distribution<size_t> size(1, round < 150 ? 8 : 200);
    std::vector<size_t> sizes;
    for (size_t total = 0; total < body.size();) total += sizes.emplace_back(size(rng));
    Outcome out = Parse(body, sizes);
    ASSERT_TRUE(out.status.ok()) << "round " << round << ": " << out.status.error().message;
    ExpectSameParts(out.parts, MixedParts(), "round " + std::to_string(round));
  }
}

TEST(MultipartParserTest, BodyMayStartWithTheDelimiterOrAPreambleAndEndWithoutCrlf) {
  std::string body = FieldPart("a", "1") + "--" + kBoundary + "--";
  Outcome out = ParseWhole(body);
  ASSERT_TRUE(out.status.ok());
  ASSERT_EQ(out.parts.size(), 1u);
  EXPECT_EQ(out.parts[0].data, "1");

  // "--boundary" inside the preamble but not at the start of a line is not a delimiter.
  out = ParseWhole("junk--" + std::string(kBoundary) + "\r\n" + body);
  ASSERT_TRUE(out.status.ok());
  ASSERT_EQ(out.parts.size(), 1u);
}

TEST(MultipartParserTest, TransportPaddingAfterTheDelimiterIsAllowed) {
  std::string body = std::string("--") + kBoundary +
                     " \t \r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n" + "--" +
                     kBoundary + "--";
  Outcome out = ParseWhole(body);
  ASSERT_TRUE(out.status.ok()) << out.status.error().message;
  ASSERT_EQ(out.parts.size(), 1u);
  EXPECT_EQ(out.parts[0].data, "v");
}

TEST(MultipartParserTest, MissingClosingDelimiterIsAnError) {
  const std::string full = FieldPart("a", "1") + FilePart("f", "x.pdf", "data") + Close();
  for (const std::string& body :
       {std::string(), std::string("no boundary at all"), FieldPart("a", "1"),
        full.substr(0, full.size() - 5), full.substr(0, full.size() - 4)}) {
    Outcome out = ParseWhole(body);
    ASSERT_FALSE(out.status.ok()) << body;
    EXPECT_EQ(out.status.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(out.status.error().message.find("Requête multipart invalide"), std::string::npos);
  }
  // A truncated file part is never reported as ended.
  Outcome out = ParseWhole(full.substr(0, full.rfind("data\r\n") + 2));
  ASSERT_FALSE(out.status.ok());
  ASSERT_EQ(out.parts.size(), 2u);
  EXPECT_FALSE(out.parts[1].ended);
}

TEST(MultipartParserTest, MalformedDelimitersAreRejected) {
  std::string b = kBoundary;
  for (const std::string& body :
       {"--" + b + "X\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--" + b + "--",
        "--" + b + "\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--" + b + "--",
        "--" + b + "-x", FieldPart("a", "1") + "--" + b + "  --"}) {
    Outcome out = ParseWhole(body);
    ASSERT_FALSE(out.status.ok()) << body;
    EXPECT_EQ(out.status.error().code, core::ErrorCode::kInvalidArgument);
  }
}

TEST(MultipartParserTest, HeadersAreCaseInsensitiveAndDefaultToTextPlain) {
  std::string body = std::string("--") + kBoundary +
                     "\r\nCONTENT-disposition:FORM-DATA;NAME=\"Nom\";  FileName=\"a b.png\"\r\n"
                     "X-Other: ignored\r\ncontent-type:   image/png  \r\n\r\nPNG\r\n--" +
                     kBoundary + "\r\ncontent-disposition: form-data; name=plain\r\n\r\nv\r\n" +
                     Close();
  Outcome out = ParseWhole(body);
  ASSERT_TRUE(out.status.ok()) << out.status.error().message;
  ASSERT_EQ(out.parts.size(), 2u);
  EXPECT_EQ(out.parts[0].headers.name, "Nom");
  EXPECT_EQ(out.parts[0].headers.filename, "a b.png");
  EXPECT_EQ(out.parts[0].headers.content_type, "image/png");
  EXPECT_EQ(out.parts[1].headers.name, "plain");
  EXPECT_FALSE(out.parts[1].headers.filename.has_value());
  EXPECT_EQ(out.parts[1].headers.content_type, "text/plain");
}

std::optional<std::string> FilenameOf(const std::string& disposition_params) {
  std::string body = std::string("--") + kBoundary +
                     "\r\nContent-Disposition: form-data; name=\"f\"; " + disposition_params +
                     "\r\n\r\nx\r\n" + Close();
  Outcome out = ParseWhole(body);
  EXPECT_TRUE(out.status.ok()) << disposition_params << ": " << out.status.error().message;
  if (!out.status.ok() || out.parts.empty()) return "<error>";
  return out.parts[0].headers.filename;
}

TEST(MultipartParserTest, FilenamesLoseTheirDirectoryAndAreUnquoted) {
  EXPECT_EQ(FilenameOf(R"(filename="../../etc/passwd")"), "passwd");
  EXPECT_EQ(FilenameOf(R"(filename="C:\fakepath\copie 1.pdf")"), "copie 1.pdf");
  EXPECT_EQ(FilenameOf(R"(filename="dir\\sub\\x.pdf")"), "x.pdf");
  EXPECT_EQ(FilenameOf(R"(filename="a\"b.pdf")"), "a\"b.pdf");
  EXPECT_EQ(FilenameOf(R"(filename="semi;colon.pdf")"), "semi;colon.pdf");
  EXPECT_EQ(FilenameOf(R"(filename=plain.pdf)"), "plain.pdf");
  EXPECT_EQ(FilenameOf(R"(filename="été.pdf")"), "été.pdf");
  EXPECT_EQ(FilenameOf(R"(filename="..")"), "");
  EXPECT_EQ(FilenameOf(R"(filename="")"), "");
  EXPECT_EQ(FilenameOf(R"(filename="/")"), "");
}

TEST(MultipartParserTest, ExtendedFilenameIsPercentDecodedAndWins) {
  EXPECT_EQ(FilenameOf(R"(filename="fallback.pdf"; filename*=UTF-8''%C3%A9t%C3%A9%20n%C2%B01.pdf)"),
            "été n°1.pdf");
  EXPECT_EQ(FilenameOf(R"(filename*=utf-8'fr'..%2F..%2Fsecret.txt)"), "secret.txt");
  EXPECT_EQ(FilenameOf(R"(filename*="UTF-8''a%5Cb.pdf")"), "b.pdf");
}

TEST(MultipartParserTest, BadPartHeadersAreRejected) {
  const std::vector<std::string> bad_headers = {
      "Content-Type: text/plain",                                // no Content-Disposition
      "Content-Disposition: form-data",                          // no name
      "Content-Disposition: form-data; name=\"\"",               // empty name
      "Content-Disposition: attachment; name=\"a\"",             // not form-data
      "Content-Disposition: form-data; name=\"a",                // unterminated quote
      "Content-Disposition: form-data; name=\"a\"; name=\"b\"",  // duplicate parameter
      "Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"",
      "Content-Disposition: form-data; name=a; filename*=UTF-8''%zz",    // bad percent encoding
      "Content-Disposition: form-data; name=a; filename*=UTF-8''a%0Ab",  // control character
      "Content-Disposition: form-data; name=a; filename*=latin1''a",     // unsupported charset
      "Content-Disposition: form-data; name=a; filename*=nocharset",     // malformed ext-value
      "Content-Disposition: form-data; name=a\nX-Injected: 1",           // bare LF
      "Content-Disposition: form-data; name=a\r\nno colon here",
      std::string("Content-Disposition: form-data; name=a\0b", 40),  // NUL byte
      ": empty name",
  };
  for (const std::string& headers : bad_headers) {
    std::string body = std::string("--") + kBoundary + "\r\n" + headers + "\r\n\r\nx\r\n" + Close();
    Outcome out = ParseWhole(body);
    ASSERT_FALSE(out.status.ok()) << headers;
    EXPECT_EQ(out.status.error().code, core::ErrorCode::kInvalidArgument) << headers;
    EXPECT_TRUE(out.parts.empty()) << headers;
  }
  // A part without any header line at all.
  Outcome out = ParseWhole(std::string("--") + kBoundary + "\r\n\r\nx\r\n" + Close());
  ASSERT_FALSE(out.status.ok());
  EXPECT_NE(out.status.error().message.find("Content-Disposition"), std::string::npos);
}

TEST(MultipartParserTest, HeaderBlockLimitIsEnforcedEvenWhenFedBytewise) {
  MultipartLimits limits;
  limits.max_part_header_bytes = 200;
  auto body_with_header_block = [](size_t block_size) {
    std::string start = "Content-Disposition: form-data; name=a\r\nX-Pad: ";
    std::string pad(block_size - start.size() - 4, 'p');
    return std::string("--") + kBoundary + "\r\n" + start + pad + "\r\n\r\nv\r\n" + Close();
  };
  Outcome at_limit = ParseWhole(body_with_header_block(200), limits);
  ASSERT_TRUE(at_limit.status.ok()) << at_limit.status.error().message;
  std::string over = body_with_header_block(201);
  for (const Outcome& out :
       {ParseWhole(over, limits), Parse(over, std::vector<size_t>(over.size(), 1), limits)}) {
    ASSERT_FALSE(out.status.ok());
    EXPECT_NE(out.status.error().message.find("trop longs"), std::string::npos);
  }
  // A header block that never ends is refused as soon as it passes the limit, not at the end of the
  // body.
  RecordingSink sink;
  MultipartParser parser(kBoundary, sink, limits);
  ASSERT_TRUE(
      parser.Feed(std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=a\r\n")
          .ok());
  core::Status st;
  for (int i = 0; i < 100 && st.ok(); ++i) st = parser.Feed("X-Header: yyyyyyyyyy\r\n");
  EXPECT_FALSE(st.ok());
}

TEST(MultipartParserTest, PartCountLimit) {
  MultipartLimits limits;
  limits.max_parts = 3;
  std::string three = FieldPart("a", "1") + FieldPart("b", "2") + FieldPart("c", "3");
  Outcome ok = ParseWhole(three + Close(), limits);
  ASSERT_TRUE(ok.status.ok());
  EXPECT_EQ(ok.parts.size(), 3u);
  Outcome too_many = ParseWhole(three + FieldPart("d", "4") + Close(), limits);
  ASSERT_FALSE(too_many.status.ok());
  EXPECT_NE(too_many.status.error().message.find("trop de parties"), std::string::npos);
  EXPECT_EQ(too_many.parts.size(), 3u);

  // The default limit holds against a flood of empty parts.
  std::string flood;
  for (int i = 0; i < 1001; ++i) flood += FieldPart("f" + std::to_string(i), "");
  EXPECT_FALSE(ParseWhole(flood + Close()).status.ok());
}

TEST(MultipartParserTest, ErrorsAreSticky) {
  RecordingSink sink;
  MultipartParser parser(kBoundary, sink);
  core::Status first = parser.Feed(std::string("--") + kBoundary + "\r\nBroken header\r\n\r\n");
  ASSERT_FALSE(first.ok());
  core::Status again = parser.Feed(FieldPart("a", "1") + Close());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, first.error().message);
  core::Status finish = parser.Finish();
  ASSERT_FALSE(finish.ok());
  EXPECT_EQ(finish.error().message, first.error().message);
  EXPECT_TRUE(sink.parts.empty());
}

TEST(MultipartParserTest, SinkErrorStopsParsing) {
  RecordingSink sink;
  sink.fail_on_data_call = 2;
  MultipartParser parser(kBoundary, sink);
  std::string body = FieldPart("a", "1") + FilePart("f", "x.pdf", "payload") + Close();
  core::Status st;
  for (size_t i = 0; i < body.size() && st.ok(); ++i) st = parser.Feed(body.substr(i, 1));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(sink.data_calls, 2);
  core::Status finish = parser.Finish();
  ASSERT_FALSE(finish.ok());
  EXPECT_EQ(finish.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(sink.data_calls, 2);
}

}  // namespace
}  // namespace korrigo::http
