// Test support: a labelled corpus of secrets generated with the shapes the providers issue
// (prefixes, alphabets, lengths, checksums aside) and of look-alikes that are not secrets
// (documentation examples, placeholders, variable references, near-miss lengths and alphabets).
// Deterministic (seeded), so a failing sample can be reproduced. Header-only: used by scan_test
// and the CLI tests.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace proofline::scan::testing {

struct Sample {
  std::string rule;  // the rule that must find it; empty: no rule may
  std::string text;  // a file's content
};

class TokenGen {
 public:
  explicit TokenGen(uint32_t seed) : rng_(seed) {}

  std::string From(const std::string& alphabet, size_t n) {
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string out;
    for (size_t i = 0; i < n; ++i) out += alphabet[pick(rng_)];
    return out;
  }
  std::string Upper(size_t n) { return From("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n); }
  std::string Base32(size_t n) { return From("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n); }
  std::string Alnum(size_t n) {
    return From("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);
  }
  std::string Base64(size_t n) {
    return From("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n);
  }
  std::string Base64Url(size_t n) {
    return From("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", n);
  }
  std::string Hex(size_t n) { return From("0123456789abcdef", n); }
  std::string Digits(size_t n) { return From("0123456789", n); }
  std::string UpperDigits(size_t n) { return From("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n); }
  std::string Password(size_t n) { return Alnum(n - 2) + From("!#%^&*", 1) + Digits(1); }

  // A JWT: a base64url JSON header and payload, and a 32-byte signature.
  std::string Jwt() {
    // base64url of {"alg":"HS256","typ":"JWT"} and of a payload starting {"sub":"
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI" + Base64Url(40) + "." + Base64Url(43);
  }
  std::string PemBody(size_t lines) {
    std::string body;
    for (size_t i = 0; i < lines; ++i) body += Base64(64) + "\n";
    return body;
  }

 private:
  std::mt19937 rng_;
};

// `per_rule` true positives for every default rule, in realistic surroundings.
inline std::vector<Sample> TruePositives(size_t per_rule, uint32_t seed = 8) {
  TokenGen g(seed);
  std::vector<Sample> out;
  for (size_t i = 0; i < per_rule; ++i) {
    const char* aws_prefix = i % 2 == 0 ? "AKIA" : "ASIA";
    out.push_back({"aws-access-key-id", "[default]\naws_access_key_id = " +
                                            std::string(aws_prefix) + g.Base32(16) + "\n"});
    out.push_back({"aws-secret-access-key", "export AWS_SECRET_ACCESS_KEY=" + g.Base64(40) + "\n"});
    out.push_back({"gcp-service-account-key",
                   "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo-" + g.Digits(6) +
                       "\",\n  \"private_key_id\": \"" + g.Hex(40) + "\",\n}\n"});
    out.push_back({"gcp-api-key", "const mapsKey = 'AIza" + g.Base64Url(35) + "';\n"});
    out.push_back({"azure-storage-account-key",
                   "conn: DefaultEndpointsProtocol=https;AccountName=st" + g.Digits(5) +
                       ";AccountKey=" + g.Base64(86) + "==;EndpointSuffix=core.windows.net\n"});
    const char* gh[] = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"};
    out.push_back({"github-token", "GITHUB_TOKEN: " + std::string(gh[i % 5]) + g.Alnum(36) + "\n"});
    out.push_back({"github-fine-grained-pat", "gh auth login --with-token github_pat_" +
                                                  g.Alnum(22) + "_" + g.Alnum(59) + "\n"});
    out.push_back({"gitlab-pat", "CI_TOKEN=glpat-" + g.Base64Url(20) + "\n"});
    out.push_back({"slack-token", "slack:\n  bot: xoxb-" + g.Digits(12) + "-" + g.Digits(13) + "-" +
                                      g.Alnum(24) + "\n"});
    out.push_back({"slack-webhook-url", "webhook = https://hooks.slack.com/services/T" +
                                            g.UpperDigits(10) + "/B" + g.UpperDigits(10) + "/" +
                                            g.Alnum(24) + "\n"});
    out.push_back({"stripe-live-key", "Stripe.api_key = sk_live_" + g.Alnum(24 + i % 10) + "\n"});
    out.push_back({"twilio-api-key", "TWILIO_API_KEY=SK" + g.Hex(32) + "\n"});
    out.push_back(
        {"sendgrid-api-key", "sendgrid: SG." + g.Base64Url(22) + "." + g.Base64Url(43) + "\n"});
    out.push_back(
        {"npm-access-token", "//registry.npmjs.org/:_authToken=npm_" + g.Alnum(36) + "\n"});
    const char* pem[] = {"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"};
    out.push_back({"private-key", std::string("-----BEGIN ") + pem[i % 4] + "-----\n" +
                                      g.PemBody(8 + i % 20) + "-----END " + pem[i % 4] +
                                      "-----\n"});
    out.push_back({"jwt", "Authorization: Bearer " + g.Jwt() + "\n"});
    const char* db[] = {"postgres", "postgresql", "mysql", "mongodb+srv", "redis"};
    out.push_back({"database-url-password", std::string("DATABASE_URL=") + db[i % 5] +
                                                "://app:" + g.Alnum(14) + "-" + g.Digits(3) +
                                                "@db" + g.Digits(2) + ".internal:5432/app\n"});
    const char* generic[] = {"api_key = \"", "client_secret: '", "self.auth_token = \"",
                             "\"password\": \"", "DB_PASSWORD="};
    const char* close[] = {"\"", "'", "\"", "\"", ""};
    out.push_back({"generic-secret-assignment",
                   std::string(generic[i % 5]) + g.Password(24) + close[i % 5] + "\n"});
  }
  return out;
}

// Look-alikes no rule may report.
inline std::vector<Sample> FalsePositives(uint32_t seed = 9) {
  TokenGen g(seed);
  std::vector<std::string> texts = {
      // Documentation examples and placeholders.
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
      "aws_access_key_id = AKIAAAAAAAAAAAAAAAAA\n",
      "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n",
      "\"private_key_id\": \"your-private-key-id\",\n",
      "key: AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
      "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
      "KBHBeksoGMGw==;\n",
      "token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
      "CI_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx\n",
      "SLACK_TOKEN=xoxb-your-token-here\n",
      "url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n",
      "stripe test key sk_test_" + g.Alnum(24) + "\n",
      "Stripe.api_key = sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n",
      "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\n" + g.PemBody(6) + "-----END PUBLIC KEY-----\n",
      "-----BEGIN CERTIFICATE-----\n" + g.PemBody(10) + "-----END CERTIFICATE-----\n",
      "DATABASE_URL=postgres://user:password@localhost:5432/db\n",
      "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n",
      "mysql://root:<password>@127.0.0.1/test\n",
      "MONGO=mongodb+srv://admin:changeme@cluster0.example.net/\n",
      "postgres://localhost:5432/app\n",
      "password = \"changeme\"\n",
      "password = \"passwordpassword\"\n",
      "token = \"${API_TOKEN}\"\n",
      "api_key = \"<your-api-key-here>\"\n",
      "secret = \"your_secret_here_xxxxxxxx\"\n",
      "client_secret = \"{{ vault_client_secret }}\"\n",
      "password: process.env.DB_PASSWORD_VALUE\n",
      "secret_key_name = \"aws_secret_access_key_id_value\"\n",
      "token = getTokenFromEnvironment()\n",
      "token = \"1234567890123456\"\n",
      "password_hash = \"aaaaaaaaaaaaaaaaaaaaaaaa\"\n",
      "const tokenizer = new Tokenizer(options);\n",
      // Near misses: wrong length, alphabet or prefix.
      "id: AKIA" + g.Base32(15) + "\n",
      "ghp_" + g.Alnum(20) + "\n",
      "npm_package_config_registry_url_value_is_here\n",
      "SG.short.token\n",
      "header eyJhbGciOiJIUzI1NiJ9 alone\n",
      "build sha " + g.Hex(40) + "\n",
      "uuid " + g.Hex(8) + "-" + g.Hex(4) + "-" + g.Hex(4) + "-" + g.Hex(4) + "-" + g.Hex(12) +
          "\n",
      "integrity: sha512-" + g.Base64(86) + "==\n",
  };
  std::vector<Sample> out;
  for (std::string& t : texts) out.push_back({"", std::move(t)});
  return out;
}

}  // namespace proofline::scan::testing
