// `proofline init`, `proofline log ...` and `proofline verify-bundle`: the ledger's commands.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "base/files.h"
#include "cli/context.h"
#include "cli/render.h"
#include "ledger/bundle.h"
#include "ledger/verifier.h"
#include "service/history.h"
#include "service/integration.h"
#include "service/publish.h"

namespace proofline::cli {
namespace {

std::string DefaultOrigin() { return "proofline.local/ledger/" + ToHex(RandomBytes(8)); }

Json AppendedJson(const ledger::Appended& a) {
  return {{"index", a.index}, {"leaf_hash", ToHex(a.leaf_hash)}, {"time", a.time}};
}

// --- init -------------------------------------------------------------------------------

struct InitOptions {
  std::string origin;
  std::string actor;
};

Result<int> RunInit(const Context& ctx, const InitOptions& o) {
  std::string origin = o.origin.empty() ? DefaultOrigin() : o.origin;
  if (PathExists(ctx.store_path))
    return AlreadyExists("a store already exists at " + ctx.store_path);
  ledger::KeyPaths keys = ctx.Keys();
  // Built under a temporary name and renamed into place: an interrupted init leaves no store.
  std::string tmp = ctx.store_path + ".init." + std::to_string(getpid());
  ASSIGN_OR_RETURN(ledger::SignerKey key, ledger::CreateKeyFiles(keys, origin));
  Status s = [&]() -> Status {
    ASSIGN_OR_RETURN(auto store, store::SqliteStore::Create(tmp));
    RETURN_IF_ERROR(ledger::Ledger::Initialize(store.get(), origin, o.actor, key).status());
    return OkStatus();
  }();
  if (s.ok() && rename(tmp.c_str(), ctx.store_path.c_str()) != 0)
    s = IoError("cannot create " + ctx.store_path);
  if (s.ok()) s = SyncDir(DirName(ctx.store_path));
  if (!s.ok()) {
    for (const std::string& p :
         {tmp, tmp + "-wal", tmp + "-shm", keys.private_key, keys.public_key})
      unlink(p.c_str());
    return s;
  }
  ctx.Print("initialised ledger " + origin + " in " + ctx.store_path + "\nsigning key " +
                keys.private_key + " (mode 0600), public key " + keys.public_key + " (key id " +
                key.verifier.KeyIdHex() + ")",
            {{"store", ctx.store_path},
             {"origin", origin},
             {"private_key", keys.private_key},
             {"public_key", keys.public_key},
             {"key", key.verifier.Encode()}});
  return kExitOk;
}

// --- log append ---------------------------------------------------------------------------

struct AppendOptions {
  std::string type, subject, actor, data, batch;
  bool verbose = false;
};

Result<Json> ReadDataArg(const std::string& arg) {
  if (!arg.empty() && arg[0] == '@') {
    ASSIGN_OR_RETURN(std::string text, ReadFile(arg.substr(1), ledger::kMaxEntryBytes));
    return ParseJsonStrict(text, arg.substr(1));
  }
  return ParseJsonStrict(arg, "--data");
}

Result<ledger::EventInput> EventFromLine(const std::string& line, const std::string& what) {
  ASSIGN_OR_RETURN(Json j, ParseJsonStrict(line, what));
  if (!j.is_object()) return InvalidArgument(what + ": an event is a JSON object");
  ledger::EventInput e;
  for (auto& [key, value] : j.items()) {
    if (key == "data") {
      e.data = std::move(value);  // j is not read again but for contains() below
      continue;
    }
    std::string* field = key == "type"      ? &e.type
                         : key == "subject" ? &e.subject
                         : key == "actor"   ? &e.actor
                                            : nullptr;
    if (field == nullptr) return InvalidArgument(what + ": unknown field '" + key + "'");
    if (!value.is_string()) return InvalidArgument(what + ": field '" + key + "' must be a string");
    *field = std::move(value.get_ref<std::string&>());
  }
  for (const char* required : {"type", "subject"}) {
    if (!j.contains(required)) return InvalidArgument(what + ": missing field '" + required + "'");
  }
  return e;
}

// A JSON Lines batch (a file, or '-' for stdin) read a chunk of events at a time, so a batch of
// any size is appended in bounded memory (Ledger::AppendIntegrationStream). A line longer than an
// entry may be is refused as soon as it is seen, never buffered whole.
class BatchReader {
 public:
  static constexpr size_t kChunkEvents = 4096;
  static constexpr size_t kMaxLineBytes = ledger::kMaxEntryBytes + 4096;

  static Result<std::unique_ptr<BatchReader>> Open(const std::string& path) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) return NotFound("cannot open " + path + ": " + std::strerror(errno));
    return std::unique_ptr<BatchReader>(new BatchReader(path, f));
  }
  ~BatchReader() {
    if (file_ != stdin) std::fclose(file_);
  }
  BatchReader(const BatchReader&) = delete;
  BatchReader& operator=(const BatchReader&) = delete;

  Result<bool> Next(std::vector<ledger::EventInput>* chunk) {
    std::string line;
    while (chunk->size() < kChunkEvents) {
      ASSIGN_OR_RETURN(bool got, ReadLine(&line));
      if (!got) {
        finished_ = true;
        return false;
      }
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ASSIGN_OR_RETURN(ledger::EventInput e,
                       EventFromLine(line, path_ + " line " + std::to_string(line_no_)));
      chunk->push_back(std::move(e));
      ++events_;
    }
    return true;
  }
  uint64_t events() const { return events_; }
  bool finished() const { return finished_; }  // read to the end without an error

 private:
  BatchReader(std::string path, std::FILE* f) : path_(std::move(path)), file_(f) {}

  // The next line without its newline; false at the end of the input.
  Result<bool> ReadLine(std::string* line) {
    line->clear();
    for (;;) {
      if (pos_ == len_) {
        len_ = std::fread(buf_, 1, sizeof buf_, file_);
        pos_ = 0;
        if (len_ == 0) {
          if (std::ferror(file_)) return IoError("cannot read " + path_);
          if (line->empty()) return false;
          ++line_no_;
          return true;  // a last line without a newline
        }
      }
      const char* start = buf_ + pos_;
      const void* eol = std::memchr(start, '\n', len_ - pos_);
      size_t n =
          eol != nullptr ? static_cast<size_t>(static_cast<const char*>(eol) - start) : len_ - pos_;
      line->append(start, n);
      pos_ += n;
      if (line->size() > kMaxLineBytes) {
        return InvalidArgument(path_ + " line " + std::to_string(line_no_ + 1) +
                               " is longer than " + std::to_string(kMaxLineBytes) +
                               " bytes (an event's entry is at most " +
                               std::to_string(ledger::kMaxEntryBytes) + ")");
      }
      if (eol != nullptr) {
        ++pos_;
        ++line_no_;
        return true;
      }
    }
  }

  std::string path_;
  std::FILE* file_;
  char buf_[1 << 16];
  size_t pos_ = 0, len_ = 0;
  uint64_t line_no_ = 0, events_ = 0;
  bool finished_ = false;
};

// After a streamed batch committed: one summary line, each event only with --verbose (text) or
// --json (read back from the store, so nothing is held while the batch is written).
Result<int> PrintBatch(const Context& ctx, service::Workspace& ws,
                       const ledger::Ledger::StreamAppended& s, bool verbose) {
  const uint64_t last = s.first_index + s.count - 1;
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  store::EntryFilter range;
  range.from = s.first_index;
  range.to = last + 1;
  if (ctx.json) {
    std::printf(
        "{\"count\":%llu,\"first_index\":%llu,\"last_index\":%llu,\"tree_size\":%llu,"
        "\"appended\":[",
        static_cast<unsigned long long>(s.count), static_cast<unsigned long long>(s.first_index),
        static_cast<unsigned long long>(last), static_cast<unsigned long long>(s.tree_size));
    bool first = true;
    RETURN_IF_ERROR(store->ScanEntries(range, [&](const store::LedgerEntry& e) -> Status {
      std::printf("%s%s", first ? "" : ",",
                  AppendedJson({e.index, e.leaf_hash, s.time}).dump().c_str());
      first = false;
      return OkStatus();
    }));
    std::printf("]}\n");
    return kExitOk;
  }
  if (verbose) {
    RETURN_IF_ERROR(store->ScanEntries(range, [&](const store::LedgerEntry& e) -> Status {
      std::printf("appended event %llu leaf %s\n", static_cast<unsigned long long>(e.index),
                  ToHex(e.leaf_hash).c_str());
      return OkStatus();
    }));
  }
  std::printf("appended %llu events: indices %llu..%llu, tree size %llu\n",
              static_cast<unsigned long long>(s.count),
              static_cast<unsigned long long>(s.first_index), static_cast<unsigned long long>(last),
              static_cast<unsigned long long>(s.tree_size));
  return kExitOk;
}

Result<int> RunAppend(const Context& ctx, const AppendOptions& o) {
  if (!o.batch.empty()) {
    if (!o.type.empty() || !o.subject.empty() || !o.data.empty()) {
      return InvalidArgument("--batch cannot be combined with --type, --subject or --data");
    }
    ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, BatchReader::Open(o.batch));
    service::Workspace ws(ctx.Paths());
    Result<ledger::Ledger::StreamAppended> s = service::AppendIntegrationStream(
        ws, ctx.Caller(),
        [&](std::vector<ledger::EventInput>* chunk) { return reader->Next(chunk); });
    if (!s.ok() && reader->finished() && reader->events() == 0) {
      return InvalidArgument(o.batch + " holds no events");
    }
    RETURN_IF_ERROR(s.status());
    return PrintBatch(ctx, ws, *s, o.verbose);
  }
  if (o.type.empty() || o.subject.empty()) {
    return InvalidArgument("log append needs --type and --subject (or --batch FILE)");
  }
  ledger::EventInput e{o.type, o.subject, o.actor, Json::object()};
  if (!o.data.empty()) {
    ASSIGN_OR_RETURN(e.data, ReadDataArg(o.data));
  }
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended,
                   service::AppendIntegrationEvents(ws, ctx.Caller(), {std::move(e)}));
  Json list = Json::array();
  std::string text;
  for (const auto& a : appended) {
    list.push_back(AppendedJson(a));
    text += (text.empty() ? "" : "\n") + std::string("appended event ") + std::to_string(a.index) +
            " leaf " + ToHex(a.leaf_hash);
  }
  ctx.Print(text, {{"appended", list}});
  return kExitOk;
}

// --- log show -----------------------------------------------------------------------------

struct ShowOptions {
  std::string subject;
  uint64_t from = 0;
  uint64_t to = UINT64_MAX;
};

Result<int> RunShow(const Context& ctx, const ShowOptions& o) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  store::EntryFilter filter;
  filter.from = o.from;
  filter.to = o.to;
  if (!o.subject.empty()) filter.subject = o.subject;
  Json events = Json::array();
  RETURN_IF_ERROR(open.store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    Result<ledger::ParsedEvent> p = ledger::ParseEntry(e.entry);
    if (!p.ok())
      return Corruption("event " + std::to_string(e.index) +
                        " is unreadable: " + p.status().message());
    if (ctx.json) {
      events.push_back({{"index", e.index},
                        {"leaf_hash", ToHex(e.leaf_hash)},
                        {"time", p->time},
                        {"type", p->type},
                        {"subject", p->subject},
                        {"actor", p->actor},
                        {"authority", p->authority},
                        {"data", p->data}});
    } else {
      std::printf("%6llu  %s  %-24s %-20s %-12s %s\n", static_cast<unsigned long long>(e.index),
                  p->time.c_str(), p->type.c_str(), p->subject.c_str(), p->actor.c_str(),
                  p->data.dump().c_str());
    }
    return OkStatus();
  }));
  if (ctx.json) std::printf("%s\n", Json{{"events", events}}.dump().c_str());
  return kExitOk;
}

// --- log checkpoint / rotate-key ----------------------------------------------------------

Json CheckpointJson(const store::StoredCheckpoint& cp) {
  Json j = {{"tree_size", cp.tree_size}, {"note", cp.note}};
  if (auto note = ledger::ParseSignedNote(cp.note); note.ok()) {
    if (auto body = ledger::ParseCheckpointBody(note->body); body.ok())
      j["root"] = ToHex(body->root);
  }
  return j;
}

Result<int> RunCheckpoint(const Context& ctx) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(ledger::SignerKey key, ledger::LoadSigner(ctx.Keys()));
  ASSIGN_OR_RETURN(store::StoredCheckpoint cp, open.ledger->MakeCheckpoint({&key}));
  if (ctx.json) {
    ctx.Print("", CheckpointJson(cp));
  } else {
    std::fputs(cp.note.c_str(), stdout);
  }
  return kExitOk;
}

Result<int> RunRotateKey(const Context& ctx, const std::string& actor) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ledger::KeyPaths paths = ctx.Keys();
  ASSIGN_OR_RETURN(ledger::SignerKey current, ledger::LoadSigner(paths));
  ASSIGN_OR_RETURN(ledger::SignerKey next, ledger::StageNextKey(paths, open.ledger->origin()));
  ASSIGN_OR_RETURN(store::StoredCheckpoint cp, open.ledger->RotateKey(current, next, actor));
  RETURN_IF_ERROR(ledger::CommitNextKey(paths, current, next));
  ctx.Print("rotated signing key " + current.verifier.KeyIdHex() + " -> " +
                next.verifier.KeyIdHex() + "; hand-over checkpoint at size " +
                std::to_string(cp.tree_size) + " signed by both",
            {{"previous_key", current.verifier.Encode()},
             {"key", next.verifier.Encode()},
             {"checkpoint", CheckpointJson(cp)}});
  return kExitOk;
}

// --- log prove ----------------------------------------------------------------------------

Json HexList(const std::vector<Hash>& hashes) {
  Json a = Json::array();
  for (const Hash& h : hashes) a.push_back(ToHex(h));
  return a;
}

std::string JoinHex(const std::vector<Hash>& hashes) {
  std::string s;
  for (const Hash& h : hashes) s += (s.empty() ? "" : ",") + ToHex(h);
  return s;
}

Result<int> RunProveInclusion(const Context& ctx, uint64_t index, uint64_t size_opt) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  uint64_t size = size_opt;
  if (size == 0) {
    ASSIGN_OR_RETURN(size, open.ledger->Size());
  }
  ASSIGN_OR_RETURN(std::vector<Hash> proof, open.ledger->ProveInclusion(index, size));
  ASSIGN_OR_RETURN(Hash root, open.ledger->RootAt(size));
  ASSIGN_OR_RETURN(Hash leaf, open.store->LeafHash(index));
  ctx.Print("index " + std::to_string(index) + "\ntree_size " + std::to_string(size) +
                "\nleaf_hash " + ToHex(leaf) + "\nroot " + ToHex(root) + "\nproof " +
                JoinHex(proof),
            {{"index", index},
             {"tree_size", size},
             {"leaf_hash", ToHex(leaf)},
             {"root", ToHex(root)},
             {"proof", HexList(proof)}});
  return kExitOk;
}

Result<int> RunProveConsistency(const Context& ctx, uint64_t from, uint64_t to) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(std::vector<Hash> proof, open.ledger->ProveConsistency(from, to));
  ASSIGN_OR_RETURN(Hash root1, open.ledger->RootAt(from));
  ASSIGN_OR_RETURN(Hash root2, open.ledger->RootAt(to));
  ctx.Print("size1 " + std::to_string(from) + "\nsize2 " + std::to_string(to) + "\nroot1 " +
                ToHex(root1) + "\nroot2 " + ToHex(root2) + "\nproof " + JoinHex(proof),
            {{"size1", from},
             {"size2", to},
             {"root1", ToHex(root1)},
             {"root2", ToHex(root2)},
             {"proof", HexList(proof)}});
  return kExitOk;
}

// --- log verify / export / verify-bundle ----------------------------------------------------

int PrintReport(const Context& ctx, const ledger::VerifyReport& r) {
  Json j = {{"ok", r.ok},
            {"events", r.events},
            {"checkpoints", r.checkpoints},
            {"signed_size", r.signed_size}};
  if (r.first_bad_index) j["first_bad_index"] = *r.first_bad_index;
  if (!r.ok) j["problem"] = r.problem;
  if (ctx.json) {
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::fprintf(r.ok ? stdout : stderr, "%s\n", r.Summary().c_str());
  }
  return r.ok ? kExitOk : kExitFailed;
}

struct VerifyOptions {
  std::string key_path, published_dir;
  service::WitnessRequirement witnesses;
};

Result<int> RunVerify(const Context& ctx, const VerifyOptions& o) {
  const std::string& published_dir = o.published_dir;
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::LedgerCheck check,
                   service::VerifyLedger(ws, o.key_path, published_dir, o.witnesses));
  if (!check.ledger.ok) return PrintReport(ctx, check.ledger);
  const service::EvidenceCheck& ev = check.evidence;
  Json j = {{"ok", check.ok()},
            {"events", check.ledger.events},
            {"checkpoints", check.ledger.checkpoints},
            {"signed_size", check.ledger.signed_size},
            {"evidence_blobs", ev.blobs},
            {"evidence_bytes", ev.bytes}};
  if (!ev.ok) {
    if (ev.index) j["first_bad_index"] = *ev.index;
    j["problem"] = ev.problem;
  }
  const std::optional<service::PublishedCheck>& pub = check.published;
  if (pub) {
    j["published"] = {{"found", pub->found}, {"seq", pub->seq}, {"size", pub->size}};
    if (!pub->ok) j["problem"] = pub->problem;
  }
  AddWitnessJson(&j, check.witnesses);
  if (ctx.json) {
    std::printf("%s\n", j.dump().c_str());
  } else if (!ev.ok) {
    std::fprintf(stderr, "evidence verification FAILED: %s\n", ev.problem.c_str());
  } else if (pub && !pub->ok) {
    std::fprintf(stderr, "verification against published checkpoints FAILED: %s\n",
                 pub->problem.c_str());
  } else if (check.witnesses && !check.witnesses->ok) {
    std::fprintf(stderr, "witness verification FAILED: %s\n", check.witnesses->problem.c_str());
  } else {
    std::string against;
    if (pub) {
      against = pub->found ? "; extends checkpoint " + std::to_string(pub->seq) + " (size " +
                                 std::to_string(pub->size) + ") published in " + published_dir
                           : "; " + published_dir + " holds no published checkpoint yet";
    }
    std::printf("%s; %llu evidence blobs (%llu bytes) re-hashed%s%s\n",
                check.ledger.Summary().c_str(), static_cast<unsigned long long>(ev.blobs),
                static_cast<unsigned long long>(ev.bytes), against.c_str(),
                WitnessText(check.witnesses, check.ledger.events).c_str());
  }
  return check.ok() ? kExitOk : kExitFailed;
}

Result<int> RunPublish(const Context& ctx, const std::string& dir) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::PublishResult r, service::PublishCheckpoints(ws, dir));
  std::string newest =
      "checkpoint " + std::to_string(r.newest_seq) + ", size " + std::to_string(r.newest_size);
  ctx.Print(r.published == 0 ? "nothing new to publish to " + dir + " (newest: " + newest + ")"
                             : "published " + std::to_string(r.published) + " checkpoints to " +
                                   dir + " (newest: " + newest + ")",
            {{"dir", dir},
             {"published", r.published},
             {"newest_seq", r.newest_seq},
             {"newest_size", r.newest_size}});
  return kExitOk;
}

Result<int> RunExport(const Context& ctx, const std::string& out, bool without_blobs) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::BundleExport s, service::ExportBundle(ws, out, !without_blobs));
  std::string blobs = s.blobs_included ? std::to_string(s.blobs) + " evidence blobs (" +
                                             std::to_string(s.bytes) + " bytes)"
                                       : "no evidence blobs (--without-blobs)";
  Json j = {{"out", out},
            {"events", s.ledger.events},
            {"checkpoints", s.ledger.checkpoints},
            {"blobs_included", s.blobs_included}};
  if (s.blobs_included) {
    j["blobs"] = s.blobs;
    j["blob_bytes"] = s.bytes;
  }
  ctx.Print("exported " + std::to_string(s.ledger.events) + " events, " +
                std::to_string(s.ledger.checkpoints) + " checkpoints and " + blobs + " to " + out +
                "\nverify offline: proofline verify-bundle " + out + " --key PUBKEY",
            j);
  return kExitOk;
}

struct VerifyBundleOptions {
  std::string dir, key_path;
  bool without_blobs = false;
  service::WitnessRequirement witnesses;
};

Result<int> RunVerifyBundle(const Context& ctx, const VerifyBundleOptions& o) {
  const bool without_blobs = o.without_blobs;
  ASSIGN_OR_RETURN(service::BundleCheck check,
                   service::VerifyBundleDir(o.dir, o.key_path, without_blobs, o.witnesses));
  if (!check.ledger.ok) return PrintReport(ctx, check.ledger);
  const service::EvidenceCheck& ev = check.evidence;
  const bool checked = !without_blobs && check.blobs_included;
  Json j = {{"ok", check.ok()},
            {"events", check.ledger.events},
            {"checkpoints", check.ledger.checkpoints},
            {"signed_size", check.ledger.signed_size},
            {"blobs_included", check.blobs_included},
            {"blobs_checked", checked}};
  if (checked) {
    j["evidence_blobs"] = ev.blobs;
    j["evidence_bytes"] = ev.bytes;
  }
  if (!ev.ok) {
    if (ev.index) j["first_bad_index"] = *ev.index;
    j["problem"] = ev.problem;
  }
  AddWitnessJson(&j, check.witnesses);
  const std::string witnessed = WitnessText(check.witnesses, check.ledger.events);
  if (ctx.json) {
    std::printf("%s\n", j.dump().c_str());
  } else if (!ev.ok) {
    std::fprintf(stderr, "evidence verification FAILED: %s\n", ev.problem.c_str());
  } else if (check.witnesses && !check.witnesses->ok) {
    std::fprintf(stderr, "witness verification FAILED: %s\n", check.witnesses->problem.c_str());
  } else if (checked) {
    std::printf("%s; %llu evidence blobs (%llu bytes) re-hashed%s\n",
                check.ledger.Summary().c_str(), static_cast<unsigned long long>(ev.blobs),
                static_cast<unsigned long long>(ev.bytes), witnessed.c_str());
  } else {
    std::printf("%s; evidence blobs NOT checked (--without-blobs%s)%s\n",
                check.ledger.Summary().c_str(),
                check.blobs_included ? "" : ": this bundle has none", witnessed.c_str());
  }
  return check.ok() ? kExitOk : kExitFailed;
}

void AddLogCommands(CLI::App& log, Context& ctx) {
  auto append = std::make_shared<AppendOptions>();
  CLI::App* a = log.add_subcommand("append", "Append one event, or a batch (all or nothing)");
  a->add_option("--type", append->type,
                "Event type of an integration, e.g. ticket.linked (Proofline's own namespaces, "
                "change. approval. gate. deployment. ..., are reserved)");
  a->add_option("--subject", append->subject, "Change or pipeline id the event is about");
  a->add_option("--actor", append->actor,
                "Who did it (default $USER; once the store has an identity directory, the "
                "token's user, and no one else)");
  a->add_option("--data", append->data, "JSON object, or @FILE");
  a->add_option("--batch", append->batch,
                "JSON Lines file of {type,subject,actor?,data?} ('-': stdin), streamed in one "
                "transaction; prints one summary line");
  a->add_flag("--verbose,-v", append->verbose, "With --batch: also print each appended event");
  a->callback([&ctx, append] { ctx.action = [&ctx, append] { return RunAppend(ctx, *append); }; });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* s = log.add_subcommand("show", "List events");
  s->add_option("--subject", show->subject, "Only events about this subject");
  s->add_option("--from", show->from, "First index (inclusive)");
  s->add_option("--to", show->to, "Last index (exclusive)");
  s->callback([&ctx, show] { ctx.action = [&ctx, show] { return RunShow(ctx, *show); }; });

  log.add_subcommand("checkpoint", "Sign a checkpoint of the current tree and print it")
      ->callback([&ctx] { ctx.action = [&ctx] { return RunCheckpoint(ctx); }; });

  auto actor = std::make_shared<std::string>(DefaultUser());
  CLI::App* r =
      log.add_subcommand("rotate-key", "Replace the signing key; old checkpoints stay verifiable");
  r->add_option("--actor", *actor, "Who rotates")->capture_default_str();
  r->callback([&ctx, actor] { ctx.action = [&ctx, actor] { return RunRotateKey(ctx, *actor); }; });

  CLI::App* prove = log.add_subcommand("prove", "Produce RFC 9162 proofs");
  prove->require_subcommand(1);
  auto inc = std::make_shared<std::pair<uint64_t, uint64_t>>(0, 0);
  CLI::App* pi = prove->add_subcommand("inclusion", "Prove event INDEX is in the tree of SIZE");
  pi->add_option("--index", inc->first, "Event index")->required();
  pi->add_option("--size", inc->second, "Tree size (default: current)");
  pi->callback([&ctx, inc] {
    ctx.action = [&ctx, inc] { return RunProveInclusion(ctx, inc->first, inc->second); };
  });
  auto con = std::make_shared<std::pair<uint64_t, uint64_t>>(0, 0);
  CLI::App* pc = prove->add_subcommand("consistency", "Prove tree FROM is a prefix of tree TO");
  pc->add_option("--from", con->first, "Older tree size")->required();
  pc->add_option("--to", con->second, "Newer tree size")->required();
  pc->callback([&ctx, con] {
    ctx.action = [&ctx, con] { return RunProveConsistency(ctx, con->first, con->second); };
  });

  auto verify = std::make_shared<VerifyOptions>();
  CLI::App* v =
      log.add_subcommand("verify", "Re-hash every event, rebuild the tree, check every checkpoint");
  v->add_option("--key", verify->key_path,
                "Trusted public key file (default: signing.pub beside the store)");
  v->add_option("--published", verify->published_dir,
                "Directory of published checkpoints (log publish): the store must still hold "
                "the history the newest one signed");
  AddWitnessOptions(v, &verify->witnesses);
  v->callback([&ctx, verify] { ctx.action = [&ctx, verify] { return RunVerify(ctx, *verify); }; });

  auto publish_dir = std::make_shared<std::string>();
  CLI::App* pub = log.add_subcommand(
      "publish", "Copy each new checkpoint, write-once, to a directory outside the store");
  pub->add_option("--to", *publish_dir, "Directory (created if missing; files never replaced)")
      ->required();
  pub->callback([&ctx, publish_dir] {
    ctx.action = [&ctx, publish_dir] { return RunPublish(ctx, *publish_dir); };
  });

  auto out = std::make_shared<std::pair<std::string, bool>>();
  CLI::App* e = log.add_subcommand(
      "export", "Write an auditor bundle verifiable offline: events, checkpoints, evidence blobs");
  e->add_option("--out", out->first, "New directory for the bundle")->required();
  e->add_flag("--without-blobs", out->second,
              "Leave the evidence blobs out (a metadata-only bundle; its manifest says so)");
  e->callback([&ctx, out] {
    ctx.action = [&ctx, out] { return RunExport(ctx, out->first, out->second); };
  });
}

}  // namespace

void AddLedgerCommands(CLI::App& app, Context& ctx) {
  auto init = std::make_shared<InitOptions>();
  init->actor = DefaultUser();
  CLI::App* i = app.add_subcommand("init", "Create a store and its Ed25519 signing key pair");
  i->add_option("--origin", init->origin, "Log identity in checkpoints (default: random)");
  i->add_option("--actor", init->actor, "Who initialises")->capture_default_str();
  i->callback([&ctx, init] { ctx.action = [&ctx, init] { return RunInit(ctx, *init); }; });

  CLI::App* log = app.add_subcommand("log", "The tamper-evident ledger");
  log->require_subcommand(1);
  AddLogCommands(*log, ctx);

  AddWitnessCommands(app, *log, ctx);

  auto vbo = std::make_shared<VerifyBundleOptions>();
  CLI::App* vb = app.add_subcommand(
      "verify-bundle", "Verify an exported bundle offline: the ledger, then every evidence blob");
  vb->add_option("DIR", vbo->dir, "Bundle directory")->required();
  vb->add_option("--key", vbo->key_path, "Trusted public key file")->required();
  vb->add_flag("--without-blobs", vbo->without_blobs,
               "Verify the ledger alone (a metadata-only bundle); say so instead of failing");
  AddWitnessOptions(vb, &vbo->witnesses);
  vb->callback([&ctx, vbo] { ctx.action = [&ctx, vbo] { return RunVerifyBundle(ctx, *vbo); }; });
}

}  // namespace proofline::cli
