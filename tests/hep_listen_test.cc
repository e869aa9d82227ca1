// `ferry hep listen`: real HEP3 packets sent over UDP and TCP to the
// running command arrive decoded (IPv4 and IPv6, node name, correlation
// id, payload), a packet that is no HEP3 is refused and counted (exit 3),
// and the auth key is never printed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "hep/hep3.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

hep::HepPacket Sip(int n, bool v6) {
  hep::HepPacket p;
  p.ip_family = v6 ? hep::kFamilyIPv6 : hep::kFamilyIPv4;
  p.ip_protocol = 17;
  if (v6) {
    p.src_addr = std::string("\x20\x01\x0d\xb8", 4) + std::string(11, '\0') + "\x01";
    p.dst_addr = std::string("\x20\x01\x0d\xb8", 4) + std::string(11, '\0') + "\x02";
  } else {
    p.src_addr = std::string("\xc0\x00\x02\x01", 4);
    p.dst_addr = std::string("\xc0\x00\x02\x02", 4);
  }
  p.src_port = 5060;
  p.dst_port = 5062;
  p.time_sec = 1700000000 + n;
  p.time_usec = 123456;
  p.proto_type = 1;
  p.capture_id = 2001;
  p.node_name = "node-" + std::to_string(n);
  p.correlation_id = "call-" + std::to_string(n) + "@example.com";
  p.auth_key = "secret-pass";
  p.payload = "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: call-" + std::to_string(n) + "\r\n\r\n";
  return p;
}

void SendUdp(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  close(fd);
}

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(HepListen, DecodesUdpPacketsAndRefusesWhatIsNoHep) {
  const int port = FreeLoopbackPort(SOCK_DGRAM);
  auto run = RunFerryWhile(
      {"hep", "listen", "udp://127.0.0.1:" + std::to_string(port), "--print", "--max-packets", "3", "--idle", "20"},
      [&](int) {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        SendUdp(port, *hep::EncodeHep3(Sip(1, false)));
        SendUdp(port, "SIP/2.0 200 OK but no HEP header");
        SendUdp(port, *hep::EncodeHep3(Sip(2, true)));
      });
  EXPECT_EQ(run.exit_code, 3) << run.err;  // one packet refused
  auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 2u) << run.out << run.err;
  EXPECT_EQ(lines[0]["src"], "192.0.2.1:5060");
  EXPECT_EQ(lines[0]["dst"], "192.0.2.2:5062");
  EXPECT_EQ(lines[0]["time"], "2023-11-14 22:13:21.123456Z");
  EXPECT_EQ(lines[0]["capture_id"], 2001);
  EXPECT_EQ(lines[0]["node"], "node-1");
  EXPECT_EQ(lines[0]["correlation_id"], "call-1@example.com");
  EXPECT_EQ(lines[0]["payload"], Sip(1, false).payload);
  EXPECT_EQ(lines[1]["src"], "[2001:db8::1]:5060");
  EXPECT_EQ(lines[1]["ip_family"], 10);
  EXPECT_EQ(run.out.find("secret-pass"), std::string::npos) << "the auth key is a password";
  EXPECT_NE(run.err.find("1 refused"), std::string::npos) << run.err;
}

TEST(HepListen, CutsPacketsOutOfATcpStream) {
  const int port = FreeLoopbackPort(SOCK_STREAM);
  auto run = RunFerryWhile({"hep", "listen", "tcp://127.0.0.1:" + std::to_string(port), "--count", "--idle", "2"},
                           [&](int) {
                             std::this_thread::sleep_for(std::chrono::milliseconds(700));
                             int fd = socket(AF_INET, SOCK_STREAM, 0);
                             sockaddr_in a{};
                             a.sin_family = AF_INET;
                             a.sin_port = htons(port);
                             a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                             ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
                             // 50 packets in one stream, written in odd-sized pieces.
                             std::string stream;
                             for (int i = 0; i < 50; ++i) stream += *hep::EncodeHep3(Sip(i, i % 2 == 1));
                             for (size_t at = 0; at < stream.size(); at += 777) {
                               size_t n = std::min<size_t>(777, stream.size() - at);
                               ASSERT_EQ(send(fd, stream.data() + at, n, 0), static_cast<ssize_t>(n));
                             }
                             close(fd);
                           });
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "50\n") << run.err;
}

TEST(HepListen, RefusesABadEndpoint) {
  auto run = RunFerry({"hep", "listen", "udp://127.0.0.1"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no port"), std::string::npos) << run.err;
  auto host = RunFerry({"hep", "listen", "udp://homer.example:9060", "--idle", "1"});
  EXPECT_NE(host.exit_code, 0);
  EXPECT_NE(host.err.find("numeric address"), std::string::npos) << host.err;
}

}  // namespace
}  // namespace ferry::test
