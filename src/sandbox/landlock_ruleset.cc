// Landlock rulesets (see landlock_ruleset.h). Only write-type file rights are "handled", so
// reading (the PDF, fonts, libraries) is left as it was; on kernels that know them, TCP and
// signals or abstract sockets aimed outside the sandbox are denied too. Rights the running
// kernel's ABI does not know are dropped from the request, as the Landlock documentation advises.
#include "sandbox/landlock_ruleset.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace korrigo::sandbox {
namespace {

constexpr uint64_t kWriteRights = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
                                  LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
                                  LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                                  LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
                                  LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
constexpr uint64_t kRefer = 1ULL << 13;          // ABI 2
constexpr uint64_t kTruncate = 1ULL << 14;       // ABI 3
constexpr uint64_t kTcpBindAndConnect = 3;       // ABI 4: no TCP at all
constexpr uint64_t kScopeSocketsAndSignals = 3;  // ABI 6: no abstract sockets or signals outside

// struct landlock_ruleset_attr of recent kernels (Debian 12's headers stop at ABI 3); the size
// passed to the kernel tells which fields it reads.
struct RulesetAttr {
  uint64_t handled_access_fs = 0;
  uint64_t handled_access_net = 0;
  uint64_t scoped = 0;
};

// What a child may do beneath its output directory.
constexpr uint64_t kOutputRights =
    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_REMOVE_FILE;

}  // namespace

LandlockRuleset::~LandlockRuleset() { close(fd_); }

core::Result<std::unique_ptr<LandlockRuleset>> LandlockRuleset::Create(
    const std::string& writable_dir) {
  const long abi =
      syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 1) return std::unique_ptr<LandlockRuleset>();
  uint64_t handled = kWriteRights;
  if (abi >= 2) handled |= kRefer;
  uint64_t output = kOutputRights;
  if (abi >= 3) {
    handled |= kTruncate;
    output |= kTruncate;
  }
  RulesetAttr attr{.handled_access_fs = handled};
  size_t size = sizeof attr.handled_access_fs;
  if (abi >= 4) {
    attr.handled_access_net = kTcpBindAndConnect;
    size += sizeof attr.handled_access_net;
  }
  if (abi >= 6) {
    attr.scoped = kScopeSocketsAndSignals;
    size += sizeof attr.scoped;
  }
  const int fd = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, size, 0));
  if (fd < 0) return std::unique_ptr<LandlockRuleset>();
  std::unique_ptr<LandlockRuleset> ruleset(new LandlockRuleset(fd));
  if (!writable_dir.empty()) {
    const int dir = open(writable_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return core::Error::Unavailable("Dossier de travail inaccessible.");
    landlock_path_beneath_attr beneath{};
    beneath.allowed_access = output;
    beneath.parent_fd = dir;
    const long added = syscall(SYS_landlock_add_rule, fd, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0);
    close(dir);
    if (added != 0) return core::Error::Unavailable("Dossier de travail inaccessible.");
  }
  return ruleset;
}

bool LandlockRuleset::RestrictSelf() const {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  return syscall(SYS_landlock_restrict_self, fd_, 0) == 0;
}

}  // namespace korrigo::sandbox
