// `proofline change open|assess|show|list|update`: change records with their git impact and
// risk assessment. Parsing and printing only: the operations are service/changes.h.
#include <cstdio>

#include "cli/context.h"
#include "evidence/describe.h"
#include "risk/assess.h"
#include "service/changes.h"

namespace proofline::cli {
namespace {

using RangeOptions = service::RangeInput;

struct OpenOptions {
  RangeOptions range;
  std::string ticket, title;
};

void AddRangeOptions(CLI::App* cmd, RangeOptions* o, bool env_required) {
  cmd->add_option("--repo", o->repo, "Repository (work tree, bare, or worktree)")
      ->capture_default_str();
  cmd->add_option("--baseline", o->baseline, "What is deployed now (revision)")->required();
  cmd->add_option("--target", o->target, "What the change deploys (revision)")->required();
  auto* env = cmd->add_option("--env", o->env, "Target environment, e.g. production");
  if (env_required) env->required();
  cmd->add_option("--config", o->config,
                  "Risk rules (default: proofline.yaml at the baseline); assess only: open "
                  "records a decision held to the committed file");
}

Result<int> RunAssess(const Context& ctx, const RangeOptions& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::Analysis a, service::AssessRange(ws, o));
  if (ctx.json) {
    ctx.Print("", change::AssessmentData(a.impact, a.assessment, a.rules_source));
  } else {
    std::printf("%s\nRules:    %s\n", risk::RenderAssessment(a.impact, a.assessment).c_str(),
                a.rules_source.c_str());
  }
  return kExitOk;
}

std::string ShortRecord(const change::ChangeRecord& c) {
  char line[512];
  std::snprintf(line, sizeof line, "%-16s %-17s %-12s %-6s %6.2f  %-8s %s", c.id.c_str(),
                change::StateName(c.state), c.env.c_str(), c.risk.risk_class.c_str(), c.risk.score,
                c.risk.route.c_str(), c.title.c_str());
  return line;
}

Result<int> RunOpen(const Context& ctx, const OpenOptions& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::ChangeOutcome out,
                   service::OpenChange(ws, ctx.Caller(), {o.range, o.ticket, o.title}));
  const change::ChangeRecord& c = out.record;
  if (ctx.json) {
    ctx.Print("", c.ToJson());
  } else {
    std::printf("opened %s (%s)\n\n%s\nRules:    %s\n", c.id.c_str(), change::StateName(c.state),
                risk::RenderAssessment(out.analysis.impact, out.analysis.assessment).c_str(),
                out.analysis.rules_source.c_str());
  }
  return kExitOk;
}

Result<int> RunUpdate(const Context& ctx, const std::string& id, const RangeOptions& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(
      service::ChangeOutcome out,
      service::UpdateChange(ws, ctx.Caller(), id, o.target, o.repo == "." ? "" : o.repo, o.config));
  if (ctx.json) {
    ctx.Print("", out.record.ToJson());
  } else {
    std::printf("re-assessed %s at %s (%s)\n\n%s\n", id.c_str(),
                out.analysis.impact.target.substr(0, 12).c_str(),
                change::StateName(out.record.state),
                risk::RenderAssessment(out.analysis.impact, out.analysis.assessment).c_str());
  }
  return kExitOk;
}

// One line per attached evidence file with its summary counts: the current target's, then the
// stale ones (attested for an earlier target; they count for nothing).
void PrintEvidence(const change::ChangeRecord& c) {
  for (bool current : {true, false}) {
    bool header = false;
    for (const change::EvidenceEntry& e : c.evidence) {
      if (c.Current(e) != current) continue;
      if (!header) {
        std::printf(current ? "  attested:\n" : "  stale (attested for an earlier target):\n");
        header = true;
      }
      std::printf("    %6llu %-12s %s: %s  %s%s\n", static_cast<unsigned long long>(e.index),
                  e.kind.c_str(), e.file.c_str(),
                  evidence::DescribeSummary(e.kind, e.summary).c_str(),
                  e.digest.substr(0, 19).c_str(),
                  current ? "" : ("  commit " + e.commit.substr(0, 12)).c_str());
    }
  }
}

Result<int> RunShow(const Context& ctx, const std::string& id) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(change::ChangeRecord c, ws.Change(id));
  if (ctx.json) {
    ctx.Print("", c.ToJson());
    return kExitOk;
  }
  std::printf(
      "%s  %s\n  title:     %s\n  ticket:    %s\n  env:       %s\n  requester: %s\n  range:     "
      "%s..%s\n",
      c.id.c_str(), change::StateName(c.state), c.title.c_str(), c.ticket.c_str(), c.env.c_str(),
      c.requester.c_str(), c.baseline.substr(0, 12).c_str(), c.target.substr(0, 12).c_str());
  const Json& risk = ObjectAt(c.assessment, "risk");
  std::printf("  risk:      %s, score %.2f, route %s\n  evidence:  %s\n  score:\n",
              StringAt(risk, "class").c_str(), NumberAt(risk, "score"),
              StringAt(risk, "route").c_str(), ArrayAt(risk, "required_evidence").dump().c_str());
  for (const Json& item : ArrayAt(risk, "breakdown")) {
    std::printf("    %+6.2f %-12s %s\n", NumberAt(item, "points"), StringAt(item, "factor").c_str(),
                StringAt(item, "detail").c_str());
  }
  PrintEvidence(c);
  std::printf("  events:\n");
  for (const auto& e : c.events) {
    std::printf("    %6llu %s %-16s %s\n", static_cast<unsigned long long>(e.index), e.time.c_str(),
                e.type.c_str(), e.actor.c_str());
  }
  return kExitOk;
}

struct ListOptions {
  std::string env, state;
  bool overdue = false;
};

Result<int> RunList(const Context& ctx, const ListOptions& o) {
  service::ListInput input;
  if (!o.state.empty()) {
    ASSIGN_OR_RETURN(input.state, change::ParseState(o.state));
  }
  if (!o.env.empty()) input.env = o.env;
  input.overdue = o.overdue;
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(std::vector<service::ListedChange> changes, service::ListChanges(ws, input));
  Json list = Json::array();
  std::string text;
  for (const service::ListedChange& listed : changes) {
    const change::ChangeRecord& c = listed.record;
    Json j = c.ToJson();
    j.erase("events");
    j["assessment"] = ObjectAt(c.assessment, "risk");
    j["assessment"].erase("matches");
    std::string line = ShortRecord(c);
    if (o.overdue) {
      Json obligations = Json::array();
      for (const gate::Obligation& ob : listed.overdue) {
        obligations.push_back({{"env", ob.env},
                               {"target", ob.target},
                               {"deployer", ob.deployer},
                               {"reason", ob.reason},
                               {"due", ob.due},
                               {"break_glass_event", ob.index}});
        line += "\n    OVERDUE: break-glass by " + ob.deployer + " in " + ob.env + " (event #" +
                std::to_string(ob.index) + ", \"" + ob.reason + "\"): retroactive approval was " +
                "due by " + ob.due;
      }
      j["overdue"] = obligations;
    }
    list.push_back(std::move(j));
    text += line + "\n";
  }
  if (text.empty()) text = o.overdue ? "no overdue retroactive approvals\n" : "no changes\n";
  text.pop_back();
  ctx.Print(text, {{"changes", list}});
  return kExitOk;
}

}  // namespace

void AddChangeCommands(CLI::App& app, Context& ctx) {
  CLI::App* change = app.add_subcommand("change", "Change records: impact from git, risk, state");
  change->require_subcommand(1);

  auto open = std::make_shared<OpenOptions>();
  CLI::App* o =
      change->add_subcommand("open", "Open a change: assess baseline..target and record it");
  AddRangeOptions(o, &open->range, true);
  o->add_option("--ticket", open->ticket, "Change ticket, e.g. JIRA-123");
  o->add_option("--title", open->title, "Short description");
  o->callback([&ctx, open] { ctx.action = [&ctx, open] { return RunOpen(ctx, *open); }; });

  auto assess = std::make_shared<RangeOptions>();
  CLI::App* a = change->add_subcommand(
      "assess", "Assess baseline..target; records nothing (CI merge requests)");
  AddRangeOptions(a, assess.get(), false);
  a->callback([&ctx, assess] { ctx.action = [&ctx, assess] { return RunAssess(ctx, *assess); }; });

  auto show_id = std::make_shared<std::string>();
  CLI::App* s = change->add_subcommand("show", "Show a change, its assessment and its events");
  s->add_option("ID", *show_id, "Change id")->required();
  s->callback([&ctx, show_id] { ctx.action = [&ctx, show_id] { return RunShow(ctx, *show_id); }; });

  auto filters = std::make_shared<ListOptions>();
  CLI::App* l = change->add_subcommand("list", "List changes");
  l->add_option("--env", filters->env, "Only this environment");
  l->add_option("--state", filters->state, "Only this state");
  l->add_flag("--overdue", filters->overdue,
              "Only changes deployed by breaking the glass whose retroactive approval is late");
  l->callback([&ctx, filters] { ctx.action = [&ctx, filters] { return RunList(ctx, *filters); }; });

  auto update_id = std::make_shared<std::string>();
  auto update = std::make_shared<RangeOptions>();
  CLI::App* u = change->add_subcommand("update", "Re-assess a change at a new target commit");
  u->add_option("ID", *update_id, "Change id")->required();
  u->add_option("--target", update->target, "New target revision")->required();
  u->add_option("--repo", update->repo, "Repository (default: the change's)");
  u->add_option(
      "--config", update->config,
      "Refused: a decision is held to proofline.yaml as committed at the change's baseline");
  u->callback([&ctx, update_id, update] {
    ctx.action = [&ctx, update_id, update] { return RunUpdate(ctx, *update_id, *update); };
  });
}

}  // namespace proofline::cli
