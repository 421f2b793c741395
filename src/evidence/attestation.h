// Supply-chain attestations as evidence: in-toto Statements, alone or signed in a DSSE envelope,
// possibly inside a Sigstore bundle, one per file or one per line.
//
// Accepted inputs (JSON; one value per file, or JSON Lines with one value per line):
//   statement        an in-toto Statement: `_type` "https://in-toto.io/Statement/v1" (or v0.1),
//                    `subject` a non-empty array of {name, digest {alg: hex}} (name optional, as
//                    v1 allows), `predicateType` a string, `predicate` an object, null (what
//                    in-toto-golang writes for none) or absent.
//   dsse             a DSSE envelope {payloadType, payload, signatures [{keyid, sig}]} whose
//                    payloadType is "application/vnd.in-toto+json" (or the predicate-specific
//                    "application/vnd.in-toto.<predicate>+json") and whose payload is a Statement.
//                    Base64 may be standard or URL-safe, padded or not (DSSE allows either and
//                    implementations differ). Extra fields (Witness adds certificates to each
//                    signature) are ignored.
//   sigstore-bundle  a Sigstore bundle (mediaType "application/vnd.dev.sigstore.bundle...", as
//                    GitHub artifact attestations and cosign write): its dsseEnvelope is read as
//                    above. Its certificates, transparency-log entries and timestamps are NOT
//                    verified; a bundle holding a messageSignature (a signed blob) is refused.
//   npm-attestations the npm registry's attestations document (`GET /-/npm/v1/attestations/
//                    NAME@VERSION`): {"attestations": [{predicateType, bundle}]}, each bundle a
//                    Sigstore bundle read as above whose statement has the predicateType listed.
//   JSON Lines       what slsa-github-generator's .intoto.jsonl and `gh attestation download`
//                    hold: every non-blank line one of the above, all valid. `format` is the
//                    lines' common kind, or "mixed".
//
// Signatures: DSSE signs PAE(payloadType, payload) = "DSSEv1" SP LEN(type) SP type SP LEN(body)
// SP body, lengths in ASCII decimal. With a key, every envelope must carry at least one
// signature that verifies with it, and a plain Statement is refused (nothing is signed). Keys
// are PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY", what cosign and openssl write) only:
//   Ed25519      PureEdDSA over PAE
//   ECDSA P-256  SHA-256; P-384 SHA-384. DER signatures (cosign) or raw r||s (IEEE P1363)
//   RSA >= 2048  SHA-256 with PKCS#1 v1.5 (cosign) or PSS (securesystemslib), either accepted
// Without a key, signatures are checked for form only and the summary says `verified: false`.
//
// Subjects: a sha256 digest must be 64 hex digits (kept lowercase); other algorithms (sha512 for
// npm, gitCommit for sources) are counted, not kept. A subject without sha256 is allowed and
// counted in `subjects_without_sha256`. The builder is read from SLSA provenance predicates
// (predicateType "https://slsa.dev/provenance/..."): v1 runDetails.builder.id, else v0.2
// builder.id; so is the source it was built from (ProvenanceSource): v1's first
// resolvedDependencies entry with a gitCommit digest, v0.2's invocation.configSource or first
// material.
//
// Attestations are small: a file is read whole, up to kMaxAttestationBytes, and parsed with the
// strict JSON parser (duplicate keys, invalid UTF-8 and deep nesting are errors).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/crypto.h"
#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxAttestationBytes = size_t{64} << 20;
inline constexpr size_t kMaxSubjects = 50;
inline constexpr size_t kMaxPredicateTypes = 20;
inline constexpr size_t kMaxAttestationNameBytes = 256;  // longer strings are cut (UTF-8 safe)

enum class KeyAlgorithm { kEd25519, kEcdsaP256, kEcdsaP384, kRsa };

// A public key DSSE signatures are verified with. Copyable; make one with LoadAttestationKey or
// ParseAttestationKeyPem.
struct AttestationKey {
  KeyAlgorithm algorithm = KeyAlgorithm::kEd25519;
  Bytes spki;               // DER SubjectPublicKeyInfo
  std::string fingerprint;  // SHA-256 of `spki`, lowercase hex
};

struct AttestationSubject {
  std::string name;    // cut to kMaxAttestationNameBytes; empty when the subject has none
  std::string sha256;  // 64 lowercase hex digits, or empty when the subject has no sha256
};

// The source an SLSA provenance names (attestation.cc SourceOf): repository as git
// fetches it ("https://github.com/acme/app", the uri's "git+" and "@REF" taken off), the ref, and
// the commit id (40 or 64 lowercase hex digits; empty when the digest is no commit id).
struct ProvenanceSource {
  std::string repository, ref, commit;
};

struct AttestationSummary {
  std::string format;       // statement | dsse | sigstore-bundle | npm-attestations | mixed
                            // (JSON Lines of several)
  uint64_t statements = 0;  // one per envelope, bundle or plain Statement
  std::vector<std::string> predicate_types;  // distinct, in order, the first kMaxPredicateTypes
  uint64_t predicate_types_total = 0;
  std::vector<AttestationSubject> subjects;  // the first kMaxSubjects, over all statements
  uint64_t subjects_total = 0;
  uint64_t subjects_without_sha256 = 0;
  uint64_t other_digests = 0;   // digest entries of algorithms other than sha256
  uint64_t signatures = 0;      // over all envelopes
  bool verified = false;        // a key was given and every envelope has a signature it verifies
  std::string keyid;            // when verified: the keyid of the first envelope's good signature
  std::string key_fingerprint;  // when verified: AttestationKey::fingerprint
  std::string builder;          // the first SLSA provenance builder id, empty when none
  ProvenanceSource source;      // what that provenance names as the source, empty when nothing

  // {format, statements, predicate_types, subjects [{name, sha256}], subjects_without_sha256,
  //  other_digests, signatures, verified} plus predicate_types_total / subjects_total when
  //  capped, keyid and key_fingerprint when verified, builder when present, source {repository,
  //  ref, commit} when a provenance names one: the `summary` of evidence events.
  Json ToJson() const;
};

// Reads the PEM public key at `pem_path`. NotFound for a missing file; InvalidArgument
// "PATH: ..." for anything but a PEM SubjectPublicKeyInfo of a supported algorithm (a private
// key, an X.509 certificate, another curve, RSA under 2048 bits).
Result<AttestationKey> LoadAttestationKey(const std::string& pem_path);
// The same for PEM text; `name` stands for the file in messages.
Result<AttestationKey> ParseAttestationKeyPem(std::string_view pem, const std::string& name);

// Parses the attestation at `path`; with `key`, every envelope must have a signature that
// verifies with it. NotFound for a missing file, Io for a read failure; InvalidArgument with one
// line starting with the file name for anything malformed ("PATH: ... at byte N" for bad JSON,
// "PATH:LINE: ..." in JSON Lines), another format, or "PATH: no signature verifies with the given
// key". `digest`, when given, receives the SHA-256 and size of the bytes parsed.
Result<AttestationSummary> ParseAttestationFile(const std::string& path, const AttestationKey* key,
                                                StreamDigest* digest = nullptr);
// The same for an in-memory attestation; `name` stands for the file in messages.
Result<AttestationSummary> ParseAttestation(std::string_view text, const std::string& name,
                                            const AttestationKey* key);

}  // namespace proofline::evidence
