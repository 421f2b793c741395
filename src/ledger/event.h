// Ledger events and their leaf format.
//
// Leaf format (a contract): the RFC 8785 canonical JSON of
//   {"actor": A, "authority": W, "data": {...}, "subject": S, "time": T, "type": Y}
// with exactly these six keys. `time` is RFC 3339 UTC with microseconds
// ("2026-11-26T12:00:00.000000Z"), assigned by the ledger when the event is sequenced. The leaf
// hash is SHA-256(0x00 || those bytes). The index is not inside the entry: the tree position
// fixes it and an inclusion proof proves it.
// Because the keys are fixed and sort as ASCII, the entry always ends with
//   "subject":S,"time":T,"type":Y}
// which lets verification cross-check the stored query columns without a full JSON parse, and
// always begins with
//   {"actor":A,"authority":W,
// which lets it read the authority with a forward scan of one string.
//
// The authority (W) is the write path that recorded the event, and is signed with it: the owner
// of a reserved namespace (events::kReserved: "approval", "gate", "deployment"...), stamped by the
// ledger itself on the domain path, or "integration" for events an integration appended through
// `log append`. The ledger refuses an integration event of a reserved type; `log verify` fails on
// a reserved event whose authority is not its owner, and the folds ignore one (FromOwner).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "events/catalogue.h"
#include "store/store.h"

namespace proofline::ledger {

inline constexpr std::string_view kTypeInitialized = events::kLedgerInitialized;
inline constexpr std::string_view kTypeKeyRotated = events::kLedgerKeyRotated;
inline constexpr size_t kMaxEntryBytes = 1 << 20;
// 1: five keys; 2: the authority key added. A store of another leaf format does not verify.
inline constexpr int kLeafFormat = 2;

inline constexpr std::string_view kAuthorityIntegration = "integration";
// The authority of a domain write of a type outside the reserved namespaces (tests and tools).
inline constexpr std::string_view kAuthorityUnreserved = "proofline";

struct EventInput {
  std::string type;
  std::string subject;
  std::string actor;
  Json data = Json::object();
};

// The authority a domain write of `type` is stamped with: the owner of its reserved namespace,
// or kAuthorityUnreserved.
std::string_view OwnerAuthority(std::string_view type);

// An event validated and serialised except for its time, which the sequencer inserts.
struct PreparedEvent {
  std::string type;
  std::string subject;
  std::string head;  // {"actor":A,"authority":W,"data":D,"subject":S,"time":
  std::string tail;  // ,"type":Y}

  std::string EntryAt(std::string_view time) const;
};

// Validates fields (type: [A-Za-z0-9._:/-], 1..128; subject and actor: 1..256 characters with no
// control characters; data: a JSON object) and serialises, stamping the authority: the owner of
// the type's namespace on the domain path (`authority` empty), or kAuthorityIntegration for the
// integration path, which refuses a reserved type (PermissionDenied naming its owner). Nothing
// else is accepted: only the ledger stamps an owner. InvalidArgument names the field.
Result<PreparedEvent> PrepareEvent(const EventInput& in, std::string_view authority = {});

// Parses a stored or exported entry back into its fields; InvalidArgument if it is not in the
// leaf format above (including not being canonical).
struct ParsedEvent {
  std::string type, subject, actor, authority, time;
  Json data;
  // False for a reserved type whose authority is not its owner (never written by Proofline's own
  // operations): folds skip such an event.
  bool FromOwner() const;
};
Result<ParsedEvent> ParseEntry(std::string_view entry);

// A row as a fold reads it from the store, parsed and checked against itself: its entry
// re-hashes to the row's leaf hash and holds the type and subject the row's query columns say.
// Corruption ("event N: ...; run `proofline log verify`") otherwise, so a fold never acts on an
// edited entry nor on a row whose columns were changed to move it between queries (an
// approval.rejected whose type column no longer says so). A row moved OUT of a query is not read
// at all: that is what full verification (ledger/verifier.h) catches.
Result<ParsedEvent> ParseStoredEntry(const store::LedgerEntry& row);

// True when `entry` ends with the canonical subject/time/type suffix for these values.
bool EntryMatchesColumns(std::string_view entry, std::string_view type, std::string_view subject);

// The authority and type of an entry in the leaf format, read without parsing its data (the
// verifier's per-entry path); nullopt when the entry does not have the leaf format's shape.
struct EntryHeader {
  std::string_view authority, type;
};
std::optional<EntryHeader> ReadEntryHeader(std::string_view entry);

// Current time in the entry format.
std::string NowRfc3339Micros();

}  // namespace proofline::ledger
