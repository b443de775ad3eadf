// LandlockRuleset: a Linux Landlock ruleset under which a process may create, write and truncate
// files only beneath one directory (or nowhere), while reading stays unrestricted; where the
// kernel allows (Landlock ABI 4 and 6) it may also not use TCP nor signal processes outside the
// sandbox. The parent builds it; the child applies it between fork and exec.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace korrigo::sandbox {

class LandlockRuleset {
 public:
  // A ruleset allowing writes only beneath `writable_dir` (none when empty). Returns nullptr when
  // the kernel has no Landlock (the other limits still apply; the caller logs it). Errors:
  // unavailable when the directory cannot be opened.
  static core::Result<std::unique_ptr<LandlockRuleset>> Create(const std::string& writable_dir);
  ~LandlockRuleset();
  LandlockRuleset(const LandlockRuleset&) = delete;
  LandlockRuleset& operator=(const LandlockRuleset&) = delete;

  // Applies the ruleset to the calling process: sets no_new_privs, then restricts itself. Only
  // system calls, so it is safe between fork and exec. Returns false on failure.
  bool RestrictSelf() const;

 private:
  explicit LandlockRuleset(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace korrigo::sandbox
