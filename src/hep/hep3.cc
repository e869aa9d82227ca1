#include "hep/hep3.h"

#include <bitset>

#include <fmt/format.h>

namespace ferry::hep {
namespace {

constexpr uint32_t kUsecPerSec = 1000000;

// What the spec says of each generic chunk: its value size (0 = variable)
// and a name for messages. The decoder's size checks come from here.
struct ChunkInfo {
  uint16_t type;
  uint8_t size;
  std::string_view name;
};

constexpr ChunkInfo kChunkInfo[] = {
    {kChunkIpFamily, 1, "ip family"},
    {kChunkIpProtocol, 1, "ip protocol"},
    {kChunkSrcIPv4, 4, "src IPv4"},
    {kChunkDstIPv4, 4, "dst IPv4"},
    {kChunkSrcIPv6, 16, "src IPv6"},
    {kChunkDstIPv6, 16, "dst IPv6"},
    {kChunkSrcPort, 2, "src port"},
    {kChunkDstPort, 2, "dst port"},
    {kChunkTimeSec, 4, "time seconds"},
    {kChunkTimeUsec, 4, "time microseconds"},
    {kChunkProtoType, 1, "protocol type"},
    {kChunkCaptureId, 4, "capture id"},
    {kChunkKeepAlive, 2, "keep-alive"},
    {kChunkAuthKey, 0, "auth key"},
    {kChunkPayload, 0, "payload"},
    {kChunkCompressedPayload, 0, "compressed payload"},
    {kChunkCorrelationId, 0, "correlation id"},
    {kChunkVlanId, 2, "vlan id"},
    {kChunkNodeName, 0, "node name"},
    {kChunkSrcMac, 8, "src mac"},
    {kChunkDstMac, 8, "dst mac"},
    {kChunkEthernetType, 2, "ethernet type"},
    {kChunkTcpFlags, 1, "tcp flags"},
    {kChunkIpTos, 1, "ip tos"},
    {kChunkMos, 2, "mos"},
    {kChunkRFactor, 2, "r-factor"},
    {kChunkGeoLocation, 0, "geo location"},
    {kChunkJitter, 4, "jitter"},
    {kChunkTransactionType, 0, "transaction type"},
    {kChunkPayloadJsonKeys, 0, "payload json keys"},
    {kChunkTagValues, 0, "tag values"},
    {kChunkTagType, 2, "tag type"},
    {kChunkEventType, 2, "event type"},
    {kChunkGroupId, 0, "group id"},
};

// Every known type is <= 0x29, so a bitset indexed by type tracks which
// chunks a packet carried (for repeats and required chunks).
using SeenChunks = std::bitset<kChunkGroupId + 1>;

const ChunkInfo* FindChunk(uint16_t type) {
  for (const ChunkInfo& info : kChunkInfo) {
    if (info.type == type) return &info;
  }
  return nullptr;
}

// "chunk 0x0007 (src port)", or "chunk 0x0030" for a type the spec lacks.
std::string ChunkLabel(uint16_t type) {
  std::string_view name = ChunkName(type);
  if (name.empty()) return fmt::format("chunk 0x{:04x}", type);
  return fmt::format("chunk 0x{:04x} ({})", type, name);
}

std::string_view FamilyName(uint8_t family) {
  if (family == kFamilyIPv4) return "IPv4";
  if (family == kFamilyIPv6) return "IPv6";
  return "unknown";
}

// ---- encoding ----

void PutBigEndian(std::string& out, uint64_t value, size_t bytes) {
  for (size_t i = bytes; i-- > 0;) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// The chunk header; `value_size` must already be known to fit.
void PutChunkHeader(std::string& out, uint16_t type, size_t value_size) {
  PutBigEndian(out, 0, 2);  // vendor 0: generic chunk
  PutBigEndian(out, type, 2);
  PutBigEndian(out, value_size + kHep3ChunkHeaderSize, 2);
}

template <typename T>
void PutInt(std::string& out, uint16_t type, T value) {
  PutChunkHeader(out, type, sizeof(T));
  PutBigEndian(out, value, sizeof(T));
}

template <typename T>
void PutOptionalInt(std::string& out, uint16_t type, const std::optional<T>& value) {
  if (value) PutInt(out, type, *value);
}

// Refuses a value the u16 chunk length cannot say, rather than cut it.
Status PutBytes(std::string& out, uint16_t type, std::string_view value) {
  if (value.size() > kHep3MaxValue) {
    return Status::Data(fmt::format("HEP3: {} of {} bytes is over the {} bytes a chunk can hold",
                                    ChunkLabel(type), value.size(), kHep3MaxValue));
  }
  PutChunkHeader(out, type, value.size());
  out.append(value);
  return Status::OK();
}

Status PutOptionalBytes(std::string& out, uint16_t type, const std::optional<std::string>& value) {
  if (!value) return Status::OK();
  return PutBytes(out, type, *value);
}

Status CheckAddresses(const HepPacket& p) {
  size_t want;
  if (p.ip_family == kFamilyIPv4) {
    want = 4;
  } else if (p.ip_family == kFamilyIPv6) {
    want = 16;
  } else {
    return Status::Data(fmt::format("HEP3: ip family {} is neither {} (IPv4) nor {} (IPv6)", p.ip_family,
                                    kFamilyIPv4, kFamilyIPv6));
  }
  for (auto [side, addr] : {std::pair{"src", &p.src_addr}, std::pair{"dst", &p.dst_addr}}) {
    if (addr->size() != want) {
      return Status::Data(fmt::format("HEP3: ip family {} ({}) needs {}-byte addresses; the {} address is {} bytes",
                                      p.ip_family, FamilyName(p.ip_family), want, side, addr->size()));
    }
  }
  return Status::OK();
}

Status PutOptionalChunks(std::string& out, const HepPacket& p) {
  PutOptionalInt(out, kChunkKeepAlive, p.keep_alive);
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkAuthKey, p.auth_key));
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkCompressedPayload, p.compressed_payload));
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkCorrelationId, p.correlation_id));
  PutOptionalInt(out, kChunkVlanId, p.vlan_id);
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkNodeName, p.node_name));
  PutOptionalInt(out, kChunkSrcMac, p.src_mac);
  PutOptionalInt(out, kChunkDstMac, p.dst_mac);
  PutOptionalInt(out, kChunkEthernetType, p.ethernet_type);
  PutOptionalInt(out, kChunkTcpFlags, p.tcp_flags);
  PutOptionalInt(out, kChunkIpTos, p.ip_tos);
  PutOptionalInt(out, kChunkMos, p.mos);
  PutOptionalInt(out, kChunkRFactor, p.r_factor);
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkGeoLocation, p.geo_location));
  PutOptionalInt(out, kChunkJitter, p.jitter);
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkTransactionType, p.transaction_type));
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkPayloadJsonKeys, p.payload_json_keys));
  FERRY_RETURN_NOT_OK(PutOptionalBytes(out, kChunkTagValues, p.tag_values));
  PutOptionalInt(out, kChunkTagType, p.tag_type);
  PutOptionalInt(out, kChunkEventType, p.event_type);
  return PutOptionalBytes(out, kChunkGroupId, p.group_id);
}

// ---- decoding ----

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (unsigned char c : bytes) value = (value << 8) | c;
  return value;
}

template <typename T>
void SetOptional(std::optional<T>& field, std::string_view value) {
  field = static_cast<T>(ReadBigEndian(value));
}

// Stores one known chunk's value, whose size the caller has checked.
void StoreChunk(uint16_t type, std::string_view v, HepPacket& p) {
  switch (type) {
    case kChunkIpFamily: p.ip_family = static_cast<uint8_t>(ReadBigEndian(v)); break;
    case kChunkIpProtocol: p.ip_protocol = static_cast<uint8_t>(ReadBigEndian(v)); break;
    case kChunkSrcIPv4:
    case kChunkSrcIPv6: p.src_addr = std::string(v); break;
    case kChunkDstIPv4:
    case kChunkDstIPv6: p.dst_addr = std::string(v); break;
    case kChunkSrcPort: p.src_port = static_cast<uint16_t>(ReadBigEndian(v)); break;
    case kChunkDstPort: p.dst_port = static_cast<uint16_t>(ReadBigEndian(v)); break;
    case kChunkTimeSec: p.time_sec = static_cast<uint32_t>(ReadBigEndian(v)); break;
    case kChunkTimeUsec: p.time_usec = static_cast<uint32_t>(ReadBigEndian(v)); break;
    case kChunkProtoType: p.proto_type = static_cast<uint8_t>(ReadBigEndian(v)); break;
    case kChunkCaptureId: p.capture_id = static_cast<uint32_t>(ReadBigEndian(v)); break;
    case kChunkKeepAlive: SetOptional(p.keep_alive, v); break;
    case kChunkAuthKey: p.auth_key = std::string(v); break;
    case kChunkPayload: p.payload = std::string(v); break;
    case kChunkCompressedPayload: p.compressed_payload = std::string(v); break;
    case kChunkCorrelationId: p.correlation_id = std::string(v); break;
    case kChunkVlanId: SetOptional(p.vlan_id, v); break;
    case kChunkNodeName: p.node_name = std::string(v); break;
    case kChunkSrcMac: SetOptional(p.src_mac, v); break;
    case kChunkDstMac: SetOptional(p.dst_mac, v); break;
    case kChunkEthernetType: SetOptional(p.ethernet_type, v); break;
    case kChunkTcpFlags: SetOptional(p.tcp_flags, v); break;
    case kChunkIpTos: SetOptional(p.ip_tos, v); break;
    case kChunkMos: SetOptional(p.mos, v); break;
    case kChunkRFactor: SetOptional(p.r_factor, v); break;
    case kChunkGeoLocation: p.geo_location = std::string(v); break;
    case kChunkJitter: SetOptional(p.jitter, v); break;
    case kChunkTransactionType: p.transaction_type = std::string(v); break;
    case kChunkPayloadJsonKeys: p.payload_json_keys = std::string(v); break;
    case kChunkTagValues: p.tag_values = std::string(v); break;
    case kChunkTagType: SetOptional(p.tag_type, v); break;
    case kChunkEventType: SetOptional(p.event_type, v); break;
    case kChunkGroupId: p.group_id = std::string(v); break;
  }
}

// One generic chunk: unknown types are skipped; a known one must be new and
// of its exact size, since a receiver like heplify-server drops the packet
// otherwise and a second copy would leave the field ambiguous.
Status ApplyChunk(uint16_t type, std::string_view value, HepPacket& p, SeenChunks& seen) {
  const ChunkInfo* info = FindChunk(type);
  if (info == nullptr) return Status::OK();
  if (seen.test(type)) return Status::Data("appears a second time");
  if (info->size != 0 && value.size() != info->size) {
    return Status::Data(fmt::format("value is {} bytes, {} expected", value.size(), info->size));
  }
  seen.set(type);
  StoreChunk(type, value, p);
  return Status::OK();
}

Status CheckMagic(std::string_view bytes) {
  std::string_view magic = bytes.substr(0, 4);
  if (magic == "HEP3" || magic == "EEP3") return Status::OK();
  return Status::Data(fmt::format("HEP3 at offset 0: magic is {:02x} {:02x} {:02x} {:02x}, not \"HEP3\" or \"EEP3\"",
                                  static_cast<unsigned char>(magic[0]), static_cast<unsigned char>(magic[1]),
                                  static_cast<unsigned char>(magic[2]), static_cast<unsigned char>(magic[3])));
}

// Walks the chunks after the header; every length is checked before use.
Status DecodeChunks(std::string_view bytes, HepPacket& p, SeenChunks& seen) {
  size_t offset = kHep3HeaderSize;
  while (offset < bytes.size()) {
    size_t left = bytes.size() - offset;
    if (left < kHep3ChunkHeaderSize) {
      return Status::Data(fmt::format("HEP3 at offset {}: {} bytes left, a chunk header needs {}", offset, left,
                                      kHep3ChunkHeaderSize));
    }
    uint16_t vendor = static_cast<uint16_t>(ReadBigEndian(bytes.substr(offset, 2)));
    uint16_t type = static_cast<uint16_t>(ReadBigEndian(bytes.substr(offset + 2, 2)));
    size_t length = ReadBigEndian(bytes.substr(offset + 4, 2));
    std::string label = vendor == 0 ? ChunkLabel(type) : fmt::format("vendor 0x{:04x} chunk 0x{:04x}", vendor, type);
    std::string where = fmt::format("HEP3 at offset {}: {}", offset, label);
    if (length < kHep3ChunkHeaderSize) {
      return Status::Data(fmt::format("{}: length {} is below the {}-byte chunk header", where, length,
                                      kHep3ChunkHeaderSize));
    }
    if (length > left) {
      return Status::Data(fmt::format("{}: length {} runs past the packet ({} bytes left)", where, length, left));
    }
    std::string_view value = bytes.substr(offset + kHep3ChunkHeaderSize, length - kHep3ChunkHeaderSize);
    if (vendor == 0) FERRY_RETURN_NOT_OK(ApplyChunk(type, value, p, seen).WithContext(where));
    offset += length;
  }
  return Status::OK();
}

Status CheckFamily(const HepPacket& p, const SeenChunks& seen) {
  uint16_t src, dst, other_src, other_dst;
  if (p.ip_family == kFamilyIPv4) {
    src = kChunkSrcIPv4, dst = kChunkDstIPv4, other_src = kChunkSrcIPv6, other_dst = kChunkDstIPv6;
  } else if (p.ip_family == kFamilyIPv6) {
    src = kChunkSrcIPv6, dst = kChunkDstIPv6, other_src = kChunkSrcIPv4, other_dst = kChunkDstIPv4;
  } else {
    return Status::Data(fmt::format("HEP3: {} says {}, neither {} (IPv4) nor {} (IPv6)", ChunkLabel(kChunkIpFamily),
                                    p.ip_family, kFamilyIPv4, kFamilyIPv6));
  }
  for (uint16_t type : {other_src, other_dst}) {
    if (seen.test(type)) {
      return Status::Data(fmt::format("HEP3: ip family {} ({}) but the packet carries {}", p.ip_family,
                                      FamilyName(p.ip_family), ChunkLabel(type)));
    }
  }
  for (uint16_t type : {src, dst}) {
    if (!seen.test(type)) {
      return Status::Data(fmt::format("HEP3: ip family {} ({}) but the packet has no {}", p.ip_family,
                                      FamilyName(p.ip_family), ChunkLabel(type)));
    }
  }
  return Status::OK();
}

// The chunks of HepPacket's non-optional fields (addresses: CheckFamily).
constexpr uint16_t kRequiredChunks[] = {kChunkIpFamily, kChunkIpProtocol, kChunkSrcPort,   kChunkDstPort,
                                        kChunkTimeSec,  kChunkTimeUsec,   kChunkProtoType, kChunkCaptureId,
                                        kChunkPayload};

Status CheckRequired(const HepPacket& p, const SeenChunks& seen) {
  for (uint16_t type : kRequiredChunks) {
    if (!seen.test(type)) return Status::Data(fmt::format("HEP3: the packet has no {}", ChunkLabel(type)));
  }
  return CheckFamily(p, seen);
}

}  // namespace

std::string_view ChunkName(uint16_t type) {
  const ChunkInfo* info = FindChunk(type);
  return info ? info->name : std::string_view();
}

Result<std::string> EncodeHep3(const HepPacket& p) {
  FERRY_RETURN_NOT_OK(CheckAddresses(p));
  if (p.time_usec >= kUsecPerSec) {
    return Status::Data(fmt::format("HEP3: time microseconds {} is not below {}", p.time_usec, kUsecPerSec));
  }
  // Checked before anything is copied, so a huge payload costs nothing.
  if (p.payload.size() > kHep3MaxValue) {
    return Status::Data(fmt::format("HEP3: payload of {} bytes is over the {} bytes a chunk can hold",
                                    p.payload.size(), kHep3MaxValue));
  }
  std::string out = "HEP3";
  PutBigEndian(out, 0, 2);  // total length, set once known
  bool v6 = p.ip_family == kFamilyIPv6;
  PutInt(out, kChunkIpFamily, p.ip_family);
  PutInt(out, kChunkIpProtocol, p.ip_protocol);
  FERRY_RETURN_NOT_OK(PutBytes(out, v6 ? kChunkSrcIPv6 : kChunkSrcIPv4, p.src_addr));
  FERRY_RETURN_NOT_OK(PutBytes(out, v6 ? kChunkDstIPv6 : kChunkDstIPv4, p.dst_addr));
  PutInt(out, kChunkSrcPort, p.src_port);
  PutInt(out, kChunkDstPort, p.dst_port);
  PutInt(out, kChunkTimeSec, p.time_sec);
  PutInt(out, kChunkTimeUsec, p.time_usec);
  PutInt(out, kChunkProtoType, p.proto_type);
  PutInt(out, kChunkCaptureId, p.capture_id);
  FERRY_RETURN_NOT_OK(PutOptionalChunks(out, p));
  FERRY_RETURN_NOT_OK(PutBytes(out, kChunkPayload, p.payload));
  if (out.size() > kHep3MaxLength) {
    return Status::Data(fmt::format("HEP3: the packet would be {} bytes (payload {}), over the {} its length can say",
                                    out.size(), p.payload.size(), kHep3MaxLength));
  }
  out[4] = static_cast<char>(out.size() >> 8);
  out[5] = static_cast<char>(out.size() & 0xff);
  return out;
}

Result<HepPacket> DecodeHep3(std::string_view bytes) {
  if (bytes.size() < kHep3HeaderSize) {
    return Status::Data(fmt::format("HEP3 at offset 0: {} bytes, shorter than the {}-byte header", bytes.size(),
                                    kHep3HeaderSize));
  }
  FERRY_RETURN_NOT_OK(CheckMagic(bytes));
  size_t total = ReadBigEndian(bytes.substr(4, 2));
  if (total != bytes.size()) {
    return Status::Data(fmt::format("HEP3 at offset 4: total length says {} bytes, {} given", total, bytes.size()));
  }
  HepPacket p;
  SeenChunks seen;
  FERRY_RETURN_NOT_OK(DecodeChunks(bytes, p, seen));
  FERRY_RETURN_NOT_OK(CheckRequired(p, seen));
  return p;
}

}  // namespace ferry::hep
