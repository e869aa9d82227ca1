// HepSender: hands whole HEP3 packets to one receiver.
//
// UDP: a connected datagram socket; packets leave in sendmmsg calls of up
// to 64 datagrams, one packet each. Once Send returns, the kernel holds
// every packet: nothing is left in ferry to lose.
// TCP: one connection, packets back to back with no other framing (as
// heplify-server reads them). Flush waits until the receiver has
// acknowledged every byte (SIOCOUTQ = 0), so a checkpoint taken after Flush
// covers only packets that reached the receiver's host.
//
// Every error is kTarget and names the receiver; the executor retries a
// task from its checkpoint on a new connection. SIGPIPE is never raised.
// One thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ferry::hep {

class HepSender {
 public:
  virtual ~HepSender() = default;
  // Resolves `host` (a name or a numeric address) and connects.
  static Result<std::unique_ptr<HepSender>> Connect(bool tcp, const std::string& host, int port);
  // A sender that sends nothing and counts the bytes it was given
  // (`homer hep --dry-run`: every packet is built, to validate the source).
  static std::unique_ptr<HepSender> Discard();

  // Sends `packets` in order, each whole.
  virtual Status Send(const std::vector<std::string_view>& packets) = 0;
  // TCP: waits up to `timeout_ms` for the receiver to acknowledge all that
  // was sent; UDP: nothing to wait for.
  virtual Status Flush(int timeout_ms) = 0;
  int64_t bytes_sent() const { return bytes_sent_; }

 protected:
  int64_t bytes_sent_ = 0;
};

}  // namespace ferry::hep
