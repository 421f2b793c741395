// Tests of the attestation reader, one per producer quirk. Keys are generated here with OpenSSL
// and the fixtures are written here, shaped after what each producer emits (GitHub artifact
// attestations, slsa-github-generator, cosign, in-toto-golang, Witness, npm provenance); none is
// copied from another project.
#include "evidence/attestation.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <cctype>
#include <memory>

#include "base/files.h"

namespace proofline::evidence {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string Hex(std::string_view bytes) { return ToHex(Sha256(AsBytes(bytes))); }

// ---------------------------------------------------------------------------------------------
// Keys and signing, as the producers do it

enum class Padding { kNone, kPkcs1, kPss };

struct TestKey {
  std::shared_ptr<EVP_PKEY> pkey;
  std::string public_pem;
  AttestationKey key;
};

std::string PublicPem(EVP_PKEY* pkey) {
  std::unique_ptr<BIO, int (*)(BIO*)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), pkey);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

TestKey MakeKey(EVP_PKEY* raw) {
  TestKey k;
  k.pkey.reset(raw, EVP_PKEY_free);
  EXPECT_NE(raw, nullptr);
  k.public_pem = PublicPem(raw);
  Result<AttestationKey> key = ParseAttestationKeyPem(k.public_pem, "key.pub");
  EXPECT_TRUE(key.ok()) << key.status().message();
  if (key.ok()) k.key = *key;
  return k;
}

const TestKey& Ed25519Key() {
  static const TestKey k = MakeKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  return k;
}
const TestKey& OtherEd25519Key() {
  static const TestKey k = MakeKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  return k;
}
const TestKey& P256Key() {
  static const TestKey k = MakeKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  return k;
}
const TestKey& RsaKey() {
  static const TestKey k = MakeKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
  return k;
}

Bytes Sign(const TestKey& k, std::string_view message, const EVP_MD* md,
           Padding padding = Padding::kNone) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  EXPECT_EQ(EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, k.pkey.get()), 1);
  if (padding == Padding::kPkcs1) EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
  if (padding == Padding::kPss) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
  }
  size_t len = 0;
  auto* msg = reinterpret_cast<const unsigned char*>(message.data());
  EXPECT_EQ(EVP_DigestSign(ctx.get(), nullptr, &len, msg, message.size()), 1);
  Bytes sig(len);
  EXPECT_EQ(EVP_DigestSign(ctx.get(), sig.data(), &len, msg, message.size()), 1);
  sig.resize(len);
  return sig;
}

// A DER ECDSA signature as raw r||s (IEEE P1363), what WebCrypto and some KMS signers write.
Bytes DerToP1363(const Bytes& der, size_t field_bytes) {
  const unsigned char* p = der.data();
  std::unique_ptr<ECDSA_SIG, void (*)(ECDSA_SIG*)> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), ECDSA_SIG_free);
  Bytes raw(2 * field_bytes);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw.data(), static_cast<int>(field_bytes));
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw.data() + field_bytes,
               static_cast<int>(field_bytes));
  return raw;
}

std::string Pae(std::string_view type, std::string_view body) {
  return "DSSEv1 " + std::to_string(type.size()) + " " + std::string(type) + " " +
         std::to_string(body.size()) + " " + std::string(body);
}

constexpr const char* kInToto = "application/vnd.in-toto+json";

std::string B64(std::string_view bytes) { return Base64Encode(AsBytes(bytes)); }
std::string B64(const Bytes& bytes) { return Base64Encode(bytes); }

// A DSSE envelope as in-toto-golang and cosign write it: keys in this order, one line.
std::string Envelope(const std::string& statement,
                     const std::vector<std::pair<std::string, Bytes>>& signatures,
                     const std::string& type = kInToto) {
  Json sigs = Json::array();
  for (const auto& [keyid, sig] : signatures) sigs.push_back({{"keyid", keyid}, {"sig", B64(sig)}});
  return Json({{"payloadType", type}, {"payload", B64(statement)}, {"signatures", sigs}}).dump();
}

// ---------------------------------------------------------------------------------------------
// Statements, as the producers write them

const std::string kTarballSha = Hex("proofline-1.2.0-linux-amd64.tar.gz bytes");
const std::string kDebSha = Hex("proofline_1.2.0_amd64.deb bytes");

// actions/attest-build-provenance: Statement v1, SLSA provenance v1.
const std::string kGithubProvenance = R"({"_type":"https://in-toto.io/Statement/v1",
"subject":[{"name":"proofline-1.2.0-linux-amd64.tar.gz","digest":{"sha256":")" +
                                      kTarballSha + R"("}}],
"predicateType":"https://slsa.dev/provenance/v1",
"predicate":{"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1",
  "externalParameters":{"workflow":{"ref":"refs/tags/v1.2.0",
    "repository":"https://github.com/acme/proofline","path":".github/workflows/release.yml"}},
  "internalParameters":{"github":{"event_name":"push","repository_id":"700123",
    "repository_owner_id":"9001","runner_environment":"github-hosted"}},
  "resolvedDependencies":[{"uri":"git+https://github.com/acme/proofline@refs/tags/v1.2.0",
    "digest":{"gitCommit":"4b825dc642cb6eb9a060e54bf8d69288fbee4904"}}]},
 "runDetails":{"builder":{"id":"https://github.com/actions/runner/github-hosted"},
  "metadata":{"invocationId":"https://github.com/acme/proofline/actions/runs/8812/attempts/1"}}}})";

// slsa-github-generator's generic generator: Statement v0.1, SLSA provenance v0.2, two subjects.
const std::string kGeneratorProvenance =
    R"({"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2",
"subject":[{"name":"proofline-1.2.0-linux-amd64.tar.gz","digest":{"sha256":")" +
    kTarballSha + R"("}},{"name":"proofline_1.2.0_amd64.deb","digest":{"sha256":")" + kDebSha +
    R"("}}],
"predicate":{"builder":{"id":"https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.10.0"},
 "buildType":"https://github.com/slsa-framework/slsa-github-generator/generic@v1",
 "invocation":{"configSource":{"uri":"git+https://github.com/acme/proofline@refs/tags/v1.2.0",
   "digest":{"sha1":"4b825dc642cb6eb9a060e54bf8d69288fbee4904"},
   "entryPoint":".github/workflows/release.yml"},"parameters":{},"environment":{"github_run_id":"8812"}},
 "metadata":{"buildInvocationID":"8812-1","completeness":{"parameters":true,"environment":false,
   "materials":false},"reproducible":false},
 "materials":[{"uri":"git+https://github.com/acme/proofline@refs/tags/v1.2.0",
   "digest":{"sha1":"4b825dc642cb6eb9a060e54bf8d69288fbee4904"}}]}})";

// An SBOM attestation (cosign attest --type spdxjson): no builder.
const std::string kSbomStatement = R"({"_type":"https://in-toto.io/Statement/v0.1",
"predicateType":"https://spdx.dev/Document","subject":[{"name":"ghcr.io/acme/proofline",
"digest":{"sha256":")" + kTarballSha +
                                   R"("}}],"predicate":{"spdxVersion":"SPDX-2.3"}})";

AttestationSummary Parse(const std::string& text, const AttestationKey* key = nullptr) {
  Result<AttestationSummary> s = ParseAttestation(text, "att.json", key);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : AttestationSummary{};
}

void ExpectRejected(const std::string& text, const std::string& prefix, const std::string& why,
                    const AttestationKey* key = nullptr) {
  Result<AttestationSummary> s = ParseAttestation(text, "att.json", key);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << s.status().message();
  EXPECT_EQ(s.status().message().rfind(prefix, 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find(why), std::string::npos) << s.status().message();
  EXPECT_EQ(s.status().message().find('\n'), std::string::npos) << s.status().message();
}

// ---------------------------------------------------------------------------------------------
// Signatures

// in-toto-golang / securesystemslib: keyid is the key's hex SHA-256, Ed25519 over PAE.
TEST(Attestation, Ed25519SignedEnvelopeVerifiesAndRecordsKeyidAndFingerprint) {
  const TestKey& k = Ed25519Key();
  std::string keyid = Hex("ed25519 key id");
  std::string env =
      Envelope(kGithubProvenance, {{keyid, Sign(k, Pae(kInToto, kGithubProvenance), nullptr)}});
  AttestationSummary s = Parse(env, &k.key);
  EXPECT_EQ(s.ToJson(),
            Json({{"format", "dsse"},
                  {"statements", 1},
                  {"predicate_types", {"https://slsa.dev/provenance/v1"}},
                  {"subjects",
                   {{{"name", "proofline-1.2.0-linux-amd64.tar.gz"}, {"sha256", kTarballSha}}}},
                  {"subjects_total", 1},
                  {"subjects_without_sha256", 0},
                  {"other_digests", 0},
                  {"signatures", 1},
                  {"verified", true},
                  {"keyid", keyid},
                  {"key_fingerprint", k.key.fingerprint},
                  {"builder", "https://github.com/actions/runner/github-hosted"},
                  {"source",
                   {{"repository", "https://github.com/acme/proofline"},
                    {"ref", "refs/tags/v1.2.0"},
                    {"commit", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"}}}}));
  EXPECT_TRUE(CanonicalJson(s.ToJson()).ok());
}

// cosign attest --key cosign.pub: ECDSA P-256, SHA-256, ASN.1 DER signature, empty keyid.
TEST(Attestation, EcdsaP256DerSignatureAsCosignWritesVerifies) {
  const TestKey& k = P256Key();
  std::string env =
      Envelope(kSbomStatement, {{"", Sign(k, Pae(kInToto, kSbomStatement), EVP_sha256())}});
  AttestationSummary s = Parse(env, &k.key);
  EXPECT_TRUE(s.verified);
  EXPECT_EQ(s.keyid, "");
  EXPECT_EQ(s.predicate_types, std::vector<std::string>{"https://spdx.dev/Document"});
  EXPECT_EQ(s.builder, "");
}

TEST(Attestation, EcdsaRawRAndSSignatureVerifies) {
  const TestKey& k = P256Key();
  Bytes raw = DerToP1363(Sign(k, Pae(kInToto, kSbomStatement), EVP_sha256()), 32);
  ASSERT_EQ(raw.size(), 64u);
  EXPECT_TRUE(Parse(Envelope(kSbomStatement, {{"kms", raw}}), &k.key).verified);
  raw[10] ^= 1;
  ExpectRejected(Envelope(kSbomStatement, {{"kms", raw}}),
                 "att.json: ", "no signature verifies with the given key", &k.key);
}

// cosign signs RSA with PKCS#1 v1.5, securesystemslib with PSS: both are accepted.
TEST(Attestation, RsaPkcs1AndPssSignaturesVerify) {
  const TestKey& k = RsaKey();
  std::string pae = Pae(kInToto, kSbomStatement);
  EXPECT_TRUE(
      Parse(Envelope(kSbomStatement, {{"", Sign(k, pae, EVP_sha256(), Padding::kPkcs1)}}), &k.key)
          .verified);
  EXPECT_TRUE(
      Parse(Envelope(kSbomStatement, {{"", Sign(k, pae, EVP_sha256(), Padding::kPss)}}), &k.key)
          .verified);
}

TEST(Attestation, ATamperedPayloadFailsVerification) {
  const TestKey& k = Ed25519Key();
  Bytes sig = Sign(k, Pae(kInToto, kSbomStatement), nullptr);
  std::string tampered = kSbomStatement;
  tampered.replace(tampered.find(kTarballSha), 64, kDebSha);
  ExpectRejected(Envelope(tampered, {{"", sig}}),
                 "att.json: ", "no signature verifies with the given key", &k.key);
  // The payload type is signed too.
  ExpectRejected(Envelope(kSbomStatement, {{"", sig}}, "application/vnd.in-toto.spdx+json"),
                 "att.json: ", "no signature verifies with the given key", &k.key);
}

TEST(Attestation, ASignatureByAnotherKeyFails) {
  std::string env = Envelope(
      kSbomStatement, {{"", Sign(OtherEd25519Key(), Pae(kInToto, kSbomStatement), nullptr)}});
  ExpectRejected(env, "att.json: ", "no signature verifies with the given key", &Ed25519Key().key);
  ExpectRejected(env, "att.json: ", "no signature verifies with the given key", &P256Key().key);
}

TEST(Attestation, OneGoodSignatureAmongOthersVerifiesAndNamesItsKeyid) {
  std::string pae = Pae(kInToto, kGeneratorProvenance);
  std::string env =
      Envelope(kGeneratorProvenance, {{"other", Sign(OtherEd25519Key(), pae, nullptr)},
                                      {"ours", Sign(Ed25519Key(), pae, nullptr)}});
  AttestationSummary s = Parse(env, &Ed25519Key().key);
  EXPECT_TRUE(s.verified);
  EXPECT_EQ(s.signatures, 2u);
  EXPECT_EQ(s.keyid, "ours");
}

TEST(Attestation, WithoutAKeySignaturesAreCountedNotVerified) {
  AttestationSummary unsigned_env = Parse(Envelope(kSbomStatement, {}));
  EXPECT_FALSE(unsigned_env.verified);
  EXPECT_EQ(unsigned_env.signatures, 0u);
  Json j = unsigned_env.ToJson();
  EXPECT_FALSE(j.contains("key_fingerprint"));
  EXPECT_FALSE(j.contains("keyid"));
  AttestationSummary signed_env = Parse(
      Envelope(kSbomStatement, {{"", Sign(Ed25519Key(), Pae(kInToto, kSbomStatement), nullptr)}}));
  EXPECT_FALSE(signed_env.verified);
  EXPECT_EQ(signed_env.signatures, 1u);
  EXPECT_EQ(signed_env.format, "dsse");
}

TEST(Attestation, AnUnsignedEnvelopeWithAKeyFails) {
  ExpectRejected(Envelope(kSbomStatement, {}),
                 "att.json: ", "no signature verifies with the given key", &Ed25519Key().key);
}

TEST(Attestation, APlainStatementWithAKeyIsRefused) {
  ExpectRejected(kSbomStatement, "att.json: ", "plain in-toto Statement carries no signature",
                 &Ed25519Key().key);
}

std::string UrlSafeUnpadded(std::string b64) {
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

// DSSE allows URL-safe base64; some implementations also drop the padding.
TEST(Attestation, UrlSafeUnpaddedBase64IsAccepted) {
  // An ignored member whose bytes encode to '-' and '_', in a payload that needs padding.
  std::string statement;
  for (std::string pad; statement.empty() && pad.size() < 6; pad += 'a') {
    std::string s = kSbomStatement;
    s.insert(s.size() - 1, ",\"note\":\"" + pad + "~~~?\?\?>>>\"");
    std::string b64 = UrlSafeUnpadded(B64(s));
    bool url_chars = b64.find('-') != std::string::npos && b64.find('_') != std::string::npos;
    if (url_chars && s.size() % 3 != 0) statement = s;
  }
  ASSERT_FALSE(statement.empty());
  Bytes sig = Sign(Ed25519Key(), Pae(kInToto, statement), nullptr);
  std::string env = Json({{"payloadType", kInToto},
                          {"payload", UrlSafeUnpadded(B64(statement))},
                          {"signatures", {{{"keyid", ""}, {"sig", UrlSafeUnpadded(B64(sig))}}}}})
                        .dump();
  EXPECT_TRUE(Parse(env, &Ed25519Key().key).verified);
}

// Witness adds the signer's certificate chain and timestamps to each signature entry.
TEST(Attestation, ExtraSignatureFieldsAreIgnored) {
  std::string env =
      Json({{"payload", B64(kSbomStatement)},
            {"payloadType", kInToto},
            {"signatures",
             {{{"keyid", "a1b2"},
               {"sig", B64(Sign(Ed25519Key(), Pae(kInToto, kSbomStatement), nullptr))},
               {"certificate", "LS0tLS1CRUdJTi..."},
               {"intermediates", Json::array()},
               {"timestamps", {{{"type", "tsp"}, {"data", "MIIE"}}}}}}}})
          .dump();
  AttestationSummary s = Parse(env, &Ed25519Key().key);
  EXPECT_TRUE(s.verified);
  EXPECT_EQ(s.keyid, "a1b2");
}

// ---------------------------------------------------------------------------------------------
// Statements and predicates

TEST(Attestation, SlsaV1ProvenanceBuilderIsExtracted) {
  AttestationSummary s = Parse(kGithubProvenance);
  EXPECT_EQ(s.format, "statement");
  EXPECT_EQ(s.builder, "https://github.com/actions/runner/github-hosted");
  EXPECT_EQ(s.statements, 1u);
  EXPECT_EQ(s.signatures, 0u);
  EXPECT_EQ(s.source.repository, "https://github.com/acme/proofline");
  EXPECT_EQ(s.source.ref, "refs/tags/v1.2.0");
  EXPECT_EQ(s.source.commit, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  EXPECT_EQ(s.ToJson()["source"]["commit"], "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

// The source a provenance names: uris with and without "git+" and a ref, digests that are no
// commit id, and provenances that name none.
TEST(Attestation, ProvenanceSourceIsReadFromV1AndV02) {
  auto source = [](const std::string& predicate_type, const std::string& predicate) {
    return Parse(R"({"_type":"https://in-toto.io/Statement/v1","predicateType":")" +
                 predicate_type + R"(","subject":[{"name":"a","digest":{"sha256":")" + kTarballSha +
                 R"("}}],"predicate":)" + predicate + "}")
        .source;
  };
  ProvenanceSource v1 = source("https://slsa.dev/provenance/v1", R"({"buildDefinition":{
      "resolvedDependencies":[{"uri":"https://example.com/dep.tgz","digest":{"sha256":"ab"}},
      {"uri":"git+https://gitlab.example/grp/sub/app.git@refs/heads/main",
       "digest":{"gitCommit":"ABCDEF0123456789ABCDEF0123456789ABCDEF01"}}]}})");
  EXPECT_EQ(v1.repository, "https://gitlab.example/grp/sub/app.git");
  EXPECT_EQ(v1.ref, "refs/heads/main");
  EXPECT_EQ(v1.commit, "abcdef0123456789abcdef0123456789abcdef01");
  ProvenanceSource material = source("https://slsa.dev/provenance/v0.2", R"({"materials":[
      {"uri":"git+https://github.com/acme/app","digest":{"sha1":"not-a-commit"}}]})");
  EXPECT_EQ(material.repository, "https://github.com/acme/app");
  EXPECT_EQ(material.ref, "");
  EXPECT_EQ(material.commit, "");  // named, but no commit id: nothing to tie to a change
  ProvenanceSource userinfo = source("https://slsa.dev/provenance/v0.2", R"({"invocation":{
      "configSource":{"uri":"git+https://ci@git.example/app@v2",
      "digest":{"sha1":"4b825dc642cb6eb9a060e54bf8d69288fbee4904"}}}})");
  EXPECT_EQ(userinfo.repository, "https://ci@git.example/app");
  EXPECT_EQ(userinfo.ref, "v2");
  EXPECT_TRUE(source("https://slsa.dev/provenance/v1", "{}").repository.empty());
  EXPECT_TRUE(Parse(kSbomStatement).source.repository.empty());
  EXPECT_FALSE(Parse(kSbomStatement).ToJson().contains("source"));
}

TEST(Attestation, StatementV01WithSlsaV02ProvenanceBuilderAndSubjects) {
  AttestationSummary s = Parse(kGeneratorProvenance);
  EXPECT_EQ(s.builder,
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
            "generator_generic_slsa3.yml@refs/tags/v1.10.0");
  ASSERT_EQ(s.subjects.size(), 2u);
  EXPECT_EQ(s.subjects[1].name, "proofline_1.2.0_amd64.deb");
  EXPECT_EQ(s.subjects[1].sha256, kDebSha);
  EXPECT_EQ(s.predicate_types, std::vector<std::string>{"https://slsa.dev/provenance/v0.2"});
  EXPECT_EQ(s.source.repository, "https://github.com/acme/proofline");
  EXPECT_EQ(s.source.commit, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

// npm provenance names the package by purl and digests it with sha512 only.
TEST(Attestation, ASubjectWithoutSha256IsCountedNotRefused) {
  std::string sha512 = Hex("a") + Hex("b");
  AttestationSummary s = Parse(
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"pkg:npm/%40acme/ledger@1.4.2",
      "digest":{"sha512":")" +
      sha512 + R"("}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{}})");
  EXPECT_EQ(s.subjects_without_sha256, 1u);
  EXPECT_EQ(s.other_digests, 1u);
  EXPECT_EQ(s.ToJson()["subjects"], Json::parse(R"([{"name":"pkg:npm/%40acme/ledger@1.4.2"}])"));
  EXPECT_EQ(s.builder, "");
}

// v1 lets a subject go unnamed; in-toto-golang writes "predicate": null when there is none.
TEST(Attestation, UnnamedSubjectsAndNullOrAbsentPredicates) {
  std::string upper = kTarballSha;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  AttestationSummary s = Parse(R"({"_type":"https://in-toto.io/Statement/v0.1","subject":[
      {"digest":{"sha256":")" + upper +
                               R"(","gitCommit":"4b825dc642cb6eb9a060e54bf8d69288fbee4904"}}],
      "predicateType":"https://in-toto.io/attestation/test-result/v0.1","predicate":null})");
  ASSERT_EQ(s.subjects.size(), 1u);
  EXPECT_EQ(s.subjects[0].name, "");
  EXPECT_EQ(s.subjects[0].sha256, kTarballSha);  // kept lowercase
  EXPECT_EQ(s.other_digests, 1u);
  EXPECT_EQ(Parse(R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"_","digest":
      {"sha256":")" +
                  kDebSha + R"("}}],"predicateType":"https://example.com/vsa/v1"})")
                .statements,
            1u);
}

TEST(Attestation, SubjectsAreCappedWithTheirTotal) {
  std::string subjects;
  for (int i = 0; i < 120; ++i) {
    subjects += std::string(i ? "," : "") + R"({"name":"f)" + std::to_string(i) +
                R"(","digest":{"sha256":")" + Hex(std::to_string(i)) + R"("}})";
  }
  AttestationSummary s =
      Parse(R"({"_type":"https://in-toto.io/Statement/v1","predicateType":"p","subject":[)" +
            subjects + "]}");
  EXPECT_EQ(s.subjects.size(), kMaxSubjects);
  EXPECT_EQ(s.subjects_total, 120u);
  EXPECT_EQ(s.subjects.back().name, "f49");
  EXPECT_EQ(s.ToJson()["subjects_total"], 120);
}

TEST(Attestation, PredicateTypesAreDistinctAndCapped) {
  std::string lines;
  for (int i = 0; i < 30; ++i) {
    lines +=
        R"({"_type":"https://in-toto.io/Statement/v1","predicateType":"https://example.com/p)" +
        std::to_string(i % 25) + R"(","subject":[{"digest":{"sha256":")" + kDebSha + "\"}}]}\n";
  }
  AttestationSummary s = Parse(lines);
  EXPECT_EQ(s.statements, 30u);
  EXPECT_EQ(s.predicate_types.size(), kMaxPredicateTypes);
  EXPECT_EQ(s.predicate_types_total, 25u);
  EXPECT_EQ(s.predicate_types[19], "https://example.com/p19");
  EXPECT_EQ(s.ToJson()["predicate_types_total"], 25);
}

// A predicate-specific payloadType (in-toto v1 allows application/vnd.in-toto.<predicate>+json).
TEST(Attestation, PredicateSpecificPayloadTypeIsAccepted) {
  std::string type = "application/vnd.in-toto.provenance+json";
  std::string env = Envelope(
      kGithubProvenance, {{"", Sign(Ed25519Key(), Pae(type, kGithubProvenance), nullptr)}}, type);
  EXPECT_TRUE(Parse(env, &Ed25519Key().key).verified);
}

// cosign sign (not attest) puts a "simple signing" payload in DSSE: not a Statement.
TEST(Attestation, ADssePayloadThatIsNotAStatementIsRefused) {
  std::string simple = R"({"critical":{"identity":{"docker-reference":"ghcr.io/acme/proofline"},
      "image":{"docker-manifest-digest":"sha256:)" +
                       kTarballSha +
                       R"("},"type":"cosign container image signature"},"optional":null})";
  ExpectRejected(Envelope(simple, {}, "application/vnd.dev.cosign.simplesigning.v1+json"),
                 "att.json: ", "payloadType \"application/vnd.dev.cosign.simplesigning.v1+json\"");
  ExpectRejected(Envelope(simple, {}), "att.json: DSSE payload: ", "no _type");
  ExpectRejected(Envelope("not json", {}), "att.json: DSSE payload: ", "at byte");
}

// ---------------------------------------------------------------------------------------------
// Sigstore bundles and JSON Lines

// actions/attest-build-provenance and `gh attestation download`: a v0.3 bundle whose single
// signature has no keyid, with a Fulcio certificate and a Rekor entry (not verified here).
std::string GithubBundle(const std::string& media_type, const Bytes& sig) {
  return R"({"mediaType":")" + media_type + R"(",
"verificationMaterial":{"certificate":{"rawBytes":"MIIGjTCCBhOgAwIBAgIU"},
 "tlogEntries":[{"logIndex":"98765432","logId":{"keyId":"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="},
  "kindVersion":{"kind":"dsse","version":"0.0.1"},"integratedTime":"1718000000",
  "inclusionPromise":{"signedEntryTimestamp":"MEUCIQ"},"canonicalizedBody":"eyJhcGlWZXJzaW9uIjoiMC4wLjEifQ=="}],
 "timestampVerificationData":{}},
"dsseEnvelope":{"payload":")" +
         B64(kGithubProvenance) + R"(","payloadType":"application/vnd.in-toto+json",
 "signatures":[{"sig":")" +
         B64(sig) + R"("}]}})";
}

TEST(Attestation, SigstoreBundleDsseEnvelopeIsReadAndVerified) {
  const TestKey& k = P256Key();
  Bytes sig = Sign(k, Pae(kInToto, kGithubProvenance), EVP_sha256());
  AttestationSummary s = Parse(GithubBundle("application/vnd.dev.sigstore.bundle.v0.3+json", sig));
  EXPECT_EQ(s.format, "sigstore-bundle");
  EXPECT_EQ(s.builder, "https://github.com/actions/runner/github-hosted");
  EXPECT_EQ(s.signatures, 1u);
  EXPECT_FALSE(s.verified);
  AttestationSummary v =
      Parse(GithubBundle("application/vnd.dev.sigstore.bundle+json;version=0.2", sig), &k.key);
  EXPECT_TRUE(v.verified);
  EXPECT_EQ(v.key_fingerprint, k.key.fingerprint);
  ExpectRejected(GithubBundle("application/vnd.dev.sigstore.bundle.v0.3+json", sig),
                 "att.json: ", "no signature verifies with the given key", &Ed25519Key().key);
}

constexpr const char* kNpmPublishType =
    "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";

// The npm registry's attestations document for a package version: the publish attestation
// (subject sha512 only, as npm names tarballs) and the SLSA provenance, each a v0.2 bundle.
constexpr const char* kNpmPublish = R"({"_type":"https://in-toto.io/Statement/v1",
"subject":[{"name":"pkg:npm/left-pad@1.3.0","digest":{"sha512":"7a9c4b1e"}}],
"predicateType":"https://github.com/npm/attestation/tree/main/specs/publish/v0.1",
"predicate":{"name":"left-pad","version":"1.3.0","registry":"https://registry.npmjs.org"}})";

std::string NpmDocument(const Bytes& publish_sig, const Bytes& provenance_sig,
                        const std::string& listed_first = kNpmPublishType) {
  auto bundle = [](const std::string& statement, const Bytes& sig) {
    return R"({"mediaType":"application/vnd.dev.sigstore.bundle+json;version=0.2",
 "verificationMaterial":{"tlogEntries":[]},"dsseEnvelope":{"payload":")" +
           B64(statement) + R"(","payloadType":"application/vnd.in-toto+json",
 "signatures":[{"keyid":"SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA","sig":")" +
           B64(sig) + R"("}]}})";
  };
  return R"({"attestations":[{"predicateType":")" + listed_first + R"(","bundle":)" +
         bundle(kNpmPublish, publish_sig) +
         R"(},{"predicateType":"https://slsa.dev/provenance/v1","bundle":)" +
         bundle(kGithubProvenance, provenance_sig) + "}]}";
}

TEST(Attestation, NpmRegistryAttestationsAreReadAsTheirBundles) {
  const TestKey& k = P256Key();
  Bytes publish = Sign(k, Pae(kInToto, kNpmPublish), EVP_sha256());
  Bytes provenance = Sign(k, Pae(kInToto, kGithubProvenance), EVP_sha256());
  AttestationSummary s = Parse(NpmDocument(publish, provenance));
  EXPECT_EQ(s.format, "npm-attestations");
  EXPECT_EQ(s.statements, 2u);
  EXPECT_EQ(s.signatures, 2u);
  EXPECT_EQ(s.predicate_types,
            (std::vector<std::string>{kNpmPublishType, "https://slsa.dev/provenance/v1"}));
  EXPECT_EQ(s.builder, "https://github.com/actions/runner/github-hosted");
  EXPECT_GE(s.other_digests, 1u);  // the sha512 of the tarball
  EXPECT_FALSE(s.verified);
  EXPECT_TRUE(Parse(NpmDocument(publish, provenance), &k.key).verified);
  // Either bundle failing fails the document, naming which.
  ExpectRejected(NpmDocument(publish, publish),
                 "att.json: attestations[1]: ", "no signature verifies with the given key", &k.key);
  ExpectRejected(NpmDocument(publish, provenance, "https://slsa.dev/provenance/v1"),
                 "att.json: attestations[0]: ",
                 "listed as \"https://slsa.dev/provenance/v1\" but its statement's predicateType "
                 "is \"" +
                     std::string(kNpmPublishType) + "\"");
  ExpectRejected(R"({"attestations":[]})", "att.json: ", "\"attestations\" is empty");
  ExpectRejected(R"({"attestations":{}})", "att.json: ", "\"attestations\" is not an array");
  ExpectRejected(R"({"attestations":[{"predicateType":"x","bundle":{"mediaType":"text/plain"}}]})",
                 "att.json: attestations[0]: ", "not a Sigstore bundle (mediaType \"text/plain\")");
  ExpectRejected(R"({"attestations":[{"bundle":{}}]})", "att.json: attestations[0]",
                 "has no predicateType string");
}

// cosign sign-blob --bundle: a message signature over a blob, no in-toto Statement.
TEST(Attestation, ASigstoreBundleOfABlobSignatureIsRefused) {
  ExpectRejected(R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",
      "verificationMaterial":{"publicKey":{"hint":"abc"}},
      "messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"3q2+7w=="},
      "signature":"MEUCIQ=="}})",
                 "att.json: ", "messageSignature signs a blob, not an attestation");
}

// slsa-github-generator's .intoto.jsonl: one envelope per line (LF or CRLF, final newline).
TEST(Attestation, JsonLinesOfEnvelopesAreEachReadAndVerified) {
  const TestKey& k = Ed25519Key();
  std::string one =
      Envelope(kGeneratorProvenance, {{"", Sign(k, Pae(kInToto, kGeneratorProvenance), nullptr)}});
  std::string two =
      Envelope(kSbomStatement, {{"", Sign(k, Pae(kInToto, kSbomStatement), nullptr)}});
  AttestationSummary s = Parse(one + "\r\n" + two + "\r\n\n", &k.key);
  EXPECT_EQ(s.format, "dsse");
  EXPECT_EQ(s.statements, 2u);
  EXPECT_EQ(s.signatures, 2u);
  EXPECT_TRUE(s.verified);
  EXPECT_EQ(s.subjects_total, 3u);
  EXPECT_EQ(s.predicate_types, (std::vector<std::string>{"https://slsa.dev/provenance/v0.2",
                                                         "https://spdx.dev/Document"}));
  std::string unsigned_two = Envelope(kSbomStatement, {});
  ExpectRejected(one + "\n" + unsigned_two + "\n",
                 "att.json:2: ", "no signature verifies with the given key", &k.key);
  ExpectRejected(one + "\n\n" + two.substr(0, 40) + "\n", "att.json:3: ", "at byte");
  // A first line that is not JSON on its own: one (malformed) document, not JSON Lines.
  ExpectRejected(
      kSbomStatement.substr(0, kSbomStatement.find('\n')) + "\n" + Envelope(kSbomStatement, {}),
      "att.json: ", "at byte");
}

TEST(Attestation, JsonLinesMixingKindsSayMixed) {
  std::string compact = Json::parse(kSbomStatement).dump();
  AttestationSummary s = Parse(compact + "\n" + Envelope(kSbomStatement, {}) + "\n");
  EXPECT_EQ(s.format, "mixed");
  EXPECT_EQ(s.statements, 2u);
  EXPECT_EQ(s.predicate_types.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Bad input: one line naming the file

TEST(Attestation, MalformedJsonIsRefusedWithItsByteOffset) {
  ExpectRejected(R"({"_type":"https://in-toto.io/Statement/v1","subject":[)",
                 "att.json: ", "at byte");
  ExpectRejected("", "att.json: ", "at byte 0");
}

TEST(Attestation, BadBase64IsRefused) {
  ExpectRejected(
      R"({"payloadType":"application/vnd.in-toto+json","payload":"eyJf*","signatures":[]})",
      "att.json: ", "DSSE payload is not base64");
  ExpectRejected(Json({{"payloadType", kInToto},
                       {"payload", B64(kSbomStatement)},
                       {"signatures", {{{"keyid", ""}, {"sig", "MEUC IQ=="}}}}})
                     .dump(),
                 "att.json: ", "DSSE signature 0 is not base64");
  ExpectRejected(Json({{"payloadType", kInToto},
                       {"payload", B64(kSbomStatement)},
                       {"signatures", {{{"keyid", ""}}}}})
                     .dump(),
                 "att.json: ", "DSSE signature 0 has no sig string");
}

TEST(Attestation, StatementShapeErrorsAreRefused) {
  ExpectRejected(R"({"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"p"})",
                 "att.json: in-toto Statement: ", "subject is empty");
  ExpectRejected(R"({"subject":[{"digest":{"sha256":")" + kDebSha + R"("}}],"predicateType":"p"})",
                 "att.json: in-toto Statement: ", "no _type");
  ExpectRejected(R"({"_type":"https://in-toto.io/Statement/v2","subject":[],"predicateType":"p"})",
                 "att.json: in-toto Statement: ", "_type \"https://in-toto.io/Statement/v2\"");
  ExpectRejected(
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a"}],"predicateType":"p"})",
      "att.json: in-toto Statement: subject 0", "no digest");
  ExpectRejected(
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"abc"}}],"predicateType":"p"})",
      "att.json: in-toto Statement: subject 0", "sha256 digest \"abc\" is not 64 hex");
  ExpectRejected(R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":")" +
                     kDebSha + R"("}}]})",
                 "att.json: in-toto Statement: ", "no predicateType");
  ExpectRejected(R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":")" +
                     kDebSha + R"("}}],"predicateType":"p","predicate":[1]})",
                 "att.json: in-toto Statement: ", "predicate is not an object");
}

TEST(Attestation, OtherFormatsAreNamedAsNotAnAttestation) {
  ExpectRejected(
      "<?xml version=\"1.0\"?>\n<testsuite tests=\"1\"><testcase name=\"a\"/></testsuite>\n",
      "att.json: ", "XML, not an attestation");
  ExpectRejected(R"({"version":"2.1.0","runs":[]})", "att.json: ", "not an attestation");
  ExpectRejected(R"({"bomFormat":"CycloneDX","mediaType":"x"})",
                 "att.json: ", "not an attestation (mediaType \"x\")");
  ExpectRejected("[]", "att.json: ", "not an attestation (a JSON array)");
  ExpectRejected(std::string("\x1f\x8b\x08\x00", 4), "att.json: ", "gzip-compressed");
}

// ---------------------------------------------------------------------------------------------
// Files and keys

std::string TempFile(const std::string& content) {
  char path[] = "/tmp/proofline_attestation_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  close(fd);
  return path;
}

TEST(Attestation, AFileIsReadWithItsDigest) {
  std::string env = Envelope(kGithubProvenance, {});
  std::string path = TempFile(env + "\n");
  StreamDigest digest;
  Result<AttestationSummary> s = ParseAttestationFile(path, nullptr, &digest);
  unlink(path.c_str());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->statements, 1u);
  EXPECT_EQ(digest.size, env.size() + 1);
  EXPECT_EQ(digest.sha256, Sha256(AsBytes(env + "\n")));
  EXPECT_EQ(ParseAttestationFile("/nonexistent/att.json", nullptr).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ParseAttestationFile("/tmp", nullptr).status().code(), StatusCode::kInvalidArgument);
}

TEST(Attestation, ErrorsFromAFileNameIt) {
  std::string path = TempFile(R"({"_type":"https://in-toto.io/Statement/v1","subject":[]})");
  Result<AttestationSummary> s = ParseAttestationFile(path, nullptr);
  unlink(path.c_str());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), path + ": in-toto Statement: subject is empty");
}

// The fingerprint is the SHA-256 of the DER SubjectPublicKeyInfo, i.e. of the PEM's base64 body.
TEST(Attestation, KeysLoadFromPemWithTheirFingerprint) {
  const TestKey& k = P256Key();
  std::string path = TempFile(k.public_pem);
  Result<AttestationKey> key = LoadAttestationKey(path);
  unlink(path.c_str());
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->algorithm, KeyAlgorithm::kEcdsaP256);
  std::string body;
  for (size_t at = 0; at < k.public_pem.size();) {
    size_t end = k.public_pem.find('\n', at);
    std::string line = k.public_pem.substr(at, end - at);
    if (line.find("-----") == std::string::npos) body += line;
    at = end + 1;
  }
  Result<Bytes> der = Base64Decode(body);
  ASSERT_TRUE(der.ok());
  EXPECT_EQ(key->fingerprint, ToHex(Sha256(*der)));
  EXPECT_EQ(Ed25519Key().key.algorithm, KeyAlgorithm::kEd25519);
  EXPECT_EQ(RsaKey().key.algorithm, KeyAlgorithm::kRsa);
  EXPECT_EQ(LoadAttestationKey("/nonexistent/key.pub").status().code(), StatusCode::kNotFound);
}

void ExpectKeyRefused(const std::string& pem, const std::string& why) {
  Result<AttestationKey> key = ParseAttestationKeyPem(pem, "key.pem");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(key.status().message().rfind("key.pem: ", 0), 0u) << key.status().message();
  EXPECT_NE(key.status().message().find(why), std::string::npos) << key.status().message();
}

TEST(Attestation, UnsupportedOrMistakenKeysAreRefused) {
  std::unique_ptr<BIO, int (*)(BIO*)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), Ed25519Key().pkey.get(), nullptr, nullptr, 0, nullptr,
                           nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  ExpectKeyRefused(std::string(data, static_cast<size_t>(len)), "a private key");
  PkeyPtr weak(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
  ExpectKeyRefused(PublicPem(weak.get()), "an RSA key of 1024 bits is too weak");
  PkeyPtr p521(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521"));
  ExpectKeyRefused(PublicPem(p521.get()), "ECDSA curve \"secp521r1\" is not supported");
  ExpectKeyRefused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host\n", "not a PEM public key");
}

}  // namespace
}  // namespace proofline::evidence
