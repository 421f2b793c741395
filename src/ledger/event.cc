// Ledger event validation and the canonical leaf format (see event.h).
#include "ledger/event.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>

#include "ledger/merkle.h"

namespace proofline::ledger {
namespace {

constexpr size_t kTimeLength = 27;  // 2026-11-26T12:00:00.000000Z

bool ValidType(std::string_view t) {
  if (t.empty() || t.size() > 128) return false;
  for (char c : t) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status CheckName(std::string_view field, std::string_view v) {
  if (v.empty()) return InvalidArgument("event " + std::string(field) + " is empty");
  if (v.size() > 256) return InvalidArgument("event " + std::string(field) + " is over 256 bytes");
  for (char c : v) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgument("event " + std::string(field) + " contains a control character");
    }
  }
  return OkStatus();
}

Result<std::string> CanonString(std::string_view field, std::string_view s) {
  Result<std::string> c = CanonicalJson(Json(std::string(s)));
  if (!c.ok()) return c.status().WithContext("event " + std::string(field));
  return c;
}

}  // namespace

std::string PreparedEvent::EntryAt(std::string_view time) const {
  std::string e;
  e.reserve(head.size() + time.size() + 2 + tail.size());
  e.append(head).append("\"").append(time).append("\"").append(tail);
  return e;
}

std::string_view OwnerAuthority(std::string_view type) {
  const events::ReservedPrefix* r = events::Reserved(type);
  return r != nullptr ? r->authority : kAuthorityUnreserved;
}

bool ParsedEvent::FromOwner() const {
  return events::Reserved(type) == nullptr || authority == OwnerAuthority(type);
}

Result<PreparedEvent> PrepareEvent(const EventInput& in, std::string_view requested) {
  if (!ValidType(in.type)) {
    return InvalidArgument("event type '" + in.type +
                           "' must be 1-128 characters of letters, digits and . _ : / -");
  }
  std::string_view authority = OwnerAuthority(in.type);
  if (!requested.empty()) {
    if (requested != kAuthorityIntegration) {
      return InvalidArgument("event authority '" + std::string(requested) +
                             "': only the ledger stamps an owner's authority");
    }
    if (const events::ReservedPrefix* r = events::Reserved(in.type)) {
      return PermissionDenied("event type '" + in.type + "' is reserved: only " +
                              std::string(r->owner) + " records it");
    }
    authority = kAuthorityIntegration;
  }
  RETURN_IF_ERROR(CheckName("subject", in.subject));
  RETURN_IF_ERROR(CheckName("actor", in.actor));
  if (!in.data.is_object()) return InvalidArgument("event data must be a JSON object");
  ASSIGN_OR_RETURN(std::string actor, CanonString("actor", in.actor));
  ASSIGN_OR_RETURN(std::string subject, CanonString("subject", in.subject));
  Result<std::string> data = CanonicalJson(in.data);
  if (!data.ok()) return data.status().WithContext("event data");
  PreparedEvent p;
  p.type = in.type;
  p.subject = in.subject;
  p.head = "{\"actor\":" + actor + ",\"authority\":\"" + std::string(authority) +
           "\",\"data\":" + *data + ",\"subject\":" + subject + ",\"time\":";
  p.tail = ",\"type\":\"" + in.type + "\"}";
  if (p.head.size() + p.tail.size() + kTimeLength + 2 > kMaxEntryBytes) {
    return InvalidArgument("event is over the 1 MiB limit");
  }
  return p;
}

Result<ParsedEvent> ParseEntry(std::string_view entry) {
  ASSIGN_OR_RETURN(Json j, ParseJsonStrict(entry, "ledger entry"));
  if (!j.is_object() || j.size() != 6 || !j.contains("actor") || !j.contains("authority") ||
      !j.contains("data") || !j.contains("subject") || !j.contains("time") || !j.contains("type")) {
    return InvalidArgument(
        "ledger entry must have exactly actor, authority, data, subject, time, type");
  }
  ParsedEvent e;
  if (!j["actor"].is_string() || !j["authority"].is_string() || !j["subject"].is_string() ||
      !j["time"].is_string() || !j["type"].is_string() || !j["data"].is_object()) {
    return InvalidArgument("ledger entry fields have the wrong JSON types");
  }
  e.actor = j["actor"].get<std::string>();
  e.authority = j["authority"].get<std::string>();
  e.subject = j["subject"].get<std::string>();
  e.time = j["time"].get<std::string>();
  e.type = j["type"].get<std::string>();
  ASSIGN_OR_RETURN(std::string canon, CanonicalJson(j));
  if (canon != entry) return InvalidArgument("ledger entry is not RFC 8785 canonical JSON");
  e.data = std::move(j["data"]);
  return e;
}

Result<ParsedEvent> ParseStoredEntry(const store::LedgerEntry& row) {
  const std::string at = "event " + std::to_string(row.index) + ": ";
  if (LeafHash(AsBytes(row.entry)) != row.leaf_hash) {
    return Corruption(
        at + "its entry does not hash to its stored leaf hash; run `proofline log verify`");
  }
  Result<ParsedEvent> p = ParseEntry(row.entry);
  if (!p.ok()) return Corruption(at + p.status().message() + "; run `proofline log verify`");
  if (p->type != row.type || p->subject != row.subject) {
    return Corruption(at + "its stored type or subject (" + row.type + ", " + row.subject +
                      ") differs from its entry's (" + p->type + ", " + p->subject +
                      "); run `proofline log verify`");
  }
  return p;
}

namespace {

// The canonical JSON string for `s`; plain printable ASCII (nearly every subject) needs no
// escaping, which skips building a JSON value on verify's per-entry path.
std::optional<std::string> CanonicalString(std::string_view s) {
  bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
  });
  if (plain) return "\"" + std::string(s) + "\"";
  Result<std::string> canon = CanonicalJson(Json(std::string(s)));
  if (!canon.ok()) return std::nullopt;
  return *canon;
}

}  // namespace

bool EntryMatchesColumns(std::string_view entry, std::string_view type, std::string_view subject) {
  std::optional<std::string> s = CanonicalString(subject);
  if (!s) return false;
  std::string type_tail = ",\"type\":\"" + std::string(type) + "\"}";
  std::string subject_head = "\"subject\":" + *s + ",\"time\":\"";
  size_t need = subject_head.size() + kTimeLength + 1 + type_tail.size();
  if (entry.size() < need) return false;
  if (entry.substr(entry.size() - type_tail.size()) != type_tail) return false;
  return entry.substr(entry.size() - need, subject_head.size()) == subject_head;
}

std::optional<EntryHeader> ReadEntryHeader(std::string_view entry) {
  constexpr std::string_view kActor = "{\"actor\":\"";
  constexpr std::string_view kAuthority = ",\"authority\":\"";
  constexpr std::string_view kType = ",\"type\":\"";
  if (entry.substr(0, kActor.size()) != kActor) return std::nullopt;
  size_t i = kActor.size();
  while (i < entry.size() && entry[i] != '"') i += entry[i] == '\\' ? 2 : 1;
  if (i >= entry.size() || entry.substr(i + 1, kAuthority.size()) != kAuthority) {
    return std::nullopt;
  }
  size_t begin = i + 1 + kAuthority.size();
  size_t end = entry.find('"', begin);
  // The type holds no quote, so its key's last occurrence is the entry's own.
  size_t type = entry.rfind(kType);
  if (end == std::string_view::npos || type == std::string_view::npos || type < end ||
      entry.size() < type + kType.size() + 2 || entry.substr(entry.size() - 2) != "\"}") {
    return std::nullopt;
  }
  size_t type_begin = type + kType.size();
  return EntryHeader{entry.substr(begin, end - begin),
                     entry.substr(type_begin, entry.size() - 2 - type_begin)};
}

std::string NowRfc3339Micros() {
  auto now = std::chrono::system_clock::now();
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(micros % 1000000));
  return buf;
}

}  // namespace proofline::ledger
