// SIP, SIPS and TEL URIs (RFC 3261 section 19.1, RFC 3966) split into the
// parts plan transforms select on, as found in SIP headers and database
// columns:
//   sip:alice@example.com   sips:alice@example.com:5061;transport=tls
//   "Alice Smith" <sip:alice@example.com>;tag=1234    Alice <sip:alice@[2001:db8::1]:5060;lr>
//   <sip:alice@example.com?subject=x>   sip:+1-212-555-0100@gw.example.com;user=phone
//   tel:+1-212-555-0100;phone-context=example.com    sip:example.com   SIP:Alice@Example.COM
//   sip:alice:secret@example.com  (password dropped from user)
// A display name before <...> is skipped; with brackets only what is inside
// counts (parameters after '>' are header parameters, ignored). Without
// brackets ';' after the host still starts URI parameters: a column holds a
// URI, not a header, so this reads "sip:a@b;user=phone" as one URI where
// RFC 3261 section 20.10 would read header parameters. '?' starts headers,
// which are dropped. Parts are kept as written (no percent-decoding, no case
// folding) except the scheme. Pure functions; thread-safe; the result owns
// its strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry {

struct SipUri {
  std::string scheme;  // "sip", "sips" or "tel", lowercase
  std::string user;    // user part, "" when there is none (sip:example.com); for tel: the number
  std::string host;    // as written, without [] for IPv6; "" for tel:
  std::optional<int> port;
  std::string params;  // URI parameters after the host (tel: after the number), without the
                       // leading ';', e.g. "transport=tcp;lr"; "" if none
};

// The URI in `text`, leading and trailing whitespace ignored. nullopt when
// `text` holds no such URI: empty, no or another scheme ("alice@example.com",
// "http://x"), nothing after the scheme ("sip:"), an empty user before '@'
// ("sip:@host"), no host, a port outside 1..65535, an unbalanced '<' or '"',
// or a character no part may hold (whitespace or '<' inside the URI).
// The user ends at the first '@', so it may hold ';' and '?' as RFC 3261
// allows ("sip:+1-212-555-1212;isub=1@gw.example.com;user=phone").
std::optional<SipUri> ParseSipUri(std::string_view text);

}  // namespace ferry
