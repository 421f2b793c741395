// Change records as folds over their ledger events, and the change state machine.
#include "change/change.h"

#include <map>
#include <set>

#include "events/catalogue.h"

namespace proofline::change {
namespace {

constexpr size_t kMaxFilesInEvent =
    2000;  // the full list belongs in the blob store (evidence issue)

struct StateName_ {
  State state;
  const char* name;
};
constexpr StateName_ kStates[] = {
    {State::kOpen, "open"},
    {State::kPendingApproval, "pending-approval"},
    {State::kApproved, "approved"},
    {State::kDeployed, "deployed"},
    {State::kRejected, "rejected"},
    {State::kRolledBack, "rolled-back"},
    {State::kSuperseded, "superseded"},
};

std::string NewId() {
  std::string hex = ToHex(RandomBytes(5));
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "CHG-" + hex;
}

void Apply(const ledger::ParsedEvent& e, uint64_t index, ChangeRecord* c) {
  if (e.type == events::kChangeOpened) {
    c->id = e.subject;  // the ledger subject is the id, whatever the payload says
    c->title = StringAt(e.data, "title");
    c->ticket = StringAt(e.data, "ticket");
    c->env = StringAt(e.data, "env");
    c->requester = StringAt(e.data, "requester");
    c->repo = StringAt(e.data, "repo");
    c->baseline = StringAt(e.data, "baseline");
    c->target = StringAt(e.data, "target");
    c->opened_at = e.time;
  } else if (e.type == events::kChangeAssessed) {
    c->SetAssessment(e.data);
    c->baseline = StringAt(e.data, "baseline", c->baseline);
    c->target = StringAt(e.data, "target", c->target);
  } else if (e.type == events::kChangeState) {
    if (Result<State> s = ParseState(StringAt(e.data, "to")); s.ok()) c->state = *s;
  } else if (e.type == events::kEvidenceAttached || e.type == events::kApprovalGranted) {
    Json item = e.data;
    item["index"] = index;
    item["time"] = e.time;
    item["actor"] = e.actor;
    if (e.type == events::kApprovalGranted) {
      c->approvals.push_back(Signature::FromJson(item));
    } else {
      c->evidence.push_back(EvidenceEntry::FromJson(item));
    }
  }
  Json summary =
      e.type == events::kChangeAssessed ? Json{{"target", StringAt(e.data, "target")}} : e.data;
  c->events.push_back({index, e.type, e.time, e.actor, summary});
}

}  // namespace

ledger::EventInput StateEvent(const std::string& id, State from, State to, const std::string& actor,
                              const std::string& reason) {
  return {std::string(events::kChangeState), id, actor,
          Json{{"from", StateName(from)}, {"to", StateName(to)}, {"reason", reason}}};
}

const char* StateName(State s) {
  for (const auto& [state, name] : kStates) {
    if (state == s) return name;
  }
  return "open";
}

Result<State> ParseState(const std::string& name) {
  for (const auto& [state, n] : kStates) {
    if (name == n) return state;
  }
  return InvalidArgument(
      "unknown change state '" + name +
      "' (open, pending-approval, approved, deployed, rejected, rolled-back, superseded)");
}

bool TransitionAllowed(State from, State to) {
  switch (from) {
    case State::kOpen:
      return to == State::kPendingApproval || to == State::kRejected || to == State::kSuperseded;
    case State::kPendingApproval:
      return to == State::kApproved || to == State::kRejected || to == State::kSuperseded ||
             to == State::kPendingApproval;
    case State::kApproved:
      return to == State::kDeployed || to == State::kRejected || to == State::kSuperseded ||
             to == State::kPendingApproval;
    case State::kDeployed:
      return to == State::kRolledBack;
    case State::kRejected:
    case State::kRolledBack:
    case State::kSuperseded:
      return false;
  }
  return false;
}

Json AssessmentData(const git::Impact& impact, const risk::Assessment& assessment,
                    const std::string& config_source) {
  Json impact_json = risk::ImpactToJson(impact);
  Json risk_json = assessment.ToJson();
  if (impact_json["files"].size() > kMaxFilesInEvent) {
    impact_json["files_total"] = impact_json["files"].size();
    impact_json["files"].erase(impact_json["files"].begin() + kMaxFilesInEvent,
                               impact_json["files"].end());
  }
  if (risk_json["matches"].size() > kMaxFilesInEvent) {
    risk_json["matches_total"] = risk_json["matches"].size();
    risk_json["matches"].erase(risk_json["matches"].begin() + kMaxFilesInEvent,
                               risk_json["matches"].end());
  }
  return {{"baseline", impact.baseline},
          {"target", impact.target},
          {"config", config_source},
          {"impact", impact_json},
          {"risk", risk_json}};
}

namespace {

std::vector<std::string> Strings(const Json& array) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const Json& v : array) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

EvidenceEntry EvidenceEntry::FromJson(const Json& j) {
  EvidenceEntry e;
  e.kind = StringAt(j, "kind");
  e.file = StringAt(j, "file");
  e.digest = StringAt(j, "digest");
  e.suite = StringAt(j, "suite");
  e.pipeline = StringAt(j, "pipeline");
  e.commit = StringAt(j, "commit");
  e.size = UintAt(j, "size");
  e.controls = Strings(ArrayAt(j, "controls"));
  e.summary = ObjectAt(j, "summary");
  e.index = UintAt(j, "index");
  e.time = StringAt(j, "time");
  e.actor = StringAt(j, "actor");
  return e;
}

Json EvidenceEntry::ToJson() const {
  Json j = {{"kind", kind},   {"file", file},     {"digest", digest},
            {"size", size},   {"commit", commit}, {"summary", summary},
            {"index", index}, {"time", time},     {"actor", actor}};
  if (!suite.empty()) j["suite"] = suite;
  if (!pipeline.empty()) j["pipeline"] = pipeline;
  if (!controls.empty()) j["controls"] = controls;
  return j;
}

Signature Signature::FromJson(const Json& j) {
  Signature s;
  s.user = StringAt(j, "user");
  s.name = StringAt(j, "name");
  s.meaning = StringAt(j, "meaning");
  s.comment = StringAt(j, "comment");
  s.target = StringAt(j, "target");
  s.token_id = StringAt(j, "token_id");
  s.directory = StringAt(j, "directory");
  s.roles = Strings(ArrayAt(j, "roles"));
  s.index = UintAt(j, "index");
  s.time = StringAt(j, "time");
  s.actor = StringAt(j, "actor");
  return s;
}

Json Signature::ToJson() const {
  Json j = {{"user", user},     {"name", name},   {"roles", roles}, {"meaning", meaning},
            {"target", target}, {"index", index}, {"time", time},   {"actor", actor}};
  if (!comment.empty()) j["comment"] = comment;
  if (!token_id.empty()) j["token_id"] = token_id;
  if (!directory.empty()) j["directory"] = directory;
  return j;
}

RiskSummary RiskSummary::FromAssessment(const Json& assessment) {
  RiskSummary r;
  const Json& risk = ObjectAt(assessment, "risk");
  r.risk_class = StringAt(risk, "class");
  r.route = StringAt(risk, "route");
  r.score = NumberAt(risk, "score");
  for (const Json& item : ArrayAt(risk, "breakdown")) {
    if (StringAt(item, "factor") == "environment") r.production = true;
  }
  r.categories = Strings(ArrayAt(risk, "categories"));
  r.required_evidence = Strings(ArrayAt(risk, "required_evidence"));
  std::set<std::string> people;
  for (const Json& commit : ArrayAt(ObjectAt(assessment, "impact"), "commits")) {
    people.insert(StringAt(ObjectAt(commit, "author"), "email"));
    people.insert(StringAt(ObjectAt(commit, "committer"), "email"));
    for (const Json& co : ArrayAt(commit, "co_authors")) people.insert(StringAt(co, "email"));
  }
  people.erase("");
  r.commit_people.assign(people.begin(), people.end());
  return r;
}

void ChangeRecord::SetAssessment(Json data) {
  risk = RiskSummary::FromAssessment(data);
  assessment = std::move(data);
}

Json ChangeRecord::EvidenceJson() const {
  Json out = Json::array();
  for (const EvidenceEntry& e : evidence) {
    if (Current(e)) out.push_back(e.ToJson());
  }
  return out;
}

Json ChangeRecord::StaleEvidenceJson() const {
  Json out = Json::array();
  for (const EvidenceEntry& e : evidence) {
    if (!Current(e)) out.push_back(e.ToJson());
  }
  return out;
}

Json ChangeRecord::ToJson() const {
  Json approvals_json = Json::array();
  for (const Signature& s : approvals) approvals_json.push_back(s.ToJson());
  Json evs = Json::array();
  for (const EventSummary& e : events) {
    evs.push_back({{"index", e.index},
                   {"type", e.type},
                   {"time", e.time},
                   {"actor", e.actor},
                   {"data", e.data}});
  }
  return {{"id", id},
          {"title", title},
          {"ticket", ticket},
          {"env", env},
          {"requester", requester},
          {"repo", repo},
          {"baseline", baseline},
          {"target", target},
          {"state", StateName(state)},
          {"opened_at", opened_at},
          {"assessment", assessment},
          {"evidence", EvidenceJson()},
          {"stale_evidence", StaleEvidenceJson()},
          {"approvals", approvals_json},
          {"events", evs}};
}

Result<ChangeRecord> ChangeService::Open(const OpenRequest& r, const git::Impact& impact,
                                         const risk::Assessment& assessment,
                                         const std::string& config_source) {
  std::string id = NewId();
  Json opened = {{"id", id},
                 {"title", r.title},
                 {"ticket", r.ticket},
                 {"env", r.env},
                 {"requester", r.requester},
                 {"repo", r.repo},
                 {"baseline", impact.baseline},
                 {"target", impact.target}};
  std::vector<ledger::EventInput> events = {
      {std::string(events::kChangeOpened), id, r.requester, opened},
      {std::string(events::kChangeAssessed), id, "proofline",
       AssessmentData(impact, assessment, config_source)},
      StateEvent(id, State::kOpen, State::kPendingApproval, "proofline",
                 "assessed: route " + assessment.route),
  };
  RETURN_IF_ERROR(ledger_->Append(events).status());
  return Get(id);
}

Result<ChangeRecord> ChangeService::Reassess(const std::string& id, const git::Impact& impact,
                                             const risk::Assessment& assessment,
                                             const std::string& config_source,
                                             const std::string& actor) {
  ASSIGN_OR_RETURN(ChangeRecord c, Get(id));
  if (!TransitionAllowed(c.state, State::kPendingApproval)) {
    return InvalidArgument("change " + id + " is " + StateName(c.state) +
                           "; it cannot take a new target");
  }
  std::vector<ledger::EventInput> events = {
      {std::string(events::kChangeAssessed), id, actor,
       AssessmentData(impact, assessment, config_source)},
      StateEvent(
          id, c.state, State::kPendingApproval, actor,
          "new target " + impact.target.substr(0, 12) +
              " supersedes the previous assessment; approvals of the old target no longer count"),
  };
  RETURN_IF_ERROR(ledger_->Append(events).status());
  return Get(id);
}

Status ChangeService::Transition(const std::string& id, State to, const std::string& actor,
                                 const std::string& reason) {
  ASSIGN_OR_RETURN(ChangeRecord c, Get(id));
  if (!TransitionAllowed(c.state, to)) {
    return InvalidArgument("change " + id + " cannot go from " + StateName(c.state) + " to " +
                           StateName(to));
  }
  return ledger_->Append({StateEvent(id, c.state, to, actor, reason)}).status();
}

Result<ChangeRecord> ChangeService::Get(const std::string& id) {
  ChangeRecord c;
  store::EntryFilter filter;
  filter.subject = id;
  RETURN_IF_ERROR(store_->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    // Every row of the subject is checked against its entry before its type decides anything:
    // a type column changed to move an approval.rejected out of the fold is Corruption.
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    if (p.type.rfind("change.", 0) != 0 && p.type.rfind("deployment.", 0) != 0 &&
        p.type.rfind("evidence.", 0) != 0 && p.type.rfind("approval.", 0) != 0 &&
        p.type.rfind("gate.", 0) != 0) {
      return OkStatus();
    }
    if (p.FromOwner()) Apply(p, e.index, &c);
    return OkStatus();
  }));
  if (c.id.empty()) return NotFound("no change " + id);
  return c;
}

Result<std::vector<ChangeRecord>> ChangeService::List(const std::optional<std::string>& env,
                                                      const std::optional<State>& state) {
  std::vector<std::string> ids;
  store::EntryFilter filter;
  filter.type = events::kChangeOpened;
  RETURN_IF_ERROR(store_->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ids.push_back(e.subject);
    return OkStatus();
  }));
  std::vector<ChangeRecord> out;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(ChangeRecord c, Get(id));
    if (env && c.env != *env) continue;
    if (state && c.state != *state) continue;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<risk::PastChange>> ChangeService::History() {
  std::map<std::string, risk::PastChange> by_change;
  store::EntryFilter filter;
  filter.type = events::kChangeAssessed;
  RETURN_IF_ERROR(store_->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    if (!p.FromOwner()) return OkStatus();
    std::set<std::string> cats;
    for (const Json& c : ArrayAt(ObjectAt(p.data, "risk"), "categories")) {
      if (c.is_string()) cats.insert(c.get<std::string>());
    }
    by_change[p.subject].categories = std::move(cats);  // the latest assessment wins
    return OkStatus();
  }));
  for (std::string_view type :
       {events::kDeploymentSucceeded, events::kDeploymentFailed, events::kDeploymentRolledBack}) {
    filter.type = type;
    bool failed = type != events::kDeploymentSucceeded;
    RETURN_IF_ERROR(store_->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
      ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
      if (!p.FromOwner()) return OkStatus();
      auto it = by_change.find(p.subject);
      if (it == by_change.end()) return OkStatus();
      ++it->second.deployments;
      if (failed) ++it->second.failures;
      return OkStatus();
    }));
  }
  std::vector<risk::PastChange> out;
  for (auto& [id, past] : by_change) out.push_back(std::move(past));
  return out;
}

}  // namespace proofline::change
