// bench/hep/count.cc: the receiver every sender in the HEP bench is
// measured with. Binds udp HOST:PORT (16 MB buffer), counts datagrams and
// bytes with recvmmsg until IDLE seconds pass without one, and prints
// "packets bytes first_to_last_seconds".
//   count HOST PORT IDLE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: count HOST PORT IDLE\n");
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int buffer = 16 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
  inet_pton(AF_INET, argv[1], &at.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0) return 1;
  std::fprintf(stderr, "count: ready\n");
  constexpr int kGroup = 64;
  std::vector<std::vector<char>> bufs(kGroup, std::vector<char>(65536));
  mmsghdr msgs[kGroup] = {};
  iovec iov[kGroup];
  for (int i = 0; i < kGroup; ++i) {
    iov[i] = {bufs[i].data(), bufs[i].size()};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  const int idle_ms = std::atoi(argv[3]) * 1000;
  long packets = 0, bytes = 0;
  std::chrono::steady_clock::time_point first, last;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, idle_ms) <= 0) break;
    int n = recvmmsg(fd, msgs, kGroup, MSG_DONTWAIT, nullptr);
    if (n <= 0) continue;
    last = std::chrono::steady_clock::now();
    if (packets == 0) first = last;
    packets += n;
    for (int i = 0; i < n; ++i) bytes += msgs[i].msg_len;
  }
  std::printf("%ld %ld %.4f\n", packets, bytes, std::chrono::duration<double>(last - first).count());
  return 0;
}
