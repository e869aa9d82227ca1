// bench/hep/blast.cc: the floor a HEP replay is measured against. Sends
// COUNT copies of one datagram of SIZE bytes to HOST:PORT with sendmmsg in
// groups of 64, as fast as the kernel takes them, and prints
// "packets seconds". Nothing else: no database, no encoding.
//   blast HOST PORT COUNT SIZE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: blast HOST PORT COUNT SIZE\n");
    return 2;
  }
  const long count = std::atol(argv[3]);
  const std::string packet(static_cast<size_t>(std::atol(argv[4])), 'x');
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int buffer = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
  inet_pton(AF_INET, argv[1], &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return 1;
  constexpr int kGroup = 64;
  mmsghdr msgs[kGroup] = {};
  iovec iov[kGroup];
  for (int i = 0; i < kGroup; ++i) {
    iov[i] = {const_cast<char*>(packet.data()), packet.size()};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  const auto start = std::chrono::steady_clock::now();
  long sent = 0;
  while (sent < count) {
    int n = sendmmsg(fd, msgs, static_cast<unsigned>(std::min<long>(kGroup, count - sent)), 0);
    if (n > 0) sent += n;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%ld %.3f\n", sent, s);
  return 0;
}
