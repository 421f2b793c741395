// Fuzzes the attestation reader (strict JSON, base64, DSSE signature checks underneath): any input
// must either parse into a summary whose counts agree and serialise canonically, or fail with
// InvalidArgument. Each input is also read with a P-256 key whose private half was thrown away,
// so the signature paths run and nothing may ever verify.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "evidence/attestation.h"

namespace {

using namespace proofline;

constexpr std::string_view kPublicKey =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAETwHw6elRNKFhG3Lchsyn7gBJyfPy\n"
    "cHTGzK2nwiOoO4pD2iK8RvC1HIKw6kRzbvVhaYwzKz9Ot1hvKqM+a1BPWQ==\n"
    "-----END PUBLIC KEY-----\n";

bool IsLowerHex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void CheckSummary(const evidence::AttestationSummary& s) {
  const std::string& f = s.format;
  if (f != "statement" && f != "dsse" && f != "sigstore-bundle" && f != "mixed") std::abort();
  if (s.statements == 0 || s.verified) std::abort();
  if (s.subjects.size() != std::min<uint64_t>(s.subjects_total, evidence::kMaxSubjects)) {
    std::abort();
  }
  if (s.subjects_total < s.statements || s.subjects_without_sha256 > s.subjects_total) {
    std::abort();
  }
  for (const evidence::AttestationSubject& subject : s.subjects) {
    if (!subject.sha256.empty() && !IsLowerHex(subject.sha256)) std::abort();
  }
  if (s.predicate_types.empty() || s.predicate_types.size() > evidence::kMaxPredicateTypes ||
      s.predicate_types_total < s.predicate_types.size() ||
      s.predicate_types_total > s.statements) {
    std::abort();
  }
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s.ToJson()).ok()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Result<evidence::AttestationKey> key =
      evidence::ParseAttestationKeyPem(kPublicKey, "fuzz.pub");
  if (!key.ok()) std::abort();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<evidence::AttestationSummary> s = evidence::ParseAttestation(in, "fuzz.json", nullptr);
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
  } else {
    CheckSummary(*s);
  }
  // Nobody holds the private key: with it, every input must be refused.
  Result<evidence::AttestationSummary> keyed = evidence::ParseAttestation(in, "fuzz.json", &*key);
  if (keyed.ok() || keyed.status().code() != StatusCode::kInvalidArgument) std::abort();
  return 0;
}
