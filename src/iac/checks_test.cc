// Tests of the checks engine and of every shipped check: compliant and non-compliant Terraform
// and Kubernetes fixtures with their exact findings, joins, unresolved values, and every kind of
// invalid check file.
#include "iac/checks.h"

#include <gtest/gtest.h>

#include "iac/kubernetes.h"
#include "iac/terraform.h"

namespace proofline::iac {
namespace {

// "CHECK:LINE: MESSAGE" for each finding of `id` (every check when empty).
std::vector<std::string> Findings(const CheckSet& checks, const Inventory& inv,
                                  const std::string& id = "", const CheckParams& params = {}) {
  std::vector<std::string> out;
  for (const CheckFinding& f : RunChecks(checks, inv, params)) {
    if (!id.empty() && f.check->id != id) continue;
    out.push_back(f.check->id + ":" + std::to_string(f.line) + ": " + f.message);
  }
  return out;
}

// An inventory of one Terraform resource TYPE.NAME at `line` with `body`.
Inventory OneResource(const std::string& type, const std::string& name, uint32_t line,
                      const char* body) {
  Resource r;
  r.kind = "resource";
  r.type = type;
  r.name = name;
  r.address = type + "." + name;
  r.line = line;
  r.body = Json::parse(body);
  Inventory inv;
  inv.resources = {r};
  return inv;
}

class ShippedChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<CheckSet> checks = ShippedChecks();
    ASSERT_TRUE(checks.ok()) << checks.status().message();
    checks_ = std::move(*checks);
  }
  std::vector<std::string> Tf(const std::string& id, const std::string& text,
                              const CheckParams& params = {}) {
    Inventory inv = LoadTerraformText("main.tf", text);
    EXPECT_TRUE(inv.problems.empty()) << inv.problems[0].message;
    return Findings(checks_, inv, id, params);
  }
  std::vector<std::string> K8s(const std::string& id, const std::string& text) {
    Inventory inv = LoadKubernetesText("k8s.yaml", text);
    EXPECT_TRUE(inv.problems.empty()) << inv.problems[0].message;
    return Findings(checks_, inv, id);
  }
  using V = std::vector<std::string>;
  CheckSet checks_;
};

TEST_F(ShippedChecksTest, EveryCheckNamesItsControlsAndRemediation) {
  EXPECT_EQ(checks_.checks.size(), 145u);
  for (const Check& c : checks_.checks) {
    EXPECT_FALSE(c.controls.empty()) << c.id;
    EXPECT_FALSE(c.remediation.empty()) << c.id;
  }
  EXPECT_EQ(checks_.checks[0].controls,
            (V{"SOX-IT-03", "HIPAA 164.312(a)(2)(iv)", "PCI DSS 3.5.1", "SOC 2 CC6.1"}));
}

TEST_F(ShippedChecksTest, RdsStorageEncryption) {
  EXPECT_EQ(Tf("PL-AWS-RDS-ENCRYPTION", R"(
resource "aws_db_instance" "ok" {
  storage_encrypted = true
}
resource "aws_rds_cluster" "ok" {
  storage_encrypted = "true"
}
resource "aws_db_instance" "off" {
  storage_encrypted = false
}
resource "aws_rds_cluster" "missing" {
  engine = "aurora-postgresql"
}
variable "encrypted" {}
resource "aws_db_instance" "unknown" {
  storage_encrypted = var.encrypted
}
)"),
            (V{"PL-AWS-RDS-ENCRYPTION:9: aws_db_instance.off: database storage is not encrypted at "
               "rest (storage_encrypted is false (must be true))",
               "PL-AWS-RDS-ENCRYPTION:11: aws_rds_cluster.missing: database storage is not "
               "encrypted at rest (storage_encrypted is missing (must be true))",
               "PL-AWS-RDS-ENCRYPTION:16: aws_db_instance.unknown: database storage is not "
               "encrypted at rest (storage_encrypted could not be resolved (${var.encrypted}))"}));
}

TEST_F(ShippedChecksTest, EbsVolumeEncryptionOrTheAccountDefault) {
  const std::string volumes = R"(
resource "aws_ebs_volume" "ok" {
  encrypted = true
}
resource "aws_ebs_volume" "plain" {
  size = 10
}
)";
  EXPECT_EQ(Tf("PL-AWS-EBS-ENCRYPTION", volumes),
            (V{"PL-AWS-EBS-ENCRYPTION:5: aws_ebs_volume.plain: EBS volume is not encrypted at rest "
               "(encrypted is missing (must be true); no aws_ebs_encryption_by_default exists)"}));
  EXPECT_EQ(
      Tf("PL-AWS-EBS-ENCRYPTION",
         volumes + "resource \"aws_ebs_encryption_by_default\" \"on\" {\n  enabled = true\n}\n"),
      V{});
}

TEST_F(ShippedChecksTest, Ec2RootAndEbsBlockDevices) {
  EXPECT_EQ(Tf("PL-AWS-EC2-EBS-ENCRYPTION", R"(
resource "aws_instance" "ok" {
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = true
  }
}
resource "aws_instance" "no_root" {
  ami = "ami-123"
}
resource "aws_instance" "plain_data" {
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
  }
  ebs_block_device {
    device_name = "/dev/sdg"
    encrypted   = false
  }
}
)"),
            (V{"PL-AWS-EC2-EBS-ENCRYPTION:11: aws_instance.no_root: instance block devices are not "
               "encrypted at rest (no root_block_device; no aws_ebs_encryption_by_default exists)",
               "PL-AWS-EC2-EBS-ENCRYPTION:18: aws_instance.plain_data: instance block devices are "
               "not encrypted at rest (ebs_block_device[0]: encrypted is missing (must be true); "
               "ebs_block_device[1]: encrypted is false (must be true); no "
               "aws_ebs_encryption_by_default exists)"}));
}

TEST_F(ShippedChecksTest, S3EncryptionInlineOrInASeparateResource) {
  EXPECT_EQ(Tf("PL-AWS-S3-ENCRYPTION", R"(
resource "aws_s3_bucket" "inline" {
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}
resource "aws_s3_bucket" "separate" {
  bucket = "acme-audit"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "separate" {
  bucket = aws_s3_bucket.separate.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.audit.arn
    }
  }
}
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-named"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "by_name" {
  bucket = "acme-named"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket" "plain" {
  bucket = "acme-plain"
}
resource "aws_s3_bucket" "separate2" {
  bucket = "acme-other"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "empty_rule" {
  bucket = aws_s3_bucket.separate2.bucket
  rule {
    bucket_key_enabled = true
  }
}
)"),
            (V{"PL-AWS-S3-ENCRYPTION:34: aws_s3_bucket.plain: bucket has no server-side encryption "
               "configuration (server_side_encryption_configuration.rule.apply_server_side_"
               "encryption_by_default.sse_algorithm is missing; no "
               "aws_s3_bucket_server_side_encryption_configuration references it)",
               "PL-AWS-S3-ENCRYPTION:37: aws_s3_bucket.separate2: bucket has no server-side "
               "encryption configuration (server_side_encryption_configuration.rule.apply_server_"
               "side_encryption_by_default.sse_algorithm is missing; "
               "aws_s3_bucket_server_side_encryption_configuration.empty_rule: "
               "rule.apply_server_side_encryption_by_default.sse_algorithm is missing)"}));
}

TEST_F(ShippedChecksTest, CloudTrailEnabledMultiRegionAndValidated) {
  const std::string ok = R"(
resource "aws_cloudtrail" "ok" {
  name                       = "org"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
)";
  const std::string bad = R"(
resource "aws_cloudtrail" "bad" {
  name           = "org"
  enable_logging = false
  is_multi_region_trail = false
}
)";
  for (const char* id : {"PL-AWS-CLOUDTRAIL-ENABLED", "PL-AWS-CLOUDTRAIL-MULTI-REGION",
                         "PL-AWS-CLOUDTRAIL-LOG-VALIDATION"}) {
    EXPECT_EQ(Tf(id, ok), V{}) << id;
  }
  EXPECT_EQ(Tf("PL-AWS-CLOUDTRAIL-ENABLED", bad),
            (V{"PL-AWS-CLOUDTRAIL-ENABLED:4: aws_cloudtrail.bad: trail logging is switched off "
               "(enable_logging is false (must not be false))"}));
  EXPECT_EQ(Tf("PL-AWS-CLOUDTRAIL-MULTI-REGION", bad),
            (V{"PL-AWS-CLOUDTRAIL-MULTI-REGION:5: aws_cloudtrail.bad: trail covers one region only "
               "(is_multi_region_trail is false (must be true))"}));
  EXPECT_EQ(Tf("PL-AWS-CLOUDTRAIL-LOG-VALIDATION", bad),
            (V{"PL-AWS-CLOUDTRAIL-LOG-VALIDATION:2: aws_cloudtrail.bad: log file validation is "
               "off, so log tampering goes undetected (enable_log_file_validation is missing "
               "(must be true))"}));
}

TEST_F(ShippedChecksTest, S3PublicAccessBlockJoinedOrAccountLevel) {
  const std::string buckets = R"(
resource "aws_s3_bucket" "ok" {}
resource "aws_s3_bucket_public_access_block" "ok" {
  bucket                  = aws_s3_bucket.ok.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket" "partial" {}
resource "aws_s3_bucket_public_access_block" "partial" {
  bucket                  = aws_s3_bucket.partial.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
variable "block" {}
resource "aws_s3_bucket" "unknown" {}
resource "aws_s3_bucket_public_access_block" "unknown" {
  bucket                  = aws_s3_bucket.unknown.id
  block_public_acls       = var.block
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket" "none" {}
resource "aws_s3_bucket" "ok2" {}
)";
  EXPECT_EQ(Tf("PL-AWS-S3-PUBLIC-ACCESS-BLOCK", buckets),
            (V{"PL-AWS-S3-PUBLIC-ACCESS-BLOCK:10: aws_s3_bucket.partial: bucket does not block "
               "public access (aws_s3_bucket_public_access_block.partial: block_public_policy is "
               "false (must be true); no aws_s3_account_public_access_block exists)",
               "PL-AWS-S3-PUBLIC-ACCESS-BLOCK:19: aws_s3_bucket.unknown: bucket does not block "
               "public access (aws_s3_bucket_public_access_block.unknown: block_public_acls could "
               "not be resolved (${var.block}))",
               "PL-AWS-S3-PUBLIC-ACCESS-BLOCK:27: aws_s3_bucket.none: bucket does not block public "
               "access (no aws_s3_bucket_public_access_block references it; no "
               "aws_s3_account_public_access_block exists)",
               "PL-AWS-S3-PUBLIC-ACCESS-BLOCK:28: aws_s3_bucket.ok2: bucket does not block public "
               "access (no aws_s3_bucket_public_access_block references it; no "
               "aws_s3_account_public_access_block exists)"}));
  // `ok2` does not match `ok` (word boundary); the account-level block covers every bucket.
  EXPECT_EQ(Tf("PL-AWS-S3-PUBLIC-ACCESS-BLOCK", buckets + R"(
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
)"),
            V{});
}

TEST_F(ShippedChecksTest, IamWildcardPoliciesInEveryForm) {
  EXPECT_EQ(
      Tf("PL-AWS-IAM-WILDCARD", R"(
resource "aws_iam_policy" "encoded" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["*"], Resource = "*" }]
  })
}
resource "aws_iam_role_policy" "literal" {
  policy = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*:*\", \"Resource\": [\"*\"]}}"
}
resource "aws_iam_user_policy" "heredoc" {
  policy = <<-EOT
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                   {"Effect": "Allow", "Action": "*", "Resource": "*"}]}
  EOT
}
resource "aws_iam_group_policy" "scoped" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" },
                 { Effect = "Deny", Action = "*", Resource = "*" }]
  })
}
resource "aws_iam_policy" "from_document" {
  policy = data.aws_iam_policy_document.admin.json
}
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "read" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}
)"),
      (V{"PL-AWS-IAM-WILDCARD:3: aws_iam_policy.encoded: policy allows every action on every "
         "resource (policy.Statement[0]: Effect is Allow; Action is [\"*\"]; Resource is *)",
         "PL-AWS-IAM-WILDCARD:9: aws_iam_role_policy.literal: policy allows every action on "
         "every resource (policy.Statement: Effect is Allow; Action is *:*; Resource is "
         "[\"*\"])",
         "PL-AWS-IAM-WILDCARD:12: aws_iam_user_policy.heredoc: policy allows every action on "
         "every resource (policy.Statement[1]: Effect is Allow; Action is *; Resource is *)"}));
  EXPECT_EQ(
      Tf("PL-AWS-IAM-DOCUMENT-WILDCARD", R"(
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "read" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}
)"),
      (V{"PL-AWS-IAM-DOCUMENT-WILDCARD:3: data.aws_iam_policy_document.admin: policy document "
         "allows every action on every resource (statement[0]: effect is missing (must be "
         "Allow); actions is [\"*\"]; resources is [\"*\"])"}));
}

TEST_F(ShippedChecksTest, RequiredTagsMergeTheProvidersDefaultTags) {
  const std::string tf = R"(
provider "aws" {
  default_tags {
    tags = {
      Environment = "prod"
      Owner       = "payments"
    }
  }
}
provider "aws" {
  alias = "audit"
}
resource "aws_s3_bucket" "tagged" {
  tags = {
    ComplianceFramework = "SOX"
    ChangeTicket        = "CHG-1"
    GitCommitSHA        = "abc123"
    ApprovalReference   = "APR-9"
  }
}
resource "aws_s3_bucket" "partial" {
  tags = {
    ChangeTicket = "CHG-1"
  }
}
resource "aws_s3_bucket" "audit" {
  provider = aws.audit
  tags = {
    Owner = "audit"
  }
}
resource "aws_kms_key" "untagged" {}
resource "aws_s3_bucket_policy" "not_taggable" {}
resource "aws_rare_thing" "with_tags" {
  tags = {}
}
variable "tags" {}
resource "aws_sqs_queue" "unknown" {
  tags = var.tags
}
)";
  EXPECT_EQ(Tf("PL-AWS-REQUIRED-TAGS", tf),
            (V{"PL-AWS-REQUIRED-TAGS:22: aws_s3_bucket.partial: required compliance tags are "
               "missing (tags_all lacks ComplianceFramework, GitCommitSHA, ApprovalReference)",
               "PL-AWS-REQUIRED-TAGS:28: aws_s3_bucket.audit: required compliance tags are missing "
               "(tags_all lacks Environment, ComplianceFramework, ChangeTicket, GitCommitSHA, "
               "ApprovalReference)",
               "PL-AWS-REQUIRED-TAGS:32: aws_kms_key.untagged: required compliance tags are "
               "missing (tags_all lacks ComplianceFramework, ChangeTicket, GitCommitSHA, "
               "ApprovalReference)",
               "PL-AWS-REQUIRED-TAGS:35: aws_rare_thing.with_tags: required compliance tags are "
               "missing (tags_all lacks ComplianceFramework, ChangeTicket, GitCommitSHA, "
               "ApprovalReference)",
               "PL-AWS-REQUIRED-TAGS:39: aws_sqs_queue.unknown: required compliance tags are "
               "missing (tags_all could not be resolved (${var.tags}))"}));
  CheckParams params;
  params.required_tags = {"Owner"};
  EXPECT_EQ(Tf("PL-AWS-REQUIRED-TAGS", tf, params),
            (V{"PL-AWS-REQUIRED-TAGS:39: aws_sqs_queue.unknown: required compliance tags are "
               "missing (tags_all could not be resolved (${var.tags}))"}));
}

TEST_F(ShippedChecksTest, JoinsStayWithinTheModule) {
  Inventory inv;
  Resource bucket;
  bucket.kind = "resource";
  bucket.type = "aws_s3_bucket";
  bucket.name = "logs";
  bucket.module = "module.audit";
  bucket.address = "module.audit.aws_s3_bucket.logs";
  bucket.file = "modules/audit/main.tf";
  bucket.line = 3;
  Resource sse;
  sse.kind = "resource";
  sse.type = "aws_s3_bucket_server_side_encryption_configuration";
  sse.name = "logs";
  sse.address = "aws_s3_bucket_server_side_encryption_configuration.logs";
  sse.file = "main.tf";
  sse.body = Json::parse(R"({"bucket": "${aws_s3_bucket.logs.id}",
    "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]})");
  inv.resources = {bucket, sse};
  EXPECT_EQ(Findings(checks_, inv, "PL-AWS-S3-ENCRYPTION").size(), 1u);
  inv.resources[1].module = "module.audit";
  EXPECT_EQ(Findings(checks_, inv, "PL-AWS-S3-ENCRYPTION"), V{});
}

// Meets every shipped Kubernetes check (Pod Security Standards restricted at the pod level, a
// pinned image, limits, no API token).
constexpr const char* kCompliantPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: registry.example.com/app:1@sha256:a172cedcae47474b615c54d510a5d84a8dea3032e958587430b413538be3f333
      securityContext:
        allowPrivilegeEscalation: false
        privileged: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
      resources:
        requests: {cpu: 100m, memory: 256Mi}
        limits: {cpu: "1", memory: 256Mi}
)";

constexpr const char* kBadWorkloads = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      hostPID: true
      hostIPC: true
      initContainers:
        - name: init
          image: busybox
          securityContext: {allowPrivilegeEscalation: false}
      containers:
        - name: app
          image: app:1
          securityContext:
            privileged: true
            allowPrivilegeEscalation: true
          resources:
            limits: {cpu: "1", memory: 1Gi}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          containers:
            - name: job
              image: job:1
              securityContext:
                privileged: "true"
                allowPrivilegeEscalation: false
              resources:
                limits: {memory: 1Gi}
)";

TEST_F(ShippedChecksTest, KubernetesCompliantPodHasNoFindings) {
  EXPECT_EQ(K8s("", kCompliantPod), V{});
}

TEST_F(ShippedChecksTest, KubernetesPrivilegedContainers) {
  EXPECT_EQ(K8s("PL-K8S-PRIVILEGED", kBadWorkloads),
            (V{"PL-K8S-PRIVILEGED:19: Deployment/shop/web: a container runs privileged "
               "(spec.template.spec.containers[0] (app): securityContext.privileged is true (must "
               "not be true))",
               "PL-K8S-PRIVILEGED:38: CronJob/default/nightly: a container runs privileged "
               "(spec.jobTemplate.spec.template.spec.containers[0] (job): "
               "securityContext.privileged is true (must not be true))"}));
}

TEST_F(ShippedChecksTest, KubernetesPrivilegeEscalation) {
  EXPECT_EQ(K8s("PL-K8S-PRIVILEGE-ESCALATION", kBadWorkloads),
            (V{"PL-K8S-PRIVILEGE-ESCALATION:20: Deployment/shop/web: a container may escalate its "
               "privileges (spec.template.spec.containers[0] (app): "
               "securityContext.allowPrivilegeEscalation is true (must be false))"}));
}

TEST_F(ShippedChecksTest, KubernetesResourceLimitsOnEveryContainerAndInitContainer) {
  EXPECT_EQ(K8s("PL-K8S-RESOURCE-LIMITS", kBadWorkloads),
            (V{"PL-K8S-RESOURCE-LIMITS:12: Deployment/shop/web: a container has no CPU or memory "
               "limit (spec.template.spec.initContainers[0] (init): resources.limits is missing "
               "(must have [\"cpu\",\"memory\"]))",
               "PL-K8S-RESOURCE-LIMITS:41: CronJob/default/nightly: a container has no CPU or "
               "memory limit (spec.jobTemplate.spec.template.spec.containers[0] (job): "
               "resources.limits lacks cpu)"}));
}

TEST_F(ShippedChecksTest, KubernetesHostNamespaces) {
  EXPECT_EQ(K8s("PL-K8S-HOST-NAMESPACES", kBadWorkloads),
            (V{"PL-K8S-HOST-NAMESPACES:9: Deployment/shop/web: pod shares host namespaces "
               "(spec.template.spec: hostPID is true (must not be true); hostIPC is true (must "
               "not be true))",
               "PL-K8S-HOST-NAMESPACES:33: CronJob/default/nightly: pod shares host namespaces "
               "(spec.jobTemplate.spec.template.spec: hostNetwork is true (must not be true))"}));
}

TEST(Checks, UserChecksAddAndReplaceShippedOnesById) {
  Result<CheckSet> shipped = ShippedChecks();
  ASSERT_TRUE(shipped.ok());
  Result<CheckSet> mine = ParseChecks(R"(checks:
  - id: PL-AWS-CLOUDTRAIL-MULTI-REGION
    title: replaced
    severity: low
    resource_types: [aws_cloudtrail]
    assert: {path: name, op: exists}
  - id: ACME-KMS-ROTATION
    title: KMS keys rotate
    severity: medium
    resource_types: [aws_kms_key]
    assert: {path: enable_key_rotation, op: equals, value: true}
)",
                                      "mine.yaml");
  ASSERT_TRUE(mine.ok()) << mine.status().message();
  CheckSet merged = MergeChecks(*shipped, *mine);
  ASSERT_EQ(merged.checks.size(), shipped->checks.size() + 1);
  EXPECT_EQ(merged.checks[5].id, "PL-AWS-CLOUDTRAIL-MULTI-REGION");
  EXPECT_EQ(merged.checks[5].title, "replaced");
  EXPECT_EQ(merged.checks[5].origin, "mine.yaml:2");
  EXPECT_EQ(merged.checks.back().id, "ACME-KMS-ROTATION");
}

// lt/le/gt/ge compare numbers (numeric strings too); matches/not_matches search an RE2 pattern;
// an unresolved value stays unknown, a missing one fails the positive operators.
TEST(Checks, NumericAndPatternOperators) {
  Result<CheckSet> checks = ParseChecks(R"(checks:
  - id: N
    title: n
    severity: low
    resource_types: [x]
    assert:
      all_of:
        - {path: days, op: ge, value: 7}
        - {path: port, op: lt, value: 1024}
        - {path: tls, op: matches, value: "TLS-1-[23]"}
        - {path: image, op: not_matches, value: ":latest$"}
)",
                                        "n.yaml");
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  Inventory inv = OneResource("x", "a", 3, R"({"days": "7", "port": 443,
      "tls": "ELBSecurityPolicy-TLS-1-2-2017-01", "image": "nginx:1.25"})");
  EXPECT_EQ(Findings(*checks, inv), std::vector<std::string>{});
  inv.resources[0].body = Json::parse(R"({"days": 6.5, "port": "http", "tls": "TLS-1-0",
                                          "image": "nginx:latest"})");
  EXPECT_EQ(Findings(*checks, inv),
            (std::vector<std::string>{
                "N:3: x.a: n (days is 6.5 (must be at least 7); port is http (must be less than "
                "1024); tls is TLS-1-0 (must match /TLS-1-[23]/); image is nginx:latest (must "
                "not match /:latest$/))"}));
  inv.resources[0].body = Json::parse(R"({"port": "${var.port}", "tls": "TLS-1-2",
                                          "image": "x"})");
  std::vector<CheckFinding> f = RunChecks(*checks, inv, {});
  ASSERT_EQ(f.size(), 1u);  // days missing: false, decided before the unknown port
  EXPECT_FALSE(f[0].unresolved);
  for (const char* bad : {"{path: a, op: ge, value: x}", "{path: a, op: matches, value: \"(\"}",
                          "{path: a, op: matches, value: [1]}"}) {
    Result<CheckSet> r2 = ParseChecks(std::string("checks:\n  - id: B\n    title: b\n    "
                                                  "severity: low\n    resource_types: [x]\n"
                                                  "    assert: ") +
                                          bad + "\n    controls: [c]\n    remediation: r\n",
                                      "b.yaml");
    EXPECT_FALSE(r2.ok()) << bad;
  }
}

// ["KEY"] names a key holding '.' or '/', ["PREFIX*"] every key beginning with PREFIX (in key
// order, also through an array of objects), and a detail shows the key as written.
TEST(Checks, QuotedKeysAndKeyPrefixes) {
  Result<CheckSet> checks = ParseChecks(R"(checks:
  - id: Q
    title: q
    severity: low
    resource_types: [x]
    assert:
      all_of:
        - {path: 'a["example.com/team"]', op: equals, value: pay}
        - {path: 'a["apparmor/*"]', op: in, value: [ok, fine], if_missing: pass}
        - {path: 'list["k.1*"].v', op: equals, value: 1, if_missing: pass}
)",
                                        "q.yaml");
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  Inventory inv = OneResource("x", "a", 3, R"({"a": {"example.com/team": "pay",
      "apparmor/x": "ok", "apparmor": "no", "apparmos/y": "no", "apparmor/y": "fine"},
      "list": [{"k.1": {"v": 1}, "k.10": {"v": 1}, "k.2": {"v": 2}}, 3]})");
  EXPECT_EQ(Findings(*checks, inv), std::vector<std::string>{});
  inv.resources[0].body = Json::parse(R"({"a": {"example.com/team": "ops", "apparmor/b": "ok",
                                                "apparmor/a": "bad", "apparmor/c": "worse"},
                                          "list": [{"k.12": {"v": 0}}]})");
  EXPECT_EQ(
      Findings(*checks, inv),
      (std::vector<std::string>{"Q:3: x.a: q (a[\"example.com/team\"] is ops (must be pay); "
                                "a[\"apparmor/a\"] is bad (must be one of [\"ok\",\"fine\"]); "
                                "a[\"apparmor/c\"] is worse (must be one of [\"ok\",\"fine\"]); "
                                "list[0][\"k.12\"].v is 0 (must be 1))"}));
  inv.resources[0].body = Json::parse(R"({"a": {"team": "pay"}})");
  EXPECT_EQ(Findings(*checks, inv),
            std::vector<std::string>{"Q:3: x.a: q (a[\"example.com/team\"] is missing (must be "
                                     "pay))"});
}

// @json decodes a text holding unresolved parts when it is valid JSON all the same (jsonencode of
// an object with a reference, a heredoc interpolating inside a string): the structure is checked
// and only the strings holding "${" stay unknown. A text that is not JSON stays unknown.
TEST(Checks, JsonDecodesPoliciesWithUnresolvedStrings) {
  Result<CheckSet> checks = ParseChecks(R"(checks:
  - id: J
    title: j
    severity: low
    resource_types: [aws_iam_policy]
    assert:
      none: policy.@json.Statement
      assert:
        all_of:
          - {path: Effect, op: equals, value: Allow}
          - {path: Action, op: contains, value: "*"}
)",
                                        "j.yaml");
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  Inventory inv = LoadTerraformText("main.tf", R"(resource "aws_iam_policy" "encoded" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = aws_s3_bucket.b.arn }]
  })
}
resource "aws_iam_policy" "heredoc" {
  policy = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                    "Resource": "${aws_s3_bucket.b.arn}/*"}]}
  EOT
}
resource "aws_iam_policy" "unknown_effect" {
  policy = jsonencode({ Statement = [{ Effect = var.effect, Action = "*", Resource = "*" }] })
}
resource "aws_iam_policy" "not_json" {
  policy = <<-EOT
    {"Statement": ${jsonencode(var.statements)}}
  EOT
}
variable "effect" {}
variable "statements" {}
)");
  ASSERT_TRUE(inv.problems.empty()) << inv.problems[0].message;
  std::vector<CheckFinding> f = RunChecks(*checks, inv, {});
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].message,
            "aws_iam_policy.encoded: j (policy.Statement[0]: Effect is Allow; Action is *)");
  EXPECT_FALSE(f[0].unresolved);
  EXPECT_EQ(f[1].message,
            "aws_iam_policy.unknown_effect: j (policy.Statement[0]: Effect could not be resolved "
            "(${var.effect}))");
  EXPECT_TRUE(f[1].unresolved);
  EXPECT_EQ(f[2].resource->name, "not_json");
  EXPECT_TRUE(f[2].unresolved);
}

TEST(Checks, OperatorsOnHandBuiltResources) {
  Result<CheckSet> checks = ParseChecks(R"(checks:
  - id: T
    title: t
    severity: low
    resource_types: ["kubernetes_*", "data.x"]
    assert:
      all_of:
        - {path: "a[1]", op: in, value: [x, y]}
        - {path: list, op: not_contains, value: bad}
        - {path: text, op: contains, value: needle}
        - {path: obj.k, op: not_in, value: [1, 2]}
        - {path: gone, op: equals, value: 1, if_missing: pass}
        - not: {path: flag, op: equals, value: true}
        - some: list
          assert: {path: n, op: equals, value: 3}
)",
                                        "t.yaml");
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  Inventory inv = OneResource("kubernetes_thing", "n", 7, R"({"a": ["q", "y"],
      "list": [{"n": 3}, "ok"], "text": "needle", "obj": {"k": 3}, "flag": false})");
  EXPECT_EQ(Findings(*checks, inv), std::vector<std::string>{});
  inv.resources[0].body = Json::parse(R"({"a": ["q", "z"], "list": ["bad"], "text": "hay",
                                          "obj": {"k": 2}, "flag": "true"})");
  inv.resources[0].lines = {{"/a/1", 9}};
  EXPECT_EQ(Findings(*checks, inv),
            (std::vector<std::string>{
                "T:9: kubernetes_thing.n: t (a[1] is z (must be one of [\"x\",\"y\"]); list is "
                "[\"bad\"] (must not contain bad); text is hay (must contain needle); obj.k is 2 "
                "(must not be one of [1,2]); and 2 more)"}));
  inv.resources[0].kind = "data";
  EXPECT_EQ(Findings(*checks, inv), std::vector<std::string>{});
}

struct BadFile {
  std::string text;
  std::string error;
};

class InvalidCheckFileTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(InvalidCheckFileTest, IsRefusedNamingFileAndLine) {
  Result<CheckSet> r = ParseChecks(GetParam().text, "bad.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), GetParam().error);
}

constexpr const char* kHead = "checks:\n  - id: X\n    title: t\n    severity: high\n";

std::string WithAssert(const std::string& rest) {
  return std::string(kHead) + "    resource_types: [aws_s3_bucket]\n" + rest;
}

INSTANTIATE_TEST_SUITE_P(
    Checks, InvalidCheckFileTest,
    ::testing::Values(
        BadFile{"checks: [\n", "bad.yaml:2: invalid YAML: end of sequence flow not found"},
        BadFile{"rules: []\n", "bad.yaml:1: top level: unknown key 'rules'"},
        BadFile{"checks: {}\n", "bad.yaml:1: 'checks' must be a list of checks"},
        BadFile{"checks:\n  - id: X\n    titel: t\n", "bad.yaml:3: check: unknown key 'titel'"},
        BadFile{"checks:\n  - title: t\n", "bad.yaml:2: check: missing 'id'"},
        BadFile{"checks:\n  - id: X\n    severity: high\n", "bad.yaml:2: check X: missing 'title'"},
        BadFile{"checks:\n  - id: \"a b\"\n",
                "bad.yaml:2: check id 'a b': use letters, digits, '.', '_' and '-'"},
        BadFile{
            "checks:\n  - id: X\n    title: t\n    severity: severe\n",
            "bad.yaml:4: check X.severity: 'severe' is not note, low, medium, high or critical"},
        BadFile{(std::string(kHead) + "    assert: {path: a, op: exists}\n"),
                "bad.yaml:2: check X: missing 'resource_types'"},
        BadFile{WithAssert(""), "bad.yaml:2: check X: missing 'assert'"},
        BadFile{WithAssert("    assert: {path: a, op: like, value: x}\n"),
                "bad.yaml:6: check X.assert.op: unknown operator 'like' (exists, not_exists, "
                "equals, not_equals, in, not_in, contains, not_contains, has_keys, lt, le, gt, "
                "ge, matches, not_matches)"},
        BadFile{WithAssert("    assert: {path: \"a..b\", op: exists}\n"),
                "bad.yaml:6: check X.assert.path: bad path 'a..b': expected a key at character 3"},
        BadFile{WithAssert("    assert: {path: \"a[x]\", op: exists}\n"),
                "bad.yaml:6: check X.assert.path: bad path 'a[x]': [x]: expected [*] or [N]"},
        BadFile{WithAssert("    assert: {path: 'a[\"b', op: exists}\n"),
                "bad.yaml:6: check X.assert.path: bad path 'a[\"b': unterminated [\""},
        BadFile{WithAssert("    assert: {path: 'a[\"*\"]', op: exists}\n"),
                "bad.yaml:6: check X.assert.path: bad path 'a[\"*\"]': [\"\"]: expected a key or "
                "a key prefix ending in *"},
        BadFile{WithAssert("    assert: {path: 'a[\"b\"]x', op: exists}\n"),
                "bad.yaml:6: check X.assert.path: bad path 'a[\"b\"]x': unexpected 'x' at "
                "character 7"},
        BadFile{WithAssert("    assert: {path: a, op: in, value: x}\n"),
                "bad.yaml:6: check X.assert.value: in needs a list"},
        BadFile{WithAssert("    assert: {path: a, op: equals}\n"),
                "bad.yaml:6: check X.assert: equals needs a value"},
        BadFile{WithAssert("    assert: {path: a, op: exists, value: 1}\n"),
                "bad.yaml:6: check X.assert: exists takes no value or if_missing"},
        BadFile{WithAssert("    assert: {path: a, op: equals, value_from: owners}\n"),
                "bad.yaml:6: check X.assert.value_from: only 'required_tags', with in, not_in or "
                "has_keys, and without value"},
        BadFile{WithAssert("    assert: {all_of: []}\n"),
                "bad.yaml:6: check X.assert.all_of: must be a non-empty list of conditions"},
        BadFile{WithAssert("    assert: {every: a}\n"),
                "bad.yaml:6: check X.assert: every needs 'assert'"},
        BadFile{WithAssert("    assert: {related: {type: \"aws_*\"}}\n"),
                "bad.yaml:6: check X.assert.related.type: 'aws_*' is not a resource type"},
        BadFile{WithAssert("    assert: {related: {type: t, match: a}}\n"),
                "bad.yaml:6: check X.assert.related.match: needs 'via'"},
        BadFile{WithAssert("    assert: {path: a, op: exists, if_unresolved: maybe}\n"),
                "bad.yaml:6: check X.assert.if_unresolved: must be pass, fail or report"},
        BadFile{WithAssert("    assert: {op: exists}\n"),
                "bad.yaml:6: check X.assert: a condition needs one of path, all_of, any_of, not, "
                "every, some, none, related"},
        BadFile{(WithAssert("    assert: {path: a, op: exists}\n") +
                 "  - id: X\n    title: t\n    severity: low\n    resource_types: [b]\n"
                 "    assert: {path: a, op: exists}\n"),
                "bad.yaml:7: duplicate check id 'X' (first at bad.yaml:2)"}));

}  // namespace
}  // namespace proofline::iac
