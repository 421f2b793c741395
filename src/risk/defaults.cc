// The shipped risk categories and weights, as YAML data parsed by the same loader a team's
// proofline.yaml goes through (so the defaults are documented by example and overridable).
#include "risk/defaults.h"

namespace proofline::risk {

const char* const kDefaultRiskYaml = R"yaml(
risk:
  production_environments: [production, prod, prd]
  weights: {production: 3, large_change: 2, history: 2}
  large_change_lines: 1000
  history_prior: {failures: 1, deployments: 10}
  thresholds: {automated_below: 3, single_approver_below: 7}
  default_category: business_logic
categories:
  config_only:
    class: low
    paths: ["*.{yaml,yml,toml,ini,conf,cfg,properties,env}", "config/", "**/config/**"]
  feature_flags:
    class: low
    paths: ["**/feature_flags/**", "**/featureflags/**", "**/flags/**", "*feature*flag*"]
  content_updates:
    class: low
    paths: ["*.{md,rst,txt,adoc}", "docs/", "**/locales/**", "**/i18n/**",
            "*.{png,jpg,jpeg,gif,svg,ico,webp}", "LICENSE*", "CHANGELOG*"]
  business_logic:
    class: medium
    paths: ["*.{c,cc,cpp,cxx,h,hpp,go,java,kt,scala,py,rb,php,cs,rs,js,mjs,ts,swift,m,ex,exs,clj}"]
  database_views:
    class: medium
    paths: ["**/views/**/*.sql"]
    content: ['\bCREATE\s+(OR\s+REPLACE\s+)?(MATERIALIZED\s+)?VIEW\b']
    content_in: ["*.sql"]
  ui_changes:
    class: medium
    paths: ["*.{css,scss,sass,less,html,htm,jsx,tsx,vue,svelte}", "web/", "ui/", "frontend/"]
  dependency_update:
    class: medium
    paths: ["package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.mod", "go.sum",
            "pom.xml", "build.gradle", "build.gradle.kts", "gradle.lockfile", "requirements*.txt",
            "Pipfile", "Pipfile.lock", "poetry.lock", "pyproject.toml", "Cargo.toml", "Cargo.lock",
            "CMakeLists.txt", "conanfile.txt", "vcpkg.json", "Gemfile", "Gemfile.lock",
            "composer.json", "composer.lock", "*.csproj", "packages.lock.json"]
  database_schema:
    class: high
    weight: 4
    paths: ["**/migrations/**", "**/migrate/**", "schema.sql", "schema.rb", "*.ddl"]
    content: ['\b(CREATE|ALTER|DROP|RENAME|TRUNCATE)\s+(TABLE|INDEX|COLUMN|SCHEMA|SEQUENCE|TYPE|CONSTRAINT)\b',
              '\bDROP\s+(DATABASE|VIEW)\b', '\b(GRANT|REVOKE)\b']
    content_in: ["*.sql", "*.ddl", "**/migrations/**"]
  security_changes:
    class: high
    weight: 5
    paths: ["**/auth/**", "**/authn/**", "**/authz/**", "**/security/**", "**/crypto/**",
            "**/iam/**", "**/rbac/**", "**/oauth/**", "**/saml/**", "**/secrets/**",
            "*{password,passwd,secret,credential,permission}*",
            "CODEOWNERS", ".github/CODEOWNERS", "**/*.pem", "**/*.key"]
    content: ['\b(GRANT|REVOKE)\b', '\bpermitAll\b', '\bverify\s*=\s*False\b']
    content_in: ["*.{sql,py,java,kt,go,rb,js,ts,yaml,yml,json,tf}"]
  infrastructure:
    class: high
    paths: ["terraform/", "*.tf", "*.tfvars", "*.hcl", "k8s/", "kubernetes/", "**/helm/**",
            "charts/", "Dockerfile", "Dockerfile.*", "*.dockerfile", "docker-compose*.{yml,yaml}",
            "ansible/", "**/cloudformation/**", ".github/workflows/", ".gitlab-ci.yml", "Jenkinsfile",
            "infra/", "deploy/"]
evidence:
  low: [unit, integration, smoke]
  medium: [unit, integration, smoke, e2e, performance]
  high: [full_regression, security, compliance, performance]
)yaml";

}  // namespace proofline::risk
