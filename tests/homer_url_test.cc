// `ferry homer url`: the command line around homer/share_url (whose unit
// tests cover the translation): the link on stdout, the fields Homer 11
// cannot carry named on stderr, a bad link refused with exit 2.
#include <gtest/gtest.h>

#include "support/test_env.h"

namespace ferry::test {
namespace {

TEST(HomerUrl, PrintsTheHomer11LinkAndNamesWhatItCannotCarry) {
  auto run = RunFerry({"homer", "url",
                       R"(http://homer:9080/search/result?{"timestamp":{"from":1700000000000,"to":1700000360000},)"
                       R"("param":{"search":{"1_call":{"callid":["c1@x"],"ruri_user":["bob"]}}}}=)",
                       "--coordinator", "https://homer11.lan"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "https://homer11.lan/?call_id=c1%40x&from=1700000000000&to=1700000360000#dashboard\n");
  EXPECT_NE(run.err.find("1_call.ruri_user has no Homer 11 link form"), std::string::npos) << run.err;
}

TEST(HomerUrl, RefusesALinkWithoutASearch) {
  auto run = RunFerry({"homer", "url", "http://homer:9080/dashboard/home"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no '?{...}' query"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace ferry::test
