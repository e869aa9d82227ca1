#include "homer/share_url.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "core/hex.h"

namespace ferry::homer {
namespace {


// %XX sequences decoded; anything else (a stray '%') kept as written.
std::string PercentDecoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    int hi = 0, lo = 0;
    if (text[i] == '%' && i + 2 < text.size() && (hi = HexDigitValue(text[i + 1])) >= 0 &&
        (lo = HexDigitValue(text[i + 2])) >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Characters a query value keeps as they are (RFC 3986 unreserved).
std::string QueryEscaped(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// "https://host" from "http://host:9080/search/...".
std::string DefaultCoordinator(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  // Drop the port, but not the colons of a bracketed IPv6 address.
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos)
    authority = authority.substr(0, colon);
  return "https://" + std::string(authority);
}

std::optional<int64_t> Millis(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
      return std::stoll(s);
  }
  return std::nullopt;
}

// Call ids of every search profile ("1_call", "1_registration", ...), and
// the fields that have no URL form.
void CollectSearch(const nlohmann::json& search, ShareLink* link) {
  for (const auto& [profile, fields] : search.items()) {
    if (!fields.is_object()) continue;
    for (const auto& [field, value] : fields.items()) {
      const bool is_call_id = field == "callid" || field == "call_id" || field == "sid";
      if (!is_call_id) {
        link->not_carried.push_back(profile + "." + field);
        continue;
      }
      auto add = [&](const nlohmann::json& id) {
        if (!id.is_string() || id.get_ref<const std::string&>().empty()) return;
        const std::string& text = id.get_ref<const std::string&>();
        if (std::find(link->call_ids.begin(), link->call_ids.end(), text) == link->call_ids.end())
          link->call_ids.push_back(text);
      };
      if (value.is_array()) {
        for (const auto& id : value) add(id);
      } else {
        add(value);
      }
    }
  }
}

}  // namespace

Result<ShareLink> TranslateShareUrl(std::string_view homer7_url, std::string_view coordinator) {
  const size_t q = homer7_url.find('?');
  if (q == std::string_view::npos)
    return Status::InvalidInput("not a Homer 7 search link: no '?{...}' query in " + std::string(homer7_url));
  std::string query = PercentDecoded(homer7_url.substr(q + 1));
  while (!query.empty() && (query.back() == '=' || std::isspace(static_cast<unsigned char>(query.back()))))
    query.pop_back();  // homer-ui appends '=' (the JSON is a key without a value)
  nlohmann::json search = nlohmann::json::parse(query, nullptr, /*allow_exceptions=*/false);
  if (search.is_discarded() || !search.is_object())
    return Status::InvalidInput("the query of the Homer 7 link is not a JSON object: " + query.substr(0, 200));
  ShareLink link;
  if (const auto ts = search.find("timestamp"); ts != search.end() && ts->is_object()) {
    if (auto f = ts->find("from"); f != ts->end()) link.from_ms = Millis(*f);
    if (auto t = ts->find("to"); t != ts->end()) link.to_ms = Millis(*t);
  }
  if (const auto param = search.find("param"); param != search.end() && param->is_object())
    if (const auto s = param->find("search"); s != param->end() && s->is_object()) CollectSearch(*s, &link);
  if (link.call_ids.empty())
    return Status::InvalidInput("the Homer 7 link searches no call id (param.search.<profile>.callid); "
                                "Homer 11 links open calls by call id");
  std::string base = coordinator.empty() ? DefaultCoordinator(homer7_url) : std::string(coordinator);
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string ids;
  for (const auto& id : link.call_ids) ids += (ids.empty() ? "" : ",") + QueryEscaped(id);
  link.url = base + "/?call_id=" + ids;
  if (link.from_ms) link.url += "&from=" + std::to_string(*link.from_ms);
  if (link.to_ms) link.url += "&to=" + std::to_string(*link.to_ms);
  link.url += "#dashboard";
  return link;
}

}  // namespace ferry::homer
