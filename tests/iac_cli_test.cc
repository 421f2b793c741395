// End-to-end tests of `proofline scan iac`: the real binary on a Terraform + Kubernetes tree the
// test writes. Exact rule ids and lines in JSON, controls in SARIF, baselines that survive line
// moves, broken files reported as findings while the rest is checked, bad check files (exit 2),
// required tags from proofline.yaml and --required-tags, `scan all`, and --git.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

constexpr const char* kMainTf = R"(provider "aws" {
  default_tags {
    tags = {
      Environment = "prod"
      Owner       = "payments"
    }
  }
}

module "audit" {
  source = "./modules/audit"
  name   = "acme-audit"
}

resource "aws_db_instance" "ledger" {
  engine            = "postgres"
  storage_encrypted = false
  tags = {
    ChangeTicket = "CHG-1"
  }
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
}
)";

constexpr const char* kModuleTf = R"(variable "name" {}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = aws_s3_bucket.this.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/audit"
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:trail:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-to-logs"
}

# What every other shipped S3 check asks (versions, access logs, TLS only): this tree's findings
# stay the few the tests name.
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = "org-access-logs"
}

resource "aws_s3_bucket_policy" "tls" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "${aws_s3_bucket.this.arn}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
)";

constexpr const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1@sha256:a172cedcae47474b615c54d510a5d84a8dea3032e958587430b413538be3f333
          securityContext:
            privileged: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 1Gi}
            limits: {cpu: "1", memory: 1Gi}
          livenessProbe: {httpGet: {path: /livez, port: 8080}}
          readinessProbe: {httpGet: {path: /readyz, port: 8080}}
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
)";

class IacCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write("infra/main.tf", kMainTf);
    Write("infra/modules/audit/main.tf", kModuleTf);
    Write("k8s/web.yaml", kDeployment);
  }
  void Write(const std::string& rel, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(dir_ / rel).parent_path());
    WriteText(dir_ / rel, text);
  }
  RunResult P(const std::vector<std::string>& args) { return Proofline(args, dir_.path()); }
  Json J(const RunResult& r) {
    Result<Json> j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out << r.err;
    return j.ok() ? *j : Json();
  }
  // "RULE PATH:LINE" of each finding, in output order.
  std::vector<std::string> Found(const Json& report) {
    std::vector<std::string> out;
    for (const Json& f : report["findings"]) {
      out.push_back(f["rule"].get<std::string>() + " " + f["path"].get<std::string>() + ":" +
                    std::to_string(f["line"].get<int>()));
    }
    return out;
  }
  TempDir dir_;
};

const std::vector<std::string> kTreeFindings = {
    "PL-AWS-REQUIRED-TAGS infra/main.tf:18",
    "PL-AWS-RDS-ENCRYPTION infra/main.tf:17",
    "PL-AWS-S3-PUBLIC-ACCESS-BLOCK infra/modules/audit/main.tf:3",
    "PL-AWS-REQUIRED-TAGS infra/modules/audit/main.tf:3",
    "PL-AWS-REQUIRED-TAGS infra/modules/audit/main.tf:16",
    "PL-K8S-PRIVILEGED k8s/web.yaml:12",
};

TEST_F(IacCliTest, JsonHasTheExactFindingsOfTheTree) {
  RunResult r = P({"scan", "iac", "infra", "k8s", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = J(r);
  // Sorted by path, then line, then rule.
  EXPECT_EQ(Found(j), (std::vector<std::string>{
                          "PL-AWS-RDS-ENCRYPTION infra/main.tf:17",
                          "PL-AWS-REQUIRED-TAGS infra/main.tf:18",
                          "PL-AWS-REQUIRED-TAGS infra/modules/audit/main.tf:3",
                          "PL-AWS-S3-PUBLIC-ACCESS-BLOCK infra/modules/audit/main.tf:3",
                          "PL-AWS-REQUIRED-TAGS infra/modules/audit/main.tf:16",
                          "PL-K8S-PRIVILEGED k8s/web.yaml:12",
                      }));
  EXPECT_EQ(j["findings"][0]["message"],
            "aws_db_instance.ledger: database storage is not encrypted at rest "
            "(storage_encrypted is false (must be true))");
  EXPECT_EQ(j["findings"][0]["severity"], "high");
  EXPECT_EQ(j["findings"][0]["masked"], "aws_db_instance.ledger");
  EXPECT_EQ(j["findings"][2]["message"],
            "module.audit.aws_s3_bucket.this: required compliance tags are missing (tags_all "
            "lacks ComplianceFramework, ChangeTicket, GitCommitSHA, ApprovalReference)");
  EXPECT_EQ(j["files_scanned"], 3);
  EXPECT_EQ(j["failing"], 3);
  // Severity decides the exit code as for the other scanners.
  EXPECT_EQ(P({"scan", "iac", "infra", "k8s", "--fail-on", "critical"}).exit_code, 0);
}

TEST_F(IacCliTest, SarifRulesCarryTheirControls) {
  RunResult r = P({"scan", "iac", "k8s", "--format", "sarif"});
  EXPECT_EQ(r.exit_code, 1);
  Json run = J(r)["runs"][0];
  std::map<std::string, Json> rules;
  for (const Json& rule : run["tool"]["driver"]["rules"]) rules[rule["id"]] = rule;
  ASSERT_TRUE(rules.count("PL-AWS-RDS-ENCRYPTION"));
  EXPECT_EQ(rules["PL-AWS-RDS-ENCRYPTION"]["properties"]["controls"],
            Json::array({"SOX-IT-03", "HIPAA 164.312(a)(2)(iv)", "PCI DSS 3.5.1", "SOC 2 CC6.1"}));
  EXPECT_EQ(rules["PL-AWS-CLOUDTRAIL-ENABLED"]["properties"]["controls"][2], "PCI DSS 10.2.1");
  EXPECT_EQ(rules["iac-parse-error"]["defaultConfiguration"]["level"], "error");
  ASSERT_EQ(run["results"].size(), 1u);
  const Json& result = run["results"][0];
  EXPECT_EQ(result["ruleId"], "PL-K8S-PRIVILEGED");
  EXPECT_EQ(run["tool"]["driver"]["rules"][result["ruleIndex"].get<size_t>()]["id"],
            "PL-K8S-PRIVILEGED");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "k8s/web.yaml");
}

TEST_F(IacCliTest, BaselineSuppressesAResourceWhateverItsLine) {
  RunResult first = P({"scan", "iac", "infra", "--write-baseline", "baseline.json"});
  EXPECT_EQ(first.exit_code, 1);
  Json baseline = *ParseJsonStrict(ReadText(dir_ / "baseline.json"));
  ASSERT_EQ(baseline["entries"].size(), 5u);
  // The resource moves down: the address-based fingerprint still matches.
  Write("infra/main.tf", std::string("# ledger database\n\n") + kMainTf);
  RunResult again = P({"scan", "iac", "infra", "--baseline", "baseline.json"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("0 findings, 5 suppressed by the baseline"), std::string::npos)
      << again.out;
  // A renamed resource is a new finding.
  std::string renamed = kMainTf;
  renamed.replace(renamed.find("\"ledger\""), 8, "\"ledger2\"");
  Write("infra/main.tf", renamed);
  RunResult json = P({"scan", "iac", "infra", "--baseline", "baseline.json", "--format", "json"});
  EXPECT_EQ(json.exit_code, 1);
  Json j = J(json);
  std::vector<std::string> open;
  for (const Json& f : j["findings"]) {
    if (!f.contains("suppressed_by")) open.push_back(f["message"].get<std::string>().substr(0, 23));
  }
  EXPECT_EQ(open, (std::vector<std::string>{"aws_db_instance.ledger2", "aws_db_instance.ledger2"}));
  EXPECT_EQ(j["baseline_stale"].size(), 2u);
}

TEST_F(IacCliTest, BrokenFilesAreFindingsAndTheRestIsChecked) {
  Write("infra/broken.tf", "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"a\"\n\n");
  Write("k8s/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n");
  RunResult r = P({"scan", "iac", "infra", "k8s", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = J(r);
  std::vector<std::string> found = Found(j);
  std::vector<std::string> parse_errors;
  for (const Json& f : j["findings"]) {
    if (f["rule"] == "iac-parse-error") {
      parse_errors.push_back(f["path"].get<std::string>() + ":" +
                             std::to_string(f["line"].get<int>()));
      EXPECT_EQ(f["severity"], "high");
      EXPECT_EQ(f["message"].get<std::string>().rfind("cannot be checked: ", 0), 0u)
          << f["message"];
    }
  }
  EXPECT_EQ(parse_errors, (std::vector<std::string>{"infra/broken.tf:1", "k8s/broken.yaml:5"}));
  for (const std::string& expected : kTreeFindings) {
    EXPECT_NE(std::find(found.begin(), found.end(), expected), found.end()) << expected;
  }
  EXPECT_EQ(found.size(), kTreeFindings.size() + 2);
}

TEST_F(IacCliTest, BadCheckFilesExitTwoNamingFileAndLine) {
  WriteText(dir_ / "checks.yaml",
            "checks:\n  - id: ACME-1\n    title: t\n    severity: high\n"
            "    resource_types: [aws_s3_bucket]\n    assert: {path: bucket, op: like}\n");
  RunResult bad = P({"scan", "iac", "infra", "--checks", "checks.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("checks.yaml:6: check ACME-1.assert.op: unknown operator 'like'"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(P({"scan", "iac", "infra", "--checks", "missing.yaml"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "iac", "--no-shipped-checks", "infra"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "secrets", "infra", "--checks", "checks.yaml"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "iac", "no-such-dir"}).exit_code, 2);
}

TEST_F(IacCliTest, UserChecksReplaceOrAddToTheShippedOnes) {
  WriteText(dir_ / "checks.yaml",
            "checks:\n  - id: ACME-DB-ENGINE\n    title: Databases run PostgreSQL\n"
            "    severity: critical\n    resource_types: [aws_db_instance]\n"
            "    assert: {path: engine, op: equals, value: mysql}\n"
            "    controls: [ACME-7]\n");
  RunResult only = P({"scan", "iac", "infra", "--checks", "checks.yaml", "--no-shipped-checks",
                      "--format", "json"});
  EXPECT_EQ(only.exit_code, 1);
  EXPECT_EQ(Found(J(only)), std::vector<std::string>{"ACME-DB-ENGINE infra/main.tf:16"});
  RunResult both = P({"scan", "iac", "infra", "--checks", "checks.yaml", "--format", "json"});
  EXPECT_EQ(Found(J(both)).size(), 6u);
}

// --list-checks: what a scan with the same options would run, each with its severity, resource
// types and controls; a user check replaces the shipped one of its id in place.
TEST_F(IacCliTest, ListChecksShowsSeverityTypesAndControls) {
  RunResult text = P({"scan", "iac", "--list-checks"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("ID ")) << text.out;
  EXPECT_NE(text.out.find("\nPL-AWS-RDS-ENCRYPTION "), std::string::npos);
  RunResult json = P({"scan", "iac", "--list-checks", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  Json list = J(json);
  ASSERT_TRUE(list.is_array());
  EXPECT_NE(text.out.find("\n" + std::to_string(list.size()) + " checks\n"), std::string::npos);
  const Json& rds = *std::find_if(list.begin(), list.end(),
                                  [](const Json& c) { return c["id"] == "PL-AWS-RDS-ENCRYPTION"; });
  EXPECT_EQ(rds["severity"], "high");
  EXPECT_EQ(rds["resource_types"], Json::parse(R"(["aws_db_instance", "aws_rds_cluster"])"));
  EXPECT_EQ(rds["controls"][0], "SOX-IT-03");
  WriteText(dir_ / "checks.yaml",
            "checks:\n  - id: PL-AWS-RDS-ENCRYPTION\n    title: Databases run PostgreSQL\n"
            "    severity: low\n    resource_types: [aws_db_instance]\n"
            "    assert: {path: engine, op: equals, value: postgres}\n"
            "    controls: [ACME-7]\n");
  Json replaced =
      J(P({"scan", "iac", "--list-checks", "--format", "json", "--checks", "checks.yaml"}));
  EXPECT_EQ(replaced.size(), list.size());
  EXPECT_EQ(replaced[0]["id"], "PL-AWS-RDS-ENCRYPTION");
  EXPECT_EQ(replaced[0]["controls"], Json::parse(R"(["ACME-7"])"));
  Json only = J(P({"scan", "iac", "--list-checks", "--format", "json", "--checks", "checks.yaml",
                   "--no-shipped-checks"}));
  EXPECT_EQ(only.size(), 1u);
  RunResult sarif = P({"scan", "iac", "--list-checks", "--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 2);
  EXPECT_NE(sarif.err.find("--list-checks prints text or json"), std::string::npos) << sarif.err;
  RunResult pii = P({"scan", "pii", "--list-checks"});
  EXPECT_EQ(pii.exit_code, 2);
  EXPECT_NE(pii.err.find("--list-checks lists the iac scanner's checks"), std::string::npos);
}

// A plan as `terraform show -json` writes it (one line): the checks see what Terraform will
// create, instances and modules expanded; a value known only after apply is set, not missing.
constexpr const char* kPlan =
    R"({"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{)"
    R"("child_modules":[{"address":"module.db","resources":[{"address":"module.db.aws_db_instance.main[0]",)"
    R"("mode":"managed","type":"aws_db_instance","name":"main","index":0,"values":{)"
    R"("engine":"postgres","storage_encrypted":false,"backup_retention_period":7,)"
    R"("deletion_protection":true,"iam_database_authentication_enabled":true,)"
    R"("enabled_cloudwatch_logs_exports":["postgresql"],"publicly_accessible":false,)"
    R"("tags_all":{"Environment":"prod","Owner":"a","ComplianceFramework":"SOX","ChangeTicket":"C",)"
    R"("GitCommitSHA":"g","ApprovalReference":"r"}}}]}],"resources":[{"address":"aws_ebs_volume.data",)"
    R"("mode":"managed","type":"aws_ebs_volume","name":"data","values":{"encrypted":true,)"
    R"("tags_all":{"Environment":"prod","Owner":"a","ComplianceFramework":"SOX","ChangeTicket":"C",)"
    R"("GitCommitSHA":"g","ApprovalReference":"r"}}},{"address":"aws_ebs_encryption_by_default.on",)"
    R"("mode":"managed","type":"aws_ebs_encryption_by_default","name":"on","values":{"enabled":true}}]}},)"
    R"("resource_changes":[{"address":)"
    R"("aws_ebs_volume.data","mode":"managed","type":"aws_ebs_volume","name":"data","change":{)"
    R"("actions":["create"],"after":{"encrypted":true},"after_unknown":{"kms_key_id":true,"id":true}}}]})";

TEST_F(IacCliTest, PlanJsonIsCheckedAsTerraformWillApplyIt) {
  WriteText(dir_ / "plan.json", kPlan);
  RunResult r = P({"scan", "iac", "--plan", "plan.json", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = J(r);
  std::vector<std::string> found = Found(j);
  // Only the plan was read (no PATH: the tree around it is not scanned), and only the database
  // fails: its storage is not encrypted.
  EXPECT_EQ(found, std::vector<std::string>{"PL-AWS-RDS-ENCRYPTION plan.json:1"}) << r.out;
  EXPECT_EQ(j["findings"][0]["masked"], "module.db.aws_db_instance.main[0]");
  // A value known only after apply exists (a key will be set) but has no value to compare.
  WriteText(dir_ / "kms.yaml",
            "checks:\n  - id: ACME-KMS\n    title: t\n    severity: high\n"
            "    resource_types: [aws_ebs_volume]\n    assert: {path: kms_key_id, op: exists}\n"
            "    controls: [c]\n  - id: ACME-KMS-ALIAS\n    title: u\n    severity: high\n"
            "    resource_types: [aws_ebs_volume]\n"
            "    assert: {path: kms_key_id, op: equals, value: alias/x}\n    controls: [c]\n");
  Json kms = J(P({"scan", "iac", "--plan", "plan.json", "--checks", "kms.yaml",
                  "--no-shipped-checks", "--format", "json"}));
  ASSERT_EQ(kms["findings"].size(), 1u) << kms.dump();
  EXPECT_EQ(kms["findings"][0]["rule"], "ACME-KMS-ALIAS");
  EXPECT_NE(kms["findings"][0]["message"].get<std::string>().find("could not be resolved"),
            std::string::npos)
      << kms["findings"][0]["message"];
  WriteText(dir_ / "bad-plan.json", "{\"format_version\": \"1.2\"}");
  RunResult bad = P({"scan", "iac", "--plan", "bad-plan.json"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad-plan.json"), std::string::npos) << bad.err;
  EXPECT_EQ(P({"scan", "iac", "--plan", "missing.json"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "pii", "--plan", "plan.json"}).exit_code, 2);
}

// tags_all is computed by Terraform: written by hand in a .tf file it does not satisfy the
// required tags (only a plan's tags_all is Terraform's own).
TEST_F(IacCliTest, HandWrittenTagsAllDoesNotSatisfyRequiredTags) {
  Write("forged/main.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags_all = { Environment = "
        "\"x\", Owner = \"x\", ComplianceFramework = \"x\", ChangeTicket = \"x\", "
        "GitCommitSHA = \"x\", ApprovalReference = \"x\" }\n}\n");
  std::vector<std::string> found = Found(J(P({"scan", "iac", "forged", "--format", "json"})));
  EXPECT_NE(std::find(found.begin(), found.end(), "PL-AWS-REQUIRED-TAGS forged/main.tf:1"),
            found.end());
}

TEST_F(IacCliTest, RequiredTagsComeFromTheOptionOrProoflineYaml) {
  RunResult option =
      P({"scan", "iac", "infra", "--required-tags", "Owner,Environment", "--format", "json"});
  for (const std::string& f : Found(J(option))) {
    EXPECT_EQ(f.find("PL-AWS-REQUIRED-TAGS"), std::string::npos) << f;
  }
  Write("infra/proofline.yaml",
        "risk:\n  large_change_lines: 500\niac:\n  required_tags: [CostCenter]\n");
  RunResult config = P({"scan", "iac", "infra", "--format", "json"});
  Json j = J(config);
  size_t tags = 0;
  for (const Json& f : j["findings"]) {
    if (f["rule"] != "PL-AWS-REQUIRED-TAGS") continue;
    ++tags;
    EXPECT_NE(f["message"].get<std::string>().find("tags_all lacks CostCenter)"), std::string::npos)
        << f["message"];
  }
  EXPECT_EQ(tags, 3u);
  Write("infra/proofline.yaml", "iac:\n  required_tag: [CostCenter]\n");
  RunResult bad = P({"scan", "iac", "infra"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("infra/proofline.yaml:2: iac: unknown key 'required_tag'"),
            std::string::npos)
      << bad.err;
}

TEST_F(IacCliTest, ScanAllIncludesIacAndGitChecksTheWorkingTree) {
  RunResult all = P({"scan", "all", "k8s", "--format", "json"});
  EXPECT_EQ(all.exit_code, 1);
  EXPECT_EQ(Found(J(all)), std::vector<std::string>{"PL-K8S-PRIVILEGED k8s/web.yaml:12"});
  RunProgram({"git", "-c", "init.defaultBranch=main", "init", "-q", "k8s"}, dir_.path());
  RunProgram({"git", "-C", "k8s", "-c", "user.name=D", "-c", "user.email=d@x", "commit", "-q",
              "--allow-empty", "-m", "one"},
             dir_.path());
  RunResult git = P({"scan", "iac", "--git", "HEAD..HEAD", "k8s"});
  EXPECT_EQ(git.exit_code, 1) << git.err;
  EXPECT_NE(git.out.find("web.yaml:12:1: high PL-K8S-PRIVILEGED"), std::string::npos) << git.out;
  EXPECT_NE(git.out.find("note: iac: --git checks the working tree of k8s"), std::string::npos)
      << git.out;
}

}  // namespace
}  // namespace proofline::testing
