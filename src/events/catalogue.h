// The event catalogue: every event type Proofline writes, with the operation that owns it (the
// only code allowed to write it) and the folds that read it. Writers and readers name types
// through these constants, never as string literals, so a type cannot be misspelt on one side
// only, and a later rule ("only the owner writes a reserved type", the authority issue) has one
// list to enforce.
//
// Payload builders live with the domain that owns the type (named in `builder`); each documents
// its data fields. The catalogue is header-only and depends on nothing: every library may use it.
#pragma once

#include <string_view>

namespace proofline::events {

// ledger/ (ledger.h, verifier.h)
inline constexpr std::string_view kLedgerInitialized = "ledger.initialized";
inline constexpr std::string_view kLedgerKeyRotated = "ledger.key.rotated";
// change/change.h
inline constexpr std::string_view kChangeOpened = "change.opened";
inline constexpr std::string_view kChangeAssessed = "change.assessed";
inline constexpr std::string_view kChangeState = "change.state";
// evidence (service/attest.h)
inline constexpr std::string_view kEvidenceAttached = "evidence.attached";
// approval/approvals.h
inline constexpr std::string_view kApprovalGranted = "approval.granted";
inline constexpr std::string_view kApprovalRejected = "approval.rejected";
inline constexpr std::string_view kApprovalRefused = "approval.refused";
inline constexpr std::string_view kApprovalAutomated = "approval.automated";
// policy/exceptions.h
inline constexpr std::string_view kExceptionRequested = "policy.exception.requested";
inline constexpr std::string_view kExceptionGranted = "policy.exception.granted";
inline constexpr std::string_view kExceptionRefused = "policy.exception.refused";
// gate/gate.h
inline constexpr std::string_view kGateDecided = "gate.decided";
inline constexpr std::string_view kGateBreakGlass = "gate.break_glass";
// deploy/deployer.h, deploy/live.h
inline constexpr std::string_view kDeploymentStarted = "deployment.started";
inline constexpr std::string_view kDeploymentSucceeded = "deployment.succeeded";
inline constexpr std::string_view kDeploymentFailed = "deployment.failed";
inline constexpr std::string_view kDeploymentRolledBack = "deployment.rolled_back";
inline constexpr std::string_view kEnvViolation = "env.violation";
// pipeline/runner.h
inline constexpr std::string_view kPipelineStarted = "pipeline.started";
inline constexpr std::string_view kPipelineFinished = "pipeline.finished";
inline constexpr std::string_view kJobFinished = "job.finished";
// identity (service/identity.h)
inline constexpr std::string_view kTokenCreated = "identity.token.created";
inline constexpr std::string_view kTokenRevoked = "identity.token.revoked";
inline constexpr std::string_view kAuthDenied = "auth.denied";
inline constexpr std::string_view kIdentityChanged = "identity.changed";

struct EventType {
  std::string_view type;
  std::string_view owner;    // the operation (and command) that writes it
  std::string_view builder;  // where its payload is built and documented
  std::string_view readers;  // the folds and checks that read it
};

inline constexpr EventType kCatalogue[] = {
    {kLedgerInitialized, "proofline init", "ledger/ledger.h", "ledger/verifier.h (key chain)"},
    {kLedgerKeyRotated, "proofline log rotate-key", "ledger/ledger.h",
     "ledger/verifier.h (key chain)"},
    {kChangeOpened, "service::OpenChange (change open)", "change/change.h",
     "change fold, change list"},
    {kChangeAssessed, "service::OpenChange, service::UpdateChange", "change/change.h",
     "change fold, risk history"},
    {kChangeState, "the operation that moves the change (open, approve, reject, deploy)",
     "change::StateEvent", "change fold"},
    {kEvidenceAttached, "service::Attest (attest, scan --change, run evidence:)",
     "service/attest.h", "change fold, policy facts, gate evidence"},
    {kApprovalGranted, "service::Approve (approve)", "approval::GrantedEvent",
     "change fold, approval::Evaluate"},
    {kApprovalRejected, "service::Reject (reject)", "approval::RejectedEvent", "change list"},
    {kApprovalRefused, "service::Approve, service::Reject", "approval::RefusedEvent",
     "the audit trail"},
    {kApprovalAutomated, "service::ApproveAutomated (approve --automated, run approval:)",
     "approval::AutomatedEvent", "the audit trail"},
    {kExceptionRequested, "service::RequestException (exception request)", "policy::RequestEvent",
     "policy::LoadRequests"},
    {kExceptionGranted, "service::ApproveException (exception approve)", "policy::GrantEvent",
     "policy::LoadExceptions"},
    {kExceptionRefused, "service::ApproveException", "policy::RefusedEvent", "the audit trail"},
    {kGateDecided, "service::DecideGate (gate, deploy, run gate:)", "gate::GateDecision::Events",
     "the audit trail; deploy::DeployRequest::gate_event"},
    {kGateBreakGlass, "service::DecideGate", "gate::GateDecision::Events",
     "gate::Obligations (change list --overdue)"},
    {kDeploymentStarted, "service::Deploy (deploy)", "deploy/deployer.h", "the audit trail"},
    {kDeploymentSucceeded, "service::Deploy", "deploy/deployer.h",
     "deploy::LiveReleases, risk history"},
    {kDeploymentFailed, "service::Deploy", "deploy/deployer.h", "risk history"},
    {kDeploymentRolledBack, "service::Deploy", "deploy/deployer.h", "risk history"},
    {kEnvViolation, "service::CheckEnvironment (env check)", "deploy::ViolationEvent",
     "the audit trail"},
    {kPipelineStarted, "service::RunPipeline (run)", "pipeline/runner.h", "the audit trail"},
    {kPipelineFinished, "service::RunPipeline", "pipeline/runner.h", "the audit trail"},
    {kJobFinished, "service::RunPipeline", "pipeline/runner.h", "the audit trail"},
    {kTokenCreated, "service::CreateToken (token create)", "service/identity.h", "the audit trail"},
    {kTokenRevoked, "service::RevokeToken (token revoke)", "service/identity.h", "the audit trail"},
    {kAuthDenied, "service::Workspace::Authenticate (any command acting as a person)",
     "service/workspace.h", "the audit trail"},
    {kIdentityChanged, "service::Workspace::Directory (any command reading the directory)",
     "service/workspace.h", "service::Workspace::Directory (the next change is told against it)"},
};

// The reserved namespaces: a type under one of these prefixes is written only by the operation
// that owns it, never through the ledger's integration API (`log append`), so nobody can record
// an approval, a gate decision or a deployment by hand. Every type of the catalogue falls under
// one (a test holds it), and a later feature adding a type adds its prefix here.
struct ReservedPrefix {
  std::string_view prefix;
  std::string_view authority;  // stamped in the signed entry of each event of the namespace
  std::string_view owner;      // the command(s) that write its types
};

inline constexpr ReservedPrefix kReserved[] = {
    {"ledger.", "ledger", "proofline init and proofline log rotate-key"},
    {"change.", "change", "proofline change open|update and the commands that move a change"},
    {"evidence.", "evidence", "proofline attest (and scan --change, run's evidence steps)"},
    {"approval.", "approval", "proofline approve|reject"},
    {"policy.", "exception", "proofline exception request|approve"},
    {"exception.", "exception", "proofline exception request|approve"},
    {"gate.", "gate", "proofline gate (and deploy, run's gate steps)"},
    {"deployment.", "deployment", "proofline deploy"},
    {"env.", "env", "proofline env check"},
    {"pipeline.", "pipeline", "proofline run"},
    {"job.", "pipeline", "proofline run"},
    {"identity.", "identity", "proofline token create|revoke"},
    {"token.", "identity", "proofline token create|revoke"},
    {"auth.", "identity", "the commands that authenticate a person"},
    {"access.", "access", "the server"},
};

// The reserved namespace `type` falls under, or nullptr for an integration's own type. Compared
// without regard to ASCII case, so "Approval.Granted" cannot pass for an integration's type in
// the eyes of whoever reads the log.
constexpr const ReservedPrefix* Reserved(std::string_view type) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const ReservedPrefix& r : kReserved) {
    if (type.size() < r.prefix.size()) continue;
    bool match = true;
    for (size_t i = 0; i < r.prefix.size() && match; ++i) match = lower(type[i]) == r.prefix[i];
    if (match) return &r;
  }
  return nullptr;
}

// The catalogue entry of `type`, or nullptr for a type Proofline does not write (an
// integration's own event, appended with `log append`).
constexpr const EventType* Find(std::string_view type) {
  for (const EventType& e : kCatalogue) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

}  // namespace proofline::events
