#include "engines/hep/row_packet.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "core/temporal.h"

namespace ferry::hep {
namespace {

// A batch shaped like heplify-server's hep_proto_* tables.
RecordBatch HepRows() {
  return RecordBatch({{"id", LogicalType(TypeId::kInt64)},
                      {"sid", LogicalType::Text()},
                      {"create_date", LogicalType(TypeId::kTimestampTz)},
                      {"protocol_header", LogicalType(TypeId::kJson)},
                      {"raw", LogicalType::Text()}});
}

void AddRow(RecordBatch* b, int64_t id, std::string_view sid, int64_t create_micros, std::string_view header,
            std::string_view raw) {
  b->column(0).AppendInt(id);
  b->column(1).AppendString(sid);
  b->column(2).AppendInt(create_micros);
  b->column(3).AppendString(header);
  b->column(4).AppendString(raw);
  b->FinishRow();
}

std::string Addr(int family, const char* text) {
  unsigned char buf[16];
  EXPECT_EQ(inet_pton(family, text, buf), 1) << text;
  return std::string(reinterpret_cast<char*>(buf), family == AF_INET ? 4 : 16);
}

RowPacket Make(const std::string& table = "hep_proto_1_call", ReplayOptions options = {}) {
  RecordBatch b = HepRows();
  auto rp = RowPacket::Make(table, b.fields(), options);
  EXPECT_TRUE(rp.ok()) << rp.status().ToString();
  return std::move(*rp);
}

TEST(RowPacket, HeplifyIpv4RowBecomesTheSameFieldsOnTheWire) {
  RecordBatch b = HepRows();
  AddRow(&b, 7, "call-1@host", 0,
         R"({"protocolFamily":2,"protocol":17,"srcIp":"192.0.2.10","dstIp":"198.51.100.7","srcPort":5060,)"
         R"("dstPort":5080,"timeSeconds":1700000000,"timeUseconds":123456,"payloadType":1,"captureId":"2001",)"
         R"("capturePass":"myHep","correlation_id":"cid-9"})",
         "INVITE sip:bob@example.com SIP/2.0\r\n\r\n");
  auto bytes = Make().Encode(b, 0);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto p = DecodeHep3(*bytes);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->ip_family, kFamilyIPv4);
  EXPECT_EQ(p->ip_protocol, 17);
  EXPECT_EQ(p->src_addr, Addr(AF_INET, "192.0.2.10"));
  EXPECT_EQ(p->dst_addr, Addr(AF_INET, "198.51.100.7"));
  EXPECT_EQ(p->src_port, 5060);
  EXPECT_EQ(p->dst_port, 5080);
  EXPECT_EQ(p->time_sec, 1700000000u);
  EXPECT_EQ(p->time_usec, 123456u);
  EXPECT_EQ(p->proto_type, 1);
  EXPECT_EQ(p->capture_id, 2001u);
  EXPECT_FALSE(p->node_name.has_value());
  EXPECT_EQ(p->auth_key, "myHep");
  EXPECT_EQ(p->correlation_id, "cid-9");
  EXPECT_EQ(p->payload, "INVITE sip:bob@example.com SIP/2.0\r\n\r\n");
}

TEST(RowPacket, Ipv6GoesInItsOwnChunksAndANodeNameInChunk13) {
  RecordBatch b = HepRows();
  AddRow(&b, 8, "x", 0,
         R"({"protocolFamily":10,"protocol":6,"srcIp":"2001:db8::1","dstIp":"2001:db8::2","srcPort":5061,)"
         R"("dstPort":5061,"timeSeconds":1700000001,"timeUseconds":0,"payloadType":1,"captureId":"edge-sbc-1",)"
         R"("correlation_id":"c"})",
         "OPTIONS");
  auto p = DecodeHep3(*Make().Encode(b, 0));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->ip_family, kFamilyIPv6);
  EXPECT_EQ(p->src_addr, Addr(AF_INET6, "2001:db8::1"));
  EXPECT_EQ(p->dst_addr, Addr(AF_INET6, "2001:db8::2"));
  EXPECT_EQ(p->ip_protocol, 6);
  EXPECT_EQ(p->node_name, "edge-sbc-1");
  EXPECT_EQ(p->capture_id, 0u);
  EXPECT_FALSE(p->auth_key.has_value());
}

TEST(RowPacket, TimeFromCreateDateCorrelationFromSidPayloadTypeFromTheTable) {
  RecordBatch b = HepRows();
  const int64_t micros = *ParseTimestamp("2024-03-01 10:20:30.654321");
  // A 2019-era row: numeric captureId, no timeSeconds, no payloadType, an
  // empty correlation id.
  AddRow(&b, 9, "sid-42", micros,
         R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2","srcPort":"9","dstPort":10,"captureId":77,"correlation_id":""})",
         R"({"type":"rtcp"})");
  auto p = DecodeHep3(*Make("hep_proto_5_default").Encode(b, 0));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->time_sec, static_cast<uint32_t>(micros / kMicrosPerSecond));
  EXPECT_EQ(p->time_usec, 654321u);
  EXPECT_EQ(p->proto_type, 5);
  EXPECT_EQ(p->capture_id, 77u);
  EXPECT_EQ(p->src_port, 9);
  EXPECT_EQ(p->correlation_id, "sid-42");
  EXPECT_EQ(p->ip_protocol, 17);
}

TEST(RowPacket, CaptureIdOverrideReplacesEveryRowsOwn) {
  RecordBatch b = HepRows();
  AddRow(&b, 1, "s", 0, R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2","captureId":"5","timeSeconds":1})", "x");
  ReplayOptions options;
  options.capture_id = 4242;
  auto p = DecodeHep3(*Make("hep_proto_1_call", options).Encode(b, 0));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->capture_id, 4242u);
}

TEST(RowPacket, RowsThatCannotBeAPacketAreRefusedWithTheirIdAndWhy) {
  struct Case {
    std::string header, raw, expect;
  };
  const std::vector<Case> cases = {
      {R"({"srcIp":"10.0.0.1","dstIp":"not-an-ip"})", "x", "dstIp \"not-an-ip\" is no IPv4 or IPv6 address"},
      {R"({"dstIp":"10.0.0.1"})", "x", "srcIp is missing"},
      {R"({"srcIp":"10.0.0.1","dstIp":"::1"})", "x", "different families"},
      {R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2","protocolFamily":10})", "x", "protocolFamily is 10"},
      {R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2","srcPort":70000})", "x", "srcPort is 70000"},
      {R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2","timeUseconds":1000000})", "x", "timeUseconds"},
      {R"(["not","an","object"])", "x", "no JSON object"},
      {R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2"})", std::string(65420, 'a'), "over the transport's limit of 65507"},
      {R"({"srcIp":"10.0.0.1","dstIp":"10.0.0.2"})", std::string(70000, 'a'), "65529"},
  };
  ReplayOptions udp;
  udp.max_packet_bytes = kHep3MaxUdpLength;
  RowPacket rp = Make("hep_proto_1_call", udp);
  for (size_t i = 0; i < cases.size(); ++i) {
    RecordBatch b = HepRows();
    AddRow(&b, 1000 + static_cast<int64_t>(i), "s", 0, cases[i].header, cases[i].raw);
    auto bytes = rp.Encode(b, 0);
    ASSERT_FALSE(bytes.ok()) << cases[i].header;
    EXPECT_EQ(bytes.status().code(), StatusCode::kData);
    EXPECT_NE(bytes.status().message().find("hep_proto_1_call id " + std::to_string(1000 + i)), std::string::npos)
        << bytes.status().message();
    EXPECT_NE(bytes.status().message().find(cases[i].expect), std::string::npos) << bytes.status().message();
  }
}

TEST(RowPacket, ATableWithoutTheHepColumnsIsRefusedUpFront) {
  RecordBatch b({{"id", LogicalType(TypeId::kInt64)}, {"name", LogicalType::Text()}});
  auto rp = RowPacket::Make("users", b.fields(), {});
  ASSERT_FALSE(rp.ok());
  EXPECT_NE(rp.status().message().find("table users has no column protocol_header"), std::string::npos);
}

}  // namespace
}  // namespace ferry::hep
