// The dir and command deployment targets (target.h).
#include "deploy/target.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <system_error>

#include "base/files.h"
#include "base/process.h"
#include "base/text.h"

namespace proofline::deploy {
namespace {

namespace fs = std::filesystem;

Status FsError(const std::string& what, const std::error_code& ec) {
  return IoError(what + ": " + ec.message());
}

class DirTarget : public DeployTarget {
 public:
  explicit DirTarget(std::string root) : root_(std::move(root)) {}

  std::string Describe() const override { return "dir:" + root_; }

  Result<std::string> LiveColour() const override {
    std::error_code ec;
    fs::path link = fs::path(root_) / "current";
    if (!fs::is_symlink(fs::symlink_status(link, ec))) return std::string();
    std::string colour = fs::read_symlink(link, ec).filename().string();
    if (ec) return FsError("reading " + link.string(), ec);
    if (colour != "blue" && colour != "green") {
      return Corruption(link.string() + " points to '" + colour + "', not blue or green");
    }
    return colour;
  }

  Status BringUp(const std::string& colour, const std::string& artifact) override {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec) return FsError("creating " + root_, ec);
    if (!fs::exists(artifact, ec)) return InvalidArgument("artifact " + artifact + " not found");
    fs::path staging = fs::path(root_) / ("." + colour + ".new");
    fs::remove_all(staging, ec);
    if (fs::is_directory(artifact)) {
      fs::copy(artifact, staging, fs::copy_options::recursive | fs::copy_options::copy_symlinks,
               ec);
    } else {
      fs::create_directories(staging, ec);
      if (!ec) fs::copy_file(artifact, staging / fs::path(artifact).filename(), ec);
    }
    if (ec) return FsError("copying " + artifact + " into " + staging.string(), ec);
    fs::path slot = fs::path(root_) / colour;
    fs::remove_all(slot, ec);  // the idle slot: nothing routes to it
    fs::rename(staging, slot, ec);
    if (ec) return FsError("installing " + slot.string(), ec);
    return SyncDir(root_);
  }

  Status Switch(const std::string& colour) override {
    fs::path link = fs::path(root_) / "current";
    fs::path temp = fs::path(root_) / ".current.new";
    std::error_code ec;
    fs::remove(temp, ec);
    fs::create_symlink(colour, temp, ec);
    if (ec) return FsError("creating " + temp.string(), ec);
    fs::rename(temp, link, ec);  // rename(2) replaces the old link atomically
    if (ec) return FsError("switching " + link.string(), ec);
    return SyncDir(root_);
  }

  std::string ReleasePath(const std::string& colour) const override {
    return (fs::path(root_) / colour).string();
  }

 private:
  std::string root_;
};

class CommandTarget : public DeployTarget {
 public:
  explicit CommandTarget(CommandTargetSpec spec) : spec_(std::move(spec)) {}

  std::string Describe() const override { return "command"; }
  Result<std::string> LiveColour() const override { return spec_.live; }

  Status BringUp(const std::string& colour, const std::string& artifact) override {
    return Run("bring-up", spec_.bring_up, colour, artifact, spec_.cancel);
  }
  Status Switch(const std::string& colour) override {
    RETURN_IF_ERROR(Run("switch", spec_.switch_to, colour, "", nullptr));
    spec_.live = colour;
    return OkStatus();
  }
  std::string ReleasePath(const std::string&) const override { return ""; }

 private:
  Status Run(const std::string& step, const std::string& command, const std::string& colour,
             const std::string& artifact, const std::atomic<bool>* cancel) {
    const std::string expanded = ExpandCommand(command);
    const Placeholders values{colour, artifact, spec_.env, ""};
    ASSIGN_OR_RETURN(CommandResult r,
                     RunShell(expanded, "", values.Environment(), spec_.timeout, 4096, cancel));
    if (r.cancelled) return IoError(step + " command stopped: cancelled");
    if (r.timed_out) return IoError(step + " command timed out: " + expanded);
    if (r.exit_code != 0) {
      std::string tail(TrimBlanks(r.output));
      return IoError(step + " command exited " + std::to_string(r.exit_code) +
                     (tail.empty() ? "" : ": " + OneLine(tail, 200)));
    }
    return OkStatus();
  }

  CommandTargetSpec spec_;
};

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::string OtherColour(const std::string& colour) { return colour == "blue" ? "green" : "blue"; }

std::unique_ptr<DeployTarget> MakeDirTarget(std::string root) {
  return std::make_unique<DirTarget>(std::move(root));
}

std::unique_ptr<DeployTarget> MakeCommandTarget(CommandTargetSpec spec) {
  return std::make_unique<CommandTarget>(std::move(spec));
}

std::vector<std::string> Placeholders::Environment() const {
  return {"PROOFLINE_COLOUR=" + colour, "PROOFLINE_ARTIFACT=" + artifact, "PROOFLINE_ENV=" + env,
          "PROOFLINE_RELEASE=" + release};
}

std::string ExpandCommand(std::string text) {
  ReplaceAll(text, "{colour}", "\"$PROOFLINE_COLOUR\"");
  ReplaceAll(text, "{artifact}", "\"$PROOFLINE_ARTIFACT\"");
  ReplaceAll(text, "{env}", "\"$PROOFLINE_ENV\"");
  ReplaceAll(text, "{release}", "\"$PROOFLINE_RELEASE\"");
  return text;
}

namespace {

std::string PercentEncode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string ExpandUrl(std::string text, const Placeholders& values) {
  ReplaceAll(text, "{colour}", PercentEncode(values.colour));
  ReplaceAll(text, "{artifact}", PercentEncode(values.artifact));
  ReplaceAll(text, "{env}", PercentEncode(values.env));
  ReplaceAll(text, "{release}", PercentEncode(values.release));
  return text;
}

}  // namespace proofline::deploy
