// Homer 7 share and drill-down URLs in Homer 11's form (seed 000, "Share /
// drill-down URLs"). homer-ui 7 links carry the whole search as JSON in the
// query string, usually percent-encoded by the browser:
//   http://homer:9080/search/result?{"timestamp":{"from":1700000000000,"to":1700000360000},
//       "param":{"search":{"1_call":{"callid":["a@host","b@host"]}}}}=
// Homer 11 opens the same calls with
//   https://<coordinator>/?call_id=a%40host,b%40host&from=1700000000000&to=1700000360000#dashboard
// (times stay epoch milliseconds). Search fields other than call ids have no
// Homer 11 URL form; they are returned so the caller can name them.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ferry::homer {

struct ShareLink {
  std::string url;                      // the Homer 11 link
  std::vector<std::string> call_ids;    // in the order the v7 search lists them, without repeats
  std::optional<int64_t> from_ms, to_ms;
  std::vector<std::string> not_carried;  // "1_call.from_user" and the like: no Homer 11 URL field
};

// `coordinator` is Homer 11's base URL ("https://homer.example.com"); empty
// means https:// on the v7 link's host, without its port (9080 was the UI's).
// Errors name what is wrong: no query, JSON that does not parse, no call id.
Result<ShareLink> TranslateShareUrl(std::string_view homer7_url, std::string_view coordinator = "");

}  // namespace ferry::homer
