// Reading and checking pipeline YAML (spec.h). Problems are collected, not returned at the first.
#include "pipeline/spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <set>

#include "base/yaml_check.h"
#include "cel/time.h"
#include "evidence/kinds.h"

namespace proofline::pipeline {
namespace {

// A pipeline's evidence entry has a path, a kind and a suite: the kinds that need other options
// (generic: a type and a schema) are attested with `proofline attest` instead.
bool PipelineKind(const std::string& name) {
  const evidence::EvidenceKind* k = evidence::FindKind(name);
  return k != nullptr && !k->needs_type_schema;
}

std::string PipelineKindNames() {
  std::string names;
  for (const evidence::EvidenceKind& k : evidence::Kinds()) {
    if (!k.needs_type_schema) names += (names.empty() ? "" : ", ") + std::string(k.name);
  }
  return names;
}

constexpr size_t kMaxJobs = 1000;

class Reader {
 public:
  Reader(std::string source, Pipeline* out) : source_(std::move(source)), out_(out) {}

  std::vector<std::string> Read(const YAML::Node& root) {
    out_->source = source_;
    if (!root.IsMap()) {
      Problem(root, "a pipeline must be a mapping {name, stages, jobs, ...}");
      return Done();
    }
    Keys(root, {"name", "variables", "stages", "jobs", "on_failure"}, "the pipeline");
    if (const YAML::Node n = root["name"]) out_->name = Scalar(n, "name");
    if (const YAML::Node v = root["variables"]) out_->variables = StringMap(v, "variables");
    ReadStages(root);
    const YAML::Node jobs = root["jobs"];
    if (!jobs || !jobs.IsMap() || jobs.size() == 0) {
      Problem(jobs ? jobs : root, "`jobs` must map job names to jobs");
    } else if (jobs.size() > kMaxJobs) {  // also bounds the depth of the cycle search
      Problem(jobs, "more than " + std::to_string(kMaxJobs) + " jobs");
    } else {
      for (const auto& kv : jobs) {
        out_->jobs.push_back(ReadJob(kv.first.Scalar(), kv.second, false, Line(kv.first)));
      }
    }
    if (const YAML::Node f = root["on_failure"]) {
      if (!f.IsSequence()) {
        Problem(f, "`on_failure` must be a list of {name, script}");
      } else {
        for (const YAML::Node& j : f) {
          out_->on_failure.push_back(
              ReadJob(j.IsMap() ? Scalar(j["name"], "name") : "", j, true, Line(j)));
        }
      }
    }
    CheckGraph();
    return Done();
  }

 private:
  int Line(const YAML::Node& n) const { return n.Mark().line + 1; }
  void Problem(const YAML::Node& at, const std::string& what) { ProblemAt(Line(at), what); }
  void ProblemAt(int line, const std::string& what) { problems_.emplace_back(line, what); }

  std::vector<std::string> Done() {
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& [line, what] : problems_) {
      out.push_back(source_ + ":" + std::to_string(line) + ": " + what);
    }
    return out;
  }

  void Keys(const YAML::Node& map, std::initializer_list<std::string_view> known,
            const std::string& where) {
    for (const YAML::Node& key : UnknownKeys(map, known)) {
      Problem(key, "unknown key '" + key.Scalar() + "' in " + where);
    }
  }

  std::string Scalar(const YAML::Node& n, const std::string& key) {
    if (!n || !n.IsScalar() || n.Scalar().empty()) {
      if (n) Problem(n, "`" + key + "` must be a non-empty string");
      return "";
    }
    return n.Scalar();
  }

  std::vector<std::string> Names(const YAML::Node& n, const std::string& key) {
    std::vector<std::string> out;
    if (!n.IsSequence()) {
      Problem(n, "`" + key + "` must be a list");
      return out;
    }
    for (const YAML::Node& item : n) {
      std::string s = Scalar(item, key);
      if (!s.empty()) out.push_back(s);
    }
    return out;
  }

  std::map<std::string, std::string> StringMap(const YAML::Node& n, const std::string& key) {
    std::map<std::string, std::string> out;
    if (!n.IsMap()) {
      Problem(n, "`" + key + "` must map names to strings");
      return out;
    }
    for (const auto& kv : n) {
      if (Status name = CheckVariableName(kv.first.Scalar()); !name.ok()) {
        Problem(kv.first, "`" + key + "`: " + name.message());
      } else if (!kv.second.IsScalar()) {
        Problem(kv.second, "`" + key + "." + kv.first.Scalar() + "` must be a string");
      } else {
        out[kv.first.Scalar()] = kv.second.Scalar();
      }
    }
    return out;
  }

  int64_t Seconds(const YAML::Node& n, const std::string& key) {
    std::string text = Scalar(n, key);
    if (text.empty()) return 0;
    Result<cel::Duration> d = cel::ParseDuration(text);
    if (!d.ok() || d->nanos <= 0) {
      Problem(n, "`" + key + "` must be a positive duration such as 90s, 10m or 24h (got '" + text +
                     "')");
      return 0;
    }
    return std::max<int64_t>(1, d->nanos / 1000000000);
  }

  void ReadStages(const YAML::Node& root) {
    const YAML::Node stages = root["stages"];
    if (!stages || !stages.IsSequence() || stages.size() == 0) {
      Problem(stages ? stages : root, "`stages` must list the stages in order");
      return;
    }
    for (const YAML::Node& s : stages) {
      std::string name = Scalar(s, "stages");
      if (name.empty()) continue;
      if (std::find(out_->stages.begin(), out_->stages.end(), name) != out_->stages.end()) {
        Problem(s, "stage '" + name + "' is listed twice");
      } else {
        out_->stages.push_back(name);
        stage_lines_[name] = Line(s);
      }
    }
  }

  // `line`: where the job is named (its key), or the on_failure entry.
  Job ReadJob(const std::string& name, const YAML::Node& n, bool on_failure, int line) {
    Job job;
    job.name = name;
    job.line = line;
    const std::string where = on_failure ? "an on_failure step" : "job " + name;
    if (!n.IsMap()) {
      ProblemAt(job.line, where + " must be a mapping");
      return job;
    }
    if (on_failure) {
      Keys(n, {"name", "script", "env", "timeout"}, where);
      if (name.empty()) ProblemAt(job.line, "an on_failure step needs a `name`");
    } else {
      Keys(n,
           {"stage", "script", "gate", "approval", "needs", "when", "branches", "env", "timeout",
            "retries", "evidence"},
           where);
    }
    int kinds = 0;
    if (const YAML::Node s = n["script"]) {
      ++kinds;
      job.script =
          s.IsSequence() ? Names(s, "script") : std::vector<std::string>{Scalar(s, "script")};
    }
    if (const YAML::Node g = n["gate"]) {
      ++kinds;
      job.gate_env = Scalar(g, "gate");
    }
    if (const YAML::Node a = n["approval"]) {
      ++kinds;
      if (!a.IsMap()) {
        Problem(a, "`approval` must be {timeout: DURATION}");
      } else {
        Keys(a, {"timeout"}, where + "'s approval");
        job.approval_timeout_s = a["timeout"] ? Seconds(a["timeout"], "approval.timeout") : 86400;
      }
    }
    if (kinds != 1) {
      ProblemAt(job.line, where + " must have exactly one of `script`, `gate` and `approval`" +
                              (on_failure ? std::string(" (on_failure steps: `script`)") : ""));
    }
    if (on_failure && (n["gate"] || n["approval"])) {
      ProblemAt(job.line, where + " runs a `script` only");
    }
    if (!on_failure) {
      if (const YAML::Node s = n["stage"]) {
        job.stage = Scalar(s, "stage");
        if (!job.stage.empty() && !out_->stages.empty() &&
            std::find(out_->stages.begin(), out_->stages.end(), job.stage) == out_->stages.end()) {
          Problem(s, "job " + name + ": stage '" + job.stage + "' is not in `stages`");
        }
      } else {
        ProblemAt(job.line, where + " needs a `stage`");
      }
      if (const YAML::Node x = n["needs"]) job.needs = Names(x, "needs");
      if (const YAML::Node x = n["branches"]) job.branches = Names(x, "branches");
      if (const YAML::Node w = n["when"]) {
        std::string v = Scalar(w, "when");
        if (v == "on_success")
          job.when = When::kOnSuccess;
        else if (v == "always")
          job.when = When::kAlways;
        else if (v == "never")
          job.when = When::kNever;
        else if (!v.empty())
          Problem(w, "`when` must be on_success, always or never");
      }
      if (const YAML::Node r = n["retries"]) {
        int retries = -1;
        if (!r.IsScalar() || !YAML::convert<int>::decode(r, retries) || retries < 0 ||
            retries > 5) {
          Problem(r, "`retries` must be 0 to 5");
        } else {
          job.retries = retries;
        }
      }
      if (const YAML::Node e = n["evidence"]) ReadEvidence(e, &job);
    }
    if (const YAML::Node e = n["env"]) job.env = StringMap(e, "env");
    if (const YAML::Node t = n["timeout"]) job.timeout_s = Seconds(t, "timeout");
    return job;
  }

  void ReadEvidence(const YAML::Node& list, Job* job) {
    if (!list.IsSequence()) {
      Problem(list, "`evidence` must be a list of {path, kind[, suite]}");
      return;
    }
    for (const YAML::Node& e : list) {
      if (!e.IsMap()) {
        Problem(e, "an evidence entry must be {path, kind[, suite]}");
        continue;
      }
      Keys(e, {"path", "kind", "suite"}, "an evidence entry");
      EvidenceGlob g{Scalar(e["path"], "path"), Scalar(e["kind"], "kind"), "", Line(e)};
      if (e["suite"]) g.suite = Scalar(e["suite"], "suite");
      if (g.path.empty() || g.kind.empty()) {
        Problem(e, "an evidence entry needs `path` and `kind`");
      } else if (!PipelineKind(g.kind)) {
        Problem(e["kind"], "unknown evidence kind '" + g.kind + "' (" + PipelineKindNames() + ")");
      } else if (!g.suite.empty() && !evidence::FindKind(g.kind)->takes_suite) {
        Problem(e["suite"], "`suite` applies to junit evidence only");
      }
      job->evidence.push_back(std::move(g));
    }
  }

  // Stages without jobs, needs that name no job or a later stage, and cycles.
  void CheckGraph() {
    std::map<std::string, const Job*> by_name;
    std::map<std::string, size_t> stage_index;
    for (size_t i = 0; i < out_->stages.size(); ++i) stage_index[out_->stages[i]] = i;
    std::set<std::string> used;
    for (const Job& j : out_->jobs) {
      by_name[j.name] = &j;
      used.insert(j.stage);
    }
    for (const std::string& s : out_->stages) {
      if (used.count(s) == 0 && !out_->jobs.empty()) {
        ProblemAt(stage_lines_[s], "stage '" + s + "' has no jobs");
      }
    }
    for (const Job& j : out_->jobs) {
      for (const std::string& need : j.needs) {
        auto it = by_name.find(need);
        if (it == by_name.end()) {
          ProblemAt(j.line, "job " + j.name + " needs '" + need + "', which is not a job");
        } else if (stage_index.count(j.stage) && stage_index.count(it->second->stage) &&
                   stage_index[it->second->stage] > stage_index[j.stage]) {
          ProblemAt(j.line, "job " + j.name + " (stage " + j.stage + ") needs " + need +
                                ", which runs later (stage " + it->second->stage + ")");
        }
      }
    }
    // Depth-first search; a grey node reached again closes a cycle.
    std::map<std::string, int> colour;  // 0 white, 1 grey, 2 black
    std::vector<std::string> path;
    std::function<void(const Job&)> visit = [&](const Job& j) {
      colour[j.name] = 1;
      path.push_back(j.name);
      for (const std::string& need : j.needs) {
        auto it = by_name.find(need);
        if (it == by_name.end()) continue;
        if (colour[need] == 1) {
          std::string cycle;
          auto from = std::find(path.begin(), path.end(), need);
          for (auto p = from; p != path.end(); ++p) cycle += *p + " -> ";
          ProblemAt(by_name[need]->line, "`needs` form a cycle: " + cycle + need);
        } else if (colour[need] == 0) {
          visit(*it->second);
        }
      }
      path.pop_back();
      colour[j.name] = 2;
    };
    for (const Job& j : out_->jobs) {
      if (colour[j.name] == 0) visit(j);
    }
  }

  std::string source_;
  Pipeline* out_;
  std::vector<std::pair<int, std::string>> problems_;
  std::map<std::string, int> stage_lines_;
};

}  // namespace

std::string Job::Kind() const {
  if (!gate_env.empty()) return "gate";
  if (approval_timeout_s > 0) return "approval";
  return "script";
}

Status CheckVariableName(std::string_view name) {
  auto first = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  bool ok = !name.empty() && name.size() <= 128 && first(name[0]) &&
            std::all_of(name.begin(), name.end(),
                        [&](char c) { return first(c) || (c >= '0' && c <= '9'); });
  if (ok) return OkStatus();
  return InvalidArgument("variable name '" + std::string(name.substr(0, 128)) +
                         "' is not a shell name ([A-Za-z_][A-Za-z0-9_]*)");
}

bool ChangesShellOrLoader(std::string_view name) {
  // sh/bash start-up and parsing (dash reads ENV; bash BASH_ENV, SHELLOPTS, BASHOPTS, exported
  // BASH_FUNC_* functions), command lookup, and glibc's loader and locale/iconv module paths.
  static constexpr std::string_view kExact[] = {"BASH_ENV",
                                                "ENV",
                                                "SHELLOPTS",
                                                "BASHOPTS",
                                                "IFS",
                                                "PATH",
                                                "CDPATH",
                                                "PS4",
                                                "GLOBIGNORE",
                                                "PROMPT_COMMAND",
                                                "GLIBC_TUNABLES",
                                                "GCONV_PATH",
                                                "LOCPATH",
                                                "NLSPATH",
                                                "HOSTALIASES",
                                                "RESOLV_HOST_CONF"};
  static constexpr std::string_view kPrefixes[] = {"LD_", "DYLD_", "BASH_FUNC_", "PROOFLINE_"};
  for (std::string_view e : kExact) {
    if (name == e) return true;
  }
  for (std::string_view p : kPrefixes) {
    if (name.substr(0, p.size()) == p) return true;
  }
  return false;
}

std::vector<std::string> ParsePipeline(std::string_view text, const std::string& source,
                                       Pipeline* out) {
  *out = Pipeline();
  YAML::Node root;
  try {
    root = LoadStrictYaml(std::string(text));
  } catch (const YAML::Exception& e) {
    return {source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
  try {
    return Reader(source, out).Read(root);
  } catch (const YAML::Exception& e) {  // a conversion yaml-cpp refused: still one line
    return {source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
}

Result<Pipeline> LoadPipeline(std::string_view text, const std::string& source) {
  Pipeline p;
  std::vector<std::string> problems = ParsePipeline(text, source, &p);
  if (problems.empty()) return p;
  std::string message = std::to_string(problems.size()) + " problem" +
                        (problems.size() == 1 ? "" : "s") + " in " + source + ":";
  for (const std::string& line : problems) message += "\n  " + line;
  return InvalidArgument(message);
}

}  // namespace proofline::pipeline
