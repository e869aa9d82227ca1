#include "core/uri.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace ferry {

namespace {

Result<std::string> PercentDecode(std::string_view in, std::string_view what) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2])))
      return Status::InvalidInput(std::string(what) + ": bad percent-escape");
    out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

namespace {

// Where RedactUriText puts "***": [begin, end) of the password, or npos.
std::pair<size_t, size_t> PasswordSpan(std::string_view text) {
  const auto none = std::make_pair(std::string_view::npos, std::string_view::npos);
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return none;
  size_t start = sep + 3;
  size_t query = text.find('?', start);
  size_t at = text.substr(0, query).rfind('@');
  if (at == std::string_view::npos || at < start) at = text.rfind('@');  // a '?' inside the password
  if (at == std::string_view::npos || at < start) return none;
  size_t colon = text.find(':', start);
  if (colon == std::string_view::npos || colon > at) return none;
  return {colon + 1, at};
}

Result<Uri> ParseUriText(std::string_view text);

}  // namespace

std::string RedactUriText(std::string_view text) {
  std::string out(text);
  auto [begin, end] = PasswordSpan(text);
  if (begin != std::string_view::npos) out.replace(begin, end - begin, "***");
  for (const char* key : {"password=", "sslpassword="}) {
    for (size_t p = out.find(key); p != std::string::npos; p = out.find(key, p + 1)) {
      if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
      size_t value = p + std::strlen(key);
      size_t stop = out.find('&', value);
      out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
    }
  }
  return out;
}

Result<Uri> ParseUri(std::string_view text) {
  auto uri = ParseUriText(text);
  if (uri.ok()) return uri;
  // Details name parts of the URI; none may show the password, even one a
  // stray '/' or '@' cut where the parser did not expect.
  std::string detail = uri.status().message();
  auto [begin, end] = PasswordSpan(text);
  if (begin != std::string_view::npos) detail = RedactSecrets(detail, text.substr(begin, end - begin));
  return Status(uri.status().code(), "URI \"" + RedactUriText(text) + "\": " + detail);
}

Result<Uri> ParseUri(std::string_view text, std::string_view role) {
  auto uri = ParseUri(text);
  if (uri.ok()) return uri;
  return Status(uri.status().code(), std::string(role) + " " + uri.status().message());
}

namespace {

bool IsHepScheme(std::string_view scheme) { return scheme == "hep+udp" || scheme == "hep+tcp"; }

Result<Uri> ParseUriText(std::string_view text) {
  Uri uri;
  uri.raw = std::string(text);
  auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    if (EndsWith(text, ".db") || EndsWith(text, ".sqlite") || EndsWith(text, ".sqlite3")) {
      uri.scheme = "sqlite";
      uri.path = std::string(text);
      return uri;
    }
    if (EndsWith(text, ".duckdb")) {
      uri.scheme = "duckdb";
      uri.path = std::string(text);
      return uri;
    }
    return Status::InvalidInput(
        "not a database URI (expected sqlite:///path, postgres://..., mysql://..., duckdb:///path, csv:///dir)");
  }
  std::string scheme(text.substr(0, sep));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (scheme == "postgresql" || scheme == "pg") scheme = "postgres";
  if (scheme == "mariadb") scheme = "mysql";
  if (scheme == "sqlite3") scheme = "sqlite";
  uri.scheme = scheme;
  std::string_view rest = text.substr(sep + 3);

  // Query parameters.
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string_view kv = query.substr(0, amp);
      auto eq = kv.find('=');
      FERRY_ASSIGN_OR_RETURN(std::string key, PercentDecode(kv.substr(0, eq), "parameters"));
      std::string value;
      if (eq != std::string_view::npos) {
        FERRY_ASSIGN_OR_RETURN(value, PercentDecode(kv.substr(eq + 1), "parameters"));
      }
      if (!key.empty()) uri.params[key] = value;
      if (amp == std::string_view::npos) break;
      query = query.substr(amp + 1);
    }
  }

  if (scheme == "sqlite" || scheme == "duckdb" || scheme == "csv" || scheme == "jsonl" || scheme == "parquet" ||
      scheme == "archive") {
    // sqlite:///abs -> "/abs"; sqlite://rel -> "rel". A host part is not allowed.
    // csv://, jsonl:// and parquet:// name a directory of data files, archive:// a backup archive's folder.
    FERRY_ASSIGN_OR_RETURN(uri.path, PercentDecode(rest, "path"));
    if (uri.path.empty() && scheme == "sqlite")
      return Status::InvalidInput("no file path (sqlite:///path/to/file.db)");
    return uri;
  }

  // Server engines: authority then /database.
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  // A '/' left unencoded in a password would end the host part inside it
  // and show the rest as a database name: refuse rather than guess.
  if (slash != std::string_view::npos && rest.find('@', slash) != std::string_view::npos)
    return Status::InvalidInput(
        "an '@' after the host part: percent-encode '/' and '@' in the user name, password and database name "
        "(%2F, %40)");
  if (slash != std::string_view::npos) {
    FERRY_ASSIGN_OR_RETURN(uri.path, PercentDecode(rest.substr(slash + 1), "database name"));
  }
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    FERRY_ASSIGN_OR_RETURN(uri.user, PercentDecode(userinfo.substr(0, colon), "user name"));
    if (colon != std::string_view::npos) {
      uri.has_password = true;
      FERRY_ASSIGN_OR_RETURN(uri.password, PercentDecode(userinfo.substr(colon + 1), "password"));
    }
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // [::1]:5432
    auto close = host.find(']');
    if (close == std::string_view::npos) return Status::InvalidInput("host: missing ']'");
    uri.host = std::string(host.substr(1, close - 1));
    host = host.substr(close + 1);
    if (!host.empty() && host.front() == ':') host.remove_prefix(1);
    else host = {};
  } else {
    auto colon = host.rfind(':');
    uri.host = std::string(host.substr(0, colon));
    host = colon == std::string_view::npos ? std::string_view() : host.substr(colon + 1);
  }
  if (!host.empty()) {
    auto [p, ec] = std::from_chars(host.data(), host.data() + host.size(), uri.port);
    if (ec != std::errc() || p != host.data() + host.size() || uri.port <= 0 || uri.port > 65535)
      return Status::InvalidInput("port '" + std::string(host) + "' is not a port number (1-65535)");
  }
  if (IsHepScheme(scheme)) {
    if (uri.host.empty() || uri.port == 0)
      return Status::InvalidInput(scheme + " needs a receiver's host and port (" + scheme + "://HOST:PORT)");
    if (!uri.path.empty()) return Status::InvalidInput(scheme + " takes no path after HOST:PORT");
    return uri;
  }
  if (scheme != "postgres" && scheme != "mysql")
    return Status::InvalidInput("unknown scheme '" + scheme +
                                "' (known: sqlite, postgres, mysql, mariadb, duckdb, csv, jsonl, parquet, hep+udp, hep+tcp, archive)");
  return uri;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

// Where the path of `raw` starts and ends: after the authority (which ends
// at the first '/' after the last '@' before the query, so a '/' in a
// password stays in it) and before the query.
std::pair<size_t, size_t> PathSpan(std::string_view raw) {
  size_t start = raw.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t query = raw.find('?', start);
  if (query == std::string_view::npos) query = raw.size();
  size_t at = raw.substr(0, query).rfind('@');
  size_t slash = raw.find('/', at == std::string_view::npos || at < start ? start : at + 1);
  if (slash == std::string_view::npos || slash > query) slash = query;
  return {slash, query};
}

}  // namespace

std::string WithDatabase(std::string_view raw, std::string_view database) {
  auto [begin, end] = PathSpan(raw);
  std::string encoded = PercentEncode(database);
  for (size_t at; (at = encoded.find('/')) != std::string::npos;) encoded.replace(at, 1, "%2F");
  return std::string(raw.substr(0, begin)) + "/" + encoded + std::string(raw.substr(end));
}

std::string WithParam(std::string_view raw, std::string_view key, std::string_view value) {
  auto [begin, end] = PathSpan(raw);
  std::string out(raw.substr(0, end));
  std::string_view query = end < raw.size() ? raw.substr(end + 1) : std::string_view();
  char sep = '?';
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.substr(0, pair.find('=')) != key) {
      out += sep;
      out += pair;
      sep = '&';
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return out + sep + std::string(key) + "=" + PercentEncode(value);
}

std::string Uri::Redacted() const {
  if (scheme == "sqlite" || scheme == "duckdb" || scheme == "csv" || scheme == "jsonl" || scheme == "parquet" ||
      scheme == "archive")
    return scheme + "://" + path;
  std::string out = scheme + "://";
  if (!user.empty() || has_password) {
    out += user;
    if (has_password) out += ":***";
    out += "@";
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(port);
  if (!IsHepScheme(scheme)) out += "/" + path;
  bool first = true;
  for (const auto& [k, v] : params) {
    out += first ? "?" : "&";
    first = false;
    bool secret = k == "password" || k == "sslpassword";
    out += k + "=" + (secret ? "***" : v);
  }
  return out;
}

std::string RedactSecrets(std::string_view text, std::string_view password) {
  std::string out(text);
  // user:password@ after a scheme.
  size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t at = out.find('@', start);
    size_t stop = out.find_first_of(" /\t\n'\"", start);
    if (at != std::string::npos && (stop == std::string::npos || at < stop)) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    pos = start;
  }
  if (password.size() >= 3) {
    for (size_t p = out.find(password); p != std::string::npos; p = out.find(password, p + 3))
      out.replace(p, password.size(), "***");
  }
  return out;
}

}  // namespace ferry
