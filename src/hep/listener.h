// Receiving HEP packets on a socket (`ferry hep listen`): UDP datagrams
// (recvmmsg, one packet each) or TCP streams (any number of connections;
// packets framed by their own "HEP3" + length header, as heplify-server
// reads them). Hands out each packet's raw bytes; decoding is the caller's
// (hep3.h). One thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ferry::hep {

struct Endpoint {
  bool tcp = false;
  std::string host;  // numeric IPv4 or IPv6 address (no brackets)
  uint16_t port = 0;
  std::string ToString() const;  // "udp://127.0.0.1:9060", "tcp://[::1]:9060"
};

// "udp://HOST:PORT" or "tcp://HOST:PORT" (IPv6 in brackets).
Result<Endpoint> ParseEndpoint(std::string_view uri);

// What one Receive() brought: whole packets, and what could not be one (a
// TCP stream that does not start with a HEP header), named.
struct Received {
  std::vector<std::string> packets;
  std::vector<std::string> garbage;  // reasons; the connection is closed
};

class Listener {
 public:
  virtual ~Listener() = default;
  // Binds `endpoint` (SO_REUSEADDR); a port already taken is an error naming it.
  static Result<std::unique_ptr<Listener>> Open(const Endpoint& endpoint);
  // Waits up to `timeout_ms` for data and appends what arrived to `out`.
  virtual Status Receive(int timeout_ms, Received* out) = 0;
};

}  // namespace ferry::hep
