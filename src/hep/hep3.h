// HEP3 (HEP/EEP version 3, sipcapture spec rev 37): one captured packet as a
// plain struct, and its wire form.
//
// Wire form (all integers big-endian):
//   packet = "HEP3" | total length u16 (whole packet, header included) | chunks
//   chunk  = vendor id u16 | type id u16 | length u16 (6-byte header included) | value
// Vendor 0 is the generic chunk set below; other vendors are skipped on decode.
//
// Contract of EncodeHep3:
// - writes the generic chunks in the order heplify and the spec's example use
//   (01 02 03/05 04/06 07 08 09 0a 0b 0c, then the optional ones present, the
//   payload 0f last, as the spec's example and hep-js do: early hep-js
//   versions read 6 bytes past a string chunk, which only the last survives);
// - an optional field is written only when set; an empty string that is set
//   is written as an empty (6-byte) chunk, as heplify does for 0x000e;
// - refuses (Status kData, never truncates): a family other than 2 or 10, an
//   address whose size does not match the family (4 bytes for IPv4, 16 for
//   IPv6), microseconds >= 1000000, a value over 65529 bytes (a chunk's
//   u16 length minus its header), a packet over 65535 bytes.
//   A UDP sender must also keep packets <= kHep3MaxUdpLength; that is the
//   transport's limit, not the format's, so it is checked by the sender.
//
// Contract of DecodeHep3:
// - the header's total length must equal bytes.size(); magic "HEP3" (or the
//   spec's alias "EEP3");
// - every chunk length >= 6 and within the packet; a known generic chunk must
//   have its exact value size and appear once; unknown generic types and all
//   vendor chunks are skipped by their length;
// - required: every non-optional field below has its chunk (01 02, the
//   address pair of the family, 07 08 09 0a 0b 0c 0f); family 2 must carry
//   03/04 and no 05/06, family 10 the reverse;
// - a refusal (Status kData) names the offset and the chunk it is about.
// Decode(Encode(p)) == p for every packet Encode accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ferry::hep {

inline constexpr uint8_t kFamilyIPv4 = 2;   // AF_INET as HEP spells it
inline constexpr uint8_t kFamilyIPv6 = 10;  // AF_INET6 on Linux, as HEP spells it
inline constexpr size_t kHep3HeaderSize = 6;
inline constexpr size_t kHep3ChunkHeaderSize = 6;
inline constexpr size_t kHep3MaxLength = 65535;                              // u16 total length
inline constexpr size_t kHep3MaxValue = kHep3MaxLength - kHep3ChunkHeaderSize;  // u16 chunk length
inline constexpr size_t kHep3MaxUdpLength = 65507;  // IPv4 UDP payload limit (heplify-server's cap)

// Generic chunk type ids (vendor 0), spec rev 37.
enum ChunkType : uint16_t {
  kChunkIpFamily = 0x0001,
  kChunkIpProtocol = 0x0002,
  kChunkSrcIPv4 = 0x0003,
  kChunkDstIPv4 = 0x0004,
  kChunkSrcIPv6 = 0x0005,
  kChunkDstIPv6 = 0x0006,
  kChunkSrcPort = 0x0007,
  kChunkDstPort = 0x0008,
  kChunkTimeSec = 0x0009,
  kChunkTimeUsec = 0x000a,
  kChunkProtoType = 0x000b,
  kChunkCaptureId = 0x000c,
  kChunkKeepAlive = 0x000d,
  kChunkAuthKey = 0x000e,  // "auth key" and "capture password" are this one chunk
  kChunkPayload = 0x000f,
  kChunkCompressedPayload = 0x0010,
  kChunkCorrelationId = 0x0011,
  kChunkVlanId = 0x0012,
  kChunkNodeName = 0x0013,
  kChunkSrcMac = 0x0014,
  kChunkDstMac = 0x0015,
  kChunkEthernetType = 0x0016,
  kChunkTcpFlags = 0x0017,
  kChunkIpTos = 0x0018,
  kChunkMos = 0x0020,
  kChunkRFactor = 0x0021,
  kChunkGeoLocation = 0x0022,
  kChunkJitter = 0x0023,
  kChunkTransactionType = 0x0024,
  kChunkPayloadJsonKeys = 0x0025,
  kChunkTagValues = 0x0026,
  kChunkTagType = 0x0027,
  kChunkEventType = 0x0028,
  kChunkGroupId = 0x0029,
};

// One HEP3 packet. Addresses and strings are raw bytes (std::string as a
// byte buffer); nothing here is validated until EncodeHep3.
struct HepPacket {
  uint8_t ip_family = kFamilyIPv4;  // 0x0001
  uint8_t ip_protocol = 17;         // 0x0002: 17 UDP, 6 TCP, 132 SCTP
  std::string src_addr;             // 0x0003 (4 bytes) or 0x0005 (16 bytes), network order
  std::string dst_addr;             // 0x0004 or 0x0006
  uint16_t src_port = 0;            // 0x0007
  uint16_t dst_port = 0;            // 0x0008
  uint32_t time_sec = 0;            // 0x0009: Unix seconds
  uint32_t time_usec = 0;           // 0x000a: 0..999999
  uint8_t proto_type = 1;           // 0x000b: 1 SIP, 5 RTCP JSON, 100 LOG (de facto) ...
  uint32_t capture_id = 0;          // 0x000c
  std::string payload;              // 0x000f

  std::optional<uint16_t> keep_alive;             // 0x000d: seconds
  std::optional<std::string> auth_key;            // 0x000e: auth key = capture password
  std::optional<std::string> compressed_payload;  // 0x0010: kept as bytes, not inflated
  std::optional<std::string> correlation_id;      // 0x0011
  std::optional<uint16_t> vlan_id;                // 0x0012
  std::optional<std::string> node_name;           // 0x0013: capture agent name
  std::optional<uint64_t> src_mac;                // 0x0014
  std::optional<uint64_t> dst_mac;                // 0x0015
  std::optional<uint16_t> ethernet_type;          // 0x0016
  std::optional<uint8_t> tcp_flags;               // 0x0017
  std::optional<uint8_t> ip_tos;                  // 0x0018
  std::optional<uint16_t> mos;                    // 0x0020
  std::optional<uint16_t> r_factor;               // 0x0021
  std::optional<std::string> geo_location;        // 0x0022
  std::optional<uint32_t> jitter;                 // 0x0023
  std::optional<std::string> transaction_type;    // 0x0024
  std::optional<std::string> payload_json_keys;   // 0x0025
  std::optional<std::string> tag_values;          // 0x0026
  std::optional<uint16_t> tag_type;               // 0x0027
  std::optional<uint16_t> event_type;             // 0x0028
  std::optional<std::string> group_id;            // 0x0029

  bool operator==(const HepPacket&) const = default;
};

// The packet's wire bytes, or why it cannot be sent (see the contract above).
Result<std::string> EncodeHep3(const HepPacket& packet);

// The packet in `bytes` (exactly one packet, nothing after it), or why not.
Result<HepPacket> DecodeHep3(std::string_view bytes);

// "src port" for 0x0007; "" for a type the spec does not define.
std::string_view ChunkName(uint16_t type);

}  // namespace ferry::hep
