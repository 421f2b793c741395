// The token file (tokens.h): appended under flock, read line by line, compared in constant time.
#include "identity/tokens.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/crypto.h"
#include "base/files.h"

namespace proofline::identity {
namespace {

constexpr char kPrefix[] = "plt_";
constexpr size_t kIdHex = 12, kSecretHex = 64;

bool IsLowerHex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string HashHex(std::string_view text) { return ToHex(Sha256(AsBytes(text))); }

}  // namespace

std::string TokenId(std::string_view text) {
  const size_t prefix = sizeof(kPrefix) - 1;
  if (text.size() != prefix + kIdHex + 1 + kSecretHex || text.substr(0, prefix) != kPrefix ||
      text[prefix + kIdHex] != '_') {
    return "";
  }
  const std::string_view id = text.substr(prefix, kIdHex);
  const std::string_view secret = text.substr(prefix + kIdHex + 1);
  if (!IsLowerHex(id) || !IsLowerHex(secret)) return "";
  return std::string(id);
}

Json TokenRecord::ToJson() const {
  Json j = {{"id", id}, {"user", user}, {"created", created}};
  if (!revoked_at.empty()) j["revoked_at"] = revoked_at;
  return j;
}

Status TokenFile::AppendLine(const Json& line) {
  const std::string text = line.dump() + "\n";
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoError(path_ + ": " + std::strerror(errno));
  Status s = OkStatus();
  if (::flock(fd, LOCK_EX) != 0) {
    s = IoError(path_ + ": lock: " + std::strerror(errno));
  } else if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    s = IoError(path_ + ": write: " + std::strerror(errno));
  } else if (::fsync(fd) != 0) {
    s = IoError(path_ + ": fsync: " + std::strerror(errno));
  }
  ::close(fd);
  if (s.ok()) s = SyncDir(DirName(path_));
  return s;
}

Result<std::string> TokenFile::Create(const std::string& user, const std::string& now,
                                      TokenRecord* record) {
  const std::string id = ToHex(RandomBytes(kIdHex / 2));
  const std::string text = kPrefix + id + "_" + ToHex(RandomBytes(kSecretHex / 2));
  TokenRecord r{id, user, HashHex(text), now, ""};
  RETURN_IF_ERROR(
      AppendLine({{"id", r.id}, {"user", r.user}, {"sha256", r.sha256}, {"created", r.created}}));
  if (record != nullptr) *record = r;
  return text;
}

Status TokenFile::Revoke(const std::string& id, const std::string& now) {
  ASSIGN_OR_RETURN(std::vector<TokenRecord> all, List());
  for (const TokenRecord& r : all) {
    if (r.id != id) continue;
    if (!r.revoked_at.empty()) return InvalidArgument("token " + id + " is already revoked");
    return AppendLine({{"revoked", id}, {"at", now}});
  }
  return NotFound("no token " + id + " in " + path_);
}

Result<std::vector<TokenRecord>> TokenFile::List() const {
  std::vector<TokenRecord> out;
  if (!PathExists(path_)) return out;
  ASSIGN_OR_RETURN(std::string text, ReadFile(path_, 64 << 20));
  size_t line_no = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty()) continue;
    Result<Json> j = ParseJsonStrict(line);
    const std::string where = path_ + ":" + std::to_string(line_no);
    if (!j.ok() || !j->is_object()) return Corruption(where + ": not a token record");
    if (const std::string revoked = StringAt(*j, "revoked"); !revoked.empty()) {
      for (TokenRecord& r : out) {
        if (r.id == revoked && r.revoked_at.empty()) r.revoked_at = StringAt(*j, "at");
      }
      continue;
    }
    TokenRecord r{StringAt(*j, "id"), StringAt(*j, "user"), StringAt(*j, "sha256"),
                  StringAt(*j, "created"), ""};
    if (r.id.size() != kIdHex || r.user.empty() || r.sha256.size() != 64) {
      return Corruption(where + ": not a token record");
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<TokenRecord> TokenFile::Authenticate(std::string_view text) const {
  const std::string id = TokenId(text);
  if (id.empty()) return PermissionDenied("PROOFLINE_TOKEN is not a Proofline token");
  ASSIGN_OR_RETURN(std::vector<TokenRecord> all, List());
  const std::string hash = HashHex(text);
  for (const TokenRecord& r : all) {
    if (r.id != id) continue;
    if (CRYPTO_memcmp(r.sha256.data(), hash.data(), hash.size()) != 0) break;
    if (!r.revoked_at.empty()) return PermissionDenied("token " + id + " was revoked");
    return r;
  }
  return PermissionDenied("token " + id + " is not valid");
}

}  // namespace proofline::identity
