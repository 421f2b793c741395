// Ledger events and their leaf format.
//
// Leaf format (a contract): the RFC 8785 canonical JSON of
//   {"actor": A, "data": {...}, "subject": S, "time": T, "type": Y}
// with exactly these five keys. `time` is RFC 3339 UTC with microseconds
// ("2026-11-26T12:00:00.000000Z"), assigned by the ledger when the event is sequenced. The leaf
// hash is SHA-256(0x00 || those bytes). The index is not inside the entry: the tree position
// fixes it and an inclusion proof proves it.
// Because the keys are fixed and sort as ASCII, the entry always ends with
//   "subject":S,"time":T,"type":Y}
// which lets verification cross-check the stored query columns without a full JSON parse.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "events/catalogue.h"

namespace proofline::ledger {

inline constexpr std::string_view kTypeInitialized = events::kLedgerInitialized;
inline constexpr std::string_view kTypeKeyRotated = events::kLedgerKeyRotated;
inline constexpr size_t kMaxEntryBytes = 1 << 20;

struct EventInput {
  std::string type;
  std::string subject;
  std::string actor;
  Json data = Json::object();
};

// An event validated and serialised except for its time, which the sequencer inserts.
struct PreparedEvent {
  std::string type;
  std::string subject;
  std::string head;  // {"actor":A,"data":D,"subject":S,"time":
  std::string tail;  // ,"type":Y}

  std::string EntryAt(std::string_view time) const;
};

// Validates fields (type: [A-Za-z0-9._:/-], 1..128; subject and actor: 1..256 characters with no
// control characters; data: a JSON object) and serialises. InvalidArgument names the field.
Result<PreparedEvent> PrepareEvent(const EventInput& in);

// Parses a stored or exported entry back into its fields; InvalidArgument if it is not in the
// leaf format above (including not being canonical).
struct ParsedEvent {
  std::string type, subject, actor, time;
  Json data;
};
Result<ParsedEvent> ParseEntry(std::string_view entry);

// True when `entry` ends with the canonical subject/time/type suffix for these values.
bool EntryMatchesColumns(std::string_view entry, std::string_view type, std::string_view subject);

// Current time in the entry format.
std::string NowRfc3339Micros();

}  // namespace proofline::ledger
