// Tests of the Terraform plan reader: a plan in the shape `terraform show -json` (1.x) writes,
// with a nested child module, count- and for_each-made instances, values known only after apply
// at nested paths, a data source and a deleted resource, read into exact addresses and bodies;
// the shipped checks run over it; a state document; and every malformed input named.
#include "iac/tfplan.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "iac/checks.h"
#include "iac/iac_scan.h"

namespace proofline::iac {
namespace {

using Json = nlohmann::json;

// Pretty-printed here for reading; terraform writes it on one line (Dump() below does too).
constexpr const char* kPlan = R"({
  "format_version": "1.2",
  "terraform_version": "1.7.5",
  "variables": {"env": {"value": "prod"}},
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_s3_bucket.logs[0]", "mode": "managed", "type": "aws_s3_bucket",
          "name": "logs", "index": 0,
          "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
          "values": {
            "bucket": "logs-prod-0", "force_destroy": false,
            "tags": {"Environment": "prod"},
            "tags_all": {"Environment": "prod", "Owner": "platform@bank.example"},
            "timeouts": null
          },
          "sensitive_values": {"tags": {}, "tags_all": {}, "versioning": []}
        },
        {
          "address": "aws_s3_bucket_server_side_encryption_configuration.logs[0]",
          "mode": "managed", "type": "aws_s3_bucket_server_side_encryption_configuration",
          "name": "logs", "index": 0,
          "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
          "values": {
            "expected_bucket_owner": null,
            "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": null,
                       "sse_algorithm": "aws:kms"}], "bucket_key_enabled": true}]
          },
          "sensitive_values": {"rule": [{"apply_server_side_encryption_by_default": [{}]}]}
        },
        {
          "address": "aws_iam_user.ops[\"alice\"]", "mode": "managed", "type": "aws_iam_user",
          "name": "ops", "index": "alice",
          "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
          "values": {"name": "alice", "path": "/", "force_destroy": false, "tags": null,
                     "permissions_boundary": null},
          "sensitive_values": {"tags_all": {}}
        },
        {
          "address": "data.aws_caller_identity.current", "mode": "data",
          "type": "aws_caller_identity", "name": "current",
          "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
          "values": {"account_id": "123456789012", "id": "123456789012",
                     "arn": "arn:aws:iam::123456789012:user/ci", "user_id": "AIDAEXAMPLE"},
          "sensitive_values": {}
        }
      ],
      "child_modules": [
        {
          "address": "module.db",
          "resources": [
            {
              "address": "module.db.aws_db_instance.main", "mode": "managed",
              "type": "aws_db_instance", "name": "main",
              "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 2,
              "values": {
                "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20,
                "storage_encrypted": false, "password": "not-a-real-password",
                "big_number": 18446744073709551615,
                "tags": {"Environment": "prod"}
              },
              "sensitive_values": {"password": true, "tags": {}}
            },
            {
              "address": "module.db.aws_kms_key.db", "mode": "managed", "type": "aws_kms_key",
              "name": "db", "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"enable_key_rotation": true, "deletion_window_in_days": 30},
              "sensitive_values": {}
            }
          ],
          "child_modules": [
            {
              "address": "module.db.module.replica[\"eu\"]",
              "resources": [
                {
                  "address": "module.db.module.replica[\"eu\"].aws_db_instance.this",
                  "mode": "managed", "type": "aws_db_instance", "name": "this",
                  "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 2,
                  "values": {"engine": "postgres", "storage_encrypted": true,
                             "blue_green_update": [{}], "tags": {"Environment": "prod"}},
                  "sensitive_values": {"blue_green_update": [{}], "tags": {}}
                }
              ]
            }
          ]
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "aws_s3_bucket.logs[0]", "mode": "managed", "type": "aws_s3_bucket",
      "name": "logs", "index": 0, "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"], "before": null,
        "after": {"bucket": "logs-prod-0", "force_destroy": false},
        "after_unknown": {"arn": true, "id": true, "versioning": true, "tags": {},
                          "tags_all": {}, "server_side_encryption_configuration": true},
        "before_sensitive": false, "after_sensitive": {"tags": {}, "tags_all": {}}
      }
    },
    {
      "address": "aws_s3_bucket_server_side_encryption_configuration.logs[0]",
      "mode": "managed", "type": "aws_s3_bucket_server_side_encryption_configuration",
      "name": "logs", "index": 0,
      "change": {
        "actions": ["create"], "before": null, "after": {},
        "after_unknown": {"bucket": true, "id": true,
                          "rule": [{"apply_server_side_encryption_by_default": [{}]}]},
        "before_sensitive": false, "after_sensitive": {}
      }
    },
    {
      "address": "module.db.aws_db_instance.main", "module_address": "module.db",
      "mode": "managed", "type": "aws_db_instance", "name": "main",
      "change": {
        "actions": ["create"], "before": null, "after": {},
        "after_unknown": {"id": true, "arn": true, "kms_key_id": true, "tags": {}},
        "before_sensitive": false, "after_sensitive": {"password": true, "tags": {}}
      }
    },
    {
      "address": "module.db.module.replica[\"eu\"].aws_db_instance.this",
      "module_address": "module.db.module.replica[\"eu\"]",
      "mode": "managed", "type": "aws_db_instance", "name": "this",
      "change": {
        "actions": ["update"], "before": {}, "after": {},
        "after_unknown": {"kms_key_id": true, "blue_green_update": [{"enabled": true}],
                          "vpc_security_group_ids": [true], "tags": {"Environment": false}},
        "before_sensitive": {}, "after_sensitive": {}
      }
    },
    {
      "address": "aws_instance.legacy", "mode": "managed", "type": "aws_instance",
      "name": "legacy",
      "change": {"actions": ["delete"], "before": {"ami": "ami-123"}, "after": null,
                 "after_unknown": {}, "before_sensitive": {}, "after_sensitive": false}
    }
  ],
  "configuration": {
    "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                "expressions": {"region": {"constant_value": "eu-west-1"}}}},
    "root_module": {
      "resources": [
        {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket",
         "name": "logs", "provider_config_key": "aws",
         "expressions": {"bucket": {"references": ["var.env", "count.index"]}},
         "schema_version": 0, "count_expression": {"constant_value": 1}},
        {"address": "aws_s3_bucket_server_side_encryption_configuration.logs", "mode": "managed",
         "type": "aws_s3_bucket_server_side_encryption_configuration", "name": "logs",
         "provider_config_key": "aws",
         "expressions": {
           "bucket": {"references": ["aws_s3_bucket.logs[0].id", "aws_s3_bucket.logs[0]",
                                     "aws_s3_bucket.logs"]},
           "rule": [{"apply_server_side_encryption_by_default": [
             {"sse_algorithm": {"constant_value": "aws:kms"}}]}]},
         "schema_version": 0, "count_expression": {"constant_value": 1}}
      ],
      "module_calls": {
        "db": {
          "source": "./modules/db",
          "module": {
            "resources": [
              {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance",
               "name": "main",
               "expressions": {"kms_key_id": {"references": ["aws_kms_key.db.arn",
                                                             "aws_kms_key.db"]}}}
            ],
            "module_calls": {
              "replica": {
                "source": "./replica", "for_each_expression": {"constant_value": {"eu": {}}},
                "module": {"resources": [
                  {"address": "aws_db_instance.this", "mode": "managed",
                   "type": "aws_db_instance", "name": "this",
                   "expressions": {"kms_key_id": {"references": ["var.kms_key_arn"]}}}]}
              }
            }
          }
        }
      }
    }
  }
})";

std::string Dump(const char* pretty) { return Json::parse(pretty).dump(); }

const Resource* Find(const Inventory& inv, const std::string& address) {
  for (const Resource& r : inv.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

Inventory LoadPlan(const std::string& text) {
  Result<Inventory> inv = LoadTerraformPlanText("plan.json", text);
  EXPECT_TRUE(inv.ok()) << inv.status().message();
  return inv.ok() ? std::move(*inv) : Inventory{};
}

TEST(TerraformPlan, ReadsEveryPlannedInstanceWithItsModuleAndAddress) {
  const std::string text = Dump(kPlan);
  Inventory inv = LoadPlan(text);
  std::vector<std::string> addresses;
  for (const Resource& r : inv.resources) addresses.push_back(r.address);
  EXPECT_EQ(addresses, (std::vector<std::string>{
                           "aws_s3_bucket.logs[0]",
                           "aws_s3_bucket_server_side_encryption_configuration.logs[0]",
                           "aws_iam_user.ops[\"alice\"]", "data.aws_caller_identity.current",
                           "module.db.aws_db_instance.main", "module.db.aws_kms_key.db",
                           "module.db.module.replica[\"eu\"].aws_db_instance.this"}));
  EXPECT_TRUE(inv.problems.empty());
  EXPECT_EQ(inv.files, std::vector<std::string>{"plan.json"});
  EXPECT_EQ(inv.bytes, text.size());

  const Resource* user = Find(inv, "aws_iam_user.ops[\"alice\"]");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->kind, "resource");
  EXPECT_EQ(user->type, "aws_iam_user");
  EXPECT_EQ(user->name, "ops");
  EXPECT_EQ(user->module, "");
  EXPECT_EQ(user->file, "plan.json");
  EXPECT_EQ(user->line, 1u);
  EXPECT_TRUE(user->lines.empty());
  // No change entry: the values as planned, nulls included.
  EXPECT_EQ(user->body, Json::parse(R"({"name": "alice", "path": "/", "force_destroy": false,
      "tags": null, "permissions_boundary": null})"));

  const Resource* caller = Find(inv, "data.aws_caller_identity.current");
  ASSERT_NE(caller, nullptr);
  EXPECT_EQ(caller->kind, "data");
  EXPECT_EQ(caller->body["account_id"], "123456789012");

  const Resource* replica = Find(inv, "module.db.module.replica[\"eu\"].aws_db_instance.this");
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->module, "module.db.module.replica[\"eu\"]");
  EXPECT_EQ(Find(inv, "module.db.aws_kms_key.db")->module, "module.db");
  EXPECT_EQ(Find(inv, "aws_instance.legacy"), nullptr);  // deleted: not planned
}

TEST(TerraformPlan, ValuesKnownAfterApplyAreUnknownAtTheirPaths) {
  Inventory inv = LoadPlan(Dump(kPlan));
  const Resource* bucket = Find(inv, "aws_s3_bucket.logs[0]");
  ASSERT_NE(bucket, nullptr);
  // Unknown leaves with no referencing expression; tags_all kept as Terraform computed it;
  // the {} of tags/tags_all (nothing unknown inside) changes nothing.
  EXPECT_EQ(bucket->body, Json::parse(R"({
      "bucket": "logs-prod-0", "force_destroy": false, "timeouts": null,
      "tags": {"Environment": "prod"},
      "tags_all": {"Environment": "prod", "Owner": "platform@bank.example"},
      "arn": "${known after apply}", "id": "${known after apply}",
      "versioning": "${known after apply}",
      "server_side_encryption_configuration": "${known after apply}"})"));

  // The configuration names what an unknown value refers to.
  const Resource* sse = Find(inv, "aws_s3_bucket_server_side_encryption_configuration.logs[0]");
  ASSERT_NE(sse, nullptr);
  EXPECT_EQ(sse->body["bucket"], "${aws_s3_bucket.logs[0].id}");
  EXPECT_EQ(sse->body["id"], "${known after apply}");
  EXPECT_EQ(sse->body["rule"][0]["apply_server_side_encryption_by_default"][0]["sse_algorithm"],
            "aws:kms");

  // In a module: references are the module's own; sensitive values stay values.
  const Resource* db = Find(inv, "module.db.aws_db_instance.main");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->body["kms_key_id"], "${aws_kms_key.db.arn}");
  EXPECT_EQ(db->body["password"], "not-a-real-password");
  EXPECT_EQ(db->body["storage_encrypted"], false);
  // Beyond 2^53: its decimal text, so the body has a canonical JSON form.
  EXPECT_EQ(db->body["big_number"], "18446744073709551615");

  // Nested paths: inside a block's element, an element the plan left out, a false leaf; the
  // configuration is found through the instance key of module.replica["eu"].
  const Resource* replica = Find(inv, "module.db.module.replica[\"eu\"].aws_db_instance.this");
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->body, Json::parse(R"({
      "engine": "postgres", "storage_encrypted": true,
      "kms_key_id": "${var.kms_key_arn}",
      "blue_green_update": [{"enabled": "${known after apply}"}],
      "vpc_security_group_ids": ["${known after apply}"],
      "tags": {"Environment": "prod"}})"));
}

std::vector<std::string> FindingsOf(const std::string& id, const std::vector<CheckFinding>& all) {
  std::vector<std::string> out;
  for (const CheckFinding& f : all) {
    if (f.check->id == id) out.push_back(f.resource->address + (f.unresolved ? " (unknown)" : ""));
  }
  return out;
}

TEST(TerraformPlan, ShippedChecksRunOverAPlan) {
  Result<CheckSet> checks = ShippedChecks();
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  Inventory inv = LoadPlan(Dump(kPlan));
  std::vector<CheckFinding> findings = RunChecks(*checks, inv, {});
  // The unencrypted database inside module.db, not its encrypted replica.
  EXPECT_EQ(FindingsOf("PL-AWS-RDS-ENCRYPTION", findings),
            std::vector<std::string>{"module.db.aws_db_instance.main"});
  // The bucket's encryption resource refers to it by a value known after apply: still joined.
  EXPECT_EQ(FindingsOf("PL-AWS-S3-ENCRYPTION", findings), std::vector<std::string>{});
  for (const CheckFinding& f : findings) {
    EXPECT_EQ(f.line, 1u) << f.message;
  }
}

TEST(TerraformPlan, ScanReadsPlansBesidePaths) {
  char tmpl[] = "/tmp/tfplan_test.XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const std::string plan = dir + "/plan.json";
  std::ofstream(plan) << Dump(kPlan);
  Result<CheckSet> checks = ShippedChecks();
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  IacScanOptions options;
  options.plans = {plan};
  options.required_tags = std::vector<std::string>{"Environment"};
  Result<scan::ScanResult> result = RunIacScan(options, *checks);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->files_scanned, 1u);
  bool rds = false;
  for (const scan::Finding& f : result->findings) {
    EXPECT_EQ(f.path, plan);
    EXPECT_EQ(f.line, 1u);
    if (f.rule_id == "PL-AWS-RDS-ENCRYPTION") {
      rds = true;
      EXPECT_EQ(f.masked, "module.db.aws_db_instance.main");
    }
  }
  EXPECT_TRUE(rds);

  options.plans = {dir + "/missing.json"};
  result = RunIacScan(options, *checks);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(TerraformPlan, StateDocumentIsReadWithNothingUnknown) {
  Inventory inv = LoadPlan(R"({"format_version": "1.0", "terraform_version": "1.7.5",
      "values": {"root_module": {"resources": [
        {"address": "aws_db_instance.x", "mode": "managed", "type": "aws_db_instance",
         "name": "x", "values": {"storage_encrypted": true, "id": "db-1"}}]}}})");
  ASSERT_EQ(inv.resources.size(), 1u);
  EXPECT_EQ(inv.resources[0].body, Json::parse(R"({"storage_encrypted": true, "id": "db-1"})"));
  // An empty plan: nothing planned, nothing wrong.
  EXPECT_TRUE(LoadPlan(R"({"format_version": "1.2", "planned_values": {"root_module": {}}})")
                  .resources.empty());
}

TEST(TerraformPlan, MalformedPlansAreInvalidArgumentNamingTheFile) {
  auto error = [](const std::string& text) {
    Result<Inventory> inv = LoadTerraformPlanText("bad.json", text);
    EXPECT_FALSE(inv.ok()) << text;
    if (!inv.ok()) {
      EXPECT_EQ(inv.status().code(), StatusCode::kInvalidArgument);
    }
    return inv.ok() ? std::string() : inv.status().message();
  };
  EXPECT_EQ(error("{\"format_version\": \"1.2\",\n \"planned_values\": {"),
            "bad.json: invalid JSON: parse error at line 2, column 21: syntax error while parsing "
            "object key - unexpected end of input; expected string literal");
  EXPECT_EQ(error(R"({"format_version": "1.2", "planned_values": {"x": 1e400}})"),
            "bad.json: invalid JSON: number overflow parsing '1e400'");
  EXPECT_EQ(error("[]"), "bad.json: not a Terraform plan: the JSON is not an object");
  EXPECT_EQ(error(R"({"planned_values": {}})"),
            "bad.json: not a Terraform plan: no format_version (write it with terraform show "
            "-json)");
  EXPECT_EQ(error(R"({"format_version": "2.0", "planned_values": {}})"),
            "bad.json: format_version \"2.0\" is not supported (1.x is read)");
  EXPECT_EQ(error(R"({"format_version": "1.2", "prior_state": {}})"),
            "bad.json: not a Terraform plan: no planned_values object");
  EXPECT_EQ(error(R"({"format_version": "1.2", "planned_values": {"root_module": {
      "resources": {}}}})"),
            "bad.json: planned_values.root_module.resources is not an array");
  EXPECT_EQ(error(R"({"format_version": "1.2", "planned_values": {"root_module": {
      "child_modules": [{"address": "module.a", "resources": [
        {"address": "module.a.t.n", "mode": "managed", "name": "n"}]}]}}})"),
            "bad.json: planned_values.root_module.child_modules[0].resources[0]: no string "
            "\"type\"");
  EXPECT_EQ(error(R"({"format_version": "1.2", "planned_values": {"root_module": {
      "child_modules": [{"resources": []}]}}})"),
            "bad.json: planned_values.root_module.child_modules[0]: no string \"address\"");
  EXPECT_EQ(error(R"({"format_version": "1.2", "planned_values": {"root_module": {
      "resources": [{"address": "", "mode": "managed", "type": "t", "name": "n"}]}}})"),
            "bad.json: planned_values.root_module.resources[0]: no string \"address\"");
  EXPECT_EQ(error(std::string(300, '[') + std::string(300, ']')),
            "bad.json: JSON nested deeper than 200 levels");

  Result<Inventory> missing = LoadTerraformPlan("/nonexistent/plan.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace proofline::iac
