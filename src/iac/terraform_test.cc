// Tests of the Terraform reader: a tree written by the test (root module, local module calls
// with arguments, variables, locals, merge()d tags, default_tags, a broken file, a missing module
// directory) read into exact addresses, bodies, lines and problems; count, for_each and dynamic
// blocks expanded when static and kept unknown when not; .tf.json files beside .tf files.
#include "iac/terraform.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "base/files.h"

namespace proofline::iac {
namespace {

using Json = nlohmann::json;

class TerraformTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/terraform_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& rel, const std::string& text) {
    std::filesystem::path p = std::filesystem::path(dir_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    bytes_ += text.size();
  }

  Inventory Load(const std::vector<std::string>& paths) {
    Result<Inventory> inv = LoadTerraform(paths);
    EXPECT_TRUE(inv.ok()) << inv.status().message();
    return inv.ok() ? std::move(*inv) : Inventory{};
  }

  std::string dir_;
  uint64_t bytes_ = 0;
};

const Resource* Find(const Inventory& inv, const std::string& address) {
  for (const Resource& r : inv.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

std::vector<std::string> Addresses(const Inventory& inv) {
  std::vector<std::string> out;
  for (const Resource& r : inv.resources) out.push_back(r.address);
  return out;
}

constexpr const char* kRootMain = R"(# Root module.
provider "aws" {
  region = var.region
  default_tags {
    tags = local.common_tags
  }
}

provider "aws" {
  alias  = "replica"
  region = "eu-central-1"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "env" {
  default = "prod"
}

locals {
  common_tags = {
    Environment = var.env
    Owner       = "platform@bank.example"
  }
  bucket_tags = merge(local.common_tags, { DataClass = "confidential" }, { Owner = "data" })
  loop_a      = local.loop_b
  loop_b      = local.loop_a
}

resource "aws_s3_bucket" "logs" {
  bucket  = "logs-${var.env}-${local.common_tags.Owner}-${count.index}"
  tags    = local.bucket_tags
  policy  = jsonencode({ Statement = [{ Action = "s3:*", Resource = aws_kms_key.k.arn }] })
  cycle   = local.loop_a
  kms     = aws_kms_key.k.arn
  literal = "$${not_interpolated}"

  versioning {
    enabled = true
  }
}

data "aws_caller_identity" "current" {}

module "audit" {
  source = "./modules/audit"
  name   = "audit-${var.env}"
  tags   = merge(local.common_tags, { Name = "audit" })
  kms_id = aws_kms_key.k.id
}

module "gone" {
  source = "./modules/missing"
}

module "registry" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.0"
}
)";

constexpr const char* kAuditModule = R"(variable "name" {}
variable "tags" { default = {} }
variable "kms_id" { default = "alias/default" }
variable "retention" { default = 365 }

resource "aws_cloudtrail" "this" {
  name                       = var.name
  enable_log_file_validation = true
  kms_key_id                 = var.kms_id
  tags                       = var.tags
  retention                  = var.retention
}

module "store" {
  source = "../store"
  prefix = var.name
}
)";

constexpr const char* kStoreModule = R"(variable "prefix" {}

resource "aws_s3_bucket" "store" {
  bucket = "${var.prefix}-store"
  dynamic "lifecycle_rule" {
    for_each = [30, 90]
    content {
      expiration { days = lifecycle_rule.value }
    }
  }
}
)";

TEST_F(TerraformTest, ReadsRootAndLocalModulesWithResolvedValues) {
  Write("main.tf", kRootMain);
  Write("broken.tf", "resource \"aws_ebs_volume\" \"data\" {\n  size = 40\n");
  Write("modules/audit/main.tf", kAuditModule);
  Write("modules/store/main.tf", kStoreModule);
  std::filesystem::create_directories(dir_ + "/.terraform/modules/x");
  std::ofstream(dir_ + "/.terraform/modules/x/main.tf") << "resource \"a\" \"cached\" {}\n";
  std::ofstream(dir_ + "/notes.txt") << "not terraform {";

  Inventory inv = Load({dir_});
  EXPECT_EQ(Addresses(inv),
            (std::vector<std::string>{"provider.aws", "provider.aws.replica", "aws_s3_bucket.logs",
                                      "data.aws_caller_identity.current",
                                      "module.audit.aws_cloudtrail.this",
                                      "module.audit.module.store.aws_s3_bucket.store"}));
  EXPECT_EQ(inv.files, (std::vector<std::string>{"broken.tf", "main.tf", "modules/audit/main.tf",
                                                 "modules/store/main.tf"}));
  EXPECT_EQ(inv.bytes, bytes_);
  ASSERT_EQ(inv.problems.size(), 2u);
  EXPECT_EQ(inv.problems[0].file, "broken.tf");
  EXPECT_EQ(inv.problems[0].line, 1u);
  EXPECT_EQ(inv.problems[0].message, "unclosed block \"resource\"");
  EXPECT_EQ(inv.problems[1].file, "main.tf");
  EXPECT_EQ(inv.problems[1].line, 55u);
  EXPECT_EQ(inv.problems[1].message,
            "module \"gone\": local source \"./modules/missing\" is not a directory");

  const Resource* provider = Find(inv, "provider.aws");
  ASSERT_NE(provider, nullptr);
  EXPECT_EQ(provider->kind, "provider");
  EXPECT_EQ(provider->type, "aws");
  EXPECT_EQ(provider->name, "default");
  EXPECT_EQ(provider->file, "main.tf");
  EXPECT_EQ(provider->line, 2u);
  EXPECT_EQ(provider->body, Json::parse(R"({"region": "eu-west-1", "default_tags": [
      {"tags": {"Environment": "prod", "Owner": "platform@bank.example"}}]})"));
  EXPECT_EQ(provider->lines,
            (std::map<std::string, uint32_t>{
                {"/region", 3}, {"/default_tags/0", 4}, {"/default_tags/0/tags", 5}}));
  EXPECT_EQ(Find(inv, "provider.aws.replica")->name, "replica");

  const Resource* logs = Find(inv, "aws_s3_bucket.logs");
  ASSERT_NE(logs, nullptr);
  EXPECT_EQ(logs->kind, "resource");
  EXPECT_EQ(logs->name, "logs");
  EXPECT_EQ(logs->module, "");
  EXPECT_EQ(logs->line, 33u);
  EXPECT_EQ(logs->body, Json::parse(R"({
      "bucket": "logs-prod-platform@bank.example-${count.index}",
      "tags": {"Environment": "prod", "Owner": "data", "DataClass": "confidential"},
      "policy": "{\"Statement\":[{\"Action\":\"s3:*\",\"Resource\":\"${aws_kms_key.k.arn}\"}]}",
      "cycle": "${local.loop_a}",
      "kms": "${aws_kms_key.k.arn}",
      "literal": "$${not_interpolated}",
      "versioning": [{"enabled": true}]})"));
  EXPECT_EQ(logs->lines, (std::map<std::string, uint32_t>{{"/bucket", 34},
                                                          {"/tags", 35},
                                                          {"/policy", 36},
                                                          {"/cycle", 37},
                                                          {"/kms", 38},
                                                          {"/literal", 39},
                                                          {"/versioning/0", 41},
                                                          {"/versioning/0/enabled", 42}}));
  const Resource* caller = Find(inv, "data.aws_caller_identity.current");
  EXPECT_EQ(caller->kind, "data");
  EXPECT_EQ(caller->body, Json::object());

  const Resource* trail = Find(inv, "module.audit.aws_cloudtrail.this");
  ASSERT_NE(trail, nullptr);
  EXPECT_EQ(trail->module, "module.audit");
  EXPECT_EQ(trail->file, "modules/audit/main.tf");
  EXPECT_EQ(trail->line, 6u);
  // kms_id is set by the call to something unknown: not the variable's default.
  EXPECT_EQ(trail->body, Json::parse(R"({"name": "audit-prod", "enable_log_file_validation": true,
      "kms_key_id": "${var.kms_id}", "retention": 365,
      "tags": {"Environment": "prod", "Owner": "platform@bank.example", "Name": "audit"}})"));

  const Resource* store = Find(inv, "module.audit.module.store.aws_s3_bucket.store");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->module, "module.audit.module.store");
  EXPECT_EQ(store->file, "modules/store/main.tf");
  // The dynamic block is the blocks it makes: one per element, lifecycle_rule.value resolved.
  EXPECT_EQ(store->body, Json::parse(R"({"bucket": "audit-prod-store", "lifecycle_rule": [
      {"expiration": [{"days": 30}]}, {"expiration": [{"days": 90}]}]})"));
  EXPECT_EQ(store->lines,
            (std::map<std::string, uint32_t>{{"/bucket", 4},
                                             {"/lifecycle_rule/0", 5},
                                             {"/lifecycle_rule/0/expiration/0", 8},
                                             {"/lifecycle_rule/0/expiration/0/days", 8},
                                             {"/lifecycle_rule/1", 5},
                                             {"/lifecycle_rule/1/expiration/0", 8},
                                             {"/lifecycle_rule/1/expiration/0/days", 8}}));
}

TEST_F(TerraformTest, ModuleDirectoryGivenDirectlyIsItsOwnRoot) {
  Write("app/main.tf", "module \"m\" {\n  source = \"../mod\"\n  n = 1\n}\n");
  Write("mod/main.tf", "variable \"n\" { default = 7 }\nresource \"r\" \"x\" {\n  n = var.n\n}\n");
  Inventory tree = Load({dir_});
  EXPECT_EQ(Addresses(tree), std::vector<std::string>{"module.m.r.x"});
  EXPECT_EQ(tree.resources[0].body, Json::parse(R"({"n": 1})"));
  EXPECT_EQ(tree.resources[0].file, "mod/main.tf");

  Inventory direct = Load({dir_ + "/mod"});
  EXPECT_EQ(Addresses(direct), std::vector<std::string>{"r.x"});
  EXPECT_EQ(direct.resources[0].body, Json::parse(R"({"n": 7})"));
  EXPECT_EQ(direct.resources[0].file, "main.tf");

  std::string file = dir_ + "/app/main.tf";
  Inventory single = Load({file});
  EXPECT_EQ(Addresses(single), std::vector<std::string>{"module.m.r.x"});
  EXPECT_EQ(single.files, (std::vector<std::string>{dir_ + "/app/main.tf", dir_ + "/mod/main.tf"}));
}

TEST_F(TerraformTest, ModuleCyclesAreProblems) {
  Write("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\nresource \"r\" \"a\" {}\n");
  Write("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\nresource \"r\" \"b\" {}\n");
  Inventory inv = Load({dir_ + "/a"});
  EXPECT_EQ(Addresses(inv), (std::vector<std::string>{"module.b.r.b", "r.a"}));
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].file, "../b/main.tf");
  EXPECT_EQ(inv.problems[0].line, 1u);
  EXPECT_EQ(inv.problems[0].message,
            "module \"a\": \"../a\" is already being read (a module cycle)");
}

TEST_F(TerraformTest, MissingPathIsNotFound) {
  Result<Inventory> inv = LoadTerraform({dir_ + "/nope"});
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(inv.status().message(), dir_ + "/nope: no such file or directory");
}

TEST(TerraformText, BadLabelsAndUnreadableValuesAreReported) {
  Inventory inv = LoadTerraformText("x.tf",
                                    "resource \"only_type\" {}\n"
                                    "provider \"aws\" \"extra\" {}\n"
                                    "resource \"t\" \"n\" {\n"
                                    "  big   = 1e999\n"
                                    "  wide  = 1e20\n"
                                    "  neg   = -2.5\n"
                                    "  not   = !true\n"
                                    "  idx   = local.l[1]\n"
                                    "  key   = local.m[\"k\"]\n"
                                    "  bad   = local.m.missing\n"
                                    "  whole = \"${local.m}\"\n"
                                    "  obj   = { (local.k) = 1, (var.u) = 2 }\n"
                                    "  tmpl  = \"${local.m} and ${local.k}\"\n"
                                    "  blk \"q/t~\" { a = 1 }\n"
                                    "}\n"
                                    "locals {\n"
                                    "  l = [1, 2]\n"
                                    "  m = { k = \"v\" }\n"
                                    "  k = \"key\"\n"
                                    "}\n"
                                    "module \"local\" {\n"
                                    "  source = \"./not-followed\"\n"
                                    "}\n");
  ASSERT_EQ(inv.problems.size(), 2u);
  EXPECT_EQ(inv.problems[0].line, 1u);
  EXPECT_EQ(inv.problems[0].message, "resource block needs 2 labels (type and name), found 1");
  EXPECT_EQ(inv.problems[1].line, 2u);
  EXPECT_EQ(inv.problems[1].message, "provider block needs 1 label (the provider), found 2");
  ASSERT_EQ(inv.resources.size(), 1u);
  EXPECT_EQ(inv.files, std::vector<std::string>{"x.tf"});
  const Resource& r = inv.resources[0];
  EXPECT_EQ(
      r.body,
      Json::parse(R"({"big": "${1e999}", "wide": "${1e20}", "neg": -2.5, "not": false, "idx": 2,
      "key": "v", "bad": "${local.m.missing}", "whole": {"k": "v"},
      "obj": {"key": 1, "${(var.u)}": 2}, "tmpl": "${local.m} and key",
      "blk": [{"q/t~": {"a": 1}}]})"));
  EXPECT_EQ(r.lines.at("/blk/0/q~1t~0/a"), 14u);
}

TEST(TerraformText, ParseErrorIsAProblemWithItsLine) {
  Inventory inv = LoadTerraformText("y.tf", "a = 1\nb = \"open\n");
  EXPECT_TRUE(inv.resources.empty());
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].file, "y.tf");
  EXPECT_EQ(inv.problems[0].line, 2u);
  EXPECT_EQ(inv.problems[0].message, "unterminated string");
  EXPECT_EQ(inv.bytes, 16u);
}

TEST(TerraformText, CountExpandsWhenStaticElseStaysOneUnknownInstance) {
  Inventory inv = LoadTerraformText("c.tf",
                                    "variable \"replicas\" { default = 2 }\n"
                                    "variable \"create\" {}\n"
                                    "locals { enabled = true }\n"
                                    "resource \"aws_instance\" \"web\" {\n"
                                    "  count = var.replicas\n"
                                    "  ami   = \"ami-${count.index}\"\n"
                                    "  tags  = { Name = \"web-${count.index + 1}\" }\n"
                                    "}\n"
                                    "resource \"aws_instance\" \"off\" {\n"
                                    "  count = local.enabled ? 0 : 1\n"
                                    "}\n"
                                    "data \"aws_ami\" \"pick\" {\n"
                                    "  count = length([\"a\"])\n"
                                    "  n     = count.index\n"
                                    "}\n"
                                    "resource \"aws_instance\" \"maybe\" {\n"
                                    "  count = var.create ? 1 : 0\n"
                                    "  ami   = \"ami-${count.index}\"\n"
                                    "}\n"
                                    "resource \"t\" \"negative\" {\n"
                                    "  count = -1\n"
                                    "}\n"
                                    "resource \"t\" \"huge\" {\n"
                                    "  count = 20000\n"
                                    "}\n");
  EXPECT_EQ(Addresses(inv), (std::vector<std::string>{"aws_instance.web[0]", "aws_instance.web[1]",
                                                      "data.aws_ami.pick[0]", "aws_instance.maybe",
                                                      "t.negative", "t.huge"}));
  const Resource& web1 = inv.resources[1];
  EXPECT_EQ(web1.name, "web");
  EXPECT_EQ(web1.line, 4u);
  // count itself is not in an expanded body.
  EXPECT_EQ(web1.body, Json::parse(R"({"ami": "ami-1", "tags": {"Name": "web-2"}})"));
  EXPECT_EQ(web1.lines, (std::map<std::string, uint32_t>{{"/ami", 6}, {"/tags", 7}}));
  EXPECT_EQ(inv.resources[2].body, Json::parse(R"({"n": 0})"));
  // Not known statically: one instance, count kept, count.index unknown.
  EXPECT_EQ(inv.resources[3].body,
            Json::parse(R"({"count": "${var.create ? 1 : 0}", "ami": "ami-${count.index}"})"));
  EXPECT_EQ(inv.resources[3].lines,
            (std::map<std::string, uint32_t>{{"/count", 17}, {"/ami", 18}}));
  EXPECT_EQ(inv.resources[4].body, Json::parse(R"({"count": -1})"));
  ASSERT_EQ(inv.problems.size(), 2u);
  EXPECT_EQ(inv.problems[0].line, 21u);
  EXPECT_EQ(inv.problems[0].message, "count must be a whole number, 0 or more, found -1");
  EXPECT_EQ(inv.problems[1].line, 24u);
  EXPECT_EQ(inv.problems[1].message,
            "count makes 20000 copies, too many to expand (at most 10000 per block and 1000000 "
            "attributes in all): read as one");
}

TEST(TerraformText, ForEachExpandsMapsAndSetsOfStrings) {
  Inventory inv =
      LoadTerraformText("e.tf",
                        "variable \"users\" { default = [\"bob\", \"alice\", \"bob\"] }\n"
                        "locals {\n"
                        "  buckets = {\n"
                        "    logs    = { versioning = true }\n"
                        "    \"a\\\"b\" = { versioning = false }\n"
                        "  }\n"
                        "}\n"
                        "resource \"aws_iam_user\" \"u\" {\n"
                        "  for_each = toset(var.users)\n"
                        "  name     = each.key\n"
                        "  path     = \"/${each.value}/\"\n"
                        "}\n"
                        "resource \"aws_s3_bucket\" \"b\" {\n"
                        "  for_each = local.buckets\n"
                        "  bucket   = \"b-${each.key}\"\n"
                        "  versioning {\n"
                        "    enabled = each.value.versioning\n"
                        "  }\n"
                        "}\n"
                        "resource \"aws_s3_bucket\" \"copy\" {\n"
                        "  for_each = aws_s3_bucket.b\n"
                        "  bucket   = each.value.id\n"
                        "  key      = each.key\n"
                        "}\n"
                        "resource \"t\" \"objects\" {\n"
                        "  for_each = [{ a = 1 }]\n"
                        "}\n");
  EXPECT_EQ(Addresses(inv),
            (std::vector<std::string>{"aws_iam_user.u[\"alice\"]", "aws_iam_user.u[\"bob\"]",
                                      "aws_s3_bucket.b[\"a\\\"b\"]", "aws_s3_bucket.b[\"logs\"]",
                                      "aws_s3_bucket.copy", "t.objects"}));
  EXPECT_EQ(inv.resources[0].body, Json::parse(R"({"name": "alice", "path": "/alice/"})"));
  EXPECT_EQ(inv.resources[1].body, Json::parse(R"({"name": "bob", "path": "/bob/"})"));
  EXPECT_EQ(inv.resources[2].body,
            Json::parse(R"({"bucket": "b-a\"b", "versioning": [{"enabled": false}]})"));
  EXPECT_EQ(inv.resources[3].body,
            Json::parse(R"({"bucket": "b-logs", "versioning": [{"enabled": true}]})"));
  EXPECT_EQ(inv.resources[3].lines,
            (std::map<std::string, uint32_t>{
                {"/bucket", 15}, {"/versioning/0", 16}, {"/versioning/0/enabled", 17}}));
  // Another resource's instances are not known statically: one, each.* unknown.
  EXPECT_EQ(inv.resources[4].body, Json::parse(R"({"for_each": "${aws_s3_bucket.b}",
      "bucket": "${each.value.id}", "key": "${each.key}"})"));
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].line, 26u);
  EXPECT_EQ(inv.problems[0].message,
            "for_each must be a map or a set of strings, found an element {\"a\":1}");
}

TEST(TerraformText, DynamicBlocksBecomeTheBlocksTheyMake) {
  Inventory inv = LoadTerraformText("d.tf",
                                    "variable \"ports\" { default = [443, 80] }\n"
                                    "variable \"rules\" {}\n"
                                    "resource \"aws_security_group\" \"web\" {\n"
                                    "  ingress {\n"
                                    "    from_port = 22\n"
                                    "  }\n"
                                    "  dynamic \"ingress\" {\n"
                                    "    for_each = var.ports\n"
                                    "    content {\n"
                                    "      from_port   = ingress.value\n"
                                    "      cidr_blocks = [\"10.0.0.0/8\"]\n"
                                    "    }\n"
                                    "  }\n"
                                    "  dynamic \"egress\" {\n"
                                    "    for_each = var.rules\n"
                                    "    iterator = rule\n"
                                    "    content {\n"
                                    "      from_port   = rule.value.port\n"
                                    "      cidr_blocks = rule.value.cidrs\n"
                                    "    }\n"
                                    "  }\n"
                                    "  dynamic \"setting\" {\n"
                                    "    for_each = { a = { v = 1 } }\n"
                                    "    iterator = s\n"
                                    "    content {\n"
                                    "      name = s.key\n"
                                    "      dynamic \"option\" {\n"
                                    "        for_each = [s.value.v, 2]\n"
                                    "        content {\n"
                                    "          n = option.value\n"
                                    "          k = option.key\n"
                                    "        }\n"
                                    "      }\n"
                                    "    }\n"
                                    "  }\n"
                                    "  dynamic \"none\" {\n"
                                    "    for_each = []\n"
                                    "    content { x = 1 }\n"
                                    "  }\n"
                                    "  dynamic \"broken\" {\n"
                                    "    for_each = [1]\n"
                                    "  }\n"
                                    "}\n");
  ASSERT_EQ(inv.resources.size(), 1u);
  const Resource& sg = inv.resources[0];
  EXPECT_EQ(sg.body, Json::parse(R"({
      "ingress": [{"from_port": 22},
                  {"from_port": 443, "cidr_blocks": ["10.0.0.0/8"]},
                  {"from_port": 80, "cidr_blocks": ["10.0.0.0/8"]}],
      "egress": [{"from_port": "${rule.value.port}", "cidr_blocks": "${rule.value.cidrs}"}],
      "setting": [{"name": "a", "option": [{"n": 1, "k": 0}, {"n": 2, "k": 1}]}]})"));
  EXPECT_EQ(sg.lines.at("/ingress/0"), 4u);
  EXPECT_EQ(sg.lines.at("/ingress/2"), 7u);
  EXPECT_EQ(sg.lines.at("/ingress/2/from_port"), 10u);
  EXPECT_EQ(sg.lines.at("/egress/0/cidr_blocks"), 19u);
  EXPECT_EQ(sg.lines.at("/setting/0/option/1/n"), 30u);
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].line, 40u);
  EXPECT_EQ(inv.problems[0].message, "dynamic \"broken\" needs for_each and a content block");
}

TEST_F(TerraformTest, ModuleCallsExpandWithCountAndForEach) {
  Write("main.tf",
        "variable \"names\" {}\n"
        "module \"pair\" {\n"
        "  source = \"./mod\"\n"
        "  count  = 2\n"
        "  n      = count.index\n"
        "}\n"
        "module \"each\" {\n"
        "  source   = \"./mod\"\n"
        "  for_each = var.names\n"
        "  n        = each.value\n"
        "}\n");
  Write("mod/main.tf", "variable \"n\" {}\nresource \"r\" \"x\" {\n  n = var.n\n}\n");
  Inventory inv = Load({dir_});
  EXPECT_EQ(Addresses(inv), (std::vector<std::string>{"module.pair[0].r.x", "module.pair[1].r.x",
                                                      "module.each.r.x"}));
  EXPECT_EQ(inv.resources[1].module, "module.pair[1]");
  EXPECT_EQ(inv.resources[1].body, Json::parse(R"({"n": 1})"));
  EXPECT_EQ(inv.resources[2].body, Json::parse(R"({"n": "${var.n}"})"));
}

constexpr const char* kJsonRoot = R"({
  "//": "generated by cdktf",
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "logs-${var.env}",
        "tags": "${local.tags}",
        "versioning": {"enabled": true},
        "literal": "$${not_interpolated}",
        "policy": "${jsonencode({Statement = []})}"
      }
    },
    "aws_instance": {
      "web": [{
        "count": 2,
        "ami": "ami-${count.index}",
        "dynamic": {
          "ebs_block_device": {
            "for_each": "${var.disks}",
            "content": {"encrypted": "${ebs_block_device.value}"}
          }
        }
      }]
    }
  },
  "data": {"aws_caller_identity": {"current": {}}},
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "us", "region": "us-east-1"}]},
  "variable": {"disks": {"default": [true, false]}},
  "locals": {"name": "x-${var.env}"},
  "module": {"child": {"source": "./child", "name": "${local.name}"}},
  "output": {"o": {"value": "${aws_s3_bucket.logs.id}"}}
}
)";

TEST_F(TerraformTest, JsonSyntaxFilesAreReadWithTheModulesTfFiles) {
  Write("main.tf",
        "variable \"env\" { default = \"prod\" }\n"
        "locals {\n"
        "  tags = { Environment = var.env }\n"
        "}\n");
  Write("resources.tf.json", kJsonRoot);
  Write("child/main.tf.json",
        R"({"variable": {"name": {}, "raw": {"default": "${literal}"}},
            "resource": {"aws_sqs_queue": {"q": {"name": "${var.name}", "note": "${var.raw}",
              "sqs_managed_sse_enabled": "${var.undeclared}"}}}})");
  Inventory inv = Load({dir_});
  EXPECT_TRUE(inv.problems.empty()) << inv.problems[0].message;
  EXPECT_EQ(inv.files,
            (std::vector<std::string>{"child/main.tf.json", "main.tf", "resources.tf.json"}));
  EXPECT_EQ(Addresses(inv), (std::vector<std::string>{
                                "aws_s3_bucket.logs", "aws_instance.web[0]", "aws_instance.web[1]",
                                "data.aws_caller_identity.current", "provider.aws",
                                "provider.aws.us", "module.child.aws_sqs_queue.q"}));
  const Resource* logs = Find(inv, "aws_s3_bucket.logs");
  ASSERT_NE(logs, nullptr);
  EXPECT_EQ(logs->file, "resources.tf.json");
  EXPECT_EQ(logs->line, 5u);  // the "logs" key
  // Templates resolved as in .tf files, a literal "$${" kept escaped; the nested block as written.
  EXPECT_EQ(logs->body, Json::parse(R"({"bucket": "logs-prod", "tags": {"Environment": "prod"},
      "versioning": {"enabled": true}, "literal": "$${not_interpolated}",
      "policy": "{\"Statement\":[]}"})"));
  EXPECT_EQ(logs->lines, (std::map<std::string, uint32_t>{{"/bucket", 6},
                                                          {"/tags", 7},
                                                          {"/versioning", 8},
                                                          {"/versioning/enabled", 8},
                                                          {"/literal", 9},
                                                          {"/policy", 10}}));
  const Resource* web = Find(inv, "aws_instance.web[1]");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->line, 14u);
  EXPECT_EQ(web->body, Json::parse(R"({"ami": "ami-1",
      "ebs_block_device": [{"encrypted": true}, {"encrypted": false}]})"));
  EXPECT_EQ(web->lines.at("/ebs_block_device/1/encrypted"), 20u);
  EXPECT_EQ(Find(inv, "provider.aws.us")->body,
            Json::parse(R"({"alias": "us", "region": "us-east-1"})"));
  const Resource* q = Find(inv, "module.child.aws_sqs_queue.q");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->file, "child/main.tf.json");
  // A variable's default is a literal, not a template.
  EXPECT_EQ(q->body, Json::parse(R"({"name": "x-prod", "note": "$${literal}",
      "sqs_managed_sse_enabled": "${var.undeclared}"})"));
}

TEST(TerraformText, JsonSyntaxProblemsNameTheirLine) {
  auto problem = [](const std::string& text) {
    Inventory inv = LoadTerraformText("x.tf.json", text);
    EXPECT_TRUE(inv.resources.empty());
    EXPECT_EQ(inv.problems.size(), 1u);
    return inv.problems.empty()
               ? std::string()
               : std::to_string(inv.problems[0].line) + ": " + inv.problems[0].message;
  };
  EXPECT_EQ(problem("{\n  \"resource\": {\n    \"t\": {\"n\": {\"a\": 1,}}\n  }\n}"),
            "3: invalid JSON: expected an object key (a string), found \"}\"");
  EXPECT_EQ(problem("{\"locals\": {\"a\": [1,\n]}}"),
            "2: invalid JSON: expected a JSON value, found \"]\"");
  EXPECT_EQ(problem("[1]"), "1: a .tf.json file must hold a JSON object");
  EXPECT_EQ(problem("{\"resource\": {\"t\": {\n\"n\": \"x\"}}}"),
            "2: resource \"n\": expected an object, found a string");
  EXPECT_EQ(problem("{\"resource\": {\"t\": {\"n\": {\n\"a\": \"${x\"}}}}"),
            "2: unterminated \"${\" sequence");
  EXPECT_EQ(problem("{\"data\": {\"t\": {\"n\": {}}}} x"),
            "1: invalid JSON: unexpected \"x\" after the value");
}

}  // namespace
}  // namespace proofline::iac
