#include "core/sip_uri.h"

#include <algorithm>

namespace ferry {

namespace {

constexpr size_t kNpos = std::string_view::npos;

std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = s.find_first_not_of(kSpace);
  if (first == kNpos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// User, password, parameters and headers are kept as written, so they are
// checked only for what cannot be inside a URI at all: whitespace, controls
// and the quote and angle brackets of the header around it. Raw UTF-8 in a
// user part (not RFC, but found in data) passes.
bool IsUriChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '<' && c != '>' && c != '"';
}
// Hostnames as RFC 3261 spells them, plus '_', which internal DNS names
// carry and other SIP stacks accept.
bool IsHostChar(char c) { return IsAlnum(c) || c == '-' || c == '.' || c == '_'; }
// Inside [...]: hex groups, '::' and an optional dotted IPv4 tail.
bool IsIpv6Char(char c) { return IsHexDigit(c) || c == ':' || c == '.'; }
// RFC 3966 phonedigit-hex plus the visual separators; letters A-F belong to
// local numbers.
bool IsTelChar(char c) {
  return IsHexDigit(c) || c == '*' || c == '#' || c == '+' || c == '-' || c == '.' || c == '(' ||
         c == ')';
}

template <typename Pred>
bool AllOf(std::string_view s, Pred pred) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

// The URI of a name-addr ("Display Name" <uri>;header-params), or `text`
// itself when it has no '<' outside quotes. nullopt for an unterminated
// quoted string or a '<' without its '>'.
std::optional<std::string_view> UnwrapNameAddr(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {
      // A quoted display name may hold '<' and backslash-escaped quotes.
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      if (i >= text.size()) return std::nullopt;
    } else if (text[i] == '<') {
      size_t close = text.find('>', i + 1);
      if (close == kNpos) return std::nullopt;
      return text.substr(i + 1, close - i - 1);
    }
  }
  return text;
}

// Splits "scheme:rest"; false unless the scheme is sip, sips or tel in any case.
bool ReadScheme(std::string_view uri, std::string* scheme, std::string_view* rest) {
  size_t colon = uri.find(':');
  if (colon == kNpos || colon > 4) return false;
  scheme->clear();
  for (char c : uri.substr(0, colon))
    scheme->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  *rest = uri.substr(colon + 1);
  return *scheme == "sip" || *scheme == "sips" || *scheme == "tel";
}

// `digits` as a port: 1 to 5 decimal digits, value 1..65535.
std::optional<int> ParsePort(std::string_view digits) {
  if (digits.empty() || digits.size() > 5 || !AllOf(digits, IsDigit)) return std::nullopt;
  int port = 0;
  for (char c : digits) port = port * 10 + (c - '0');
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

// What follows the host part or tel number: "", ";params", "?headers" or
// ";params?headers". Keeps the params; headers are dropped.
bool ReadParams(std::string_view tail, std::string* params) {
  if (!AllOf(tail, IsUriChar)) return false;
  if (tail.empty() || tail[0] == '?') return true;
  if (tail[0] != ';') return false;
  size_t question = tail.find('?');
  *params = tail.substr(1, question == kNpos ? kNpos : question - 1);
  return true;
}

// Reads "host[:port]" off the front of `*rest`, leaving what follows it.
bool ReadHostPort(std::string_view* rest, SipUri* out) {
  std::string_view s = *rest;
  std::string_view host;
  size_t host_end;
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == kNpos) return false;
    host = s.substr(1, close - 1);
    if (host.find(':') == kNpos || !AllOf(host, IsIpv6Char)) return false;
    host_end = close + 1;
  } else {
    host_end = std::min(s.find_first_of(":;?"), s.size());
    host = s.substr(0, host_end);
    // An unbracketed IPv6 address stops at its first ':' and then fails as a port.
    if (host.empty() || !IsAlnum(host[0]) || !AllOf(host, IsHostChar)) return false;
  }
  out->host = host;
  s.remove_prefix(host_end);
  if (!s.empty() && s[0] == ':') {
    size_t port_end = std::min(s.find_first_of(";?"), s.size());
    out->port = ParsePort(s.substr(1, port_end - 1));
    if (!out->port) return false;
    s.remove_prefix(port_end);
  }
  *rest = s;
  return true;
}

// "[user[:password]@]host[:port][;params][?headers]" after "sip:" or "sips:".
// The user ends at the first '@': parameters and headers may not hold a raw
// '@' (RFC 3261 section 25.1), while a user part may hold ';' and '?'.
bool ReadSip(std::string_view rest, SipUri* out) {
  size_t at = rest.find('@');
  if (at != kNpos) {
    std::string_view userinfo = rest.substr(0, at);
    std::string_view user = userinfo.substr(0, userinfo.find(':'));  // the password is dropped
    if (user.empty() || !AllOf(userinfo, IsUriChar)) return false;
    out->user = user;
    rest.remove_prefix(at + 1);
  }
  return ReadHostPort(&rest, out) && ReadParams(rest, &out->params);
}

// "number[;params][?headers]" after "tel:"; the number goes into `user`.
bool ReadTel(std::string_view rest, SipUri* out) {
  size_t number_end = std::min(rest.find_first_of(";?"), rest.size());
  std::string_view number = rest.substr(0, number_end);
  // Separators alone ("tel:+", "tel:--") name no number.
  bool has_digit = false;
  for (char c : number) has_digit |= IsHexDigit(c) || c == '*' || c == '#';
  if (!has_digit || !AllOf(number, IsTelChar)) return false;
  out->user = number;
  return ReadParams(rest.substr(number_end), &out->params);
}

}  // namespace

std::optional<SipUri> ParseSipUri(std::string_view text) {
  std::optional<std::string_view> uri = UnwrapNameAddr(TrimSpace(text));
  if (!uri) return std::nullopt;
  SipUri out;
  std::string_view rest;
  if (!ReadScheme(*uri, &out.scheme, &rest)) return std::nullopt;
  bool ok = out.scheme == "tel" ? ReadTel(rest, &out) : ReadSip(rest, &out);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace ferry
