// C2SP signed notes and tlog checkpoints with Ed25519 (see note.h for the formats).
#include "ledger/note.h"

#include <charconv>
#include <cstdio>

namespace proofline::ledger {
namespace {

constexpr std::string_view kDash = "\xe2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";

bool ValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '+' || c == ' ' || c == '\n' || c == '\t' || static_cast<unsigned char>(c) < 0x20) {
      return false;
    }
  }
  return true;
}

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// Splits "name+id+key" at its first two '+' (base64 key material may itself contain '+').
std::vector<std::string_view> SplitPlus(std::string_view s) {
  std::vector<std::string_view> parts;
  for (int i = 0; i < 2; ++i) {
    size_t plus = s.find('+');
    if (plus == std::string_view::npos) break;
    parts.push_back(s.substr(0, plus));
    s.remove_prefix(plus + 1);
  }
  parts.push_back(s);
  return parts;
}

// Parses "<name>+<hex id>+<base64(alg || 32 bytes)>" into name, 32 key bytes and checks the id.
Result<VerifierKey> ParseKeyParts(std::string_view name, std::string_view id_hex,
                                  std::string_view b64, std::array<uint8_t, 32>* material) {
  if (!ValidKeyName(name)) return InvalidArgument("invalid key name '" + std::string(name) + "'");
  uint32_t id = 0;
  auto [p, ec] = std::from_chars(id_hex.data(), id_hex.data() + id_hex.size(), id, 16);
  if (id_hex.size() != 8 || ec != std::errc() || p != id_hex.data() + id_hex.size()) {
    return InvalidArgument("key id is not 8 hex digits");
  }
  auto raw = Base64Decode(b64);
  if (!raw.ok() || raw->size() != 33 ||
      ((*raw)[0] != static_cast<uint8_t>(KeyKind::kLog) &&
       (*raw)[0] != static_cast<uint8_t>(KeyKind::kWitness))) {
    return InvalidArgument(
        "key material is not base64 of an Ed25519 key (algorithm 0x01) or witness key (0x04)");
  }
  std::copy(raw->begin() + 1, raw->end(), material->begin());
  VerifierKey key;
  key.name = std::string(name);
  key.key_id = id;
  key.kind = static_cast<KeyKind>((*raw)[0]);
  return key;
}

}  // namespace

uint32_t ComputeKeyId(std::string_view name, KeyKind kind, const std::array<uint8_t, 32>& pub) {
  const uint8_t sep_alg[2] = {'\n', static_cast<uint8_t>(kind)};
  Hash h = Sha256({AsBytes(name), ByteView(sep_alg, 2), pub});
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
}

std::string SignatureLine(const VerifierKey& key, ByteView signature) {
  Bytes blob = {static_cast<uint8_t>(key.key_id >> 24), static_cast<uint8_t>(key.key_id >> 16),
                static_cast<uint8_t>(key.key_id >> 8), static_cast<uint8_t>(key.key_id)};
  blob.insert(blob.end(), signature.begin(), signature.end());
  return std::string(kDash) + key.name + " " + Base64Encode(blob) + "\n";
}

std::string VerifierKey::Encode() const {
  Bytes material{static_cast<uint8_t>(kind)};
  material.insert(material.end(), public_key.begin(), public_key.end());
  return name + "+" + Hex8(key_id) + "+" + Base64Encode(material);
}

std::string VerifierKey::KeyIdHex() const { return Hex8(key_id); }

Result<SignerKey> SignerKey::Generate(std::string_view name, KeyKind kind) {
  if (!ValidKeyName(name)) return InvalidArgument("invalid key name '" + std::string(name) + "'");
  ASSIGN_OR_RETURN(Ed25519KeyPair kp, GenerateEd25519());
  SignerKey key;
  key.seed = kp.seed;
  key.verifier.name = std::string(name);
  key.verifier.public_key = kp.public_key;
  key.verifier.kind = kind;
  key.verifier.key_id = ComputeKeyId(name, kind, kp.public_key);
  return key;
}

std::string SignerKey::Encode() const {
  Bytes material{static_cast<uint8_t>(verifier.kind)};
  material.insert(material.end(), seed.begin(), seed.end());
  return std::string(kPrivatePrefix) + verifier.name + "+" + Hex8(verifier.key_id) + "+" +
         Base64Encode(material);
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::vector<std::string_view> parts = SplitPlus(text);
  if (parts.size() != 3) return InvalidArgument("not a verifier key (want name+id+key)");
  std::array<uint8_t, 32> pub{};
  ASSIGN_OR_RETURN(VerifierKey key, ParseKeyParts(parts[0], parts[1], parts[2], &pub));
  key.public_key = pub;
  if (ComputeKeyId(key.name, key.kind, key.public_key) != key.key_id) {
    return InvalidArgument("verifier key id does not match its key");
  }
  return key;
}

Result<SignerKey> ParseSignerKey(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.substr(0, kPrivatePrefix.size()) != kPrivatePrefix) {
    return InvalidArgument("not a signer key (want PRIVATE+KEY+name+id+key)");
  }
  std::vector<std::string_view> parts = SplitPlus(text.substr(kPrivatePrefix.size()));
  if (parts.size() != 3) return InvalidArgument("not a signer key (want PRIVATE+KEY+name+id+key)");
  SignerKey key;
  std::array<uint8_t, 32> seed{};
  ASSIGN_OR_RETURN(key.verifier, ParseKeyParts(parts[0], parts[1], parts[2], &seed));
  key.seed = seed;
  ASSIGN_OR_RETURN(key.verifier.public_key, Ed25519PublicFromSeed(key.seed));
  if (ComputeKeyId(key.verifier.name, key.verifier.kind, key.verifier.public_key) !=
      key.verifier.key_id) {
    return InvalidArgument("signer key id does not match its key");
  }
  return key;
}

std::string Checkpoint::Body() const {
  std::string body = origin + "\n" + std::to_string(size) + "\n" + Base64Encode(root) + "\n";
  for (const std::string& ext : extensions) body += ext + "\n";
  return body;
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  if (body.empty() || body.back() != '\n')
    return InvalidArgument("checkpoint must end with a newline");
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n') {
      lines.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  if (lines.size() < 3) return InvalidArgument("checkpoint has fewer than 3 lines");
  Checkpoint cp;
  cp.origin = std::string(lines[0]);
  if (cp.origin.empty()) return InvalidArgument("checkpoint origin is empty");
  std::string_view size = lines[1];
  auto [p, ec] = std::from_chars(size.data(), size.data() + size.size(), cp.size);
  if (size.empty() || ec != std::errc() || p != size.data() + size.size() ||
      (size.size() > 1 && size[0] == '0')) {
    return InvalidArgument("checkpoint tree size is not a decimal number: '" + std::string(size) +
                           "'");
  }
  auto root = Base64Decode(lines[2]);
  if (!root.ok() || root->size() != 32)
    return InvalidArgument("checkpoint root is not a base64 SHA-256 hash");
  std::copy(root->begin(), root->end(), cp.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return InvalidArgument("checkpoint has an empty extension line");
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

Result<std::string> SignNote(std::string_view body, const std::vector<const SignerKey*>& signers) {
  if (body.empty() || body.back() != '\n')
    return InvalidArgument("note body must end with a newline");
  if (signers.empty()) return InvalidArgument("a note needs at least one signer");
  std::string note(body);
  note += "\n";
  for (const SignerKey* key : signers) {
    if (key->verifier.kind != KeyKind::kLog) {
      return InvalidArgument("key " + key->verifier.name +
                             " is a witness key: it cosigns checkpoints, it does not sign them");
    }
    ASSIGN_OR_RETURN(auto sig, Ed25519Sign(key->seed, AsBytes(body)));
    note += SignatureLine(key->verifier, sig);
  }
  return note;
}

Result<SignedNote> ParseSignedNote(std::string_view text) {
  size_t split = text.rfind("\n\n");
  if (split == std::string_view::npos) return InvalidArgument("signed note has no signature block");
  SignedNote note;
  note.body = std::string(text.substr(0, split + 1));
  std::string_view sigs = text.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n')
    return InvalidArgument("signed note must end with a newline");
  while (!sigs.empty()) {
    size_t eol = sigs.find('\n');
    std::string_view line = sigs.substr(0, eol);
    sigs.remove_prefix(eol + 1);
    if (line.substr(0, kDash.size()) != kDash) return InvalidArgument("malformed signature line");
    line.remove_prefix(kDash.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return InvalidArgument("malformed signature line");
    NoteSignature sig;
    sig.name = std::string(line.substr(0, space));
    auto blob = Base64Decode(line.substr(space + 1));
    if (!ValidKeyName(sig.name) || !blob.ok() || blob->size() < 5) {
      return InvalidArgument("malformed signature line");
    }
    sig.key_id = (uint32_t{(*blob)[0]} << 24) | (uint32_t{(*blob)[1]} << 16) |
                 (uint32_t{(*blob)[2]} << 8) | (*blob)[3];
    sig.signature.assign(blob->begin() + 4, blob->end());
    note.signatures.push_back(std::move(sig));
  }
  return note;
}

std::vector<const VerifierKey*> ValidSigners(const SignedNote& note,
                                             const std::vector<VerifierKey>& keys) {
  std::vector<const VerifierKey*> valid;
  for (const VerifierKey& key : keys) {
    if (key.kind != KeyKind::kLog) continue;
    for (const NoteSignature& sig : note.signatures) {
      if (sig.name == key.name && sig.key_id == key.key_id &&
          Ed25519Verify(key.public_key, AsBytes(note.body), sig.signature)) {
        valid.push_back(&key);
        break;
      }
    }
  }
  return valid;
}

}  // namespace proofline::ledger
