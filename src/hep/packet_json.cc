#include "hep/packet_json.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include "core/temporal.h"

namespace ferry::hep {

std::string AddressText(const std::string& bytes) {
  char text[INET6_ADDRSTRLEN] = {0};
  const int family = bytes.size() == 16 ? AF_INET6 : AF_INET;
  if (bytes.size() != 4 && bytes.size() != 16) return "?";
  if (!inet_ntop(family, bytes.data(), text, sizeof text)) return "?";
  return text;
}

std::string PacketJson(const HepPacket& p) {
  auto endpoint = [](const std::string& addr, uint16_t port) {
    const std::string a = AddressText(addr);
    return (addr.size() == 16 ? "[" + a + "]" : a) + ":" + std::to_string(port);
  };
  nlohmann::ordered_json j;
  j["time"] = FormatTimestamp(int64_t{p.time_sec} * 1000000 + p.time_usec) + "Z";
  j["src"] = endpoint(p.src_addr, p.src_port);
  j["dst"] = endpoint(p.dst_addr, p.dst_port);
  j["ip_family"] = p.ip_family;
  j["ip_protocol"] = p.ip_protocol;
  j["proto_type"] = p.proto_type;
  j["capture_id"] = p.capture_id;
  if (p.node_name) j["node"] = *p.node_name;
  if (p.correlation_id) j["correlation_id"] = *p.correlation_id;
  if (p.auth_key) j["auth_key_sent"] = true;
  j["payload_length"] = p.payload.size();
  j["payload"] = p.payload;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ferry::hep
