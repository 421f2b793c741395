// The service layer tested at its own level: real stores in a temporary directory, real git
// repositories (the git CLI), the operations called as a front end calls them.
#include <gtest/gtest.h>

#include "service/workspace.h"

namespace proofline::service {
namespace {

TEST(WorkspaceTest, MissingStoreFailsClosed) {
  Workspace ws({"/nonexistent/proofline.db", ""});
  Status s = ws.Verify();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), "store /nonexistent/proofline.db is missing");
}

}  // namespace
}  // namespace proofline::service
