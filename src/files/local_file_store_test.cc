// LocalFileStore: key generation and validation (traversal attempts), atomic writes, moves and
// copies, SHA-256 against known vectors, listing, orphan and stale-temp sweeps with a fake clock,
// and the writability probe.
#include "files/local_file_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "testing/test_database.h"

namespace korrigo::files {
namespace {

constexpr int64_t kNov2026 = 1'794'800'000'000;  // 2026-11-16T03:33:20Z
constexpr int64_t kHourMs = 3'600'000;
const std::string kHex(32, 'a');

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void SetMtime(const std::string& path, int64_t ms) {
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = ms / 1000;
  times[0].tv_nsec = times[1].tv_nsec = (ms % 1000) * 1'000'000;
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

size_t CountFiles(const std::string& dir) {
  if (!std::filesystem::exists(dir)) return 0;
  return static_cast<size_t>(std::distance(std::filesystem::recursive_directory_iterator(dir), {}));
}

class LocalFileStoreTest : public ::testing::Test {
 protected:
  LocalFileStoreTest() : clock_(kNov2026), root_(dir_.path() + "/files"), store_(root_, clock_) {}

  StoredFile Put(std::string_view data, std::string_view extension = "pdf") {
    auto stored = store_.PutBytes(data, extension);
    EXPECT_TRUE(stored.ok()) << (stored.ok() ? "" : stored.error().message);
    return stored.ok() ? *stored : StoredFile{};
  }

  korrigo::testing::TempDir dir_;
  core::FakeClock clock_;
  std::string root_;
  LocalFileStore store_;
};

TEST(FileKeyTest, NewKeysAreDatedRandomAndValid) {
  std::string a = NewKey(kNov2026, "pdf");
  std::string b = NewKey(kNov2026, "pdf");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 8), "2026/11/");
  EXPECT_EQ(a.size(), 8u + 32 + 4);
  EXPECT_TRUE(IsValidKey(a));
  EXPECT_EQ(NewKey(0, "json").substr(0, 8), "1970/01/");
  for (const char* ext : {"pdf", "jpg", "png", "json", "csv", "zip", "bin"}) {
    EXPECT_TRUE(IsValidKey("2026/11/" + kHex + "." + ext)) << ext;
  }
}

TEST(FileKeyTest, RejectsEverythingTheStoreCouldNotHaveGenerated) {
  const std::string good = "2026/11/" + kHex + ".pdf";
  std::vector<std::string> bad = {"",
                                  "../x",
                                  "/etc/passwd",
                                  "2026/11/../../x",
                                  "2026/11/../../etc/passwd.pdf",
                                  "/" + good,
                                  good + "/",
                                  "./" + good,
                                  "2026/11/" + std::string(31, 'a') + ".pdf",
                                  "2026/11/" + std::string(33, 'a') + ".pdf",
                                  "2026/11/" + std::string(32, 'A') + ".pdf",
                                  "2026/11/" + kHex + ".PDF",
                                  "2026/11/" + kHex + ".exe",
                                  "2026/11/" + kHex + ".pdf.exe",
                                  "2026/11/" + kHex,
                                  "2026/13/" + kHex + ".pdf",
                                  "2026/00/" + kHex + ".pdf",
                                  "2026\\11\\" + kHex + ".pdf",
                                  "2026%2F11%2F" + kHex + ".pdf",
                                  "%2e%2e/11/" + kHex + ".pdf",
                                  "..%2f..%2f" + kHex + ".pdf",
                                  "2026/11/%2e%2e" + std::string(26, 'a') + ".pdf",
                                  "tmp/" + kHex + ".pdf",
                                  "2026/11/" + std::string(30, 'a') + "..pdf",
                                  "2026/11/" + kHex + ".",
                                  "20261/1/" + kHex + ".pdf",
                                  good + std::string(1, '\0'),
                                  std::string("2026/11/\0", 9) + std::string(31, 'a') + ".pdf",
                                  good.substr(0, 10) + std::string(1, '\0') + good.substr(11),
                                  " " + good,
                                  good + " "};
  for (const std::string& key : bad) EXPECT_FALSE(IsValidKey(key)) << key;
  EXPECT_TRUE(IsValidKey(good));
}

TEST_F(LocalFileStoreTest, EveryKeyedMethodValidatesTheKey) {
  for (const std::string key : {"../x", "/etc/passwd", "2026/11/../../x", "tmp/probe.tmp"}) {
    EXPECT_EQ(store_.ReadAll(key).error().code, core::ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store_.Open(key).error().code, core::ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store_.Remove(key).error().code, core::ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store_.Exists(key).error().code, core::ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store_.LocalPath(key).error().code, core::ErrorCode::kInvalidArgument) << key;
  }
  const std::string missing = "2026/11/" + kHex + ".pdf";
  EXPECT_EQ(store_.ReadAll(missing).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(store_.Open(missing).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(store_.Remove(missing).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(store_.LocalPath(missing).error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(store_.Exists(missing).value());
}

TEST_F(LocalFileStoreTest, PutBytesRoundTripWithKnownSha256) {
  StoredFile abc = Put("abc");
  EXPECT_EQ(abc.key.substr(0, 8), "2026/11/");
  EXPECT_TRUE(IsValidKey(abc.key));
  EXPECT_EQ(abc.size_bytes, 3);
  EXPECT_EQ(abc.sha256_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // FIPS 180-2, two-block message.
  StoredFile two_blocks = Put("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "bin");
  EXPECT_EQ(two_blocks.sha256_hex,
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  StoredFile empty = Put("", "json");
  EXPECT_EQ(empty.sha256_hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(store_.ReadAll(empty.key).value(), "");

  EXPECT_EQ(store_.ReadAll(abc.key).value(), "abc");
  EXPECT_TRUE(store_.Exists(abc.key).value());
  EXPECT_EQ(store_.LocalPath(abc.key).value(), root_ + "/" + abc.key);
  struct stat st {};
  ASSERT_EQ(::stat((root_ + "/" + abc.key).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  ASSERT_TRUE(store_.Remove(abc.key).ok());
  EXPECT_FALSE(store_.Exists(abc.key).value());
  EXPECT_EQ(store_.ReadAll(abc.key).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(CountFiles(root_ + "/tmp"), 0u);
}

TEST_F(LocalFileStoreTest, OpenStreamsBigFiles) {
  std::string big(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 + i / 4096);
  StoredFile file = Put(big, "bin");
  auto reader = store_.Open(file.key);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->size_bytes(), static_cast<int64_t>(big.size()));
  std::string got;
  char buffer[65536];
  while (true) {
    auto n = (*reader)->Read(buffer, sizeof buffer);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    got.append(buffer, *n);
  }
  EXPECT_EQ(got, big);
  EXPECT_EQ(store_.ReadAll(file.key).value(), big);
}

TEST_F(LocalFileStoreTest, RejectsExtensionsOutsideTheAllowList) {
  for (std::string_view ext : {"exe", "PDF", "", "pdf/../x", "sh"}) {
    auto r = store_.PutBytes("x", ext);
    ASSERT_FALSE(r.ok()) << ext;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(CountFiles(root_), 0u);
}

TEST_F(LocalFileStoreTest, FailedWriteLeavesNothingUnderAnyKeyAndCleansTemp) {
  // The month directory cannot be created: the rename never happens.
  std::filesystem::create_directories(root_);
  std::ofstream(root_ + "/2026") << "not a directory";
  auto r = store_.PutBytes("content", "pdf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().message, "Le stockage de fichiers est indisponible.");
  EXPECT_TRUE(store_.ListKeys().value().empty());
  EXPECT_EQ(CountFiles(root_ + "/tmp"), 0u);

  std::string source = dir_.path() + "/upload.part";
  std::ofstream(source) << "scan";
  auto moved = store_.PutFile(source, "pdf");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(ReadFile(source), "scan");  // left in place on failure
  EXPECT_EQ(CountFiles(root_ + "/tmp"), 0u);
}

TEST_F(LocalFileStoreTest, PutFileRenamesOnTheSameFilesystem) {
  std::filesystem::create_directories(store_.temp_dir());
  std::string source = store_.temp_dir() + "/upload-1.part";
  std::ofstream(source) << "abc";
  struct stat before {};
  ASSERT_EQ(::stat(source.c_str(), &before), 0);
  auto stored = store_.PutFile(source, "pdf");
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(stored->sha256_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(stored->size_bytes, 3);
  EXPECT_FALSE(std::filesystem::exists(source));
  struct stat after {};
  ASSERT_EQ(::stat(store_.LocalPath(stored->key).value().c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // moved, not copied
  EXPECT_EQ(store_.ReadAll(stored->key).value(), "abc");
}

TEST_F(LocalFileStoreTest, PutFileCopiesAcrossFilesystems) {
  const std::string shm = "/dev/shm";
  struct stat shm_stat {};
  struct stat tmp_stat {};
  if (::stat(shm.c_str(), &shm_stat) != 0 || ::stat(dir_.path().c_str(), &tmp_stat) != 0 ||
      shm_stat.st_dev == tmp_stat.st_dev) {
    GTEST_SKIP() << "no second filesystem at /dev/shm";
  }
  std::string source = shm + "/korrigo-test-" + NewKey(0, "bin").substr(8, 32);
  std::string data(2 * 1024 * 1024 + 3, 'z');
  std::ofstream(source, std::ios::binary) << data;
  auto stored = store_.PutFile(source, "zip");
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_FALSE(std::filesystem::exists(source));
  EXPECT_EQ(stored->size_bytes, static_cast<int64_t>(data.size()));
  EXPECT_EQ(store_.ReadAll(stored->key).value(), data);
  EXPECT_EQ(CountFiles(store_.temp_dir()), 0u);
  std::filesystem::remove(source);
}

TEST_F(LocalFileStoreTest, PutFileRefusesMissingSourcesAndDirectories) {
  EXPECT_EQ(store_.PutFile(dir_.path() + "/missing", "pdf").error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(store_.PutFile(dir_.path(), "pdf").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_.PutFile(dir_.path() + "/missing", "exe").error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST_F(LocalFileStoreTest, ListKeysSkipsTempAndForeignFiles) {
  StoredFile a = Put("a");
  clock_.Set(kNov2026 + 40LL * 24 * kHourMs);  // December
  StoredFile b = Put("b", "png");
  std::ofstream(store_.temp_dir() + "/" + kHex + ".pdf") << "in progress";
  std::ofstream(root_ + "/2026/11/notes.txt") << "foreign";
  std::filesystem::create_directories(root_ + "/2026/11/deeper/2026/11");
  std::ofstream(root_ + "/2026/11/deeper/2026/11/" + kHex + ".pdf") << "too deep";
  std::vector<std::string> want = {a.key, b.key};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(store_.ListKeys().value(), want);
  EXPECT_EQ(b.key.substr(0, 8), "2026/12/");

  LocalFileStore fresh(dir_.path() + "/never-created", clock_);
  EXPECT_TRUE(fresh.ListKeys().value().empty());
}

TEST_F(LocalFileStoreTest, FindUnreferencedHonoursTheGracePeriod) {
  StoredFile old_orphan = Put("1");
  StoredFile old_referenced = Put("2");
  StoredFile fresh_orphan = Put("3");
  SetMtime(root_ + "/" + old_orphan.key, kNov2026 - 3 * kHourMs);
  SetMtime(root_ + "/" + old_referenced.key, kNov2026 - 3 * kHourMs);
  SetMtime(root_ + "/" + fresh_orphan.key, kNov2026 - 60'000);
  std::vector<std::string> asked;
  auto is_referenced = [&](const std::string& key) {
    asked.push_back(key);
    return key == old_referenced.key;
  };
  EXPECT_EQ(store_.FindUnreferenced(is_referenced, kHourMs).value(),
            std::vector<std::string>{old_orphan.key});
  EXPECT_EQ(asked.size(), 2u);  // files inside the grace period are not even looked up

  clock_.Advance(kHourMs);
  std::vector<std::string> want = {old_orphan.key, fresh_orphan.key};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(store_.FindUnreferenced(is_referenced, kHourMs).value(), want);
}

TEST_F(LocalFileStoreTest, RemoveStaleTempDeletesOnlyOldLeftovers) {
  std::filesystem::create_directories(store_.temp_dir());
  std::string stale = store_.temp_dir() + "/stale.tmp";
  std::string recent = store_.temp_dir() + "/recent.tmp";
  std::ofstream(stale) << "crashed write";
  std::ofstream(recent) << "write in progress";
  SetMtime(stale, kNov2026 - 2 * kHourMs);
  SetMtime(recent, kNov2026 - 1000);
  StoredFile kept = Put("kept");
  SetMtime(root_ + "/" + kept.key, kNov2026 - 48 * kHourMs);
  EXPECT_EQ(store_.RemoveStaleTemp(kHourMs).value(), 1);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(recent));
  EXPECT_TRUE(store_.Exists(kept.key).value());
  EXPECT_EQ(LocalFileStore(dir_.path() + "/none", clock_).RemoveStaleTemp(0).value(), 0);
}

TEST_F(LocalFileStoreTest, CheckWritable) {
  ASSERT_TRUE(store_.CheckWritable().ok());  // creates the root
  EXPECT_EQ(CountFiles(store_.temp_dir()), 0u);

  // Tests run as root, where permissions do not stop writes: a root whose parent is a regular file
  // does.
  std::ofstream(dir_.path() + "/regular") << "x";
  LocalFileStore broken(dir_.path() + "/regular/files", clock_);
  core::Status st = broken.CheckWritable();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(broken.PutBytes("x", "pdf").error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace korrigo::files
