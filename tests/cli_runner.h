// Runs the real proofline binary (and the sqlite3 CLI) for end-to-end tests.
#pragma once

#include <string>
#include <vector>

namespace proofline::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  long max_rss_kib = 0;  // this child's peak resident set (wait4), for memory ceilings
};

// A scratch directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs `args` (argv[0] is the program) in `cwd` with `stdin_text` on stdin, PROOFLINE_TOKEN
// unset and `env` ("NAME=value" each) added to the environment.
RunResult RunProgram(const std::vector<std::string>& args, const std::string& cwd,
                     const std::string& stdin_text = "", const std::vector<std::string>& env = {});
// Runs proofline with `args` in `cwd`.
RunResult Proofline(const std::vector<std::string>& args, const std::string& cwd,
                    const std::string& stdin_text = "", const std::vector<std::string>& env = {});
// Runs SQL against a store file with the sqlite3 command-line shell.
RunResult Sql(const std::string& db, const std::string& sql);

std::string ReadText(const std::string& path);
void WriteText(const std::string& path, const std::string& text);

// ASan keeps freed memory in a quarantine (256 MB by default), which would show up as RSS
// growth of a streaming command that frees as it goes: children started after this call run
// with a small one. No effect on a non-ASan build.
void LimitAsanQuarantine();

}  // namespace proofline::testing
