#include "engines/hep/sender.h"

#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace ferry::hep {

namespace {

constexpr size_t kDatagramsPerCall = 64;
constexpr size_t kIovPerCall = 512;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

Status Errno(const std::string& receiver, const std::string& what) {
  return Status::Target(what + " " + receiver + ": " + std::strerror(errno));
}

class UdpSender final : public HepSender {
 public:
  UdpSender(int fd, std::string receiver) : socket_(fd), receiver_(std::move(receiver)) {}

  Status Send(const std::vector<std::string_view>& packets) override {
    size_t done = 0;
    while (done < packets.size()) {
      const size_t n = std::min(kDatagramsPerCall, packets.size() - done);
      mmsghdr msgs[kDatagramsPerCall] = {};
      iovec iov[kDatagramsPerCall];
      for (size_t i = 0; i < n; ++i) {
        iov[i].iov_base = const_cast<char*>(packets[done + i].data());
        iov[i].iov_len = packets[done + i].size();
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
      }
      int sent = ::sendmmsg(socket_.fd(), msgs, static_cast<unsigned>(n), 0);
      if (sent < 0) {
        if (errno == EINTR) continue;
        if (errno == ENOBUFS || errno == EAGAIN) {  // the interface queue is full: let it drain
          std::this_thread::sleep_for(std::chrono::microseconds(200));
          continue;
        }
        if (errno == ECONNREFUSED)
          return Status::Target("the HEP receiver " + receiver_ +
                                " is not listening (ICMP port unreachable); packets sent since the last "
                                "checkpoint are sent again on retry");
        return Errno(receiver_, "cannot send to");
      }
      for (int i = 0; i < sent; ++i) bytes_sent_ += static_cast<int64_t>(packets[done + i].size());
      done += static_cast<size_t>(sent);
    }
    return Status::OK();
  }

  Status Flush(int) override { return Status::OK(); }

 private:
  Socket socket_;
  std::string receiver_;
};

class TcpSender final : public HepSender {
 public:
  TcpSender(int fd, std::string receiver) : socket_(fd), receiver_(std::move(receiver)) {}

  Status Send(const std::vector<std::string_view>& packets) override {
    size_t next = 0, offset = 0;  // packet and byte within it not yet sent
    while (next < packets.size()) {
      iovec iov[kIovPerCall];
      size_t n = 0;
      for (size_t i = next; i < packets.size() && n < kIovPerCall; ++i, ++n) {
        const size_t skip = i == next ? offset : 0;
        iov[n].iov_base = const_cast<char*>(packets[i].data() + skip);
        iov[n].iov_len = packets[i].size() - skip;
      }
      msghdr msg{};
      msg.msg_iov = iov;
      msg.msg_iovlen = n;
      ssize_t sent = ::sendmsg(socket_.fd(), &msg, MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        return Errno(receiver_, "the connection broke while sending to");
      }
      bytes_sent_ += sent;
      auto left = static_cast<size_t>(sent);
      while (left > 0) {
        const size_t rest = packets[next].size() - offset;
        if (left < rest) {
          offset += left;
          left = 0;
        } else {
          left -= rest;
          ++next;
          offset = 0;
        }
      }
    }
    return Status::OK();
  }

  Status Flush(int timeout_ms) override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      int unacked = 0;
      if (::ioctl(socket_.fd(), SIOCOUTQ, &unacked) != 0) return Errno(receiver_, "cannot query the connection to");
      if (unacked == 0) break;
      // A receiver that closed its end never acknowledges: say so now.
      pollfd p{socket_.fd(), POLLIN, 0};
      if (::poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP | POLLIN))) {
        char byte;
        ssize_t r = ::recv(socket_.fd(), &byte, 1, MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
          return Status::Target("the HEP receiver " + receiver_ + " closed the connection with " +
                                std::to_string(unacked) + " bytes not acknowledged");
      }
      if (std::chrono::steady_clock::now() > deadline)
        return Status::Target("the HEP receiver " + receiver_ + " has not acknowledged " + std::to_string(unacked) +
                              " bytes in " + std::to_string(timeout_ms / 1000) + " s");
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return Status::OK();
  }

 private:
  Socket socket_;
  std::string receiver_;
};

// Counts what it is given and sends nothing.
class DiscardSender final : public HepSender {
 public:
  Status Send(const std::vector<std::string_view>& packets) override {
    for (auto p : packets) bytes_sent_ += static_cast<int64_t>(p.size());
    return Status::OK();
  }
  Status Flush(int) override { return Status::OK(); }
};

}  // namespace

std::unique_ptr<HepSender> HepSender::Discard() { return std::make_unique<DiscardSender>(); }

Result<std::unique_ptr<HepSender>> HepSender::Connect(bool tcp, const std::string& host, int port) {
  const std::string receiver = (tcp ? "tcp://" : "udp://") +
                               (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                               std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return Status::Target("cannot resolve the HEP receiver " + receiver + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  std::string last_error = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int buffer = 4 << 20;  // room for a batch in flight; the kernel caps it at wmem_max
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      last_error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    if (tcp) return std::unique_ptr<HepSender>(new TcpSender(fd, receiver));
    return std::unique_ptr<HepSender>(new UdpSender(fd, receiver));
  }
  return Status::Target("cannot connect to the HEP receiver " + receiver + ": " + last_error);
}

}  // namespace ferry::hep
