#include "core/sip_uri.h"

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

// Every field of the parse, so one string comparison checks them all.
std::string Dump(std::string_view text) {
  std::optional<SipUri> uri = ParseSipUri(text);
  if (!uri) return "<none>";
  return uri->scheme + " user=" + uri->user + " host=" + uri->host +
         " port=" + (uri->port ? std::to_string(*uri->port) : "-") + " params=" + uri->params;
}

struct Case {
  const char* text;
  const char* want;
};

TEST(SipUri, ParsesEveryPart) {
  const Case cases[] = {
      // Plain addr-spec.
      {"sip:alice@example.com", "sip user=alice host=example.com port=- params="},
      {"sips:alice@example.com:5061;transport=tls",
       "sips user=alice host=example.com port=5061 params=transport=tls"},
      {"sip:alice@example.com;transport=tcp;lr",
       "sip user=alice host=example.com port=- params=transport=tcp;lr"},
      {"sip:alice@192.0.2.4:5060", "sip user=alice host=192.0.2.4 port=5060 params="},
      {"sip:alice@example.com.", "sip user=alice host=example.com. port=- params="},
      {"sip:alice@sip_proxy.internal", "sip user=alice host=sip_proxy.internal port=- params="},
      // No user part.
      {"sip:example.com", "sip user= host=example.com port=- params="},
      {"sip:example.com:5060;lr", "sip user= host=example.com port=5060 params=lr"},
      // Scheme in any case; user and host as written.
      {"SIP:Alice@Example.COM", "sip user=Alice host=Example.COM port=- params="},
      {"Sips:bob@Example.com", "sips user=bob host=Example.com port=- params="},
      {"TEL:+1-212-555-0100", "tel user=+1-212-555-0100 host= port=- params="},
      // Password dropped; percent-encoding kept.
      {"sip:alice:secret@example.com", "sip user=alice host=example.com port=- params="},
      {"sip:alice:@example.com", "sip user=alice host=example.com port=- params="},
      {"sip:al%20ice@example.com", "sip user=al%20ice host=example.com port=- params="},
      // Telephone numbers.
      {"sip:+1-212-555-0100@gw.example.com;user=phone",
       "sip user=+1-212-555-0100 host=gw.example.com port=- params=user=phone"},
      {"sip:+1-212-555-1212;isub=1234@gw.example.com;user=phone",  // ';' inside the user
       "sip user=+1-212-555-1212;isub=1234 host=gw.example.com port=- params=user=phone"},
      {"tel:+1-212-555-0100;phone-context=example.com",
       "tel user=+1-212-555-0100 host= port=- params=phone-context=example.com"},
      {"tel:7042;phone-context=example.com",
       "tel user=7042 host= port=- params=phone-context=example.com"},
      {"tel:*21#", "tel user=*21# host= port=- params="},
      {"tel:+1(212)555.0100?x=y", "tel user=+1(212)555.0100 host= port=- params="},
      // IPv6, bracketed, with and without port.
      {"sip:alice@[2001:db8::1]", "sip user=alice host=2001:db8::1 port=- params="},
      {"sip:alice@[2001:db8::1]:5060", "sip user=alice host=2001:db8::1 port=5060 params="},
      {"sip:[::1]:5070;transport=udp", "sip user= host=::1 port=5070 params=transport=udp"},
      {"sip:bob@[::ffff:192.0.2.1];lr", "sip user=bob host=::ffff:192.0.2.1 port=- params=lr"},
      // Headers dropped, params kept.
      {"sip:alice@example.com?subject=x", "sip user=alice host=example.com port=- params="},
      {"sip:alice@example.com;lr?subject=x&priority=urgent",
       "sip user=alice host=example.com port=- params=lr"},
      {"sip:alice@example.com:5060?subject=x", "sip user=alice host=example.com port=5060 params="},
      {"sip:alice@example.com;", "sip user=alice host=example.com port=- params="},
      // Name-addr: display names skipped, header params after '>' ignored.
      {"<sip:alice@example.com?subject=x>", "sip user=alice host=example.com port=- params="},
      {"\"Alice Smith\" <sip:alice@example.com>;tag=1234",
       "sip user=alice host=example.com port=- params="},
      {"Alice <sip:alice@[2001:db8::1]:5060;lr>",
       "sip user=alice host=2001:db8::1 port=5060 params=lr"},
      {"Alice Smith<sip:alice@example.com;transport=tcp>;expires=60",
       "sip user=alice host=example.com port=- params=transport=tcp"},
      {"\"Smith, Alice <boss>\" <sips:alice@example.com>",  // '<' and ',' inside quotes
       "sips user=alice host=example.com port=- params="},
      {"\"Alice \\\"Al\\\" Smith\" <sip:alice@example.com>",  // escaped quotes
       "sip user=alice host=example.com port=- params="},
      {"\"\\\\\" <sip:a@example.com>", "sip user=a host=example.com port=- params="},  // "\\"
      {"\"\" <sip:alice@example.com>", "sip user=alice host=example.com port=- params="},
      {"<tel:+1-212-555-0100>;tag=9", "tel user=+1-212-555-0100 host= port=- params="},
      {"sip:alice@example.com;tag=1234", "sip user=alice host=example.com port=- params=tag=1234"},
      // Surrounding whitespace ignored.
      {"  sip:alice@example.com\t\r\n", "sip user=alice host=example.com port=- params="},
      {" \"Alice\"   <sip:alice@example.com:5080> ",
       "sip user=alice host=example.com port=5080 params="},
      // Port bounds.
      {"sip:alice@example.com:1", "sip user=alice host=example.com port=1 params="},
      {"sip:alice@example.com:65535", "sip user=alice host=example.com port=65535 params="},
  };
  for (const Case& c : cases) EXPECT_EQ(Dump(c.text), c.want) << c.text;
}

TEST(SipUri, RefusesWhatHoldsNoUri) {
  for (const char* text : {
           "",
           "   ",
           "alice@example.com",              // no scheme
           "http://x",                       // another scheme
           "sipx:alice@example.com",
           "mailto:alice@example.com",
           "sip:",                           // nothing after the scheme
           "tel:",
           "sip:@host",                      // empty user
           "sip::secret@host",
           "sip:alice@",                     // no host
           "sip:alice@:5060",
           "sip:alice@;lr",
           "sip:alice@example.com:",         // empty port
           "sip:alice@example.com:0",        // port out of range
           "sip:alice@example.com:65536",
           "sip:alice@example.com:123456",
           "sip:alice@example.com:50a0",
           "sip:alice@example.com:-1",
           "sip:alice@2001:db8::1",          // IPv6 without brackets
           "sip:alice@[2001:db8::1",         // unclosed bracket
           "sip:alice@[]",
           "sip:alice@[example.com]",
           "sip:alice@[::1]x",
           "sip:alice@-example.com",
           "sip:alice@exa mple.com",         // whitespace inside
           "sip:al ice@example.com",
           "sip:alice@example.com ;lr",
           "sip:alice@example.com>",         // unbalanced '>'
           "<sip:alice@example.com",         // unbalanced '<'
           "\"Alice <sip:alice@example.com>",  // unterminated quote
           "\"Alice\\\" <sip:alice@example.com>",
           "Alice sip:alice@example.com",    // display name without brackets
           "<>",
           "Alice <>",
           "< sip:alice@example.com>",       // space inside brackets
           "<alice@example.com>",
           "tel:+",                          // separators alone
           "tel:+1-212 555",
           "tel:alice@example.com",
       }) {
    EXPECT_EQ(Dump(text), "<none>") << text;
  }
}

}  // namespace
}  // namespace ferry
