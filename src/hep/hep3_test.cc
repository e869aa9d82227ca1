#include "hep/hep3.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

namespace ferry::hep {
namespace {

// Bytes written out one by one, so expected packets read like the spec's
// layout tables and do not depend on the code under test.
std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string U16(unsigned v) { return Bytes({static_cast<int>(v >> 8), static_cast<int>(v & 0xff)}); }

// A chunk: vendor, type, length (header included), value.
std::string Chunk(uint16_t type, std::string_view value, uint16_t vendor = 0) {
  return U16(vendor) + U16(type) + U16(static_cast<unsigned>(value.size() + 6)) + std::string(value);
}

// "HEP3", the total length, the chunks.
std::string Packet(const std::string& chunks, std::string_view magic = "HEP3") {
  return std::string(magic) + U16(static_cast<unsigned>(chunks.size() + 6)) + chunks;
}

// The fixed chunks of an IPv4 packet, payload left to the caller.
std::string Ipv4Head() {
  return Chunk(0x01, Bytes({2})) + Chunk(0x02, Bytes({17})) + Chunk(0x03, Bytes({10, 0, 0, 1})) +
         Chunk(0x04, Bytes({10, 0, 0, 2})) + Chunk(0x07, U16(5060)) + Chunk(0x08, U16(5062)) +
         Chunk(0x09, Bytes({0, 0, 0, 1})) + Chunk(0x0a, Bytes({0, 0, 0, 2})) + Chunk(0x0b, Bytes({1})) +
         Chunk(0x0c, Bytes({0, 0, 0, 7}));
}

std::string Ipv4Valid() { return Packet(Ipv4Head() + Chunk(0x0f, "hello")); }

// The packet of the spec's example (rev 37, 113 bytes).
HepPacket SpecExample() {
  HepPacket p;
  p.ip_family = 2;
  p.ip_protocol = 17;
  p.src_addr = Bytes({212, 202, 0, 1});
  p.dst_addr = Bytes({82, 116, 0, 211});
  p.src_port = 12010;
  p.dst_port = 5060;
  p.time_sec = 1313440459;
  p.time_usec = 120000;
  p.proto_type = 1;
  p.capture_id = 228;
  p.payload = "INVITE sip:bob";
  return p;
}

HepPacket Ipv6Packet() {
  HepPacket p;
  p.ip_family = 10;
  p.ip_protocol = 6;
  p.src_addr = Bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  p.dst_addr = Bytes({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55});
  p.src_port = 5061;
  p.dst_port = 40000;
  p.time_sec = 0xfffffffe;
  p.time_usec = 999999;
  p.proto_type = 100;
  p.capture_id = 0xdeadbeef;
  p.payload = std::string("binary\0\xff\x80 payload", 17);
  return p;
}

HepPacket EveryChunk() {
  HepPacket p = Ipv6Packet();
  p.keep_alive = 30;
  p.auth_key = "myHep";
  p.compressed_payload = Bytes({0x1f, 0x8b, 0x08, 0});
  p.correlation_id = "abc123@test";
  p.vlan_id = 4094;
  p.node_name = "node-a";
  p.src_mac = 0x0000a1b2c3d4e5f6ULL;
  p.dst_mac = 0x0102030405060708ULL;
  p.ethernet_type = 0x86dd;
  p.tcp_flags = 0x12;
  p.ip_tos = 0xb8;
  p.mos = 436;
  p.r_factor = 93;
  p.geo_location = "52.52,13.40";
  p.jitter = 123456;
  p.transaction_type = "call";
  p.payload_json_keys = "a,b";
  p.tag_values = "k=v";
  p.tag_type = 2;
  p.event_type = 1;
  p.group_id = "g1";
  return p;
}

std::string MustEncode(const HepPacket& p) {
  Result<std::string> r = EncodeHep3(p);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::string();
}

// The refusal's message, or a marker when there was none.
template <typename T>
std::string Refusal(const Result<T>& r) {
  if (r.ok()) return "<accepted>";
  EXPECT_EQ(r.status().code(), StatusCode::kData);
  return r.status().message();
}

std::string DecodeRefusal(const std::string& bytes) { return Refusal(DecodeHep3(bytes)); }

TEST(Hep3, SpecExampleByteForByte) {
  std::string expected = Bytes({'H', 'E', 'P', '3', 0x00, 0x71,                  // 113 bytes
                                0, 0, 0, 0x01, 0, 7, 2,                          // family IPv4
                                0, 0, 0, 0x02, 0, 7, 17,                         // UDP
                                0, 0, 0, 0x03, 0, 10, 212, 202, 0, 1,            // src 212.202.0.1
                                0, 0, 0, 0x04, 0, 10, 82, 116, 0, 211,           // dst 82.116.0.211
                                0, 0, 0, 0x07, 0, 8, 0x2e, 0xea,                 // src port 12010
                                0, 0, 0, 0x08, 0, 8, 0x13, 0xc4,                 // dst port 5060
                                0, 0, 0, 0x09, 0, 10, 0x4e, 0x49, 0x82, 0xcb,    // 1313440459
                                0, 0, 0, 0x0a, 0, 10, 0x00, 0x01, 0xd4, 0xc0,    // 120000 us
                                0, 0, 0, 0x0b, 0, 7, 1,                          // SIP
                                0, 0, 0, 0x0c, 0, 10, 0, 0, 0, 228,              // capture id 228
                                0, 0, 0, 0x0f, 0, 20}) +                         // payload, 14 bytes
                         "INVITE sip:bob";
  ASSERT_EQ(expected.size(), 113u);
  EXPECT_EQ(MustEncode(SpecExample()), expected);
  Result<HepPacket> decoded = DecodeHep3(expected);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, SpecExample());
}

TEST(Hep3, Ipv6UsesChunks5And6) {
  HepPacket p = Ipv6Packet();
  std::string bytes = MustEncode(p);
  // After the header (6), family (7) and protocol (7): src then dst IPv6.
  EXPECT_EQ(bytes.substr(20, 22), Chunk(0x05, p.src_addr));
  EXPECT_EQ(bytes.substr(42, 22), Chunk(0x06, p.dst_addr));
  EXPECT_EQ(bytes.find(U16(0) + U16(0x03)), std::string::npos);
  Result<HepPacket> decoded = DecodeHep3(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, p);
}

TEST(Hep3, NodeNameCapturePassCorrelationId) {
  HepPacket p = SpecExample();
  p.node_name = "node-a";
  p.auth_key = "myHep";
  p.correlation_id = "abc123@test";
  std::string bytes = MustEncode(p);
  EXPECT_NE(bytes.find(Chunk(0x13, "node-a")), std::string::npos);
  EXPECT_NE(bytes.find(Chunk(0x0e, "myHep")), std::string::npos);
  EXPECT_NE(bytes.find(Chunk(0x11, "abc123@test")), std::string::npos);
  // The payload stays the last chunk (early hep-js over-read past string chunks).
  EXPECT_EQ(bytes.substr(bytes.size() - 20), Chunk(0x0f, "INVITE sip:bob"));
  EXPECT_EQ(bytes.size(), 113u + 12 + 11 + 17);
  Result<HepPacket> decoded = DecodeHep3(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->node_name, "node-a");
  EXPECT_EQ(decoded->auth_key, "myHep");
  EXPECT_EQ(decoded->correlation_id, "abc123@test");
  EXPECT_EQ(*decoded, p);
}

TEST(Hep3, EmptyAuthKeyIsAnEmptyChunkAndStaysSet) {
  HepPacket p = SpecExample();
  p.auth_key = "";  // heplify always sends 0x000e, empty when no password
  std::string bytes = MustEncode(p);
  EXPECT_NE(bytes.find(Chunk(0x0e, "")), std::string::npos);
  Result<HepPacket> decoded = DecodeHep3(bytes);
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(decoded->auth_key.has_value());
  EXPECT_EQ(*decoded->auth_key, "");
}

TEST(Hep3, RoundTripsEveryChunk) {
  for (HepPacket p : {SpecExample(), Ipv6Packet(), EveryChunk()}) {
    Result<HepPacket> decoded = DecodeHep3(MustEncode(p));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, p);
  }
  std::string bytes = MustEncode(EveryChunk());
  EXPECT_NE(bytes.find(Chunk(0x14, Bytes({0, 0, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6}))), std::string::npos);
  EXPECT_NE(bytes.find(Chunk(0x20, U16(436))), std::string::npos);
  EXPECT_NE(bytes.find(Chunk(0x12, U16(4094))), std::string::npos);
  EXPECT_NE(bytes.find(Chunk(0x23, Bytes({0, 0x01, 0xe2, 0x40}))), std::string::npos);
}

TEST(Hep3, EncodeRefusesBadFamily) {
  HepPacket p = SpecExample();
  p.ip_family = 7;
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: ip family 7 is neither 2 (IPv4) nor 10 (IPv6)");
}

TEST(Hep3, EncodeRefusesAddressFamilyMismatch) {
  HepPacket p = SpecExample();
  p.src_addr = Ipv6Packet().src_addr;  // IPv6 address in an IPv4 packet
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: ip family 2 (IPv4) needs 4-byte addresses; the src address is 16 bytes");
  p = Ipv6Packet();
  p.dst_addr = Bytes({10, 0, 0, 1});
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: ip family 10 (IPv6) needs 16-byte addresses; the dst address is 4 bytes");
  p = SpecExample();
  p.dst_addr.clear();
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: ip family 2 (IPv4) needs 4-byte addresses; the dst address is 0 bytes");
}

TEST(Hep3, EncodeRefusesMicrosecondsOfAWholeSecond) {
  HepPacket p = SpecExample();
  p.time_usec = 1000000;
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: time microseconds 1000000 is not below 1000000");
}

TEST(Hep3, EncodeRefusesPayloadOverAChunk) {
  HepPacket p = SpecExample();
  p.payload.assign(65530, 'x');
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: payload of 65530 bytes is over the 65529 bytes a chunk can hold");
  p.payload.assign(10'000'000, 'x');
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: payload of 10000000 bytes is over the 65529 bytes a chunk can hold");
}

TEST(Hep3, EncodeRefusesAnOptionalStringOverAChunk) {
  HepPacket p = SpecExample();
  p.node_name = std::string(65530, 'n');
  EXPECT_EQ(Refusal(EncodeHep3(p)),
            "HEP3: chunk 0x0013 (node name) of 65530 bytes is over the 65529 bytes a chunk can hold");
  p = SpecExample();
  p.correlation_id = std::string(70000, 'c');
  EXPECT_EQ(Refusal(EncodeHep3(p)),
            "HEP3: chunk 0x0011 (correlation id) of 70000 bytes is over the 65529 bytes a chunk can hold");
}

TEST(Hep3, EncodeRefusesTotalOverTheLengthAndAcceptsTheLimit) {
  // The spec example carries 99 bytes besides its payload: 65436 fill 65535.
  HepPacket p = SpecExample();
  p.payload.assign(65436, 'x');
  std::string bytes = MustEncode(p);
  EXPECT_EQ(bytes.size(), 65535u);
  EXPECT_EQ(bytes.substr(4, 2), U16(65535));
  Result<HepPacket> decoded = DecodeHep3(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, p);

  p.payload.push_back('x');
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: the packet would be 65536 bytes (payload 65437), over the 65535 its length can say");
  p.payload.assign(30000, 'x');
  p.node_name = std::string(40000, 'n');  // each fits a chunk, together they do not
  EXPECT_EQ(Refusal(EncodeHep3(p)), "HEP3: the packet would be 70105 bytes (payload 30000), over the 65535 its length can say");
}

TEST(Hep3, DecodeAcceptsHandBuiltAndEep3) {
  Result<HepPacket> p = DecodeHep3(Ipv4Valid());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->src_addr, Bytes({10, 0, 0, 1}));
  EXPECT_EQ(p->dst_port, 5062);
  EXPECT_EQ(p->capture_id, 7u);
  EXPECT_EQ(p->payload, "hello");
  EXPECT_FALSE(p->auth_key.has_value());
  EXPECT_TRUE(DecodeHep3(Packet(Ipv4Head() + Chunk(0x0f, "hello"), "EEP3")).ok());
}

TEST(Hep3, DecodeSkipsUnknownAndVendorChunks) {
  // An unknown generic type, a vendor chunk reusing a generic type id with
  // the wrong size, and an empty vendor chunk: all skipped by length.
  std::string chunks = Chunk(0x0030, "whatever") + Ipv4Head() + Chunk(0x0001, "not a family", 2) +
                       Chunk(0x0f, "hi") + Chunk(0x00ff, "", 5);
  Result<HepPacket> p = DecodeHep3(Packet(chunks));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->ip_family, 2);
  EXPECT_EQ(p->payload, "hi");
}

TEST(Hep3, DecodeRejectsShortAndBadMagic) {
  EXPECT_EQ(DecodeRefusal(""), "HEP3 at offset 0: 0 bytes, shorter than the 6-byte header");
  EXPECT_EQ(DecodeRefusal(std::string("HEP3\0", 5)), "HEP3 at offset 0: 5 bytes, shorter than the 6-byte header");
  std::string bad = Ipv4Valid();
  bad[3] = '2';
  EXPECT_EQ(DecodeRefusal(bad), "HEP3 at offset 0: magic is 48 45 50 32, not \"HEP3\" or \"EEP3\"");
}

TEST(Hep3, DecodeRejectsTruncatedAndOverlong) {
  std::string good = Ipv4Valid();
  ASSERT_EQ(good.size(), 104u);
  EXPECT_EQ(DecodeRefusal(good.substr(0, 103)), "HEP3 at offset 4: total length says 104 bytes, 103 given");
  EXPECT_EQ(DecodeRefusal(good + "x"), "HEP3 at offset 4: total length says 104 bytes, 105 given");
  // Truncated and the total patched to match: the last chunk runs past the end.
  std::string cut = good.substr(0, 101);
  cut[4] = 0, cut[5] = 101;
  EXPECT_EQ(DecodeRefusal(cut), "HEP3 at offset 93: chunk 0x000f (payload): length 11 runs past the packet (8 bytes left)");
  // Three stray bytes after the last chunk, counted in the total.
  std::string tail = Packet(Ipv4Head() + Chunk(0x0f, "hello") + "abc");
  EXPECT_EQ(DecodeRefusal(tail), "HEP3 at offset 104: 3 bytes left, a chunk header needs 6");
}

TEST(Hep3, DecodeRejectsBadChunkLengths) {
  std::string below = Packet(Ipv4Head() + U16(0) + U16(0x0f) + U16(5) + "hello");
  EXPECT_EQ(DecodeRefusal(below), "HEP3 at offset 93: chunk 0x000f (payload): length 5 is below the 6-byte chunk header");
  std::string zero = Packet(U16(7) + U16(0x99) + U16(0) + Ipv4Head());
  EXPECT_EQ(DecodeRefusal(zero), "HEP3 at offset 6: vendor 0x0007 chunk 0x0099: length 0 is below the 6-byte chunk header");
  std::string wide_port = Packet(Chunk(0x07, Bytes({0, 0, 0x13, 0xc4})) + Ipv4Head());
  EXPECT_EQ(DecodeRefusal(wide_port), "HEP3 at offset 6: chunk 0x0007 (src port): value is 4 bytes, 2 expected");
  std::string v6_in_v4 = Packet(Chunk(0x03, Ipv6Packet().src_addr) + Ipv4Head());
  EXPECT_EQ(DecodeRefusal(v6_in_v4), "HEP3 at offset 6: chunk 0x0003 (src IPv4): value is 16 bytes, 4 expected");
  std::string short_mos = Packet(Ipv4Head() + Chunk(0x20, Bytes({1})) + Chunk(0x0f, ""));
  EXPECT_EQ(DecodeRefusal(short_mos), "HEP3 at offset 93: chunk 0x0020 (mos): value is 1 bytes, 2 expected");
}

TEST(Hep3, DecodeRejectsRepeatedChunk) {
  std::string twice = Packet(Ipv4Head() + Chunk(0x0f, "a") + Chunk(0x0f, "b"));
  EXPECT_EQ(DecodeRefusal(twice), "HEP3 at offset 100: chunk 0x000f (payload): appears a second time");
}

TEST(Hep3, DecodeRejectsMissingChunksAndFamilyMismatch) {
  EXPECT_EQ(DecodeRefusal(Packet(Ipv4Head())), "HEP3: the packet has no chunk 0x000f (payload)");
  std::string no_time = Packet(Chunk(0x01, Bytes({2})) + Chunk(0x0f, "x"));
  EXPECT_EQ(DecodeRefusal(no_time), "HEP3: the packet has no chunk 0x0002 (ip protocol)");
  // IPv6 addresses beside IPv4 ones in an IPv4 packet.
  std::string both = Packet(Ipv4Head() + Chunk(0x05, Ipv6Packet().src_addr) + Chunk(0x0f, "x"));
  EXPECT_EQ(DecodeRefusal(both), "HEP3: ip family 2 (IPv4) but the packet carries chunk 0x0005 (src IPv6)");
  // Family 10 with IPv4 addresses only (what Homer 11's replay sends, reversed).
  std::string head = Ipv4Head();
  head[6] = 10;  // the family chunk's value
  EXPECT_EQ(DecodeRefusal(Packet(head + Chunk(0x0f, "x"))),
            "HEP3: ip family 10 (IPv6) but the packet carries chunk 0x0003 (src IPv4)");
  std::string v4_no_dst = Packet(Chunk(0x01, Bytes({2})) + Ipv4Head().substr(7, 17) + Ipv4Head().substr(34) +
                                 Chunk(0x0f, "x"));
  EXPECT_EQ(DecodeRefusal(v4_no_dst), "HEP3: ip family 2 (IPv4) but the packet has no chunk 0x0004 (dst IPv4)");
  head[6] = 3;
  EXPECT_EQ(DecodeRefusal(Packet(head + Chunk(0x0f, "x"))),
            "HEP3: chunk 0x0001 (ip family) says 3, neither 2 (IPv4) nor 10 (IPv6)");
}

// Mutated valid packets: the decoder must neither crash nor read out of
// bounds (run under -fsanitize=address,undefined to prove the latter), and
// whatever it accepts must survive an encode/decode round trip.
TEST(Hep3, MutatedPacketsNeverCrash) {
  int iterations = 20000;  // < 1 s in the suite; FERRY_HEP_FUZZ_ITERATIONS=200000 for the long run
  if (const char* env = std::getenv("FERRY_HEP_FUZZ_ITERATIONS")) iterations = std::atoi(env);
  std::vector<std::string> seeds = {MustEncode(SpecExample()), MustEncode(Ipv6Packet()), MustEncode(EveryChunk()),
                                    Ipv4Valid()};
  std::mt19937 rng(20261207);
  auto below = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int accepted = 0;
  for (int i = 0; i < iterations; ++i) {
    std::string b = seeds[below(seeds.size())];
    size_t edits = 1 + below(4);
    for (size_t e = 0; e < edits; ++e) {
      switch (below(4)) {
        case 0: if (!b.empty()) b[below(b.size())] ^= static_cast<char>(1 + below(255)); break;
        case 1: b.resize(below(b.size() + 1)); break;
        case 2: b.append(below(16), static_cast<char>(below(256))); break;
        case 3: if (!b.empty()) b[below(b.size())] = static_cast<char>(below(256)); break;
      }
    }
    // Mostly keep the total length honest, so the chunk walk is what is tested.
    if (b.size() >= 6 && below(4) != 0) {
      b[4] = static_cast<char>((b.size() >> 8) & 0xff);
      b[5] = static_cast<char>(b.size() & 0xff);
    }
    Result<HepPacket> decoded = DecodeHep3(b);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), StatusCode::kData);
      EXPECT_NE(decoded.status().message().find("HEP3"), std::string::npos);
      continue;
    }
    ++accepted;
    if (decoded->time_usec >= 1000000) continue;  // decoded as sent; the encoder refuses it
    Result<std::string> again = EncodeHep3(*decoded);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    Result<HepPacket> twice = DecodeHep3(*again);
    ASSERT_TRUE(twice.ok()) << twice.status().ToString();
    ASSERT_EQ(*twice, *decoded);
  }
  EXPECT_GT(accepted, 0);  // some mutations (e.g. a changed port) stay valid
}

}  // namespace
}  // namespace ferry::hep
