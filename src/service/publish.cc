// Publishing checkpoints outside the store and checking the store against them (publish.h).
#include "service/publish.h"

#include <cstdio>
#include <optional>

#include "base/files.h"

namespace proofline::service {
namespace {

std::string NoteName(uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08llu.note", static_cast<unsigned long long>(seq));
  return buf;
}

// The sequence number of a published file name, or nullopt for any other name.
std::optional<uint64_t> SeqOf(const std::string& name) {
  constexpr std::string_view kSuffix = ".note";
  if (name.size() < 8 + kSuffix.size() || !name.ends_with(kSuffix)) return std::nullopt;
  std::string digits = name.substr(0, name.size() - kSuffix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 19) {
    return std::nullopt;
  }
  return std::stoull(digits);
}

struct Published {
  uint64_t seq = 0;
  std::string note;
  ledger::Checkpoint checkpoint;
};

// DIR's newest checkpoint, nullopt when it holds none. InvalidArgument for a note that does not
// parse (a file nobody should have been able to write).
Result<std::optional<Published>> Newest(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir));
  std::optional<uint64_t> newest;
  for (const std::string& name : names) {
    std::optional<uint64_t> seq = SeqOf(name);
    if (seq && (!newest || *seq > *newest)) newest = seq;
  }
  if (!newest) return std::optional<Published>();
  Published p{*newest, {}, {}};
  const std::string path = dir + "/" + NoteName(*newest);
  ASSIGN_OR_RETURN(p.note, ReadFile(path, 1 << 20));
  Result<ledger::SignedNote> note = ledger::ParseSignedNote(p.note);
  Result<ledger::Checkpoint> cp = note.ok() ? ledger::ParseCheckpointBody(note->body)
                                            : Result<ledger::Checkpoint>(note.status());
  if (!cp.ok()) return InvalidArgument(path + " is not a checkpoint: " + cp.status().message());
  p.checkpoint = std::move(*cp);
  return std::optional<Published>(std::move(p));
}

std::string Describe(const std::string& dir, const Published& p) {
  return "checkpoint " + std::to_string(p.seq) + " published in " + dir + " (size " +
         std::to_string(p.checkpoint.size) + ", root " + ToHex(p.checkpoint.root) + ")";
}

// "" when the store's tree has the published root at the published size; else why not.
Result<std::string> TreeMismatch(ledger::Ledger* ledger, const Published& p) {
  ASSIGN_OR_RETURN(uint64_t size, ledger->Size());
  if (size < p.checkpoint.size) {
    return "the store holds " + std::to_string(size) + " events, fewer than it signed";
  }
  ASSIGN_OR_RETURN(Hash root, ledger->RootAt(p.checkpoint.size));
  if (root != p.checkpoint.root) {
    return "the store's first " + std::to_string(p.checkpoint.size) + " events now have root " +
           ToHex(root);
  }
  return std::string();
}

}  // namespace

Result<PublishResult> PublishCheckpoints(Workspace& ws, const std::string& dir) {
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  if (!PathExists(dir)) RETURN_IF_ERROR(MakeDir(dir));
  ASSIGN_OR_RETURN(std::optional<Published> newest, Newest(dir));
  ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints, store->Checkpoints());
  PublishResult out;
  if (newest) {
    auto same =
        std::find_if(checkpoints.begin(), checkpoints.end(),
                     [&](const store::StoredCheckpoint& c) { return c.seq == newest->seq; });
    std::string problem;
    if (same == checkpoints.end()) {
      problem = "the store no longer has it";
    } else if (same->note != newest->note) {
      problem = "the store's checkpoint " + std::to_string(newest->seq) + " differs from it";
    } else {
      ASSIGN_OR_RETURN(problem, TreeMismatch(ledger, *newest));
    }
    if (!problem.empty()) {
      return Corruption(Describe(dir, *newest) + ": " + problem +
                        "; the log was cut back or rewritten, nothing published");
    }
    out.newest_seq = newest->seq;
    out.newest_size = newest->checkpoint.size;
  }
  for (const store::StoredCheckpoint& c : checkpoints) {
    if (newest && c.seq <= newest->seq) continue;
    RETURN_IF_ERROR(WriteFileOnce(dir + "/" + NoteName(c.seq), c.note));
    ++out.published;
    out.newest_seq = c.seq;
    out.newest_size = c.tree_size;
  }
  return out;
}

Result<PublishedCheck> CheckPublished(Workspace& ws,
                                      const std::vector<ledger::VerifierKey>& trusted,
                                      const std::string& dir) {
  if (!PathExists(dir)) return NotFound("no published checkpoints at " + dir);
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  PublishedCheck out;
  ASSIGN_OR_RETURN(std::optional<Published> newest, Newest(dir));
  if (!newest) return out;
  out.found = true;
  out.seq = newest->seq;
  out.size = newest->checkpoint.size;
  ASSIGN_OR_RETURN(ledger::SignedNote note, ledger::ParseSignedNote(newest->note));
  std::string problem;
  if (newest->checkpoint.origin != ledger->origin()) {
    problem = "it is of log '" + newest->checkpoint.origin + "', not this store's";
  } else if (ledger::ValidSigners(note, trusted).empty()) {
    problem = "it is not signed by a trusted key";
  } else {
    ASSIGN_OR_RETURN(problem, TreeMismatch(ledger, *newest));
    if (!problem.empty()) problem += ": the log was cut back or rewritten";
  }
  if (!problem.empty()) {
    out.ok = false;
    out.problem = Describe(dir, *newest) + ": " + problem;
  }
  return out;
}

}  // namespace proofline::service
