// The pipeline runner (runner.h).
#include "pipeline/runner.h"

#include <fnmatch.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "base/crypto.h"
#include "base/process.h"
#include "events/catalogue.h"

namespace proofline::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxLog = size_t{1} << 20;  // per command: the last MiB of its output is kept

int64_t MsSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

bool OnBranch(const Job& job, const std::string& branch) {
  if (job.branches.empty()) return true;
  return std::any_of(job.branches.begin(), job.branches.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), branch.c_str(), 0) == 0;
  });
}

class Runner {
 public:
  Runner(const Pipeline& p, const RunOptions& o, const Hooks& h, ledger::Ledger& l,
         blob::BlobStore& b)
      : p_(p), o_(o), hooks_(h), ledger_(l), blobs_(b) {
    vars_ = p.variables;
    for (const auto& [k, v] : o.variables) vars_[k] = v;
  }

  Result<RunReport> Go() {
    const auto start = Clock::now();
    Json data = {
        {"name", p_.name}, {"run", o_.run_id}, {"stages", p_.stages}, {"variables", vars_}};
    if (!o_.change.empty()) data["change"] = o_.change;
    RETURN_IF_ERROR(Record(events::kPipelineStarted, data));
    bool failed = false;
    for (const std::string& stage : p_.stages) {
      std::vector<const Job*> jobs;
      for (const Job& j : p_.jobs) {
        if (j.stage == stage) jobs.push_back(&j);
      }
      if (Cancelled()) {
        for (const Job* j : jobs) report_.not_run.push_back(j->name);
        continue;
      }
      Say("stage " + stage);
      RETURN_IF_ERROR(RunStage(jobs, failed));
      failed = failed || Count("failed") > 0;
    }
    report_.cancelled = Cancelled() || Count("cancelled") > 0;
    if (failed && !report_.cancelled) {
      for (const Job& j : p_.on_failure) RETURN_IF_ERROR(Finish(j, RunScript(j)));
      failed = true;
    }
    report_.passed = !failed && !report_.cancelled;
    const char* status = report_.cancelled ? "cancelled" : failed ? "failed" : "passed";
    if (report_.cancelled) Say("cancelled: running jobs stopped, nothing new started");
    RETURN_IF_ERROR(Record(events::kPipelineFinished, {{"run", o_.run_id},
                                                       {"status", status},
                                                       {"duration_ms", MsSince(start)},
                                                       {"failed_jobs", Names("failed")},
                                                       {"cancelled_jobs", Names("cancelled")},
                                                       {"not_run", report_.not_run}}));
    return report_;
  }

 private:
  struct Done {
    JobOutcome outcome;
    int attempts = 0;
    int64_t duration_ms = 0;
    std::string log;
  };

  bool Cancelled() const { return o_.cancel != nullptr && o_.cancel->load(); }

  size_t Count(const std::string& status) { return Names(status).size(); }
  std::vector<std::string> Names(const std::string& status) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const JobRecord& r : report_.jobs) {
      if (r.status == status) out.push_back(r.name);
    }
    return out;
  }

  Status Record(std::string_view type, Json data) {
    return ledger_.Append({{std::string(type), o_.run_id, o_.actor, std::move(data)}}).status();
  }
  void Say(const std::string& line) {
    if (hooks_.progress) hooks_.progress(line);
  }

  // A job starts once the jobs it needs in this stage have finished and one of the `parallel`
  // slots is free; each runs on its own thread and is recorded as soon as it ends.
  Status RunStage(const std::vector<const Job*>& jobs, bool failed_before) {
    std::set<std::string> in_stage, finished;
    std::map<std::string, Clock::time_point> running;
    for (const Job* j : jobs) in_stage.insert(j->name);
    std::vector<const Job*> pending = jobs;
    std::vector<std::thread> threads;
    Status error;
    std::mutex m;
    std::condition_variable cv;
    std::unique_lock<std::mutex> lock(m);
    auto last_beat = Clock::now();
    while (true) {
      for (auto it = pending.begin(); !Cancelled() && error.ok() && it != pending.end() &&
                                      running.size() < std::max(1u, o_.parallel);) {
        const Job* j = *it;
        if (std::any_of(j->needs.begin(), j->needs.end(), [&](const std::string& n) {
              return in_stage.count(n) && !finished.count(n);
            })) {
          ++it;
          continue;
        }
        it = pending.erase(it);
        running[j->name] = Clock::now();
        threads.emplace_back([&, j] {
          Done d = Execute(*j, failed_before);
          Status s = Finish(*j, d);
          std::lock_guard<std::mutex> g(m);
          if (!s.ok() && error.ok()) error = s;
          running.erase(j->name);
          finished.insert(j->name);
          cv.notify_all();
        });
      }
      if (running.empty()) break;
      cv.wait_for(lock, std::chrono::milliseconds(200));
      if (Clock::now() - last_beat >= o_.heartbeat) {
        last_beat = Clock::now();
        std::string line = "  still running:";
        for (const auto& [name, since] : running) {
          line += " " + name + " (" + std::to_string(MsSince(since) / 1000) + " s)";
        }
        Say(line);
      }
    }
    lock.unlock();
    for (std::thread& t : threads) t.join();
    RETURN_IF_ERROR(error);
    if (Cancelled()) {
      for (const Job* j : pending) report_.not_run.push_back(j->name);
    } else if (!pending.empty()) {
      return Internal("jobs wait on each other (a cycle the check missed)");
    }
    return OkStatus();
  }

  Done Execute(const Job& j, bool failed_before) {
    Done d;
    if (j.when == When::kNever || !OnBranch(j, o_.branch) ||
        (failed_before && j.when != When::kAlways) || NeedsFailed(j)) {
      d.outcome = {"skipped", -1, "skipped"};
      return d;
    }
    Say("  " + j.name + ": started");
    const auto start = Clock::now();
    if (j.Kind() == "gate" || j.Kind() == "approval") {
      const auto& hook = j.Kind() == "gate" ? hooks_.gate : hooks_.approval;
      d.outcome = hook ? hook(j) : JobOutcome{"failed", -1, "no " + j.Kind() + " step here"};
      d.attempts = 1;
    } else {
      d = RunScript(j);
    }
    d.duration_ms = MsSince(start);
    return d;
  }

  bool NeedsFailed(const Job& j) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const JobRecord& r : report_.jobs) {
      if (r.status != "passed" &&
          std::find(j.needs.begin(), j.needs.end(), r.name) != j.needs.end()) {
        return true;
      }
    }
    return false;
  }

  Done RunScript(const Job& j) {
    Done d;
    std::vector<std::string> env;
    for (const auto& [k, v] : vars_) env.push_back(k + "=" + v);
    for (const auto& [k, v] : j.env) env.push_back(k + "=" + v);
    const auto start = Clock::now();
    for (int attempt = 0; attempt <= j.retries; ++attempt) {
      d.attempts = attempt + 1;
      d.outcome = {"passed", 0, "passed"};
      // The timeout is the whole attempt's, as in GitLab: each command gets what is left.
      const auto deadline = Clock::now() + std::chrono::seconds(j.timeout_s);
      for (const std::string& command : j.script) {
        d.log += "$ " + command + "\n";
        const auto left = std::max(
            std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
        Result<CommandResult> r = RunShell(command, o_.workdir, env, left, kMaxLog, o_.cancel);
        if (!r.ok()) {
          d.outcome = {"failed", -1, r.status().message()};
          break;
        }
        d.log += r->output;
        if (r->cancelled) {
          d.outcome = {"cancelled", -1, "cancelled while running `" + command + "`"};
          break;
        }
        if (r->timed_out || r->exit_code != 0) {
          d.outcome = {"failed", r->exit_code,
                       r->timed_out ? "timed out after " + std::to_string(j.timeout_s) + " s"
                                    : "`" + command + "` exited " + std::to_string(r->exit_code)};
          break;
        }
      }
      if (d.outcome.status != "failed" || Cancelled()) break;
    }
    d.duration_ms = MsSince(start);
    return d;
  }

  // Records a job; one at a time, so evidence attachments (which open their own ledger handle)
  // never race each other.
  Status Finish(const Job& j, const Done& d) {
    std::lock_guard<std::mutex> one_at_a_time(finish_mu_);
    Json log = nullptr;
    if (!d.log.empty()) {
      ASSIGN_OR_RETURN(blob::BlobRef ref, blobs_.PutBytes(d.log));
      log = {{"sha256", ToHex(ref.digest)}, {"size", ref.size}};
    }
    if (j.Kind() == "script" && d.outcome.status != "skipped" && hooks_.after_script) {
      hooks_.after_script(j, d.outcome);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      report_.jobs.push_back(
          {j.name, j.stage, d.outcome.status, d.outcome.exit_code, d.attempts, d.duration_ms});
    }
    Say("  " + j.name + ": " + d.outcome.detail + " (" + std::to_string(d.duration_ms) + " ms" +
        (d.attempts > 1 ? ", " + std::to_string(d.attempts) + " attempts" : "") + ")");
    return Record(events::kJobFinished, {{"run", o_.run_id},
                                         {"job", j.name},
                                         {"stage", j.stage},
                                         {"kind", j.Kind()},
                                         {"status", d.outcome.status},
                                         {"exit_code", d.outcome.exit_code},
                                         {"attempts", d.attempts},
                                         {"duration_ms", d.duration_ms},
                                         {"commands", j.script},
                                         {"log", log}});
  }

  const Pipeline& p_;
  const RunOptions& o_;
  const Hooks& hooks_;
  ledger::Ledger& ledger_;
  blob::BlobStore& blobs_;
  std::map<std::string, std::string> vars_;
  std::mutex mu_;  // report_
  std::mutex finish_mu_;
  RunReport report_;
};

}  // namespace

Result<RunReport> RunPipeline(const Pipeline& pipeline, const RunOptions& options,
                              const Hooks& hooks, ledger::Ledger& ledger, blob::BlobStore& blobs) {
  return Runner(pipeline, options, hooks, ledger, blobs).Go();
}

}  // namespace proofline::pipeline
