// Where a blue-green deployment goes: two slots ("blue", "green"), one live, and an atomic switch.
//   dir:PATH   release directories PATH/blue and PATH/green and the symlink PATH/current naming
//              the live one, switched by renaming a new symlink over it (atomic on POSIX). The
//              artifact (a file or a directory) is copied into the idle slot.
//   command    the user's shell commands: bring-up (install the artifact into the idle colour),
//              switch (route traffic to a colour). PROOFLINE_COLOUR, PROOFLINE_ARTIFACT,
//              PROOFLINE_ENV (and for probes PROOFLINE_RELEASE) are set in the command's
//              environment, and each `{colour}`, `{artifact}`, `{env}`, `{release}` of the
//              command text becomes a double-quoted reference to that variable
//              ("$PROOFLINE_ARTIFACT"): a value is never spliced into shell text, so an artifact
//              path holding `$(...)`, quotes or spaces is one argument, never code. (Placeholders
//              inside single quotes therefore stay literal: write them unquoted.)
//              Which colour is live is what Proofline last switched to (the ledger).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace proofline::deploy {

class DeployTarget {
 public:
  virtual ~DeployTarget() = default;
  virtual std::string Describe() const = 0;
  // "blue", "green", or "" when nothing is live yet.
  virtual Result<std::string> LiveColour() const = 0;
  // Installs `artifact` into the slot `colour`, replacing what was there.
  virtual Status BringUp(const std::string& colour, const std::string& artifact) = 0;
  // Routes traffic to `colour`, atomically.
  virtual Status Switch(const std::string& colour) = 0;
  // Where `colour`'s release lives, for probe placeholders ({release}); "" when unknown.
  virtual std::string ReleasePath(const std::string& colour) const = 0;
};

std::string OtherColour(const std::string& colour);  // "" and "green" -> "blue"

std::unique_ptr<DeployTarget> MakeDirTarget(std::string root);

struct CommandTargetSpec {
  std::string bring_up, switch_to, env;
  std::string live;  // the colour the ledger says is live ("" when none)
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  // Stops a running bring-up when it becomes true. Switches are never interrupted: a switch
  // half done, or a switch back not done, is worse than waiting for it.
  const std::atomic<bool>* cancel = nullptr;
};
std::unique_ptr<DeployTarget> MakeCommandTarget(CommandTargetSpec spec);

// The values the placeholders stand for.
struct Placeholders {
  std::string colour, artifact, env, release;
  // PROOFLINE_COLOUR=..., PROOFLINE_ARTIFACT=..., PROOFLINE_ENV=..., PROOFLINE_RELEASE=...
  std::vector<std::string> Environment() const;
};

// Shell command text with each placeholder replaced by the quoted reference to its variable
// ({artifact} -> "$PROOFLINE_ARTIFACT"); run it with Placeholders::Environment().
std::string ExpandCommand(std::string text);
// A probe URL with each placeholder replaced by its value, percent-encoded (RFC 3986: anything
// but unreserved characters and '/'), so a value cannot add a query, a host or a fragment.
std::string ExpandUrl(std::string text, const Placeholders& values);

}  // namespace proofline::deploy
