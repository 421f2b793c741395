// Signed checkpoints: C2SP tlog-checkpoint bodies inside C2SP signed notes, with Ed25519 keys.
//
// Formats (contracts, interoperable with golang.org/x/mod/sumdb/note and transparency-dev):
//   checkpoint body:  "<origin>\n<tree size, decimal>\n<root hash, base64>\n[<extension>\n]..."
//   signed note:      body + "\n" + one or more lines "— <key name> <base64(key id || sig)>\n"
//                     (U+2014 EM DASH, space); the signature covers the body bytes exactly.
//   key id:           first 4 bytes of SHA-256(<key name> || "\n" || 0x01 || public key),
//                     0x01 being the Ed25519 algorithm byte.
//   verifier key:     "<name>+<key id, 8 hex>+<base64(0x01 || public key)>"   (signing.pub)
//   signer key:       "PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 || seed)>" (signing.key)
//   witness keys:     the same with algorithm byte 0x04 (C2SP tlog-cosignature, Ed25519
//                     cosignature/v1) in the key id and the key strings: a witness key never
//                     verifies a log's checkpoint signature, nor a log key a cosignature.
// These are chosen over a home-made format so that an auditor can check our checkpoints with
// existing transparency-log tooling, and a witness can cosign them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/crypto.h"
#include "base/status.h"

namespace proofline::ledger {

// The signature algorithm byte of a key (C2SP signed-note): what the key may sign.
enum class KeyKind : uint8_t {
  kLog = 0x01,      // Ed25519 note signatures: the log's checkpoints
  kWitness = 0x04,  // Ed25519 cosignature/v1 (witness.h)
};

struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  std::array<uint8_t, 32> public_key{};
  KeyKind kind = KeyKind::kLog;

  std::string Encode() const;  // the verifier key string
  std::string KeyIdHex() const;
};

struct SignerKey {
  VerifierKey verifier;
  std::array<uint8_t, 32> seed{};

  static Result<SignerKey> Generate(std::string_view name, KeyKind kind = KeyKind::kLog);
  std::string Encode() const;  // the PRIVATE+KEY string
};

// Parse errors are InvalidArgument naming what is wrong; the key id is checked against the key.
// Both kinds parse; callers check `kind` (LoadVerifierKeys does).
Result<VerifierKey> ParseVerifierKey(std::string_view text);
Result<SignerKey> ParseSignerKey(std::string_view text);

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;

  std::string Body() const;
};

Result<Checkpoint> ParseCheckpointBody(std::string_view body);

struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  Bytes signature;
};

struct SignedNote {
  std::string body;  // ends with "\n"
  std::vector<NoteSignature> signatures;
};

// Signs `body` (which must end in a newline) with every key in `signers`.
Result<std::string> SignNote(std::string_view body, const std::vector<const SignerKey*>& signers);

Result<SignedNote> ParseSignedNote(std::string_view text);

// The key id of a key of `kind` named `name`: SHA-256(name || "\n" || kind || public key)[:4].
uint32_t ComputeKeyId(std::string_view name, KeyKind kind, const std::array<uint8_t, 32>& pub);

// One signature line, "— <name> <base64(key id || signature bytes)>\n".
std::string SignatureLine(const VerifierKey& key, ByteView signature);

// The log keys (kind kLog) in `keys` holding a valid signature on `note`. Signatures by unknown
// keys are ignored, as the signed-note spec requires.
std::vector<const VerifierKey*> ValidSigners(const SignedNote& note,
                                             const std::vector<VerifierKey>& keys);

}  // namespace proofline::ledger
