#include "tools/oakload/flooder.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <vector>

#include "crypto/random.hpp"
#include "tools/oakload/init_template.hpp"

namespace oakley::oakload {
namespace {

constexpr std::size_t kIpHeader = 20;
constexpr std::size_t kUdpHeader = 8;
constexpr std::size_t kBatch = 32;  // datagrams per sendmmsg
constexpr auto kTick = std::chrono::milliseconds(1);

std::uint32_t v4_host_order(const IpAddress& a) {
  auto b = a.bytes();
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         b[3];
}

// IPv4 + UDP headers in front of the IKE message. The kernel fills the IP checksum and length
// (raw(7)); the UDP checksum stays 0, which IPv4 allows.
Bytes frame(ByteView ike, const Endpoint& target) {
  Bytes p(kIpHeader + kUdpHeader + ike.size(), 0);
  std::size_t udp_len = kUdpHeader + ike.size();
  p[0] = 0x45;  // version 4, 5 words of header
  p[8] = 64;    // TTL
  p[9] = IPPROTO_UDP;
  std::memcpy(&p[16], target.address.bytes().data(), 4);
  p[kIpHeader + 0] = 500 >> 8;
  p[kIpHeader + 1] = 500 & 0xff;
  p[kIpHeader + 2] = static_cast<std::uint8_t>(target.port >> 8);
  p[kIpHeader + 3] = static_cast<std::uint8_t>(target.port);
  p[kIpHeader + 4] = static_cast<std::uint8_t>(udp_len >> 8);
  p[kIpHeader + 5] = static_cast<std::uint8_t>(udp_len);
  std::memcpy(&p[kIpHeader + kUdpHeader], ike.data(), ike.size());
  return p;
}

}  // namespace

Flooder::Flooder(Bytes ike_sa_init, Endpoint target, TrafficSelector sources, double rate)
    : message_(std::move(ike_sa_init)), target_(target), sources_(sources), rate_(rate) {}

Flooder::~Flooder() {
  stop();
}

Status Flooder::start() {
  fd_ = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);  // IPPROTO_RAW implies HDRINCL
  if (fd_ < 0)
    return make_error(fmt::format("flooder: raw socket: {} (needs root)", std::strerror(errno)));
  thread_ = std::thread([this] { run(); });
  return {};
}

void Flooder::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Flooder::run() {
  std::mt19937_64 random(crypto::random_u64());
  std::uint32_t first = v4_host_order(sources_.start);
  std::uint64_t span = std::uint64_t{v4_host_order(sources_.end)} - first + 1;
  std::array<Bytes, kBatch> packets;
  packets.fill(frame(message_, target_));
  std::array<iovec, kBatch> iov{};
  std::array<mmsghdr, kBatch> msgs{};
  sockaddr_in to{};
  to.sin_family = AF_INET;
  std::memcpy(&to.sin_addr, target_.address.bytes().data(), 4);
  for (std::size_t i = 0; i < kBatch; ++i) {
    iov[i] = {packets[i].data(), packets[i].size()};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &to;
    msgs[i].msg_hdr.msg_namelen = sizeof to;
  }
  auto start = std::chrono::steady_clock::now();
  std::uint64_t issued = 0;  // sent or dropped by a full queue: the rate never catches up in bursts
  while (!stop_) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto due = static_cast<std::uint64_t>(elapsed * rate_);
    while (issued < due && !stop_) {
      std::size_t n = std::min<std::uint64_t>(kBatch, due - issued);
      for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t source = first + static_cast<std::uint32_t>(random() % span);
        std::uint32_t be = htonl(source);
        std::memcpy(&packets[i][12], &be, 4);
        randomize_initiator_spi(MutableByteView(packets[i]).subspan(kIpHeader + kUdpHeader),
                                random() | 1);
      }
      int got = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(n), 0);
      issued += n;
      if (got > 0) sent_ += static_cast<std::uint64_t>(got);
    }
    std::this_thread::sleep_for(kTick);
  }
}

}  // namespace oakley::oakload
