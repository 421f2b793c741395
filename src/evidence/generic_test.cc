// Tests of generic evidence: schemas shaped like the ones teams write for their own checks (a
// backup verification, a rollback plan, a DAST report), written here; and the hostile inputs a
// schema validator meets (huge strings against patterns, reference cycles, remote references).
#include "evidence/generic.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "base/crypto.h"

namespace proofline::evidence {
namespace {

// A draft-07 schema for a nightly backup check, as a platform team would write it.
const char* kBackupSchema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://schemas.example.com/backup-verification/v1",
  "title": "Backup verification",
  "type": "object",
  "required": ["backup_id", "verified", "restored_at", "checks"],
  "additionalProperties": false,
  "properties": {
    "backup_id": {"type": "string", "pattern": "^bk-[0-9a-f]{8}$"},
    "verified": {"type": "boolean"},
    "restored_at": {"type": "string", "format": "date-time"},
    "environment": {"enum": ["staging", "production"]},
    "rows_compared": {"type": "integer", "minimum": 1},
    "checks": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/check"}}
  },
  "definitions": {
    "check": {
      "type": "object",
      "required": ["name", "ok"],
      "properties": {"name": {"type": "string", "minLength": 1}, "ok": {"type": "boolean"}}
    }
  }
})";

const char* kBackupDocument = R"({
  "backup_id": "bk-0a1b2c3d",
  "verified": true,
  "restored_at": "2024-05-01T03:12:44Z",
  "environment": "production",
  "rows_compared": 1048576,
  "checks": [{"name": "row counts", "ok": true}, {"name": "checksums", "ok": true}]
})";

Result<GenericSummary> Check(const std::string& document, const std::string& schema,
                             const std::string& type = "backup-verification") {
  return ParseGeneric(document, "evidence.json", type, schema, "backup.schema.json");
}

// `document` fails against `schema` with exactly `violations` after the common prefix.
void ExpectViolations(const std::string& document, const std::string& schema,
                      const std::string& violations) {
  Result<GenericSummary> s = Check(document, schema);
  ASSERT_FALSE(s.ok()) << document;
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(),
            "evidence.json: does not match schema backup.schema.json: " + violations);
}

// The schema is refused with a message naming it and containing `what`.
void ExpectSchemaRefused(const std::string& schema, const std::string& what) {
  Result<GenericSummary> s = Check("{}", schema);
  ASSERT_FALSE(s.ok()) << schema;
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind("backup.schema.json: ", 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find(what), std::string::npos) << s.status().message();
}

TEST(Generic, ValidDocumentPassesWithItsDataKept) {
  Result<GenericSummary> s = Check(kBackupDocument, kBackupSchema);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->type, "backup-verification");
  EXPECT_EQ(s->schema_digest, "sha256:" + ToHex(Sha256(AsBytes(kBackupSchema))));
  EXPECT_EQ(s->schema_id, "https://schemas.example.com/backup-verification/v1");
  ASSERT_TRUE(s->data.has_value());
  EXPECT_EQ(*s->data, Json::parse(kBackupDocument));
  Json j = s->ToJson();
  EXPECT_EQ(j["data"]["verified"], true);  // what a policy reads
  EXPECT_EQ(j["type"], "backup-verification");
  EXPECT_EQ(j["schema_id"], "https://schemas.example.com/backup-verification/v1");
  EXPECT_FALSE(j.contains("data_bytes"));
  EXPECT_EQ(s->data_bytes, CanonicalJson(*s->data)->size());
  EXPECT_TRUE(CanonicalJson(j).ok());
}

TEST(Generic, ViolationsAreListedWithJsonPointersWithoutEnclosingFailures) {
  ExpectViolations(
      R"({"backup_id": "BK-1", "verified": "yes", "restored_at": "2024-05-01T03:12:44Z",
    "checks": [{"name": "a", "ok": true}, {"name": "", "ok": 1}]})",
      kBackupSchema,
      "/backup_id: String does not match pattern \"^bk-[0-9a-f]{8}$\"; /checks/1/name: "
      "String should be no fewer than 1 characters in length; /checks/1/ok: Value "
      "type not permitted by 'type' constraint; ...");
}

TEST(Generic, RequiredEnumTypeMinimumAndAdditionalPropertiesViolations) {
  const std::string ok = R"("backup_id": "bk-0a1b2c3d", "verified": true,
    "restored_at": "2024-05-01T03:12:44Z", "checks": [{"name": "a", "ok": true}])";
  ExpectViolations(R"({"backup_id": "bk-0a1b2c3d", "verified": true, "checks": []})", kBackupSchema,
                   "/checks: Array should contain no fewer than 1 elements; (root): Missing "
                   "required property 'restored_at'");
  ExpectViolations("{" + ok + R"(, "environment": "prod"})", kBackupSchema,
                   "/environment: Failed to match against any enum values");
  ExpectViolations("{" + ok + R"(, "rows_compared": 0})", kBackupSchema,
                   "/rows_compared: Expected number greater than or equal to 1.000000");
  ExpectViolations("{" + ok + R"(, "rows_compared": 2.5})", kBackupSchema,
                   "/rows_compared: Value type not permitted by 'type' constraint");
  ExpectViolations("{" + ok + R"(, "approved_by": "me"})", kBackupSchema,
                   "(root): Object contains a property that could not be validated using "
                   "'properties' or 'additionalProperties' constraints: 'approved_by'");
  ExpectViolations(R"([1, 2])", kBackupSchema,
                   "(root): Value type not permitted by 'type' constraint");
}

TEST(Generic, TypeMustBeASimpleName) {
  for (const char* good : {"backup-verification", "rollback-plan", "dast.zap", "a", "x_1"}) {
    EXPECT_TRUE(Check(kBackupDocument, kBackupSchema, good).ok()) << good;
  }
  std::string long_name(65, 'a');
  for (const std::string& bad : {std::string("Backup"), std::string(""), std::string("-x"),
                                 std::string(".x"), std::string("backup verification"),
                                 std::string("a/b"), std::string("caf\xC3\xA9"), long_name}) {
    Result<GenericSummary> s = Check(kBackupDocument, kBackupSchema, bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.status().message().find("is not a simple name ([a-z0-9][a-z0-9._-]{0,63}"),
              std::string::npos)
        << s.status().message();
  }
}

TEST(Generic, SchemaThatIsNotJsonOrNotASchemaIsRefusedNamingIt) {
  ExpectSchemaRefused(R"({"type": "object",)", "at byte");
  ExpectSchemaRefused(R"({"type": "object", "type": "array"})", "duplicate key \"type\"");
  ExpectSchemaRefused(R"(["type", "object"])",
                      "not a JSON Schema (a schema is a JSON object, not array)");
  ExpectSchemaRefused(R"({"type": 5})", "not a usable JSON Schema: JSON value is not a string");
  ExpectSchemaRefused(R"({"required": "name"})", "not a usable JSON Schema");
  ExpectSchemaRefused(R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})",
                      "$schema \"https://json-schema.org/draft/2020-12/schema\" is not supported "
                      "(JSON Schema drafts 4, 6 and 7 are)");
  ExpectSchemaRefused(R"({"$schema": "http://json-schema.org/draft-03/schema#"})", "not supported");
  ExpectSchemaRefused(R"({"$schema": 7})", "$schema is not a string");
}

TEST(Generic, Draft4AndDraft6SchemasAreRead) {
  const char* draft4 = R"({"$schema": "http://json-schema.org/draft-04/schema#",
    "id": "urn:example:rollback-plan", "type": "object",
    "properties": {"minutes": {"type": "number", "maximum": 30, "exclusiveMaximum": true}}})";
  Result<GenericSummary> s = Check(R"({"minutes": 29.5})", draft4);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->schema_id, "urn:example:rollback-plan");
  ExpectViolations(R"({"minutes": 30})", draft4, "/minutes: Expected number less than 30.000000");
  const char* draft6 = R"({"$schema": "http://json-schema.org/draft-06/schema#",
    "properties": {"steps": {"type": "array", "contains": {"const": "switch traffic back"}}}})";
  EXPECT_TRUE(Check(R"({"steps": ["drain", "switch traffic back"]})", draft6).ok());
  ExpectViolations(R"({"steps": ["drain"]})", draft6,
                   "/steps: Failed to any values against subschema in 'contains' constraint");
}

TEST(Generic, RemoteReferencesAreRefusedNotFetched) {
  ExpectSchemaRefused(R"({"$ref": "https://schemas.example.com/backup.json"})",
                      "$ref \"https://schemas.example.com/backup.json\" at # names another "
                      "document; references to other documents are not fetched");
  ExpectSchemaRefused(
      R"({"properties": {"plan": {"items": {"$ref": "common.json#/definitions/step"}}}})",
      "$ref \"common.json#/definitions/step\" at /properties/plan/items names another document");
  ExpectSchemaRefused(R"({"definitions": {"a": {"$ref": "http://169.254.169.254/latest"}},
    "anyOf": [{"$ref": "#/definitions/a"}]})",
                      "$ref \"http://169.254.169.254/latest\" at /definitions/a names another");
}

// Local references: definitions, $defs, escaped pointer tokens, and a recursive tree schema.
TEST(Generic, LocalReferencesResolveIncludingRecursion) {
  const char* schema = R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$ref": "#/definitions/step",
    "definitions": {
      "step": {
        "type": "object",
        "required": ["name"],
        "properties": {
          "name": {"$ref": "#/$defs/name"},
          "owner/team": {"$ref": "#/definitions/owner~1team"},
          "then": {"type": "array", "items": {"$ref": "#/definitions/step"}}
        }
      },
      "owner/team": {"type": "string", "pattern": "^@"}
    },
    "$defs": {"name": {"type": "string", "minLength": 3}}
  })";
  const char* plan = R"({"name": "freeze deploys", "owner/team": "@sre", "then": [
    {"name": "revert release", "then": [{"name": "verify"}, {"name": "notify"}]}]})";
  EXPECT_TRUE(Check(plan, schema).ok()) << Check(plan, schema).status().message();
  ExpectViolations(
      R"({"name": "freeze", "then": [{"name": "rollback", "then": [{"name": "ok"}]}]})", schema,
      "/then/0/then/0/name: String should be no fewer than 3 characters in length");
  ExpectViolations(R"({"name": "freeze", "owner/team": "sre"})", schema,
                   "/owner~1team: String does not match pattern \"^@\"");
  ExpectSchemaRefused(R"({"$ref": "#/definitions/missing"})",
                      "$ref \"#/definitions/missing\" at # does not resolve in this schema");
  ExpectSchemaRefused(R"({"items": [{"$ref": "#/items/7"}]})", "does not resolve");
}

TEST(Generic, SchemasThatApplyThemselvesToTheSameValueAreRefused) {
  ExpectSchemaRefused(R"({"$ref": "#"})", "the subschema at # applies itself to the same value");
  ExpectSchemaRefused(R"({"allOf": [{"$ref": "#"}]})", "applies itself to the same value");
  ExpectSchemaRefused(R"({"definitions": {"a": {"anyOf": [{"$ref": "#/definitions/b"}]},
    "b": {"not": {"$ref": "#/definitions/a"}}}, "properties": {"x": {"$ref": "#/definitions/a"}}})",
                      "a $ref cycle");
  // Recursion through a property or an item descends into the value: that is fine.
  EXPECT_TRUE(Check(R"({"x": {"x": {"x": {}}}})", R"({"properties": {"x": {"$ref": "#"}}})").ok());
  std::string chain = R"({"$ref": "#/definitions/d0", "definitions": {)";
  for (int i = 0; i < 20; ++i) {
    chain += "\"d" + std::to_string(i) + R"(": {"allOf": [{"$ref": "#/definitions/d)" +
             std::to_string(i + 1) + "\"}]},";
  }
  ExpectSchemaRefused(chain + R"("d20": {"type": "object"}}})", "nest deeper than 16 levels");
  std::string wide = R"({"properties": {)";
  for (int i = 0; i < 1001; ++i) wide += (i ? ",\"p" : "\"p") + std::to_string(i) + "\": {}";
  ExpectSchemaRefused(wide + "}}", "more than 1000 subschemas to build");
}

// valijson appends a relative id to the enclosing one; through a $ref that makes a new scope on
// every pass and it never stops building.
TEST(Generic, RelativeIdsInsideAnotherIdAreRefused) {
  ExpectSchemaRefused(R"({"definitions": {"a": {"id": "a.json",
    "properties": {"p": {"$ref": "#/definitions/a"}}}}, "properties": {"q": {"$ref": "#/definitions/a"}}})",
                      "relative id \"a.json\" at /definitions/a/id inside the scope of another id "
                      "is not supported");
  ExpectSchemaRefused(R"({"properties": {"q": {"id": 5}}})",
                      "id at /properties/q/id is not a string");
  const char* absolute = R"({"id": "https://example.com/plan.json", "properties": {
    "step": {"id": "https://example.com/step.json", "$ref": "#/definitions/s"},
    "more": {"id": "urn:example:more", "items": {"$ref": "#/definitions/s"}}},
    "definitions": {"s": {"type": "string"}}})";
  EXPECT_TRUE(Check(R"({"step": "a", "more": ["b"]})", absolute).ok());
  ExpectViolations(R"({"more": [1]})", absolute,
                   "/more/0: Value type not permitted by 'type' constraint");
}

TEST(Generic, BigDocumentOmitsDataAndGivesItsSize) {
  std::string findings = R"({"site": "https://staging.example.com", "alerts": [)";
  for (int i = 0; i < 400; ++i) {
    findings += std::string(i ? "," : "") +
                R"({"pluginid": "10038", "risk": "Medium", "uri": "/p)" + std::to_string(i) + "\"}";
  }
  findings += "]}";
  const char* zap = R"({"type": "object", "required": ["site", "alerts"],
    "properties": {"alerts": {"type": "array", "items": {"required": ["risk"]}}}})";
  Result<GenericSummary> s = ParseGeneric(findings, "zap.json", "dast.zap", zap, "zap.schema.json");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(s->data.has_value());
  EXPECT_EQ(s->data_bytes, CanonicalJson(Json::parse(findings))->size());
  EXPECT_GT(s->data_bytes, kMaxGenericDataBytes);
  Json j = s->ToJson();
  EXPECT_FALSE(j.contains("data"));
  EXPECT_EQ(j["data_bytes"], s->data_bytes);
  EXPECT_FALSE(j.contains("schema_id"));
}

// libstdc++'s std::regex, which valijson uses, overflows the stack on such strings.
TEST(Generic, PatternsOnAMegabyteStringDoNotCrash) {
  const char* schema = R"({"properties": {"log": {"pattern": "^(a|b)*$"}},
    "patternProperties": {"^(x|y)+$": {"type": "integer"}}})";
  std::string big(1 << 20, 'a');
  for (size_t i = 1; i < big.size(); i += 2) big[i] = 'b';
  EXPECT_TRUE(Check(R"({"log": ")" + big + "\"}", schema).ok());
  ExpectViolations(R"({"log": ")" + big + "c\"}", schema,
                   "/log: String does not match pattern \"^(a|b)*$\"");
  std::string key(1 << 20, 'x');
  EXPECT_TRUE(Check("{\"" + key + "\": 1}", schema).ok());
  Result<GenericSummary> s = Check("{\"" + key + "\": \"one\"}", schema);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(": Value type not permitted by 'type' constraint"),
            std::string::npos);
  EXPECT_LT(s.status().message().size(), 600u);  // the megabyte key is cut in the message
  ExpectViolations("\"" + std::string(1 << 20, '1') + "\"", R"({"format": "date-time"})",
                   "(root): String should be a valid date-time");
}

TEST(Generic, UniqueItemsComparesJsonValuesInLinearTime) {
  const char* schema = R"({"properties": {"hosts": {"uniqueItems": true}}})";
  EXPECT_TRUE(
      Check(R"({"hosts": [1, "1", [1], {"a": 1, "b": 2}, {"a": 2, "b": 1}, true, null]})", schema)
          .ok());
  ExpectViolations(R"({"hosts": ["a", 1, 2, 1.0]})", schema,
                   "/hosts: Elements at indexes #1 and #3 violate uniqueness constraint");
  ExpectViolations(R"({"hosts": [{"a": 1, "b": [2]}, {"b": [2.0], "a": 1}]})", schema,
                   "/hosts: Elements at indexes #0 and #1 violate uniqueness constraint");
  // valijson itself would compare 2e10 pairs and record each equal one.
  std::string many = R"({"hosts": [0)";
  for (int i = 1; i < 200000; ++i) many += ",1";
  ExpectViolations(many + "]}", schema,
                   "/hosts: Elements at indexes #1 and #2 violate uniqueness constraint");
}

TEST(Generic, PatternsAreEcmaScriptWithUnicodeEscapes) {
  const char* schema = R"({"properties": {
    "code": {"pattern": "^[\\u0041-\\u005A]{3}$"},
    "mood": {"pattern": "^\\uD83D\\uDE00$"},
    "path": {"pattern": "^\\/srv\\/[\\w.-]+$"}}})";
  EXPECT_TRUE(Check(R"({"code": "ABC", "mood": "😀", "path": "/srv/app-1.2"})", schema).ok());
  ExpectViolations(R"({"code": "AbC"})", schema,
                   "/code: String does not match pattern \"^[\\u0041-\\u005A]{3}$\"");
  ExpectViolations(R"({"mood": "😀😀"})", schema,
                   "/mood: String does not match pattern \"^\\uD83D\\uDE00$\"");
}

TEST(Generic, PatternsRe2CannotReadAreRefusedWhenTheSchemaIsRead) {
  ExpectSchemaRefused(
      R"({"properties": {"password": {"pattern": "^(?=.*[0-9]).{12,}$"}}})",
      "pattern \"^(?=.*[0-9]).{12,}$\" is not supported (invalid perl operator: "
      "(?=; lookaround and backreferences are not) at /properties/password/pattern");
  ExpectSchemaRefused(R"({"items": {"patternProperties": {"^(a)\\1$": {}}}})",
                      "at /items/patternProperties");
}

TEST(Generic, FormatsAreCheckedOnStringsOnly) {
  const char* schema = R"({"properties": {"day": {"format": "date"}, "at": {"format": "time"},
    "when": {"format": "date-time"}, "mail": {"format": "email"}}})";
  EXPECT_TRUE(Check(R"({"day": "2024-02-29", "at": "23:59:60.5+01:00",
    "when": "2024-05-01t03:12:44.123z", "mail": "not checked"})",
                    schema)
                  .ok());
  EXPECT_TRUE(Check(R"({"day": 20240229, "when": null})", schema).ok());
  ExpectViolations(R"({"day": "2023-02-29"})", schema, "/day: String should be a valid date");
  ExpectViolations(R"({"day": "2024-04-31"})", schema, "/day: String should be a valid date");
  ExpectViolations(R"({"at": "12:00:00|01:00"})", schema, "/at: String should be a valid time");
  ExpectViolations(R"({"when": "2024-05-01T03:12:44"})", schema,
                   "/when: String should be a valid date-time");
}

TEST(Generic, DocumentThatIsNotJsonIsRefusedWithTheByte) {
  Result<GenericSummary> s =
      Check(R"({"backup_id": "bk-0a1b2c3d", "verified": tru})", kBackupSchema);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind("evidence.json: ", 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find("at byte 44"), std::string::npos) << s.status().message();
  s = Check("", kBackupSchema);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("evidence.json: "), std::string::npos);
}

// A document failing everywhere stops after a bounded number of recorded violations.
TEST(Generic, AHugeFailingDocumentIsReportedWithoutRecordingEveryViolation) {
  std::string numbers = "[0";
  for (int i = 1; i < 200000; ++i) numbers += ",1";
  ExpectViolations(numbers + "]", R"({"items": {"type": "string"}})",
                   "/0: Value type not permitted by 'type' constraint; /1: Value type not "
                   "permitted by 'type' constraint; /2: Value type not permitted by 'type' "
                   "constraint; ...");
}

std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/proofline_generic_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  return path;
}

TEST(Generic, FilesAreReadHashedAndMissingOnesAreNotFound) {
  std::string doc = WriteTemp(kBackupDocument);
  std::string schema = WriteTemp(kBackupSchema);
  StreamDigest digest;
  Result<GenericSummary> s = ParseGenericFile(doc, "backup-verification", schema, &digest);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(digest.size, std::string(kBackupDocument).size());
  EXPECT_EQ(digest.sha256, Sha256(AsBytes(kBackupDocument)));
  EXPECT_EQ(s->schema_digest, "sha256:" + ToHex(Sha256(AsBytes(kBackupSchema))));
  Result<GenericSummary> no_doc = ParseGenericFile("/nonexistent/backup.json", "b", schema);
  EXPECT_EQ(no_doc.status().code(), StatusCode::kNotFound);
  EXPECT_NE(no_doc.status().message().find("/nonexistent/backup.json"), std::string::npos);
  Result<GenericSummary> no_schema = ParseGenericFile(doc, "b", "/nonexistent/backup.schema.json");
  EXPECT_EQ(no_schema.status().code(), StatusCode::kNotFound);
  EXPECT_NE(no_schema.status().message().find("/nonexistent/backup.schema.json"),
            std::string::npos);
  unlink(doc.c_str());
  unlink(schema.c_str());
}

}  // namespace
}  // namespace proofline::evidence
