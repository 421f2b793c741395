// Tests of the Kubernetes manifest reader: documents, List kinds, scalars by style, lines, broken
// documents and directory walks.
#include "iac/kubernetes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace proofline::iac {
namespace {

constexpr const char* kMultiDoc = R"(# rendered by kustomize
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: payments
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
          securityContext:
            privileged: true
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
---
# values for a chart: no apiVersion/kind
replicaCount: 2
...
--- {apiVersion: v1, kind: ConfigMap, metadata: {name: flags}}
)";

TEST(Kubernetes, MultiDocumentFileGivesOneResourcePerManifestWithAbsoluteLines) {
  Inventory inv = LoadKubernetesText("k8s/app.yaml", kMultiDoc);
  EXPECT_TRUE(inv.problems.empty());
  ASSERT_EQ(inv.resources.size(), 3u);
  const Resource& d = inv.resources[0];
  EXPECT_EQ(d.kind, "kubernetes");
  EXPECT_EQ(d.type, "Deployment");
  EXPECT_EQ(d.name, "web");
  EXPECT_EQ(d.address, "Deployment/payments/web");
  EXPECT_EQ(d.file, "k8s/app.yaml");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.body["spec"]["replicas"], 3);
  EXPECT_EQ(d.lines.at("/spec/template/spec/containers/0"), 12u);
  EXPECT_EQ(d.lines.at("/spec/template/spec/containers/0/securityContext/privileged"), 15u);
  EXPECT_EQ(d.body["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"],
            true);
  EXPECT_EQ(inv.resources[1].address, "Service/default/web");
  EXPECT_EQ(inv.resources[1].line, 17u);
  EXPECT_EQ(inv.resources[1].lines.at("/spec/ports/0/port"), 23u);
  EXPECT_EQ(inv.resources[2].address, "ConfigMap/default/flags");
  EXPECT_EQ(inv.resources[2].line, 28u);
}

TEST(Kubernetes, ListKindsExpandTheirItemsWithTheirOwnLines) {
  Inventory inv = LoadKubernetesText("list.yml", R"(apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      hostNetwork: true
  - apiVersion: v1
    kind: Pod
    metadata:
      name: b
      namespace: ops
  - just: a value
)");
  ASSERT_EQ(inv.resources.size(), 2u);
  EXPECT_EQ(inv.resources[0].address, "Pod/default/a");
  EXPECT_EQ(inv.resources[0].line, 4u);
  EXPECT_EQ(inv.resources[0].lines.at(""), 4u);
  EXPECT_EQ(inv.resources[0].lines.at("/spec/hostNetwork"), 9u);
  EXPECT_EQ(inv.resources[0].body["spec"]["hostNetwork"], true);
  EXPECT_EQ(inv.resources[1].address, "Pod/ops/b");
  EXPECT_EQ(inv.resources[1].line, 10u);
}

TEST(Kubernetes, OnlyPlainScalarsBecomeBoolsNumbersAndNull) {
  Inventory inv = LoadKubernetesText("s.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: s
  annotations:
    example.com/team: payments
data:
  plain_bool: true
  quoted_bool: "true"
  single_quoted: 'false'
  yaml11_yes: yes
  int: 42
  negative: -7
  octal: 0o17
  hex: 0x1F
  float: 1.5e3
  quoted_int: "42"
  tilde: ~
  empty:
  inf: .inf
  version: 1.2.3
  block: |
    true
  huge: 123456789012345678901234567890
)");
  ASSERT_EQ(inv.resources.size(), 1u);
  const Json& d = inv.resources[0].body["data"];
  EXPECT_EQ(d["plain_bool"], true);
  EXPECT_EQ(d["quoted_bool"], "true");
  EXPECT_EQ(d["single_quoted"], "false");
  EXPECT_EQ(d["yaml11_yes"], "yes");
  EXPECT_EQ(d["int"], 42);
  EXPECT_EQ(d["negative"], -7);
  EXPECT_EQ(d["octal"], 15);
  EXPECT_EQ(d["hex"], 31);
  EXPECT_EQ(d["float"], 1500.0);
  EXPECT_EQ(d["quoted_int"], "42");
  EXPECT_TRUE(d["tilde"].is_null());
  EXPECT_TRUE(d["empty"].is_null());
  EXPECT_EQ(d["inf"], ".inf");
  EXPECT_EQ(d["version"], "1.2.3");
  EXPECT_EQ(d["block"], "true\n");
  EXPECT_TRUE(d["huge"].is_number_float());
  // A "/" in a key is escaped in the JSON pointer ("~1").
  EXPECT_EQ(inv.resources[0].lines.at("/metadata/annotations/example.com~1team"), 6u);
}

TEST(Kubernetes, CoreSchemaScalar) {
  EXPECT_EQ(CoreSchemaScalar("+12"), 12);
  EXPECT_EQ(CoreSchemaScalar("-.5"), -0.5);
  EXPECT_EQ(CoreSchemaScalar("1e999"), "1e999");
  EXPECT_EQ(CoreSchemaScalar("0x"), "0x");
  EXPECT_EQ(CoreSchemaScalar("0xZZ"), "0xZZ");
  EXPECT_EQ(CoreSchemaScalar("."), ".");
  EXPECT_EQ(CoreSchemaScalar("18446744073709551615"), 18446744073709551615u);
  EXPECT_EQ(CoreSchemaScalar("FALSE"), false);
  EXPECT_EQ(CoreSchemaScalar("nil"), "nil");
}

TEST(Kubernetes, BrokenDocumentIsAProblemWithItsLineAndTheOthersAreRead) {
  Inventory inv = LoadKubernetesText("broken.yaml", R"(apiVersion: v1
kind: Pod
metadata:
  name: before
---
apiVersion: v1
kind: Pod
metadata:
  name: [unclosed
---
apiVersion: v1
kind: Pod
metadata:
  name: after
)");
  ASSERT_EQ(inv.resources.size(), 2u);
  EXPECT_EQ(inv.resources[0].name, "before");
  EXPECT_EQ(inv.resources[1].name, "after");
  EXPECT_EQ(inv.resources[1].line, 11u);
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].file, "broken.yaml");
  EXPECT_EQ(inv.problems[0].line, 10u);
  EXPECT_EQ(inv.problems[0].message.rfind("invalid YAML: ", 0), 0u) << inv.problems[0].message;
}

TEST(Kubernetes, HelmTemplatesThatDoNotParseAreSkippedSilently) {
  Inventory inv = LoadKubernetesText("templates/deploy.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: {{- include "chart.labels" . | nindent 4 }}
)");
  EXPECT_TRUE(inv.problems.empty());
  EXPECT_TRUE(inv.resources.empty());
}

TEST(Kubernetes, AliasBombIsRefused) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'h'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
    prev = c;
  }
  Inventory inv = LoadKubernetesText("bomb.yaml", text);
  EXPECT_TRUE(inv.resources.empty());
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].message, "more than 1000000 nodes (alias expansion?)");
}

TEST(Kubernetes, DeepNestingIsRefused) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\ndata: " + std::string(300, '[') +
                     std::string(300, ']') + "\n";
  Inventory inv = LoadKubernetesText("deep.yaml", text);
  EXPECT_TRUE(inv.resources.empty());
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].file, "deep.yaml");
}

class KubernetesDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("k8s-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    std::filesystem::path p = root_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::filesystem::path root_;
};

TEST_F(KubernetesDirTest, WalksRecursivelySkippingToolDirectoriesAndOtherFiles) {
  const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
  Write("b/pod.yml", pod);
  Write("a/pod.yaml", pod);
  Write("node_modules/x/pod.yaml", pod);
  Write(".git/pod.yaml", pod);
  Write(".terraform/modules/pod.yaml", pod);
  Write("main.tf", "resource \"x\" \"y\" {}\n");
  Write("bad.yaml", "a: [\n");
  std::filesystem::create_symlink(root_ / "a/pod.yaml", root_ / "link.yaml");
  Result<Inventory> inv = LoadKubernetes({root_.string()});
  ASSERT_TRUE(inv.ok()) << inv.status().message();
  const std::string r = root_.string();
  EXPECT_EQ(inv->files,
            (std::vector<std::string>{r + "/a/pod.yaml", r + "/b/pod.yml", r + "/bad.yaml"}));
  ASSERT_EQ(inv->resources.size(), 2u);
  EXPECT_EQ(inv->resources[0].file, r + "/a/pod.yaml");
  ASSERT_EQ(inv->problems.size(), 1u);
  EXPECT_EQ(inv->problems[0].file, r + "/bad.yaml");
  EXPECT_EQ(inv->problems[0].line, 2u);
  EXPECT_EQ(inv->bytes, 2 * pod.size() + 5);
  Result<Inventory> missing = LoadKubernetes({r + "/nope"});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace proofline::iac
