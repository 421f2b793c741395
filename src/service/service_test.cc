// The service layer tested at its own level, as a front end calls it: real stores initialised in
// a temporary directory, a real git repository (the git CLI), an identity directory and tokens
// issued by the identity operations. The CLI end-to-end tests (tests/) check the printing.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "base/files.h"
#include "base/process.h"
#include "events/catalogue.h"
#include "evidence/kinds.h"
#include "ledger/event.h"
#include "service/approvals.h"
#include "service/attest.h"
#include "service/changes.h"
#include "service/deploy.h"
#include "service/gate.h"
#include "service/identity.h"
#include "service/integration.h"
#include "service/pipeline.h"

namespace proofline::service {
namespace {

constexpr char kTeam[] = R"(users:
  - {id: dana, name: Dana Whitfield, emails: [dana@bank.example], roles: [developer]}
  - {id: sam, name: Sam Ortiz, emails: [sam@bank.example], roles: [TECHNICAL_LEAD]}
  - {id: pat, name: Pat Kim, emails: [pat@bank.example], roles: [production-deployers]}
  - {id: ada, name: Ada Admin, emails: [ada@bank.example], roles: [IDENTITY_ADMIN]}
)";

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/proofline-service-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    store_ = dir_ + "/proofline.db";
    ledger::KeyPaths keys = ledger::KeyPaths::Beside(store_);
    Result<ledger::SignerKey> key = ledger::CreateKeyFiles(keys, "test.example/ledger");
    ASSERT_TRUE(key.ok()) << key.status().message();
    auto store = store::SqliteStore::Create(store_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE(ledger::Ledger::Initialize(store->get(), "test.example/ledger", "test", *key).ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ + "/identity.yaml", kTeam).ok());
    for (const char* user : {"ada", "dana", "sam", "pat"}) {
      Workspace ws(Paths());
      Result<CreatedToken> t = CreateToken(ws, {tokens_["ada"], "admin"}, user);
      ASSERT_TRUE(t.ok()) << t.status().message();
      tokens_[user] = t->token;
    }
    Git("-c init.defaultBranch=main init -q repo");
    Commit("README.md", "# service\n", "dana@bank.example");
    Commit("src/app.py", "print('hello')\n", "dana@bank.example");
  }
  void TearDown() override { RemoveTree(dir_); }

  WorkspacePaths Paths() const { return {store_, ""}; }
  Caller As(const std::string& user) { return {tokens_[user], "nobody"}; }

  void Git(const std::string& args) {
    Result<CommandResult> r = RunShell("git " + args, dir_, {}, std::chrono::seconds(30));
    ASSERT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->output : r.status().message());
  }
  void Commit(const std::string& file, const std::string& text, const std::string& author) {
    std::filesystem::create_directories(
        std::filesystem::path(dir_ + "/repo/" + file).parent_path());
    ASSERT_TRUE(WriteFileAtomic(dir_ + "/repo/" + file, text).ok());
    Git("-C repo add -A");
    Git("-C repo -c user.name=CI -c user.email=ci@bank.example commit -q --author 'Someone <" +
        author + ">' -m change");
  }

  // Opens a change of the last commit, as dana.
  std::string Open() {
    Workspace ws(Paths());
    OpenChangeInput in;
    in.range = {dir_ + "/repo", "HEAD~1", "HEAD", "production", ""};
    in.ticket = "T-1";
    in.title = "t";
    Result<ChangeOutcome> out = OpenChange(ws, As("dana"), in);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? out->record.id : "";
  }

  // Every event of the store, in order.
  std::vector<ledger::ParsedEvent> Events() {
    std::vector<ledger::ParsedEvent> out;
    Workspace ws(Paths());
    Result<store::Store*> store = ws.Store();
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE((*store)
                    ->ScanEntries({},
                                  [&](const store::LedgerEntry& e) -> Status {
                                    ASSIGN_OR_RETURN(ledger::ParsedEvent p,
                                                     ledger::ParseEntry(e.entry));
                                    out.push_back(std::move(p));
                                    return OkStatus();
                                  })
                    .ok());
    return out;
  }
  std::vector<std::string> Types() {
    std::vector<std::string> out;
    for (const ledger::ParsedEvent& e : Events()) out.push_back(e.type);
    return out;
  }

  std::string dir_, store_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ServiceTest, OpenChangeRecordsTheStoryAsTheCaller) {
  size_t before = Events().size();
  std::string id = Open();
  ASSERT_FALSE(id.empty());
  std::vector<ledger::ParsedEvent> events = Events();
  ASSERT_EQ(events.size(), before + 3);
  EXPECT_EQ(events[before].type, events::kChangeOpened);
  EXPECT_EQ(events[before].actor, "dana");
  EXPECT_EQ(events[before + 1].type, events::kChangeAssessed);
  EXPECT_EQ(events[before + 2].type, events::kChangeState);
  Workspace ws(Paths());
  Result<change::ChangeRecord> c = ws.Change(id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->state, change::State::kPendingApproval);
  EXPECT_EQ(c->requester, "dana");
}

TEST_F(ServiceTest, AnInvalidTokenIsRefusedAndRecorded) {
  Workspace ws(Paths());
  OpenChangeInput in;
  in.range = {dir_ + "/repo", "HEAD~1", "HEAD", "production", ""};
  Result<ChangeOutcome> out = OpenChange(ws, {"plt_000000000000_forged", "nobody"}, in);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kPermissionDenied);
  std::vector<ledger::ParsedEvent> events = Events();
  EXPECT_EQ(events.back().type, events::kAuthDenied);
  EXPECT_EQ(events.back().data.dump().find("forged"), std::string::npos) << "no token recorded";
  for (const ledger::ParsedEvent& e : events) EXPECT_NE(e.type, events::kChangeOpened);
}

TEST_F(ServiceTest, TheAuthorCannotApproveAndTheRefusalIsRecorded) {
  std::string id = Open();
  Workspace ws(Paths());
  Result<ApproveResult> r = Approve(ws, As("dana"), {id, "approved", "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("separation of duties"), std::string::npos);
  ledger::ParsedEvent last = Events().back();
  EXPECT_EQ(last.type, events::kApprovalRefused);
  EXPECT_EQ(last.actor, "dana");
  EXPECT_EQ(StringAt(last.data, "action"), "approve");
}

TEST_F(ServiceTest, AnIndependentLeadSignsWithNameAndMeaning) {
  std::string id = Open();
  Workspace ws(Paths());
  Result<ApproveResult> empty = Approve(ws, As("sam"), {id, "", "", ""});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  Result<ApproveResult> r = Approve(ws, As("sam"), {id, "reviewed for production", "lgtm", ""});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->signer.id, "sam");
  EXPECT_EQ(StringAt(r->signature, "name"), "Sam Ortiz");
  EXPECT_EQ(StringAt(r->signature, "meaning"), "reviewed for production");
  ledger::ParsedEvent granted = Events()[r->index];
  EXPECT_EQ(granted.type, events::kApprovalGranted);
  EXPECT_EQ(granted.actor, "sam");
  // The authority it was signed with: sam's token and the directory that made him a lead.
  EXPECT_EQ(StringAt(granted.data, "token_id"), tokens_["sam"].substr(4, 12));
  EXPECT_EQ(StringAt(granted.data, "directory").rfind("sha256:", 0), 0u);
  EXPECT_EQ(StringAt(granted.data, "directory"), ws.DirectoryDigest());
  Result<ApprovalView> view = Approvals(ws, id, "");
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->status.approvals.size(), 1u);
  EXPECT_EQ(view->status.approvals[0].user, "sam");
}

TEST_F(ServiceTest, EvidenceFromMemoryIsParsedStoredAndRecorded) {
  std::string id = Open();
  const std::string junit =
      R"(<testsuite name="s" tests="2"><testcase name="a"/><testcase name="b"/></testsuite>)";
  Workspace ws(Paths());
  AttestRequest req;
  req.kind = "junit";
  req.change = id;
  req.options.suite = "unit";
  req.in_memory.emplace_back("unit.xml", junit);
  Result<AttestResult> r = Attest(ws, As("dana"), req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->attached.size(), 1u);
  const AttachedEvidence& a = r->attached[0];
  EXPECT_EQ(a.parsed.file, "unit.xml");
  EXPECT_EQ(a.parsed.digest.sha256, Sha256(AsBytes(junit)));
  std::string blob;
  ASSERT_TRUE(ws.Blobs()
                  .Read(a.parsed.digest.sha256,
                        [&](ByteView b) {
                          blob.append(reinterpret_cast<const char*>(b.data()), b.size());
                          return OkStatus();
                        })
                  .ok());
  EXPECT_EQ(blob, junit);
  ledger::ParsedEvent e = Events()[a.index];
  EXPECT_EQ(e.type, events::kEvidenceAttached);
  EXPECT_EQ(StringAt(e.data, "suite"), "unit");
  EXPECT_EQ(UintAt(ObjectAt(e.data, "summary"), "tests"), 2u);
}

TEST_F(ServiceTest, OneBadFileStoresNothing) {
  std::string id = Open();
  size_t before = Events().size();
  Workspace ws(Paths());
  AttestRequest req;
  req.kind = "junit";
  req.change = id;
  req.in_memory = {{"good.xml", "<testsuite><testcase name=\"a\"/></testsuite>"},
                   {"bad.xml", "<testsuite><testcase"}};
  Result<AttestResult> r = Attest(ws, As("dana"), req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("bad.xml", 0), 0u) << r.status().message();
  EXPECT_EQ(Events().size(), before);
  EXPECT_FALSE(ws.Blobs().Has(
      Sha256(AsBytes(std::string("<testsuite><testcase name=\"a\"/></testsuite>")))));
}

TEST_F(ServiceTest, ADeniedPlanIsNeverRolledOut) {
  std::string id = Open();  // pending approval: the gate denies
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/app.tar", "release 1").ok());
  Workspace ws(Paths());
  DeployInput in;
  in.gate = {id, "production", false, "", "", "", ""};
  in.artifact = dir_ + "/app.tar";
  in.target = "dir:" + dir_ + "/releases";
  Result<DeployPlan> plan = PrepareDeploy(ws, As("pat"), in);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_FALSE(plan->allowed());
  ledger::ParsedEvent decided = Events()[plan->gate().event];
  EXPECT_EQ(decided.type, events::kGateDecided);
  EXPECT_EQ(StringAt(decided.data, "token_id"), tokens_["pat"].substr(4, 12));
  EXPECT_FALSE(StringAt(decided.data, "directory").empty());
  Result<deploy::DeployOutcome> out = RollOut(ws, *plan, nullptr);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kPermissionDenied);
  for (const std::string& t : Types()) EXPECT_EQ(t.rfind("deployment.", 0), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/releases"));
}

TEST_F(ServiceTest, BadDeployOptionsRecordNoGateDecision) {
  std::string id = Open();
  size_t before = Events().size();
  Workspace ws(Paths());
  DeployInput in;
  in.gate = {id, "production", false, "", "", "", ""};
  in.artifact = dir_ + "/missing.tar";
  in.target = "command";  // without --bring-up and --switch
  Result<DeployPlan> plan = PrepareDeploy(ws, As("pat"), in);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Events().size(), before);
}

TEST_F(ServiceTest, TheGateFailsClosedOnATamperedStore) {
  std::string id = Open();
  {
    // An insider with the file edits the change's environment in place.
    Result<CommandResult> r = RunShell(
        "sqlite3 proofline.db \"DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET "
        "entry = replace(entry, 'production', 'productioN') WHERE type = 'change.opened';\"",
        dir_, {}, std::chrono::seconds(30));
    ASSERT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->output : r.status().message());
  }
  Workspace ws(Paths());
  ASSERT_FALSE(ws.Verify().ok());
  Result<GateOutcome> g =
      DecideGate(ws, As("pat"), {id, "production", false, "", "", "", ""}, "gate");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kCorruption);
}

TEST_F(ServiceTest, TheWorkspaceReadsTheDirectoryOnce) {
  Workspace ws(Paths());
  Result<std::shared_ptr<const identity::Directory>> first = ws.Directory();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/identity.yaml", "users: []\n").ok());
  Result<std::shared_ptr<const identity::Directory>> second = ws.Directory();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_NE((*second)->Find("sam"), nullptr);
  Workspace fresh(Paths());
  Result<std::shared_ptr<const identity::Directory>> reread = fresh.Directory();
  ASSERT_TRUE(reread.ok());
  EXPECT_EQ((*reread)->Find("sam"), nullptr);
}

TEST_F(ServiceTest, APipelineWithAGateNeedsAChangeAndRecordsNothingWithout) {
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/p.yaml",
                              "stages: [deploy]\njobs:\n  go:\n    stage: deploy\n    gate: "
                              "production\n")
                  .ok());
  size_t before = Events().size();
  Workspace ws(Paths());
  PipelineInput in;
  in.file = dir_ + "/p.yaml";
  Result<PipelineRun> r = RunPipeline(ws, As("pat"), in, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("give the change it is for with --change"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Events().size(), before);
}

TEST(WorkspaceTest, MissingStoreFailsClosed) {
  Workspace ws({"/nonexistent/proofline.db", ""});
  Status s = ws.Verify();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), "store /nonexistent/proofline.db is missing");
}

TEST(EvidenceKindsTest, EveryKindHasOneNameAFactsKeyAndAParser) {
  std::set<std::string> names, keys;
  for (const evidence::EvidenceKind& k : evidence::Kinds()) {
    EXPECT_TRUE(names.insert(std::string(k.name)).second) << k.name;
    EXPECT_TRUE(keys.insert(std::string(k.facts_key)).second) << k.facts_key;
    EXPECT_NE(k.parse_file, nullptr) << k.name;
    EXPECT_FALSE(k.description.empty()) << k.name;
  }
  Result<const evidence::EvidenceKind*> unknown = evidence::RequireKind("lint");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "unknown evidence kind 'lint' (kinds: " + evidence::KindNames() + ")");
}

TEST(EvidenceKindsTest, AnArtifactDirectoryIsNamedAfterItselfWhateverTheSlash) {
  char tmpl[] = "/tmp/proofline-kinds-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  std::filesystem::create_directories(dir + "/build");
  ASSERT_TRUE(WriteFileAtomic(dir + "/build/app.bin", "x").ok());
  const evidence::EvidenceKind* artifact = evidence::FindKind("artifact");
  ASSERT_NE(artifact, nullptr);
  Result<evidence::ParsedEvidence> p = evidence::ParseEvidenceFile(*artifact, dir + "/build/", {});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->file, "build");
  ASSERT_TRUE(p->stored.has_value());
  EXPECT_EQ(p->digest.sha256, Sha256(AsBytes(*p->stored)));
  RemoveTree(dir);
}

TEST(EventCatalogueTest, EveryTypeIsUniqueOwnedAndAcceptedByTheLedger) {
  std::set<std::string_view> types;
  for (const events::EventType& e : events::kCatalogue) {
    EXPECT_TRUE(types.insert(e.type).second) << e.type;
    EXPECT_FALSE(e.owner.empty()) << e.type;
    EXPECT_FALSE(e.builder.empty()) << e.type;
    EXPECT_EQ(events::Find(e.type), &e);
    EXPECT_TRUE(ledger::PrepareEvent({std::string(e.type), "s", "a", Json::object()}).ok())
        << e.type;
  }
  EXPECT_EQ(events::Find("integration.custom"), nullptr);
}

TEST(EventCatalogueTest, EveryTypeProoflineWritesIsReserved) {
  for (const events::EventType& e : events::kCatalogue) {
    EXPECT_NE(events::Reserved(e.type), nullptr) << e.type << " could be forged with log append";
  }
  EXPECT_EQ(events::Reserved("ticket.linked"), nullptr);
  EXPECT_EQ(events::Reserved("changes"), nullptr);  // a prefix is a namespace, dot included
  EXPECT_NE(events::Reserved("approval.anything.new"), nullptr);
  EXPECT_NE(events::Reserved("Approval.Granted"), nullptr);  // not an integration's type either
}

TEST_F(ServiceTest, IntegrationEventsAreTheirOwnTypesAsTheCaller) {
  Workspace ws(Paths());
  size_t before = Events().size();
  Result<std::vector<ledger::Appended>> forged =
      AppendIntegrationEvents(ws, As("dana"),
                              {{"ci.build", "CHG-1", "", Json::object()},
                               {"approval.granted", "CHG-1", "", Json::object()}});
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Events().size(), before);  // all or nothing
  Result<std::vector<ledger::Appended>> other =
      AppendIntegrationEvents(ws, As("dana"), {{"ci.build", "CHG-1", "sam", Json::object()}});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument);
  Result<std::vector<ledger::Appended>> ok =
      AppendIntegrationEvents(ws, As("dana"), {{"ci.build", "CHG-1", "", Json::object()}});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(Events().back().actor, "dana");
}

}  // namespace
}  // namespace proofline::service
