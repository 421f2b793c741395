// Change operations (changes.h).
#include "service/changes.h"

#include <algorithm>

#include "events/catalogue.h"
#include "ledger/event.h"

namespace proofline::service {
namespace {

Result<Analysis> Analyse(const RangeInput& o, change::ChangeService* history_source) {
  if (o.baseline.empty() || o.target.empty()) {
    return InvalidArgument("--baseline and --target are required");
  }
  Analysis a;
  ASSIGN_OR_RETURN(a.impact, git::AnalyzeRange(o.repo, o.baseline, o.target));
  ASSIGN_OR_RETURN(std::optional<risk::ProjectConfig> project,
                   ProjectConfigAt(o.config, o.repo, a.impact.baseline));
  ASSIGN_OR_RETURN(RiskRules rules, LoadRiskRules(project));
  a.rules = std::move(rules.config);
  a.rules_source = std::move(rules.source);
  std::vector<risk::PastChange> history;
  if (history_source != nullptr) {
    ASSIGN_OR_RETURN(history, history_source->History());
  }
  a.assessment = risk::Assess(a.impact, a.rules, o.env, history);
  return a;
}

// The break-glass obligations of `c` past their deadline and still unmet. Only changes that
// broke the glass read their policy and the directory.
Result<std::vector<gate::Obligation>> OverdueObligations(Workspace& ws,
                                                         const change::ChangeRecord& c,
                                                         const std::string& now) {
  bool broke = std::any_of(c.events.begin(), c.events.end(), [](const change::EventSummary& e) {
    return e.type == events::kGateBreakGlass;
  });
  if (!broke) return std::vector<gate::Obligation>();
  ASSIGN_OR_RETURN(std::shared_ptr<const ProjectPolicy> policy, ws.Policy(c));
  ASSIGN_OR_RETURN(std::shared_ptr<const identity::Directory> directory, ws.Directory());
  std::vector<gate::Obligation> out;
  for (gate::Obligation& o : gate::Obligations(c, policy->approvals, *directory, now)) {
    if (o.overdue) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Result<Analysis> AssessRange(Workspace& ws, const RangeInput& input) {
  std::optional<change::ChangeService> history;
  if (ws.StoreExists()) {
    ASSIGN_OR_RETURN(history, ws.Changes());
  }
  return Analyse(input, history ? &*history : nullptr);
}

Result<ChangeOutcome> OpenChange(Workspace& ws, const Caller& caller,
                                 const OpenChangeInput& input) {
  RETURN_IF_ERROR(RefuseOverride(input.range.config, "change open"));
  ASSIGN_OR_RETURN(std::string requester, ws.ActorId(caller, "change open"));
  ASSIGN_OR_RETURN(change::ChangeService changes, ws.Changes());
  ChangeOutcome out;
  ASSIGN_OR_RETURN(out.analysis, Analyse(input.range, &changes));
  const RangeInput& r = input.range;
  change::OpenRequest req{r.repo,       r.baseline,  r.target, r.env,
                          input.ticket, input.title, requester};
  ASSIGN_OR_RETURN(out.record, changes.Open(req, out.analysis.impact, out.analysis.assessment,
                                            out.analysis.rules_source));
  return out;
}

Result<ChangeOutcome> UpdateChange(Workspace& ws, const Caller& caller, const std::string& id,
                                   const std::string& target, const std::string& repo,
                                   const std::string& config) {
  RETURN_IF_ERROR(RefuseOverride(config, "change update"));
  ASSIGN_OR_RETURN(std::string actor, ws.ActorId(caller, "change update"));
  ASSIGN_OR_RETURN(change::ChangeService changes, ws.Changes());
  ASSIGN_OR_RETURN(change::ChangeRecord c, changes.Get(id));
  RangeInput range;
  range.repo = repo.empty() ? c.repo : repo;
  range.baseline = c.baseline;
  range.target = target;
  range.env = c.env;
  range.config = config;
  ChangeOutcome out;
  ASSIGN_OR_RETURN(out.analysis, Analyse(range, &changes));
  ASSIGN_OR_RETURN(out.record, changes.Reassess(id, out.analysis.impact, out.analysis.assessment,
                                                out.analysis.rules_source, actor));
  return out;
}

Result<std::vector<ListedChange>> ListChanges(Workspace& ws, const ListInput& input) {
  ASSIGN_OR_RETURN(change::ChangeService changes, ws.Changes());
  ASSIGN_OR_RETURN(std::vector<change::ChangeRecord> records, changes.List(input.env, input.state));
  const std::string now = ledger::NowRfc3339Micros();
  std::vector<ListedChange> out;
  for (change::ChangeRecord& c : records) {
    ListedChange listed;
    if (input.overdue) {
      ASSIGN_OR_RETURN(listed.overdue, OverdueObligations(ws, c, now));
      if (listed.overdue.empty()) continue;
    }
    listed.record = std::move(c);
    out.push_back(std::move(listed));
  }
  return out;
}

}  // namespace proofline::service
