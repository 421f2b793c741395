// Approval status and separation of duties (approvals.h).
#include "approval/approvals.h"

#include <algorithm>
#include <set>

#include "policy/facts.h"
#include "policy/validate.h"

namespace proofline::approval {
namespace {

// Who each address the change's commits name (author, committer, co-authors) is.
struct CommitPerson {
  std::string address;
  const identity::User* user = nullptr;  // a person of the directory
  bool automation = false;               // commit_addresses says: a machine
  std::string unknown;                   // why nobody is known for it
};

std::vector<CommitPerson> CommitPeople(const ApprovalPolicy& policy,
                                       const change::ChangeRecord& record,
                                       const identity::Directory& directory) {
  std::map<std::string, std::string> mapped;  // canonical address -> user id or automation
  for (const auto& [address, who] : policy.commit_addresses) {
    mapped[directory.CanonicalAddress(address)] = who;
  }
  std::vector<CommitPerson> out;
  for (const std::string& address : record.risk.commit_people) {
    CommitPerson p;
    p.address = address;
    p.user = directory.Resolve(address);
    if (p.user == nullptr) {
      auto it = mapped.find(directory.CanonicalAddress(address));
      if (it == mapped.end()) {
        p.unknown = address +
                    " is in no identity of the directory and not mapped by "
                    "approvals.commit_addresses";
      } else if (it->second == kAutomation) {
        p.automation = true;
      } else if ((p.user = directory.Find(it->second)) == nullptr) {
        p.unknown = address + " is mapped to '" + it->second + "', who is not in the directory";
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

// Kuhn's augmenting path: can `approver` take a slot, possibly moving another approver?
bool Assign(size_t approver, const std::vector<std::vector<size_t>>& fits,
            std::vector<int>& slot_owner, std::vector<bool>& seen) {
  for (size_t slot : fits[approver]) {
    if (seen[slot]) continue;
    seen[slot] = true;
    if (slot_owner[slot] < 0 ||
        Assign(static_cast<size_t>(slot_owner[slot]), fits, slot_owner, seen)) {
      slot_owner[slot] = static_cast<int>(approver);
      return true;
    }
  }
  return false;
}

// The role slots of `rule` left unfilled when each signer fills at most one (maximum matching).
std::map<std::string, int> UnfilledRoles(const RouteRule& rule,
                                         const std::vector<Signature>& signers,
                                         const identity::Directory& directory) {
  std::vector<std::string> slots;
  for (const auto& [role, n] : rule.including) slots.insert(slots.end(), n, role);
  std::vector<std::vector<size_t>> fits(signers.size());
  for (size_t a = 0; a < signers.size(); ++a) {
    const identity::User* u = directory.Find(signers[a].user);
    for (size_t s = 0; s < slots.size(); ++s) {
      if (u != nullptr && u->HasRole(slots[s])) fits[a].push_back(s);
    }
  }
  std::vector<int> owner(slots.size(), -1);
  for (size_t a = 0; a < signers.size(); ++a) {
    std::vector<bool> seen(slots.size(), false);
    Assign(a, fits, owner, seen);
  }
  std::map<std::string, int> unfilled;
  for (size_t s = 0; s < slots.size(); ++s) {
    if (owner[s] < 0) ++unfilled[slots[s]];
  }
  return unfilled;
}

// Why `user` is one of `commit_people` (CommitPeople), matched through aliases.
std::vector<std::string> CommitConflicts(const std::vector<CommitPerson>& commit_people,
                                         const identity::User& user) {
  for (const CommitPerson& person : commit_people) {
    if (person.user != nullptr && person.user->id == user.id) {
      return {user.id + " authored, committed or co-authored a commit of the change (as " +
              person.address + ")"};
    }
  }
  return {};
}

// Why `user` may not sign as a person: requester, or one of `commit_people`.
std::vector<std::string> PersonConflicts(const change::ChangeRecord& record,
                                         const std::vector<CommitPerson>& commit_people,
                                         const identity::User& user,
                                         const identity::Directory& directory) {
  std::vector<std::string> why;
  if (const identity::User* requester = directory.Resolve(record.requester);
      record.requester == user.id || (requester != nullptr && requester->id == user.id)) {
    why.push_back(user.id + " requested the change");
  }
  std::vector<std::string> commits = CommitConflicts(commit_people, user);
  why.insert(why.end(), commits.begin(), commits.end());
  return why;
}

}  // namespace

std::vector<std::string> UnknownCommitPeople(const ApprovalPolicy& policy,
                                             const change::ChangeRecord& record,
                                             const identity::Directory& directory) {
  std::vector<std::string> out;
  for (const CommitPerson& p : CommitPeople(policy, record, directory)) {
    if (!p.unknown.empty()) out.push_back(p.unknown);
  }
  return out;
}

std::vector<std::string> IndependenceConflicts(const ApprovalPolicy& policy,
                                               const change::ChangeRecord& record,
                                               const identity::User& user,
                                               const identity::Directory& directory) {
  return PersonConflicts(record, CommitPeople(policy, record, directory), user, directory);
}

std::vector<std::string> AuthorshipConflicts(const ApprovalPolicy& policy,
                                             const change::ChangeRecord& record,
                                             const identity::User& user,
                                             const identity::Directory& directory) {
  return CommitConflicts(CommitPeople(policy, record, directory), user);
}

std::vector<std::string> Conflicts(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                                   const identity::User& user,
                                   const identity::Directory& directory) {
  std::vector<std::string> why = IndependenceConflicts(policy, record, user, directory);
  for (const Signature& a : record.approvals) {
    if (a.user == user.id && a.target == record.target) {
      why.push_back(user.id + " already approved this target");
      break;
    }
  }
  return why;
}

std::vector<CheckOutcome> RunChecks(const ApprovalPolicy& policy,
                                    const change::ChangeRecord& record, const std::string& now) {
  std::vector<CheckOutcome> out;
  Result<cel::Activation> activation = cel::Activation::FromJson(policy::ChangeFacts(record, now));
  for (const AutomatedCheck& check : policy.automated_checks) {
    CheckOutcome o{check.name, false, check.reason};
    if (!activation.ok()) {
      o.reason = activation.status().message();
    } else if (Result<bool> holds = policy::EvalBool(check.program, *activation); !holds.ok()) {
      o.reason = check.reason + " (" + holds.status().message() + ")";
    } else {
      o.passed = *holds;
    }
    if (o.passed) o.reason.clear();
    out.push_back(std::move(o));
  }
  return out;
}

ApprovalStatus Evaluate(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                        const identity::Directory& directory, const std::string& now) {
  ApprovalStatus st;
  st.route = record.risk.route.empty() ? "quorum" : record.risk.route;
  st.effective_route = st.route;
  if (st.route == "automated") {
    st.checks = RunChecks(policy, record, now);
    const bool all = std::all_of(st.checks.begin(), st.checks.end(),
                                 [](const CheckOutcome& c) { return c.passed; });
    if (all) {
      st.satisfied = true;
      return st;
    }
    st.effective_route = "single";
  }
  st.rule = policy.Rule(st.effective_route);
  // A signature counts once per person, on the current target, by a user still in the
  // directory and still free of conflicts (re-checked: aliases may have been added since).
  std::set<std::string> counted;
  const std::vector<CommitPerson> commit_people = CommitPeople(policy, record, directory);
  for (const Signature& s : record.approvals) {
    if (s.target != record.target) {
      ++st.reset;
      continue;
    }
    const identity::User* user = directory.Find(s.user);
    if (user == nullptr) {
      st.ignored.push_back(s.user + ": no longer in the identity directory");
      continue;
    }
    std::vector<std::string> why = PersonConflicts(record, commit_people, *user, directory);
    if (!why.empty()) {
      st.ignored.push_back(s.user + ": " + why.front());
      continue;
    }
    if (counted.insert(s.user).second) st.approvals.push_back(s);
  }
  int role_slots = 0;
  for (const auto& [role, n] : UnfilledRoles(st.rule, st.approvals, directory)) {
    st.missing.push_back(std::to_string(n) + " more approval by a " + role);
    role_slots += n;
  }
  // People still needed beyond the unfilled roles (any role, still free of conflicts).
  const int others = st.rule.approvers - static_cast<int>(st.approvals.size()) - role_slots;
  if (others > 0) {
    st.missing.push_back(std::to_string(others) + " more approver" + (others == 1 ? "" : "s") +
                         " of any role (" + st.rule.Describe() + ")");
  }
  st.satisfied = st.missing.empty();
  return st;
}

Json ApprovalStatus::ToJson() const {
  Json checks_json = Json::array();
  for (const CheckOutcome& c : checks) {
    Json j = {{"name", c.name}, {"passed", c.passed}};
    if (!c.passed) j["reason"] = c.reason;
    checks_json.push_back(std::move(j));
  }
  Json sigs = Json::array();
  for (const Signature& s : approvals) {
    Json j = {{"user", s.user},       {"name", s.name}, {"roles", s.roles},
              {"meaning", s.meaning}, {"time", s.time}, {"index", s.index}};
    if (!s.comment.empty()) j["comment"] = s.comment;
    sigs.push_back(std::move(j));
  }
  Json j = {{"route", route},         {"effective_route", effective_route},
            {"satisfied", satisfied}, {"approvals", sigs},
            {"missing", missing},     {"ignored", ignored},
            {"reset", reset},         {"checks", checks_json}};
  if (effective_route != "automated") j["rule"] = rule.Describe();
  return j;
}

}  // namespace proofline::approval
