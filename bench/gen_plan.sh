#!/usr/bin/env bash
# Writes a Terraform plan JSON (the shape `terraform show -json PLANFILE` writes, format 1.2, on
# one line) of RESOURCES planned resources for `proofline scan iac --plan`: child modules of 100
# resources, each module five count-expanded resources of 20 instances (S3 buckets with their
# separate encryption configuration, RDS, EBS, IAM policies), full tags and tags_all, values
# known after apply in resource_changes[].change.after_unknown (ids, ARNs, the bucket an
# encryption configuration refers to, RDS kms_key_id) and the configuration's references. One
# RDS instance in seven is unencrypted, so the checks have findings to report.
# Usage: bench/gen_plan.sh OUT.json [RESOURCES]     (default 10000)
set -euo pipefail
out=$1
resources=${2:-10000}
awk -v n="$resources" '
function tags(k, i) {
  return "{\"Environment\":\"production\",\"Owner\":\"team-" k "@bank.example\"," \
         "\"ComplianceFramework\":\"SOX\",\"ChangeTicket\":\"CHG-" (10000 + k) "\"," \
         "\"GitCommitSHA\":\"0123456789abcdef0123456789abcdef0123456" (k % 10) "\"," \
         "\"ApprovalReference\":\"APR-" k "-" i "\"}"
}
function values(t, k, i) {
  if (t == 0) return "{\"bucket\":\"svc-" k "-" i "\",\"force_destroy\":false,\"object_lock_enabled\":false,\"tags\":" tags(k, i) ",\"tags_all\":" tags(k, i) ",\"timeouts\":null}"
  if (t == 1) return "{\"expected_bucket_owner\":null,\"rule\":[{\"apply_server_side_encryption_by_default\":[{\"kms_master_key_id\":null,\"sse_algorithm\":\"aws:kms\"}],\"bucket_key_enabled\":true}]}"
  if (t == 2) return "{\"engine\":\"postgres\",\"engine_version\":\"15.4\",\"instance_class\":\"db.t3.micro\",\"allocated_storage\":20,\"storage_encrypted\":" ((k * 20 + i) % 7 == 3 ? "false" : "true") ",\"username\":\"app\",\"skip_final_snapshot\":false,\"backup_retention_period\":7,\"tags\":" tags(k, i) ",\"tags_all\":" tags(k, i) "}"
  if (t == 3) return "{\"availability_zone\":\"eu-west-1a\",\"size\":40,\"type\":\"gp3\",\"encrypted\":true,\"tags\":" tags(k, i) ",\"tags_all\":" tags(k, i) "}"
  return "{\"name\":\"p-" k "-" i "\",\"path\":\"/\",\"description\":\"read objects\",\"policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"arn:aws:s3:::svc-" k "-" i "/*\\\"}]}\",\"tags\":" tags(k, i) ",\"tags_all\":" tags(k, i) "}"
}
function unknown(t) {
  if (t == 0) return "{\"arn\":true,\"id\":true,\"bucket_domain_name\":true,\"versioning\":true,\"server_side_encryption_configuration\":true,\"tags\":{},\"tags_all\":{}}"
  if (t == 1) return "{\"bucket\":true,\"id\":true,\"rule\":[{\"apply_server_side_encryption_by_default\":[{}]}]}"
  if (t == 2) return "{\"id\":true,\"arn\":true,\"endpoint\":true,\"kms_key_id\":true,\"tags\":{},\"tags_all\":{}}"
  if (t == 3) return "{\"id\":true,\"arn\":true,\"iops\":true,\"tags\":{},\"tags_all\":{}}"
  return "{\"id\":true,\"arn\":true,\"policy_id\":true,\"tags\":{},\"tags_all\":{}}"
}
BEGIN {
  split("aws_s3_bucket aws_s3_bucket_server_side_encryption_configuration aws_db_instance aws_ebs_volume aws_iam_policy", type, " ")
  per = 100
  modules = int((n + per - 1) / per)
  printf "{\"format_version\":\"1.2\",\"terraform_version\":\"1.7.5\",\"planned_values\":{\"root_module\":{\"child_modules\":["
  changes = ""
  made = 0
  for (k = 0; k < modules; k++) {
    printf "%s{\"address\":\"module.svc_%d\",\"resources\":[", (k ? "," : ""), k
    first = 1
    for (t = 0; t < 5; t++) {
      for (i = 0; i < 20 && made < n; i++) {
        if (k * per + t * 20 + i >= n) break
        address = "module.svc_" k "." type[t + 1] ".main[" i "]"
        printf "%s{\"address\":\"%s\",\"mode\":\"managed\",\"type\":\"%s\",\"name\":\"main\",\"index\":%d,\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"schema_version\":0,\"values\":%s,\"sensitive_values\":{}}", (first ? "" : ","), address, type[t + 1], i, values(t, k, i)
        first = 0
        made++
        change[made] = "{\"address\":\"" address "\",\"module_address\":\"module.svc_" k "\",\"mode\":\"managed\",\"type\":\"" type[t + 1] "\",\"name\":\"main\",\"index\":" i ",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":" values(t, k, i) ",\"after_unknown\":" unknown(t) ",\"before_sensitive\":false,\"after_sensitive\":{}}}"
      }
    }
    printf "]}"
  }
  printf "]}},\"resource_changes\":["
  for (c = 1; c <= made; c++) printf "%s%s", (c > 1 ? "," : ""), change[c]
  printf "],\"configuration\":{\"root_module\":{\"module_calls\":{"
  for (k = 0; k < modules; k++) {
    printf "%s\"svc_%d\":{\"source\":\"./modules/svc\",\"module\":{\"resources\":[", (k ? "," : ""), k
    for (t = 0; t < 5; t++) {
      refs = t == 1 ? "{\"bucket\":{\"references\":[\"aws_s3_bucket.main[count.index].id\",\"aws_s3_bucket.main\"]}}" : (t == 2 ? "{\"kms_key_id\":{\"references\":[\"var.kms_key_arn\"]}}" : "{}")
      printf "%s{\"address\":\"%s.main\",\"mode\":\"managed\",\"type\":\"%s\",\"name\":\"main\",\"expressions\":%s,\"count_expression\":{\"constant_value\":20}}", (t ? "," : ""), type[t + 1], type[t + 1], refs
    }
    printf "]}}"
  }
  printf "}}}}\n"
}' >"$out"
