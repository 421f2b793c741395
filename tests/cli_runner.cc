// Process runner for end-to-end tests: fork/exec with captured stdout/stderr via temp files.
#include "cli_runner.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace proofline::testing {

TempDir::TempDir() {
  char tmpl[] = "/tmp/proofline_e2e_XXXXXX";
  path_ = mkdtemp(tmpl);
}

TempDir::~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

RunResult RunProgram(const std::vector<std::string>& args, const std::string& cwd,
                     const std::string& stdin_text, const std::vector<std::string>& env) {
  TempDir io;
  WriteText(io / "in", stdin_text);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open((io / "in").c_str(), O_RDONLY);
    int out = open((io / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open((io / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    unsetenv("PROOFLINE_TOKEN");  // only what the test gives
    for (const std::string& kv : env) putenv(strdup(kv.c_str()));
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  RunResult r;
  r.max_rss_kib = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadText(io / "out");
  r.err = ReadText(io / "err");
  return r;
}

RunResult Proofline(const std::vector<std::string>& args, const std::string& cwd,
                    const std::string& stdin_text, const std::vector<std::string>& env) {
  std::vector<std::string> full = {PROOFLINE_BIN};
  full.insert(full.end(), args.begin(), args.end());
  return RunProgram(full, cwd, stdin_text, env);
}

RunResult Sql(const std::string& db, const std::string& sql) {
  return RunProgram({"sqlite3", db, sql}, "/");
}

void LimitAsanQuarantine() {
  const char* current = std::getenv("ASAN_OPTIONS");
  std::string options = current != nullptr ? std::string(current) + ":" : "";
  setenv("ASAN_OPTIONS",
         (options + "quarantine_size_mb=4:thread_local_quarantine_size_kb=64").c_str(), 1);
}

}  // namespace proofline::testing
