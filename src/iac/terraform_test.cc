// Tests of the Terraform reader: a tree written by the test (root module, local module calls
// with arguments, variables, locals, merge()d tags, default_tags, a broken file, a missing module
// directory) read into exact addresses, bodies, lines and problems.
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
  EXPECT_EQ(store->body, Json::parse(R"({"bucket": "audit-prod-store", "dynamic": [
      {"lifecycle_rule": {"for_each": [30, 90],
                          "content": [{"expiration": [{"days": "${lifecycle_rule.value}"}]}]}}]})"));
  EXPECT_EQ(store->lines, (std::map<std::string, uint32_t>{
                              {"/bucket", 4},
                              {"/dynamic/0", 5},
                              {"/dynamic/0/lifecycle_rule", 5},
                              {"/dynamic/0/lifecycle_rule/for_each", 6},
                              {"/dynamic/0/lifecycle_rule/content/0", 7},
                              {"/dynamic/0/lifecycle_rule/content/0/expiration/0", 8},
                              {"/dynamic/0/lifecycle_rule/content/0/expiration/0/days", 8}}));
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
  EXPECT_EQ(r.body, Json::parse(R"({"big": "${1e999}", "neg": -2.5, "not": false, "idx": 2,
      "key": "v", "bad": "${local.m.missing}", "whole": {"k": "v"},
      "obj": {"key": 1, "${(var.u)}": 2}, "tmpl": "${local.m} and key",
      "blk": [{"q/t~": {"a": 1}}]})"));
  EXPECT_EQ(r.lines.at("/blk/0/q~1t~0/a"), 13u);
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

}  // namespace
}  // namespace proofline::iac
