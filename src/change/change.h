// Change records: a change is the unit a regulated team approves and deploys. Its whole life is
// ledger events under its id (the subject), so its state is a fold over those events and the
// ledger stays the single source of truth (no second table to drift from it).
//
// Events (type: data):
//   change.opened:   {id, title, ticket, env, requester, repo, baseline, target}
//   change.assessed: {baseline, target, config, impact: {...}, risk: {...}}   (risk/assess.h)
//   change.state:    {from, to, reason}
//   evidence.attached: {kind, file, digest, size, summary, pipeline?, controls?}  (evidence issue)
//   approval.granted | approval.rejected | approval.refused | approval.automated: approval/
//   gate.decided | gate.break_glass: gate/gate.h
//   deployment.succeeded | deployment.failed | deployment.rolled_back: {env, ...}  (deploy issue)
// State machine: open -> pending-approval -> approved -> deployed | rejected | rolled-back |
// superseded; pending-approval/approved may also end rejected or superseded; deployed may be
// rolled-back. A new target re-assesses the change and returns it to pending-approval.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "git/impact.h"
#include "ledger/ledger.h"
#include "risk/assess.h"

namespace proofline::change {

enum class State {
  kOpen,
  kPendingApproval,
  kApproved,
  kDeployed,
  kRejected,
  kRolledBack,
  kSuperseded
};
const char* StateName(State s);
Result<State> ParseState(const std::string& name);
bool TransitionAllowed(State from, State to);

// The change.state event for a move the caller has checked with TransitionAllowed (for batches
// that record a move together with what caused it, e.g. the approval that completes a quorum).
ledger::EventInput StateEvent(const std::string& id, State from, State to, const std::string& actor,
                              const std::string& reason);

struct EventSummary {
  uint64_t index = 0;
  std::string type, time, actor;
  Json data;
};

// One evidence.attached event as the change holds it: the data service/attest.h records, and
// where it stands in the ledger. Fields of the wrong type in a recorded event read as absent.
struct EvidenceEntry {
  std::string kind, file, digest, suite, pipeline;
  std::string commit;  // the commit it covers (full hex); evidence counts only for the target
  uint64_t size = 0;
  std::vector<std::string> controls;
  Json summary = Json::object();  // the kind's summary (evidence/<kind>.h), as recorded
  uint64_t index = 0;
  std::string time, actor;

  // From the event's data plus index, time and actor (the shape ToJson writes).
  static EvidenceEntry FromJson(const Json& j);
  // {kind, file, digest, size, commit, summary, suite?, pipeline?, controls?, index, time,
  // actor}: what
  // `change show --json` prints and the policy facts and validate read.
  Json ToJson() const;
};

// One approval.granted event: an electronic signature (approval/approvals.h).
struct Signature {
  std::string user, name, meaning, comment, target;
  std::string token_id, directory;  // the authority it was signed with (may be absent)
  std::vector<std::string> roles;
  uint64_t index = 0;
  std::string time, actor;

  static Signature FromJson(const Json& j);
  // {user, name, roles, meaning, comment?, target, index, time, actor}.
  Json ToJson() const;
};

// What the decisions read of the latest assessment (change.assessed, risk/assess.h).
struct RiskSummary {
  std::string risk_class;  // low | medium | high
  std::string route;       // automated | single | quorum ("" when not assessed)
  double score = 0;
  bool production = false;  // the production weight was counted (assessed for production)
  std::vector<std::string> categories, required_evidence;
  // Everyone the change's commits name (authors, committers, co-authors), as email addresses.
  std::vector<std::string> commit_people;

  static RiskSummary FromAssessment(const Json& assessment);
};

struct ChangeRecord {
  std::string id, title, ticket, env, requester, repo, baseline, target;
  State state = State::kOpen;
  std::string opened_at;
  Json assessment;   // data of the latest change.assessed event, whole (for display)
  RiskSummary risk;  // what decisions read of it
  std::vector<EvidenceEntry> evidence;  // every evidence.attached event, in order
  // Every approval.granted event, for any target (approval/approvals.h keeps those of the
  // current target).
  std::vector<Signature> approvals;
  std::vector<EventSummary> events;

  // Sets `assessment` and the `risk` read from it.
  void SetAssessment(Json data);
  // True when `e` covers the current target: only such evidence counts for the gate, the
  // automated checks and validate. Evidence of an earlier target is stale, kept and shown.
  bool Current(const EvidenceEntry& e) const { return !e.commit.empty() && e.commit == target; }
  // [EvidenceEntry::ToJson()...] of the current evidence: what policy::Validate and the facts
  // read.
  Json EvidenceJson() const;
  // The same of the stale evidence (`change show` lists it apart).
  Json StaleEvidenceJson() const;
  Json ToJson() const;
};

struct OpenRequest {
  std::string repo, baseline, target, env, ticket, title, requester;
};

class ChangeService {
 public:
  // `ledger` and `store` must outlive the service.
  ChangeService(ledger::Ledger* ledger, store::Store* store) : ledger_(ledger), store_(store) {}

  // Records change.opened, change.assessed and the move to pending-approval in one atomic append.
  Result<ChangeRecord> Open(const OpenRequest& request, const git::Impact& impact,
                            const risk::Assessment& assessment, const std::string& config_source);
  // Records a re-assessment for a new target commit (supersedes the previous assessment) and
  // returns the change to pending-approval. FailedPrecondition-like InvalidArgument when closed.
  Result<ChangeRecord> Reassess(const std::string& id, const git::Impact& impact,
                                const risk::Assessment& assessment,
                                const std::string& config_source, const std::string& actor);
  // Appends change.state; InvalidArgument when the state machine forbids it.
  Status Transition(const std::string& id, State to, const std::string& actor,
                    const std::string& reason);

  // NotFound for an unknown id.
  Result<ChangeRecord> Get(const std::string& id);
  Result<std::vector<ChangeRecord>> List(const std::optional<std::string>& env,
                                         const std::optional<State>& state);
  // Past changes' categories and deployment outcomes, for the history factor of the score.
  Result<std::vector<risk::PastChange>> History();

 private:
  ledger::Ledger* ledger_;
  store::Store* store_;
};

// The assessment event's data, with long file lists capped to keep events bounded.
Json AssessmentData(const git::Impact& impact, const risk::Assessment& assessment,
                    const std::string& config_source);

}  // namespace proofline::change
