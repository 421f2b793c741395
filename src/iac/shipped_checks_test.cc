// Every shipped check against fixtures of its own: src/iac/testdata/checks/ID/ holds pass.EXT
// (compliant: no finding of ID, resolved or not) and fail.EXT (whose first line is the comment
// "# findings: N": exactly N findings of ID, none of them for an unresolved value), EXT being
// .tf or .yaml (Kubernetes): formats with comments. Read through the same loaders as `scan iac`, so
// a fixture is a file a user could have written. A check without fixtures, or fixtures without a
// check, fail.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "iac/checks.h"
#include "iac/kubernetes.h"
#include "iac/terraform.h"

namespace proofline::iac {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(PROOFLINE_IAC_TESTDATA) / "checks";

// The fixture `stem`.* in `dir`, or an empty path.
fs::path FixtureFile(const fs::path& dir, const std::string& stem) {
  for (const char* ext : {".tf", ".yaml"}) {
    fs::path p = dir / (stem + ext);
    if (fs::exists(p)) return p;
  }
  return {};
}

Result<Inventory> Load(const fs::path& file) {
  if (file.extension() == ".yaml") return LoadKubernetes({file.string()});
  return LoadTerraform({file.string()});
}

// The findings of check `id` in `file`; problems reading it fail the test.
std::vector<CheckFinding> FindingsOf(const CheckSet& checks, const std::string& id,
                                     const fs::path& file, Inventory* inventory) {
  Result<Inventory> inv = Load(file);
  EXPECT_TRUE(inv.ok()) << file << ": " << inv.status().message();
  if (!inv.ok()) return {};
  *inventory = std::move(*inv);
  for (const ParseProblem& p : inventory->problems) {
    ADD_FAILURE() << p.file << ":" << p.line << ": " << p.message;
  }
  EXPECT_FALSE(inventory->resources.empty()) << file << " holds no resource";
  std::vector<CheckFinding> out;
  for (CheckFinding& f : RunChecks(checks, *inventory, {})) {
    if (f.check->id == id) out.push_back(std::move(f));
  }
  return out;
}

// N from the first line "# findings: N", or -1.
int ExpectedFindings(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  const std::string prefix = "# findings: ";
  if (!line.starts_with(prefix)) return -1;
  return std::stoi(line.substr(prefix.size()));
}

TEST(ShippedCheckFixtures, EveryCheckPassesItsCompliantFixtureAndFlagsTheOther) {
  Result<CheckSet> checks = ShippedChecks();
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  std::set<std::string> ids;
  for (const Check& check : checks->checks) {
    SCOPED_TRACE(check.id);
    ids.insert(check.id);
    const fs::path dir = kFixtures / check.id;
    const fs::path pass = FixtureFile(dir, "pass"), fail = FixtureFile(dir, "fail");
    if (pass.empty() || fail.empty()) {
      ADD_FAILURE() << check.id << " has no pass and fail fixture in " << dir;
      continue;
    }
    Inventory inv;
    for (const CheckFinding& f : FindingsOf(*checks, check.id, pass, &inv)) {
      ADD_FAILURE() << pass.filename() << " is compliant, yet: " << f.message
                    << (f.unresolved ? " (unresolved)" : "");
    }
    const int expected = ExpectedFindings(fail);
    ASSERT_GT(expected, 0) << fail << " must start with '# findings: N' (N > 0)";
    std::vector<CheckFinding> found = FindingsOf(*checks, check.id, fail, &inv);
    EXPECT_EQ(static_cast<int>(found.size()), expected) << fail;
    for (const CheckFinding& f : found) {
      EXPECT_FALSE(f.unresolved) << "flagged only as unresolved: " << f.message;
      EXPECT_GT(f.line, 0u) << f.message;
    }
  }
  for (const fs::directory_entry& e : fs::directory_iterator(kFixtures)) {
    EXPECT_TRUE(ids.contains(e.path().filename().string()))
        << "fixtures for a check that is not shipped: " << e.path();
  }
}

// What an auditor reads beside each check: a known framework for every control, a remediation,
// and ids and titles that are unique.
TEST(ShippedCheckFixtures, EveryCheckMapsToControlsOfKnownFrameworks) {
  Result<CheckSet> checks = ShippedChecks();
  ASSERT_TRUE(checks.ok()) << checks.status().message();
  std::set<std::string> titles;
  for (const Check& c : checks->checks) {
    EXPECT_FALSE(c.controls.empty()) << c.id;
    EXPECT_FALSE(c.remediation.empty()) << c.id;
    EXPECT_TRUE(titles.insert(c.title).second) << "two checks titled " << c.title;
    for (const std::string& control : c.controls) {
      bool known = false;
      for (const char* framework : {"SOX-", "HIPAA ", "PCI DSS ", "SOC 2 "}) {
        known = known || control.starts_with(framework);
      }
      EXPECT_TRUE(known) << c.id << ": control '" << control << "' names no known framework";
    }
  }
}

}  // namespace
}  // namespace proofline::iac
