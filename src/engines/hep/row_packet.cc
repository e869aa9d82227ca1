#include "engines/hep/row_packet.h"

#include <arpa/inet.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/temporal.h"

namespace ferry::hep {

namespace {

using Json = nlohmann::json;

int FindField(const std::vector<Field>& fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

// "hep_proto_5_default" -> 5.
std::optional<uint8_t> PayloadTypeOfTable(std::string_view table) {
  constexpr std::string_view kPrefix = "hep_proto_";
  if (table.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  table.remove_prefix(kPrefix.size());
  unsigned v = 0;
  auto [end, ec] = std::from_chars(table.data(), table.data() + table.size(), v);
  if (ec != std::errc() || end == table.data() || v > 255) return std::nullopt;
  return static_cast<uint8_t>(v);
}

std::optional<uint64_t> Decimal(std::string_view s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// header[key] as an unsigned integer <= max: a JSON number or a decimal
// string. nullopt when absent or null.
Result<std::optional<uint64_t>> UintField(const Json& header, const char* key, uint64_t max) {
  auto it = header.find(key);
  if (it == header.end() || it->is_null()) return std::optional<uint64_t>();
  std::optional<uint64_t> v;
  if (it->is_number_unsigned()) {
    v = it->get<uint64_t>();
  } else if (it->is_number_float()) {
    double d = it->get<double>();
    if (d >= 0 && d <= static_cast<double>(max) && d == static_cast<double>(static_cast<uint64_t>(d)))
      v = static_cast<uint64_t>(d);
  } else if (it->is_string()) {
    v = Decimal(it->get_ref<const std::string&>());
  }
  if (!v || *v > max)
    return Status::Data(std::string("protocol_header.") + key + " is " + it->dump() + ", not an integer from 0 to " +
                        std::to_string(max));
  return v;
}

std::string StringField(const Json& header, const char* key) {
  auto it = header.find(key);
  if (it == header.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();  // a number (captureId before 2019)
}

// "192.0.2.1" -> 4 bytes, "2001:db8::1" -> 16 bytes.
Result<std::string> AddressBytes(const Json& header, const char* key) {
  std::string text = StringField(header, key);
  if (text.empty()) return Status::Data(std::string("protocol_header.") + key + " is missing");
  unsigned char buf[16];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 16);
  return Status::Data(std::string("protocol_header.") + key + " \"" + text + "\" is no IPv4 or IPv6 address");
}

}  // namespace

Result<RowPacket> RowPacket::Make(const std::string& table, const std::vector<Field>& fields,
                                  ReplayOptions options) {
  RowPacket rp;
  rp.table_ = table;
  rp.options_ = options;
  rp.header_ = FindField(fields, "protocol_header");
  rp.raw_ = FindField(fields, "raw");
  rp.create_date_ = FindField(fields, "create_date");
  rp.sid_ = FindField(fields, "sid");
  rp.id_ = FindField(fields, "id");
  for (auto [index, name] : {std::pair{rp.header_, "protocol_header"}, std::pair{rp.raw_, "raw"}})
    if (index < 0)
      return Status::InvalidInput("table " + table + " has no column " + name +
                                  ": a HEP replay reads Homer's hep_proto_* tables (id, sid, create_date, "
                                  "protocol_header, raw)");
  for (int c : {rp.header_, rp.raw_, rp.sid_})
    if (c >= 0 && fields[c].type.physical() != PhysicalKind::kString)
      return Status::InvalidInput("table " + table + ": column " + fields[c].name + " is " +
                                  fields[c].type.ToString() + ", not text");
  rp.table_payload_type_ = PayloadTypeOfTable(table);
  return rp;
}

std::string RowPacket::RowName(const RecordBatch& batch, size_t row) const {
  std::string name = table_;
  if (id_ >= 0 && !batch.column(id_).IsNull(row)) {
    const Column& id = batch.column(id_);
    name += " id " + (id.kind() == PhysicalKind::kInt64 ? std::to_string(id.Int(row)) : std::string(id.String(row)));
  }
  return name;
}

Status RowPacket::FillFromHeader(std::string_view header_text, HepPacket* p) const {
  Json h = Json::parse(header_text, nullptr, /*allow_exceptions=*/false);
  if (!h.is_object()) return Status::Data("protocol_header is no JSON object");
  FERRY_ASSIGN_OR_RETURN(p->src_addr, AddressBytes(h, "srcIp"));
  FERRY_ASSIGN_OR_RETURN(p->dst_addr, AddressBytes(h, "dstIp"));
  if (p->src_addr.size() != p->dst_addr.size())
    return Status::Data("protocol_header.srcIp and dstIp are of different families");
  p->ip_family = p->src_addr.size() == 4 ? kFamilyIPv4 : kFamilyIPv6;
  FERRY_ASSIGN_OR_RETURN(auto family, UintField(h, "protocolFamily", 255));
  if (family && *family != p->ip_family)
    return Status::Data("protocol_header.protocolFamily is " + std::to_string(*family) + " but srcIp is IPv" +
                        (p->ip_family == kFamilyIPv4 ? "4" : "6"));
  FERRY_ASSIGN_OR_RETURN(auto protocol, UintField(h, "protocol", 255));
  p->ip_protocol = static_cast<uint8_t>(protocol.value_or(17));
  FERRY_ASSIGN_OR_RETURN(auto src_port, UintField(h, "srcPort", 65535));
  FERRY_ASSIGN_OR_RETURN(auto dst_port, UintField(h, "dstPort", 65535));
  p->src_port = static_cast<uint16_t>(src_port.value_or(0));
  p->dst_port = static_cast<uint16_t>(dst_port.value_or(0));
  FERRY_ASSIGN_OR_RETURN(auto seconds, UintField(h, "timeSeconds", UINT32_MAX));
  FERRY_ASSIGN_OR_RETURN(auto useconds, UintField(h, "timeUseconds", 999999));
  if (seconds && *seconds > 0) {
    p->time_sec = static_cast<uint32_t>(*seconds);
    p->time_usec = static_cast<uint32_t>(useconds.value_or(0));
  }
  FERRY_ASSIGN_OR_RETURN(auto payload_type, UintField(h, "payloadType", 255));
  if (payload_type) {
    p->proto_type = static_cast<uint8_t>(*payload_type);
  } else if (table_payload_type_) {
    p->proto_type = *table_payload_type_;
  }
  const std::string capture = StringField(h, "captureId");
  if (auto id = Decimal(capture); id && *id <= UINT32_MAX) {
    p->capture_id = static_cast<uint32_t>(*id);
  } else if (!capture.empty()) {
    p->node_name = capture;  // heplify-server stored the agent's node name here
  }
  if (std::string pass = StringField(h, "capturePass"); !pass.empty()) p->auth_key = pass;
  if (std::string cid = StringField(h, "correlation_id"); !cid.empty()) p->correlation_id = cid;
  return Status::OK();
}

Result<HepPacket> RowPacket::Build(const RecordBatch& batch, size_t row) const {
  HepPacket p;
  const Column& header = batch.column(header_);
  const Column& raw = batch.column(raw_);
  if (header.IsNull(row)) return Status::Data(RowName(batch, row) + ": protocol_header is NULL");
  if (raw.IsNull(row)) return Status::Data(RowName(batch, row) + ": raw is NULL");
  Status st = FillFromHeader(header.String(row), &p);
  if (!st.ok()) return Status::Data(RowName(batch, row) + ": " + st.message());
  if (p.time_sec == 0 && create_date_ >= 0 && !batch.column(create_date_).IsNull(row)) {
    const Column& c = batch.column(create_date_);
    std::optional<int64_t> micros;
    if (c.kind() == PhysicalKind::kInt64 && c.type().IsTemporal()) micros = c.Int(row);
    if (c.kind() == PhysicalKind::kString) micros = ParseTimestamp(c.String(row));
    if (micros && *micros >= 0 && *micros / kMicrosPerSecond <= UINT32_MAX) {
      p.time_sec = static_cast<uint32_t>(*micros / kMicrosPerSecond);
      p.time_usec = static_cast<uint32_t>(*micros % kMicrosPerSecond);
    }
  }
  if (!p.correlation_id && sid_ >= 0 && !batch.column(sid_).IsNull(row) && !batch.column(sid_).String(row).empty())
    p.correlation_id = std::string(batch.column(sid_).String(row));
  if (options_.capture_id) p.capture_id = *options_.capture_id;
  p.payload = std::string(raw.String(row));
  return p;
}

Result<std::string> RowPacket::Encode(const RecordBatch& batch, size_t row) const {
  FERRY_ASSIGN_OR_RETURN(HepPacket p, Build(batch, row));
  auto bytes = EncodeHep3(p);
  if (!bytes.ok()) return Status::Data(RowName(batch, row) + ": " + bytes.status().message());
  if (bytes->size() > options_.max_packet_bytes)
    return Status::Data(RowName(batch, row) + ": the packet would be " + std::to_string(bytes->size()) +
                        " bytes, over the transport's limit of " + std::to_string(options_.max_packet_bytes) +
                        " (payload " + std::to_string(p.payload.size()) + " bytes); not cut, not sent");
  return bytes;
}

}  // namespace ferry::hep
