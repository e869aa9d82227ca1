// HEP3 codec against a peer: npm hep-js 1.0.22 (the decoder Homer's Node
// tools use; reference homer.md 4.3). Packets ferry encodes must decode in
// hep-js to the same fields, and packets hep-js encodes must decode in ferry.
// hep-js ignores IPv6 address chunks (0x05/0x06), VLAN and compressed
// payloads, reads 0x0024 as a uint16, and handles text payloads only (its
// encoder counts UTF-16 units): those are not compared; the byte-level
// contract is hep3_test's.
//
// Needs node and npm (scripts/setup.sh installs npm when missing) and the
// npm registry or npm's cache; without them the test fails and says why.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hep/hep3.h"
#include "support/shell.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

using hep::HepPacket;
using json = nlohmann::json;

std::string Hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
  return out;
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string Ipv4(const std::string& addr) {
  std::string out;
  for (unsigned char c : addr) out += (out.empty() ? "" : ".") + std::to_string(c);
  return out;
}

std::string Addr(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

// Decodes each hex line with hep-js and, for IPv4 packets, encodes the
// result back with hep-js; one JSON object per line.
constexpr const char* kScript = R"JS(
const hep = require('hep-js');
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n').filter(l => l.length);
for (const line of lines) {
  const decoded = hep.decapsulate(Buffer.from(line, 'hex'));
  let reencoded = null;
  if (decoded && decoded.rcinfo && decoded.rcinfo.srcIp) {
    reencoded = hep.encapsulate(decoded.payload, decoded.rcinfo).toString('hex');
  }
  console.log(JSON.stringify({decoded: decoded, reencoded: reencoded}));
}
)JS";

HepPacket SpecExample() {
  HepPacket p;
  p.src_addr = Addr({212, 202, 0, 1});
  p.dst_addr = Addr({82, 116, 0, 211});
  p.src_port = 12010;
  p.dst_port = 5060;
  p.time_sec = 1313440459;
  p.time_usec = 120000;
  p.capture_id = 228;
  p.payload = "INVITE sip:bob";
  return p;
}

std::vector<HepPacket> Packets() {
  std::vector<HepPacket> out;
  out.push_back(SpecExample());

  HepPacket named = SpecExample();  // what Homer's rows carry
  named.ip_protocol = 6;
  named.src_port = 65535;
  named.time_usec = 999999;
  named.proto_type = 100;
  named.capture_id = 0xfffffffe;
  named.node_name = "node-a";
  named.auth_key = "myHep";
  named.correlation_id = "abc123@test";
  named.mos = 436;
  named.payload = "{\"msg\":\"Grüße aus Köln\",\"n\":1}";  // UTF-8, multi-byte
  out.push_back(named);

  HepPacket heplify = SpecExample();  // heplify sends an empty 0x000e
  heplify.auth_key = "";
  heplify.payload = "SIP/2.0 200 OK\r\nCall-ID: a84b4c76e66710@pc33\r\nCSeq: 314159 INVITE\r\n\r\n";
  out.push_back(heplify);

  HepPacket big = SpecExample();
  big.payload = "MESSAGE sip:x SIP/2.0\r\n\r\n" + std::string(60000, 'b');
  out.push_back(big);

  HepPacket extras = SpecExample();  // chunks hep-js does not know must be skipped by length
  extras.vlan_id = 4094;
  extras.keep_alive = 30;
  extras.src_mac = 0x0000a1b2c3d4e5f6ULL;
  extras.geo_location = "52.52,13.40";
  extras.jitter = 12;
  extras.group_id = "g1";
  extras.compressed_payload = std::string("\x1f\x8b\x08\x00", 4);
  extras.correlation_id = "cid-extras";
  out.push_back(extras);

  HepPacket v6 = SpecExample();
  v6.ip_family = hep::kFamilyIPv6;
  v6.src_addr = Addr({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  v6.dst_addr = Addr({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
  v6.node_name = "node-v6";
  out.push_back(v6);
  return out;
}

// Installs hep-js 1.0.22 into a temp directory once per binary, with the
// check script; "" after a failure naming what is missing.
std::string InstallHepJs() {
  std::string dir = NpmInstall("hep-js@1.0.22");
  if (!dir.empty()) std::ofstream(dir + "/check.js") << kScript;
  return dir;
}

void ExpectSameFields(const HepPacket& p, const json& rc, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(rc.value("protocolFamily", -1), p.ip_family);
  EXPECT_EQ(rc.value("protocol", -1), p.ip_protocol);
  EXPECT_EQ(rc.value("srcPort", -1), p.src_port);
  EXPECT_EQ(rc.value("dstPort", -1), p.dst_port);
  EXPECT_EQ(rc.value("timeSeconds", int64_t{-1}), int64_t{p.time_sec});
  EXPECT_EQ(rc.value("timeUseconds", int64_t{-1}), int64_t{p.time_usec});
  EXPECT_EQ(rc.value("payloadType", -1), p.proto_type);
  EXPECT_EQ(rc.value("captureId", int64_t{-1}), int64_t{p.capture_id});
  if (p.ip_family == hep::kFamilyIPv4) {
    EXPECT_EQ(rc.value("srcIp", ""), Ipv4(p.src_addr));
    EXPECT_EQ(rc.value("dstIp", ""), Ipv4(p.dst_addr));
  } else {
    EXPECT_FALSE(rc.contains("srcIp"));  // hep-js drops 0x05/0x06 (reference 4.3)
  }
  auto optional = [&rc](const char* key) { return rc.contains(key) ? std::optional(rc[key].get<std::string>()) : std::nullopt; };
  EXPECT_EQ(optional("capturePass"), p.auth_key);
  EXPECT_EQ(optional("correlation_id"), p.correlation_id);
  EXPECT_EQ(optional("hepNodeName"), p.node_name);
  if (p.mos) {
    EXPECT_EQ(rc.value("mos", -1), *p.mos);
  } else {
    EXPECT_FALSE(rc.contains("mos"));
  }
}

TEST(HepPeer, HepJsDecodesFerryPacketsAndFerryDecodesHepJs) {
  std::string dir = InstallHepJs();
  if (dir.empty()) return;
  std::vector<HepPacket> packets = Packets();
  {
    std::ofstream hex(dir + "/packets.hex");
    for (const HepPacket& p : packets) {
      Result<std::string> bytes = hep::EncodeHep3(p);
      ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
      hex << Hex(*bytes) << "\n";
    }
  }
  Command node = Shell("cd '" + dir + "' && node check.js packets.hex");
  ASSERT_EQ(node.exit_code, 0) << node.output;
  std::istringstream lines(node.output);
  std::string line;
  size_t i = 0;
  for (; std::getline(lines, line) && i < packets.size(); ++i) {
    const HepPacket& p = packets[i];
    std::string what = "packet " + std::to_string(i);
    json out = json::parse(line, nullptr, false);
    ASSERT_FALSE(out.is_discarded()) << what << ": " << line;
    ASSERT_TRUE(out["decoded"].is_object()) << what << ": hep-js refused it: " << line.substr(0, 300);
    ExpectSameFields(p, out["decoded"]["rcinfo"], what);
    EXPECT_EQ(out["decoded"].value("payload", ""), p.payload) << what;

    // Back: hep-js's encoding of what it read, decoded by ferry.
    if (p.ip_family != hep::kFamilyIPv4) continue;
    ASSERT_TRUE(out["reencoded"].is_string()) << what;
    Result<HepPacket> back = hep::DecodeHep3(Unhex(out["reencoded"].get<std::string>()));
    ASSERT_TRUE(back.ok()) << what << ": " << back.status().ToString();
    EXPECT_EQ(back->src_addr, p.src_addr) << what;
    EXPECT_EQ(back->dst_addr, p.dst_addr) << what;
    EXPECT_EQ(back->src_port, p.src_port) << what;
    EXPECT_EQ(back->dst_port, p.dst_port) << what;
    EXPECT_EQ(back->time_sec, p.time_sec) << what;
    EXPECT_EQ(back->time_usec, p.time_usec) << what;
    EXPECT_EQ(back->capture_id, p.capture_id) << what;
    EXPECT_EQ(back->auth_key, p.auth_key) << what;
    EXPECT_EQ(back->correlation_id, p.correlation_id) << what;
    // hep-js always sends 0x0013: the node name, else the capture id as text.
    EXPECT_EQ(back->node_name, p.node_name.value_or(std::to_string(p.capture_id))) << what;
    // hep-js's encoder sizes the payload in UTF-16 units: compare ASCII only.
    bool ascii = std::all_of(p.payload.begin(), p.payload.end(), [](char c) { return (c & 0x80) == 0; });
    if (ascii) {
      EXPECT_EQ(back->payload, p.payload) << what;
    }
  }
  EXPECT_EQ(i, packets.size()) << "hep-js printed fewer lines than packets:\n" << node.output.substr(0, 2000);
}

// hep-js is no oracle for refusals: it reads a truncated packet and returns
// the cut payload (checked by hand with 1.0.22). Only the magic it asserts
// too, so that is where both must refuse.
TEST(HepPeer, BothRefuseABadMagic) {
  std::string dir = InstallHepJs();
  if (dir.empty()) return;
  std::string bad = hep::EncodeHep3(SpecExample()).value();
  bad[3] = '2';
  ASSERT_FALSE(hep::DecodeHep3(bad).ok());
  std::ofstream(dir + "/bad.hex") << Hex(bad) << "\n";
  Command node = Shell("cd '" + dir + "' && node check.js bad.hex");
  ASSERT_EQ(node.exit_code, 0) << node.output;
  json out = json::parse(node.output, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << node.output;
  EXPECT_EQ(out["decoded"], false) << node.output;
}

}  // namespace
}  // namespace ferry::test
