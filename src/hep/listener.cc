#include "hep/listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ferry::hep {
namespace {

constexpr size_t kBatch = 64;  // datagrams per recvmmsg
constexpr size_t kMaxDatagram = 65535;

Status Errno(const std::string& what) { return Status::Io(what + ": " + std::strerror(errno)); }

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Result<Fd> Bind(const Endpoint& e) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  int family = AF_INET;
  if (e.host.find(':') != std::string::npos) {
    family = AF_INET6;
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(e.port);
    if (inet_pton(AF_INET6, e.host.c_str(), &a6->sin6_addr) != 1)
      return Status::InvalidInput("not an IPv6 address: " + e.host);
    len = sizeof(sockaddr_in6);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(e.port);
    if (inet_pton(AF_INET, e.host.c_str(), &a4->sin_addr) != 1)
      return Status::InvalidInput("not an IPv4 address: " + e.host + " (give a numeric address)");
    len = sizeof(sockaddr_in);
  }
  Fd fd(::socket(family, (e.tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return Errno("socket");
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (!e.tcp) {
    int buf = 8 << 20;  // a burst of replayed packets must not overflow the kernel's queue
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
  }
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0) return Errno("bind " + e.ToString());
  if (e.tcp && ::listen(fd.get(), 16) != 0) return Errno("listen " + e.ToString());
  return fd;
}

class UdpListener : public Listener {
 public:
  explicit UdpListener(Fd fd) : fd_(std::move(fd)), buffers_(kBatch, std::string(kMaxDatagram, '\0')) {}

  Status Receive(int timeout_ms, Received* out) override {
    pollfd p{fd_.get(), POLLIN, 0};
    int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0) return errno == EINTR ? Status::OK() : Errno("poll");
    if (ready == 0) return Status::OK();
    mmsghdr msgs[kBatch];
    iovec iov[kBatch];
    for (size_t i = 0; i < kBatch; ++i) {
      iov[i] = {buffers_[i].data(), buffers_[i].size()};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = ::recvmmsg(fd_.get(), msgs, kBatch, MSG_DONTWAIT, nullptr);
    if (n < 0) return errno == EAGAIN || errno == EINTR ? Status::OK() : Errno("recvmmsg");
    for (int i = 0; i < n; ++i) out->packets.emplace_back(buffers_[i].data(), msgs[i].msg_len);
    return Status::OK();
  }

 private:
  Fd fd_;
  std::vector<std::string> buffers_;
};

class TcpListener : public Listener {
 public:
  explicit TcpListener(Fd fd) : listen_(std::move(fd)) {}

  Status Receive(int timeout_ms, Received* out) override {
    std::vector<pollfd> fds{{listen_.get(), POLLIN, 0}};
    for (const auto& c : conns_) fds.push_back({c.fd.get(), POLLIN, 0});
    int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0) return errno == EINTR ? Status::OK() : Errno("poll");
    if (ready == 0) return Status::OK();
    if (fds[0].revents & POLLIN) {
      int c = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) conns_.push_back(Conn{Fd(c), {}});
    }
    std::vector<bool> drop(conns_.size(), false);
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      drop[i - 1] = !ReadFrom(&conns_[i - 1], out);
    }
    for (size_t i = drop.size(); i-- > 0;)
      if (drop[i]) conns_.erase(conns_.begin() + i);
    return Status::OK();
  }

 private:
  struct Conn {
    Fd fd;
    std::string pending;  // bytes of a packet not complete yet
  };

  // Reads what the connection has and cuts whole packets; false when the
  // connection ended or sent what is no HEP stream.
  static bool ReadFrom(Conn* c, Received* out) {
    char buf[65536];
    ssize_t n = ::recv(c->fd.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    c->pending.append(buf, static_cast<size_t>(n));
    while (c->pending.size() >= 6) {
      if (c->pending.compare(0, 4, "HEP3") != 0 && c->pending.compare(0, 4, "EEP3") != 0) {
        out->garbage.push_back("a TCP stream holds no HEP3 header where a packet should start; connection closed");
        return false;
      }
      const size_t len = (static_cast<uint8_t>(c->pending[4]) << 8) | static_cast<uint8_t>(c->pending[5]);
      if (len < 6) {
        out->garbage.push_back("a HEP3 header gives a length of " + std::to_string(len) + "; connection closed");
        return false;
      }
      if (c->pending.size() < len) break;
      out->packets.push_back(c->pending.substr(0, len));
      c->pending.erase(0, len);
    }
    return true;
  }

  Fd listen_;
  std::vector<Conn> conns_;
};

}  // namespace

std::string Endpoint::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tcp ? "tcp" : "udp") + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Endpoint> ParseEndpoint(std::string_view uri) {
  Endpoint e;
  const size_t sep = uri.find("://");
  const std::string scheme(uri.substr(0, sep == std::string_view::npos ? 0 : sep));
  if (scheme == "udp" || scheme == "hep+udp") e.tcp = false;
  else if (scheme == "tcp" || scheme == "hep+tcp") e.tcp = true;
  else return Status::InvalidInput("'" + std::string(uri) + "': expected udp://HOST:PORT or tcp://HOST:PORT");
  std::string_view rest = uri.substr(sep + 3);
  size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return Status::InvalidInput("'" + std::string(uri) + "': missing ']'");
    e.host = std::string(rest.substr(1, close - 1));
    colon = close + 1;
    if (colon >= rest.size() || rest[colon] != ':')
      return Status::InvalidInput("'" + std::string(uri) + "': no port after the address");
  } else {
    colon = rest.rfind(':');
    if (colon == std::string_view::npos) return Status::InvalidInput("'" + std::string(uri) + "': no port");
    e.host = std::string(rest.substr(0, colon));
  }
  const std::string port(rest.substr(colon + 1));
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    return Status::InvalidInput("'" + std::string(uri) + "': port '" + port + "' is not 0..65535");
  e.port = static_cast<uint16_t>(std::stoi(port));
  if (e.host.empty()) return Status::InvalidInput("'" + std::string(uri) + "': no address");
  return e;
}

Result<std::unique_ptr<Listener>> Listener::Open(const Endpoint& endpoint) {
  FERRY_ASSIGN_OR_RETURN(Fd fd, Bind(endpoint));
  if (endpoint.tcp) return std::unique_ptr<Listener>(new TcpListener(std::move(fd)));
  return std::unique_ptr<Listener>(new UdpListener(std::move(fd)));
}

}  // namespace ferry::hep
