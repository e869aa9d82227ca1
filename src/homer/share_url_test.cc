// Homer 7 share links in Homer 11's form: the call ids and time window of
// the v7 search, whatever the browser encoded, and clear refusals.
#include "homer/share_url.h"

#include <gtest/gtest.h>

namespace ferry::homer {
namespace {

TEST(HomerShareUrl, TranslatesTheSeedsExampleLink) {
  auto link = TranslateShareUrl(
      R"(http://homer:9080/search/result?{"timestamp":{"from":1700000000000,"to":1700000360000},)"
      R"("param":{"search":{"1_call":{"callid":["a84b4c76e66710@pc33.atlanta.com"]}}}}=)");
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->url,
            "https://homer/?call_id=a84b4c76e66710%40pc33.atlanta.com&from=1700000000000&to=1700000360000#dashboard");
  EXPECT_EQ(link->call_ids, (std::vector<std::string>{"a84b4c76e66710@pc33.atlanta.com"}));
  EXPECT_EQ(link->from_ms, 1700000000000);
  EXPECT_EQ(link->to_ms, 1700000360000);
  EXPECT_TRUE(link->not_carried.empty());
}

// What a browser's address bar hands over: the JSON percent-encoded.
TEST(HomerShareUrl, ReadsPercentEncodedLinksAndSeveralProfiles) {
  auto link = TranslateShareUrl(
      "https://homer.example.com:9080/search/result?%7B%22timestamp%22%3A%7B%22from%22%3A%221700000000000%22%2C"
      "%22to%22%3A1700000360000%7D%2C%22param%22%3A%7B%22search%22%3A%7B%221_call%22%3A%7B%22callid%22%3A%5B"
      "%22id%201%22%2C%22id%202%22%5D%2C%22from_user%22%3A%5B%22alice%22%5D%7D%2C%221_registration%22%3A"
      "%7B%22callid%22%3A%5B%22id%202%22%2C%22reg%263%22%5D%7D%7D%7D%7D=",
      "https://homer11.example.com/");
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->call_ids, (std::vector<std::string>{"id 1", "id 2", "reg&3"}));
  EXPECT_EQ(link->url,
            "https://homer11.example.com/?call_id=id%201,id%202,reg%263&from=1700000000000&to=1700000360000#dashboard");
  EXPECT_EQ(link->not_carried, (std::vector<std::string>{"1_call.from_user"}));
}

TEST(HomerShareUrl, DefaultCoordinatorDropsThePortButKeepsIpv6) {
  auto link = TranslateShareUrl(R"(http://[2001:db8::5]:9080/search/result?{"param":{"search":{"1_call":{"callid":"x"}}}}=)");
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->url, "https://[2001:db8::5]/?call_id=x#dashboard");
  EXPECT_FALSE(link->from_ms.has_value());
}

TEST(HomerShareUrl, RefusesLinksWithoutASearchOrCallId) {
  struct Case {
    const char* url;
    const char* error;
  };
  for (const Case& c : {
           Case{"http://homer:9080/dashboard/home", "no '?{...}' query"},
           Case{"http://homer:9080/search/result?{not json}=", "not a JSON object"},
           Case{R"(http://homer:9080/search/result?{"timestamp":{"from":1,"to":2}}=)", "searches no call id"},
           Case{R"(http://homer:9080/search/result?{"param":{"search":{"1_call":{"callid":[""]}}}}=)",
                "searches no call id"},
       }) {
    auto link = TranslateShareUrl(c.url);
    ASSERT_FALSE(link.ok()) << c.url;
    EXPECT_NE(link.status().message().find(c.error), std::string::npos) << link.status().message();
  }
}

}  // namespace
}  // namespace ferry::homer
