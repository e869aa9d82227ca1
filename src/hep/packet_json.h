// A decoded HEP packet as one JSON object (`ferry hep listen --print`):
// time (UTC, microseconds), addresses with ports, protocol numbers, capture
// id, node name and correlation id when sent, and the payload as text
// (bytes that are no UTF-8 replaced). The auth key (a capture password) is
// never printed, only whether one was sent. Pure.
#pragma once

#include <string>

#include "hep/hep3.h"

namespace ferry::hep {

std::string PacketJson(const HepPacket& packet);

// "192.0.2.1" / "2001:db8::1" for a packet's 4- or 16-byte address.
std::string AddressText(const std::string& bytes);

}  // namespace ferry::hep
