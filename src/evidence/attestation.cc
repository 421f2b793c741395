// The attestation reader: finds the Statement in each record (plain, DSSE, Sigstore bundle),
// checks DSSE signatures over PAE with OpenSSL's EVP API when a key is given, and summarises
// subjects, predicate types and the SLSA builder.
#include "evidence/attestation.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <unordered_set>
#include <utility>

#include "base/files.h"
#include "base/text.h"

namespace proofline::evidence {
namespace {

constexpr size_t kReadBytes = size_t{64} * 1024;
constexpr size_t kMaxKeyFileBytes = 1 << 20;
constexpr size_t kMaxQuotedBytes = 80;
constexpr std::string_view kStatementV1 = "https://in-toto.io/Statement/v1";
constexpr std::string_view kStatementV01 = "https://in-toto.io/Statement/v0.1";
constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";
constexpr std::string_view kBundleMediaType = "application/vnd.dev.sigstore.bundle";
constexpr std::string_view kSlsaProvenance = "https://slsa.dev/provenance/";
constexpr const char* kExpected =
    "expected an in-toto Statement (_type), a DSSE envelope (payloadType) or a Sigstore bundle "
    "(mediaType)";

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string CutName(std::string_view s) { return CutUtf8(s, kMaxAttestationNameBytes); }

// `s` quoted for a one-line message: cut short, control characters replaced.
std::string Quoted(std::string_view s) { return "\"" + OneLine(s, kMaxQuotedBytes) + "\""; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// DSSE allows standard or URL-safe base64, and implementations differ on padding.
Result<Bytes> DecodeBase64(std::string_view text) {
  if (text.size() % 4 == 1) return InvalidArgument("base64 length is impossible");
  std::string standard(text);
  std::replace(standard.begin(), standard.end(), '-', '+');
  std::replace(standard.begin(), standard.end(), '_', '/');
  if (standard.find('=') == std::string::npos) standard.append((4 - standard.size() % 4) % 4, '=');
  return Base64Decode(standard);
}

// ---------------------------------------------------------------------------------------------
// Keys and signatures

Result<KeyAlgorithm> AlgorithmOf(EVP_PKEY* key, const std::string& name) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
      return KeyAlgorithm::kEd25519;
    case EVP_PKEY_EC: {
      char group[64] = "";
      size_t len = 0;
      EVP_PKEY_get_group_name(key, group, sizeof group, &len);
      if (std::string_view(group) == "prime256v1") return KeyAlgorithm::kEcdsaP256;
      if (std::string_view(group) == "secp384r1") return KeyAlgorithm::kEcdsaP384;
      return InvalidArgument(name + ": ECDSA curve " + Quoted(group) +
                             " is not supported (P-256 or P-384)");
    }
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(key) < 2048) {
        return InvalidArgument(name + ": an RSA key of " + std::to_string(EVP_PKEY_get_bits(key)) +
                               " bits is too weak (2048 bits or more)");
      }
      return KeyAlgorithm::kRsa;
    default:
      return InvalidArgument(name +
                             ": unsupported key type (Ed25519, ECDSA P-256/P-384 or RSA of 2048 "
                             "bits or more)");
  }
}

// Why `pem` holds no public key, for the usual mistakes.
Status NotAPublicKey(std::string_view pem, const std::string& name) {
  if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
    return InvalidArgument(name + ": a private key; give the public key (openssl pkey -pubout)");
  }
  if (pem.find("BEGIN CERTIFICATE") != std::string_view::npos) {
    return InvalidArgument(name +
                           ": an X.509 certificate; give its public key (openssl x509 -pubkey "
                           "-noout)");
  }
  return InvalidArgument(name + ": not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
}

bool VerifyOnce(EVP_PKEY* key, const EVP_MD* md, int rsa_padding, ByteView message,
                ByteView signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key) == 1 &&
            (rsa_padding == 0 || EVP_PKEY_CTX_set_rsa_padding(pctx, rsa_padding) == 1) &&
            (rsa_padding != RSA_PKCS1_PSS_PADDING ||
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) == 1) &&
            EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                             message.size()) == 1;
  ERR_clear_error();
  return ok;
}

// The DER form of an IEEE P1363 (r||s) ECDSA signature; empty if it cannot be built.
Bytes P1363ToDer(ByteView signature) {
  size_t half = signature.size() / 2;
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(signature.data(), static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + half, static_cast<int>(half), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return {};
  Bytes der(static_cast<size_t>(len));
  unsigned char* out = der.data();
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

// cosign writes DER; other signers write r||s of twice the field size.
bool VerifyEcdsa(EVP_PKEY* key, const EVP_MD* md, size_t field_bytes, ByteView message,
                 ByteView signature) {
  if (VerifyOnce(key, md, 0, message, signature)) return true;
  if (signature.size() != 2 * field_bytes) return false;
  Bytes der = P1363ToDer(signature);
  return !der.empty() && VerifyOnce(key, md, 0, message, der);
}

bool Verify(const AttestationKey& key, ByteView message, ByteView signature) {
  const unsigned char* p = key.spki.data();
  PkeyPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(key.spki.size())));
  ERR_clear_error();
  if (!pkey) return false;
  switch (key.algorithm) {
    case KeyAlgorithm::kEd25519:
      return VerifyOnce(pkey.get(), nullptr, 0, message, signature);
    case KeyAlgorithm::kEcdsaP256:
      return VerifyEcdsa(pkey.get(), EVP_sha256(), 32, message, signature);
    case KeyAlgorithm::kEcdsaP384:
      return VerifyEcdsa(pkey.get(), EVP_sha384(), 48, message, signature);
    case KeyAlgorithm::kRsa:
      return VerifyOnce(pkey.get(), EVP_sha256(), RSA_PKCS1_PADDING, message, signature) ||
             VerifyOnce(pkey.get(), EVP_sha256(), RSA_PKCS1_PSS_PADDING, message, signature);
  }
  return false;
}

// DSSE's pre-authentication encoding: what a signature signs.
std::string Pae(std::string_view type, std::string_view body) {
  return "DSSEv1 " + std::to_string(type.size()) + " " + std::string(type) + " " +
         std::to_string(body.size()) + " " + std::string(body);
}

// "application/vnd.in-toto+json", or the predicate-specific "application/vnd.in-toto.NAME+json".
bool IsInTotoPayloadType(std::string_view type) {
  constexpr std::string_view kPrefix = "application/vnd.in-toto.", kSuffix = "+json";
  return type == kInTotoPayloadType ||
         (type.size() > kPrefix.size() + kSuffix.size() && StartsWith(type, kPrefix) &&
          type.substr(type.size() - kSuffix.size()) == kSuffix);
}

// ---------------------------------------------------------------------------------------------
// Records

// "git+https://github.com/acme/app@refs/tags/v1" -> {"https://github.com/acme/app",
// "refs/tags/v1"}: the repository as git fetches it and the ref, split at the last '@' after the
// host (an "scp-like" git@host:path has its '@' before the host, and stays whole).
std::pair<std::string, std::string> SplitSourceUri(std::string_view uri) {
  if (StartsWith(uri, "git+")) uri.remove_prefix(4);
  const size_t scheme = uri.find("://");
  const size_t at = uri.rfind('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme ||
      uri.find('/', scheme + 3) > at) {
    return {std::string(uri), ""};
  }
  return {std::string(uri.substr(0, at)), std::string(uri.substr(at + 1))};
}

// A git commit id: 40 (SHA-1) or 64 (SHA-256) hex digits, kept lowercase; else empty.
std::string GitCommit(std::string_view hex) {
  if ((hex.size() != 40 && hex.size() != 64) || !std::all_of(hex.begin(), hex.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return "";
  }
  std::string out(hex);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Where an SLSA provenance says the build's source came from. v1: the first
// buildDefinition.resolvedDependencies entry with a gitCommit (or sha1) digest (GitHub's
// generators put the workflow's repository there first); v0.2: invocation.configSource, else the
// first such material. The uri's ref goes to `ref`; a digest that is no commit id leaves
// `commit` empty.
ProvenanceSource SourceOf(const Json& predicate) {
  auto from = [](const Json& dependency) -> std::optional<ProvenanceSource> {
    const Json& digest = ObjectAt(dependency, "digest");
    std::string commit = StringAt(digest, "gitCommit");
    if (commit.empty()) commit = StringAt(digest, "sha1");
    const std::string uri = StringAt(dependency, "uri");
    if (commit.empty() || uri.empty()) return std::nullopt;
    auto [repository, ref] = SplitSourceUri(uri);
    return ProvenanceSource{CutName(repository), CutName(ref), GitCommit(commit)};
  };
  for (const Json& d : ArrayAt(ObjectAt(predicate, "buildDefinition"), "resolvedDependencies")) {
    if (auto s = from(d)) return *s;
  }
  if (auto s = from(ObjectAt(ObjectAt(predicate, "invocation"), "configSource"))) return *s;
  for (const Json& m : ArrayAt(predicate, "materials")) {
    if (auto s = from(m)) return *s;
  }
  return {};
}

struct Signature {
  std::string keyid;
  Bytes sig;
};

// Accumulates the records of one file into its summary. `where` names the file (and line) in
// messages.
class Reader {
 public:
  explicit Reader(const AttestationKey* key) : key_(key) {}
  Status Add(const Json& record, const std::string& where);
  AttestationSummary Finish();

 private:
  Status AddBundle(const Json& bundle, const std::string& where,
                   const char* format = "sigstore-bundle");
  Status AddNpmAttestations(const Json& list, const std::string& where);
  Status AddEnvelope(const Json& envelope, const std::string& where, const char* format);
  Result<std::vector<Signature>> ReadSignatures(const Json& envelope, const std::string& where);
  Status CheckSignatures(const std::vector<Signature>& signatures, std::string_view type,
                         std::string_view body, const std::string& where);
  Status AddStatement(const Json& statement, const std::string& label);
  Status AddSubject(const Json& subject, const std::string& at);
  void AddPredicateType(const std::string& type);
  void NoteFormat(const char* format);

  const AttestationKey* key_;
  AttestationSummary summary_;
  bool keyid_set_ = false;
  std::unordered_set<std::string> predicate_types_seen_;  // all of them, past the cap too
  std::string last_predicate_type_;                       // of the statement added last
};

Status Reader::Add(const Json& record, const std::string& where) {
  if (!record.is_object()) {
    return InvalidArgument(where + ": not an attestation (a JSON " + record.type_name() +
                           "): " + kExpected);
  }
  std::string media_type = StringAt(record, "mediaType");
  if (StartsWith(media_type, kBundleMediaType)) return AddBundle(record, where);
  if (auto list = record.find("attestations"); list != record.end() && record.size() == 1) {
    return AddNpmAttestations(*list, where);
  }
  if (record.contains("payloadType") || record.contains("payload") ||
      record.contains("signatures")) {
    return AddEnvelope(record, where, "dsse");
  }
  if (record.contains("_type") || record.contains("subject") || record.contains("predicateType")) {
    if (key_ != nullptr) {
      return InvalidArgument(where +
                             ": a plain in-toto Statement carries no signature to verify with "
                             "the given key");
    }
    RETURN_IF_ERROR(AddStatement(record, where + ": in-toto Statement"));
    NoteFormat("statement");
    return OkStatus();
  }
  if (!media_type.empty()) {
    return InvalidArgument(where + ": not an attestation (mediaType " + Quoted(media_type) +
                           "): " + kExpected);
  }
  return InvalidArgument(where + ": not an attestation: " + kExpected);
}

// The npm registry's attestations document (GET /-/npm/v1/attestations/NAME@VERSION, what `npm
// audit signatures` reads): {"attestations": [{"predicateType": T, "bundle": BUNDLE}, ...]}, the
// publish attestation and the SLSA provenance, each a Sigstore bundle whose statement must have
// the predicateType the list names.
Status Reader::AddNpmAttestations(const Json& list, const std::string& where) {
  if (!list.is_array()) return InvalidArgument(where + ": \"attestations\" is not an array");
  if (list.empty()) return InvalidArgument(where + ": \"attestations\" is empty");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = where + ": attestations[" + std::to_string(i) + "]";
    const Json& item = list[i];
    auto type = item.find("predicateType");
    auto bundle = item.find("bundle");
    if (!item.is_object() || type == item.end() || !type->is_string()) {
      return InvalidArgument(at + " has no predicateType string");
    }
    if (bundle == item.end() || !bundle->is_object()) {
      return InvalidArgument(at + " has no bundle object");
    }
    if (!StartsWith(StringAt(*bundle, "mediaType"), kBundleMediaType)) {
      return InvalidArgument(at + ": the bundle is not a Sigstore bundle (mediaType " +
                             Quoted(StringAt(*bundle, "mediaType")) + ")");
    }
    RETURN_IF_ERROR(AddBundle(*bundle, at, "npm-attestations"));
    if (last_predicate_type_ != type->get_ref<const std::string&>()) {
      return InvalidArgument(at + ": listed as " + Quoted(type->get_ref<const std::string&>()) +
                             " but its statement's predicateType is " +
                             Quoted(last_predicate_type_));
    }
  }
  return OkStatus();
}

Status Reader::AddBundle(const Json& bundle, const std::string& where, const char* format) {
  auto envelope = bundle.find("dsseEnvelope");
  if (envelope != bundle.end() && envelope->is_object()) {
    return AddEnvelope(*envelope, where, format);
  }
  if (bundle.contains("messageSignature")) {
    return InvalidArgument(where +
                           ": a Sigstore bundle with a messageSignature signs a blob, not an "
                           "attestation (no dsseEnvelope)");
  }
  return InvalidArgument(where + ": a Sigstore bundle without a dsseEnvelope object");
}

Status Reader::AddEnvelope(const Json& envelope, const std::string& where, const char* format) {
  auto type = envelope.find("payloadType");
  auto payload = envelope.find("payload");
  if (type == envelope.end() || !type->is_string()) {
    return InvalidArgument(where + ": DSSE envelope without a payloadType string");
  }
  if (payload == envelope.end() || !payload->is_string()) {
    return InvalidArgument(where + ": DSSE envelope without a payload string");
  }
  Result<Bytes> body = DecodeBase64(payload->get_ref<const std::string&>());
  if (!body.ok()) {
    return InvalidArgument(where + ": DSSE payload is not base64 (" + body.status().message() +
                           ")");
  }
  ASSIGN_OR_RETURN(std::vector<Signature> signatures, ReadSignatures(envelope, where));
  std::string_view payload_type = type->get_ref<const std::string&>();
  std::string_view text(reinterpret_cast<const char*>(body->data()), body->size());
  RETURN_IF_ERROR(CheckSignatures(signatures, payload_type, text, where));
  if (!IsInTotoPayloadType(payload_type)) {
    return InvalidArgument(where + ": DSSE payloadType " + Quoted(payload_type) +
                           " is not an in-toto Statement (expected " +
                           std::string(kInTotoPayloadType) + ")");
  }
  std::string label = where + ": DSSE payload";
  ASSIGN_OR_RETURN(Json statement, ParseJsonStrict(text, label));
  RETURN_IF_ERROR(AddStatement(statement, label));
  NoteFormat(format);
  return OkStatus();
}

Result<std::vector<Signature>> Reader::ReadSignatures(const Json& envelope,
                                                      const std::string& where) {
  auto list = envelope.find("signatures");
  if (list == envelope.end() || !list->is_array()) {
    return InvalidArgument(where + ": DSSE envelope without a signatures array");
  }
  std::vector<Signature> out;
  for (const Json& entry : *list) {
    std::string at = where + ": DSSE signature " + std::to_string(out.size());
    auto sig = entry.find("sig");
    if (!entry.is_object() || sig == entry.end() || !sig->is_string()) {
      return InvalidArgument(at + " has no sig string");
    }
    Result<Bytes> bytes = DecodeBase64(sig->get_ref<const std::string&>());
    if (!bytes.ok()) {
      return InvalidArgument(at + " is not base64 (" + bytes.status().message() + ")");
    }
    out.push_back({CutName(StringAt(entry, "keyid")), std::move(*bytes)});
  }
  summary_.signatures += out.size();
  return out;
}

// With a key, one signature of the envelope must verify over PAE(type, body).
Status Reader::CheckSignatures(const std::vector<Signature>& signatures, std::string_view type,
                               std::string_view body, const std::string& where) {
  if (key_ == nullptr) return OkStatus();
  std::string pae = Pae(type, body);
  for (const Signature& s : signatures) {
    if (!Verify(*key_, AsBytes(pae), s.sig)) continue;
    if (!keyid_set_) summary_.keyid = s.keyid;
    keyid_set_ = true;
    return OkStatus();
  }
  return InvalidArgument(where + ": no signature verifies with the given key");
}

Status Reader::AddStatement(const Json& statement, const std::string& label) {
  if (!statement.is_object()) {
    return InvalidArgument(label + ": not an in-toto Statement (a JSON " + statement.type_name() +
                           ")");
  }
  if (!statement.contains("_type")) {
    return InvalidArgument(label + ": no _type (expected \"" + std::string(kStatementV1) + "\")");
  }
  std::string type = StringAt(statement, "_type");
  if (type != kStatementV1 && type != kStatementV01) {
    return InvalidArgument(label + ": _type " + Quoted(type) +
                           " is not an in-toto Statement v1 or v0.1");
  }
  auto subjects = statement.find("subject");
  if (subjects == statement.end() || !subjects->is_array()) {
    return InvalidArgument(label + ": no subject array");
  }
  if (subjects->empty()) return InvalidArgument(label + ": subject is empty");
  std::string predicate_type = StringAt(statement, "predicateType");
  if (predicate_type.empty()) return InvalidArgument(label + ": no predicateType string");
  auto predicate = statement.find("predicate");
  if (predicate != statement.end() && !predicate->is_null() && !predicate->is_object()) {
    return InvalidArgument(label + ": predicate is not an object");
  }
  for (size_t i = 0; i < subjects->size(); ++i) {
    RETURN_IF_ERROR(AddSubject((*subjects)[i], label + ": subject " + std::to_string(i)));
  }
  AddPredicateType(predicate_type);
  last_predicate_type_ = predicate_type;
  if (summary_.builder.empty() && StartsWith(predicate_type, kSlsaProvenance)) {
    const Json& p = ObjectAt(statement, "predicate");
    std::string id = StringAt(ObjectAt(ObjectAt(p, "runDetails"), "builder"), "id");
    if (id.empty()) id = StringAt(ObjectAt(p, "builder"), "id");
    summary_.builder = CutName(id);
    summary_.source = SourceOf(p);
  }
  ++summary_.statements;
  return OkStatus();
}

Status Reader::AddSubject(const Json& subject, const std::string& at) {
  if (!subject.is_object()) return InvalidArgument(at + " is not an object");
  auto name = subject.find("name");
  if (name != subject.end() && !name->is_string()) {
    return InvalidArgument(at + ": name is not a string");
  }
  auto digest = subject.find("digest");
  if (digest == subject.end() || !digest->is_object() || digest->empty()) {
    return InvalidArgument(at + ": no digest (an object of algorithm: hex value)");
  }
  std::string sha256;
  for (const auto& entry : digest->items()) {
    if (!entry.value().is_string()) {
      return InvalidArgument(at + ": digest " + Quoted(entry.key()) + " is not a string");
    }
    if (entry.key() != "sha256") {
      ++summary_.other_digests;
      continue;
    }
    sha256 = entry.value().get_ref<const std::string&>();
    if (sha256.size() != 64 || !std::all_of(sha256.begin(), sha256.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      return InvalidArgument(at + ": sha256 digest " + Quoted(sha256) + " is not 64 hex digits");
    }
    std::transform(sha256.begin(), sha256.end(), sha256.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
  }
  if (sha256.empty()) ++summary_.subjects_without_sha256;
  ++summary_.subjects_total;
  if (summary_.subjects.size() < kMaxSubjects) {
    std::string n = name == subject.end() ? "" : CutName(name->get_ref<const std::string&>());
    summary_.subjects.push_back({std::move(n), std::move(sha256)});
  }
  return OkStatus();
}

void Reader::AddPredicateType(const std::string& type) {
  std::string cut = CutName(type);
  if (!predicate_types_seen_.insert(cut).second) return;
  ++summary_.predicate_types_total;
  if (summary_.predicate_types.size() < kMaxPredicateTypes) {
    summary_.predicate_types.push_back(std::move(cut));
  }
}

void Reader::NoteFormat(const char* format) {
  if (summary_.format.empty()) {
    summary_.format = format;
  } else if (summary_.format != format) {
    summary_.format = "mixed";
  }
}

AttestationSummary Reader::Finish() {
  if (key_ != nullptr) {
    summary_.verified = true;
    summary_.key_fingerprint = key_->fingerprint;
  }
  return std::move(summary_);
}

// ---------------------------------------------------------------------------------------------
// Documents

bool LooksLikeXml(std::string_view text) {
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '<';
}

// The non-blank lines of `text` with their 1-based numbers.
std::vector<std::pair<size_t, std::string_view>> NonBlankLines(std::string_view text) {
  std::vector<std::pair<size_t, std::string_view>> lines;
  size_t number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    ++number;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) lines.emplace_back(number, line);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

// JSON Lines: several lines whose first parses alone. Otherwise `whole`, the error of parsing the
// text as one value, stands.
Result<AttestationSummary> ParseJsonLines(std::string_view text, const std::string& name,
                                          const AttestationKey* key, const Status& whole) {
  std::vector<std::pair<size_t, std::string_view>> lines = NonBlankLines(text);
  if (lines.size() < 2 || !ParseJsonStrict(lines[0].second).ok()) return whole;
  Reader reader(key);
  for (const auto& [number, line] : lines) {
    std::string where = name + ":" + std::to_string(number);
    ASSIGN_OR_RETURN(Json record, ParseJsonStrict(line, where));
    RETURN_IF_ERROR(reader.Add(record, where));
  }
  return reader.Finish();
}

Result<std::string> ReadWhole(const std::string& path, StreamDigest* digest) {
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  std::string text, buf(kReadBytes, '\0');
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, file->Read(buf.data(), buf.size()));
    if (n == 0) break;
    text.append(buf.data(), n);
    if (text.size() > kMaxAttestationBytes) {
      return InvalidArgument(path + ": larger than " + std::to_string(kMaxAttestationBytes >> 20) +
                             " MiB; attestations are small, this is not one");
    }
  }
  *digest = {file->digest(), file->size()};
  return text;
}

}  // namespace

Json AttestationSummary::ToJson() const {
  Json subject_list = Json::array();
  for (const AttestationSubject& s : subjects) {
    Json entry = {{"name", s.name}};
    if (!s.sha256.empty()) entry["sha256"] = s.sha256;
    subject_list.push_back(std::move(entry));
  }
  Json j = {{"format", format},
            {"statements", statements},
            {"predicate_types", predicate_types},
            {"subjects", subject_list},
            {"subjects_total", subjects_total},
            {"subjects_without_sha256", subjects_without_sha256},
            {"other_digests", other_digests},
            {"signatures", signatures},
            {"verified", verified}};
  if (predicate_types_total > predicate_types.size()) {
    j["predicate_types_total"] = predicate_types_total;
  }
  if (verified) {
    j["keyid"] = keyid;
    j["key_fingerprint"] = key_fingerprint;
  }
  if (!builder.empty()) j["builder"] = builder;
  if (!source.repository.empty()) {
    j["source"] = {
        {"repository", source.repository}, {"ref", source.ref}, {"commit", source.commit}};
  }
  return j;
}

Result<AttestationKey> ParseAttestationKeyPem(std::string_view pem, const std::string& name) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  auto no_password = [](char*, int, int, void*) { return -1; };
  PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, no_password, nullptr) : nullptr);
  ERR_clear_error();
  if (!key) return NotAPublicKey(pem, name);
  ASSIGN_OR_RETURN(KeyAlgorithm algorithm, AlgorithmOf(key.get(), name));
  int len = i2d_PUBKEY(key.get(), nullptr);
  if (len <= 0) return Internal(name + ": cannot encode the public key");
  Bytes spki(static_cast<size_t>(len));
  unsigned char* out = spki.data();
  i2d_PUBKEY(key.get(), &out);
  std::string fingerprint = ToHex(Sha256(spki));
  return AttestationKey{algorithm, std::move(spki), std::move(fingerprint)};
}

Result<AttestationKey> LoadAttestationKey(const std::string& pem_path) {
  ASSIGN_OR_RETURN(std::string pem, ReadFile(pem_path, kMaxKeyFileBytes));
  return ParseAttestationKeyPem(pem, pem_path);
}

Result<AttestationSummary> ParseAttestation(std::string_view text, const std::string& name,
                                            const AttestationKey* key) {
  if (StartsWith(text, "\x1f\x8b")) {
    return InvalidArgument(name + ": gzip-compressed; decompress it first (attestations are JSON)");
  }
  Result<Json> whole = ParseJsonStrict(text, name);
  if (whole.ok()) {
    Reader reader(key);
    RETURN_IF_ERROR(reader.Add(*whole, name));
    return reader.Finish();
  }
  if (LooksLikeXml(text)) {
    return InvalidArgument(name + ": XML, not an attestation: " + kExpected + ", as JSON");
  }
  return ParseJsonLines(text, name, key, whole.status());
}

Result<AttestationSummary> ParseAttestationFile(const std::string& path, const AttestationKey* key,
                                                StreamDigest* digest) {
  StreamDigest read;
  ASSIGN_OR_RETURN(std::string text, ReadWhole(path, &read));
  Result<AttestationSummary> s = ParseAttestation(text, path, key);
  if (s.ok() && digest != nullptr) *digest = read;
  return s;
}

}  // namespace proofline::evidence
