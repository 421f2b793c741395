// Loads the identity directory (directory.h) with yaml-cpp, checking every key and alias.
#include "identity/directory.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "base/files.h"
#include "base/text.h"
#include "base/yaml_check.h"

namespace proofline::identity {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    (i > 0 && (c == '.' || c == '_' || c == '-'));
    if (!ok) return false;
  }
  return true;
}

// "Name <a@b>" -> "a@b"; anything else unchanged.
std::string_view BareEmail(std::string_view who) {
  const size_t open = who.rfind('<');
  const size_t close = who.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
    return who.substr(open + 1, close - open - 1);
  }
  return who;
}

constexpr char kDefaultSeparator[] = "+";

// The canonical form of an address given the domain separators (see directory.h).
std::string Canonical(std::string_view who, const std::map<std::string, std::string>& separators) {
  std::string email = Lower(TrimBlanks(BareEmail(TrimBlanks(who))));
  const size_t at = email.rfind('@');
  if (at == std::string::npos || at == 0) return email;
  const std::string domain = email.substr(at + 1);
  auto it = separators.find(domain);
  const std::string& sep = it == separators.end() ? std::string(kDefaultSeparator) : it->second;
  if (sep.empty()) return email;
  const size_t tag = email.find(sep);
  if (tag == std::string::npos || tag >= at || tag == 0) return email;
  return email.substr(0, tag) + email.substr(at);
}

class Loader {
 public:
  explicit Loader(std::string source) : source_(std::move(source)) {}

  Result<std::vector<User>> Load(const YAML::Node& root,
                                 std::map<std::string, std::string>* separators) {
    if (!root.IsMap()) return Err(root, "expected a mapping with `users:`");
    RETURN_IF_ERROR(CheckKeys(root, {"users", "subaddressing"}));
    RETURN_IF_ERROR(LoadSubaddressing(root["subaddressing"], separators));
    separators_ = separators;
    const YAML::Node users = root["users"];
    if (!users || !users.IsSequence()) return Err(root, "`users` must be a list");
    std::vector<User> out;
    std::set<std::string> ids, emails;
    for (const YAML::Node& node : users) {
      ASSIGN_OR_RETURN(User u, LoadUser(node));
      if (!ids.insert(u.id).second) return Err(node, "user '" + u.id + "' is defined twice");
      for (const std::string& e : u.emails) {
        if (!emails.insert(e).second) {
          return Err(node, "email '" + e + "' belongs to two users; aliases must be unambiguous");
        }
      }
      out.push_back(std::move(u));
    }
    return out;
  }

 private:
  Status Err(const YAML::Node& at, const std::string& what) const {
    return InvalidArgument(source_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  Status CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> known) const {
    if (auto unknown = UnknownKeys(map, known); !unknown.empty()) {
      return Err(unknown[0], "unknown key '" + unknown[0].Scalar() + "'");
    }
    return OkStatus();
  }

  Result<std::vector<std::string>> Texts(const YAML::Node& user, const char* key) const {
    std::vector<std::string> out;
    const YAML::Node node = user[key];
    if (!node) return out;
    if (!node.IsSequence()) return Err(node, std::string("`") + key + "` must be a list");
    for (const YAML::Node& item : node) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        return Err(item, std::string("`") + key + "` entries must be non-empty strings");
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  Result<User> LoadUser(const YAML::Node& node) const {
    if (!node.IsMap()) return Err(node, "each user must be a mapping");
    RETURN_IF_ERROR(CheckKeys(node, {"id", "name", "emails", "roles"}));
    User u;
    const YAML::Node id = node["id"];
    if (!id || !id.IsScalar() || !ValidId(id.Scalar())) {
      return Err(id ? id : node, "each user needs an `id` of [a-z0-9._-] (lower case)");
    }
    u.id = id.Scalar();
    const YAML::Node name = node["name"];
    if (name && !name.IsScalar()) return Err(name, "`name` must be a string");
    u.name = name ? name.Scalar() : u.id;
    ASSIGN_OR_RETURN(u.emails, Texts(node, "emails"));
    for (std::string& e : u.emails) {
      e = Canonical(e, *separators_);
      if (e.find('@') == std::string::npos) return Err(node, "'" + e + "' is not an email address");
    }
    ASSIGN_OR_RETURN(u.roles, Texts(node, "roles"));
    return u;
  }

  Status LoadSubaddressing(const YAML::Node& node,
                           std::map<std::string, std::string>* separators) const {
    if (!node) return OkStatus();
    if (!node.IsMap()) return Err(node, "`subaddressing` maps domains to a separator or none");
    for (const auto& kv : node) {
      const std::string domain = Lower(TrimBlanks(kv.first.Scalar()));
      if (!kv.second.IsScalar() || domain.empty() || domain.find('@') != std::string::npos) {
        return Err(kv.first, "`subaddressing` maps domains to a separator or none");
      }
      const std::string sep = kv.second.Scalar();
      if (sep != "none" && (sep.size() != 1 || std::isalnum(static_cast<unsigned char>(sep[0])) ||
                            sep[0] == '@' || sep[0] == '.')) {
        return Err(kv.second, "subaddressing of " + domain +
                                  ": a one-character separator such as \"+\" or \"-\", or none");
      }
      (*separators)[domain] = sep == "none" ? "" : sep;
    }
    return OkStatus();
  }

  std::string source_;
  const std::map<std::string, std::string>* separators_ = nullptr;
};

}  // namespace

bool User::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Json User::ToJson() const {
  return {{"id", id}, {"name", name}, {"emails", emails}, {"roles", roles}};
}

Result<Directory> Directory::Load(const std::string& path) {
  if (!PathExists(path)) return NotFound(path + " does not exist (the identity directory)");
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, 16 << 20));
  return Parse(text, path);
}

Result<Directory> Directory::Parse(std::string_view yaml, const std::string& source) {
  Directory d;
  d.source_ = source;
  try {
    ASSIGN_OR_RETURN(d.users_,
                     Loader(source).Load(LoadStrictYaml(std::string(yaml)), &d.subaddressing_));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return d;
}

const User* Directory::Find(std::string_view id) const {
  for (const User& u : users_) {
    if (u.id == id) return &u;
  }
  return nullptr;
}

Json Directory::Snapshot() const {
  Json out = Json::object();
  for (const User& u : users_) out[u.id] = {{"roles", u.roles}, {"emails", u.emails}};
  return out;
}

Json Directory::ChangesSince(const Json& before) const {
  const Json now = Snapshot();
  const Json was = before.is_object() ? before : Json::object();
  Json out = {{"users_added", Json::array()},   {"users_removed", Json::array()},
              {"roles_added", Json::object()},  {"roles_removed", Json::object()},
              {"emails_added", Json::object()}, {"emails_removed", Json::object()}};
  auto list = [](const Json& user, const char* key) {
    std::set<std::string> out;
    for (const Json& v : ArrayAt(user, key)) {
      if (v.is_string()) out.insert(v.get<std::string>());
    }
    return out;
  };
  auto diff = [&](const std::string& id, const Json& a, const Json& b, const char* key,
                  const char* added, const char* removed) {
    const std::set<std::string> old_set = list(a, key), new_set = list(b, key);
    for (const std::string& v : new_set) {
      if (!old_set.count(v)) out[added][id].push_back(v);
    }
    for (const std::string& v : old_set) {
      if (!new_set.count(v)) out[removed][id].push_back(v);
    }
  };
  for (const auto& [id, user] : now.items()) {
    if (!was.contains(id)) out["users_added"].push_back(id);
    diff(id, was.contains(id) ? was[id] : Json::object(), user, "roles", "roles_added",
         "roles_removed");
    diff(id, was.contains(id) ? was[id] : Json::object(), user, "emails", "emails_added",
         "emails_removed");
  }
  for (const auto& [id, user] : was.items()) {
    if (now.contains(id)) continue;
    out["users_removed"].push_back(id);
    diff(id, user, Json::object(), "roles", "roles_added", "roles_removed");
    diff(id, user, Json::object(), "emails", "emails_added", "emails_removed");
  }
  return out;
}

std::string Directory::CanonicalAddress(std::string_view who) const {
  return Canonical(who, subaddressing_);
}

const User* Directory::Resolve(std::string_view who) const {
  if (const User* u = Find(who)) return u;
  const std::string email = CanonicalAddress(who);
  for (const User& u : users_) {
    if (std::find(u.emails.begin(), u.emails.end(), email) != u.emails.end()) return &u;
  }
  return nullptr;
}

}  // namespace proofline::identity
