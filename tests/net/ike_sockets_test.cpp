// IkeSockets on loopback with ephemeral ports: what arrives, from where it is reported to have
// arrived, and what leaves.
#include "net/ike_sockets.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "common/log.hpp"
#include "loop_helpers.hpp"
#include "sockio/udp_encap.hpp"

namespace oakley::net {
namespace {

using Family = IpAddress::Family;

// An IKE message as far as the NAT-T demultiplexing cares: at least an IKE header long.
Bytes ike_message(std::uint8_t tag) {
  Bytes m(sockio::kMinIkeLength, 0x11);
  m[0] = tag;
  return m;
}
// The same behind the RFC 3948 non-ESP marker, as it travels on the NAT-T port.
Bytes marked(const Bytes& message) {
  Bytes d(sockio::kNonEspMarker.begin(), sockio::kNonEspMarker.end());
  d.insert(d.end(), message.begin(), message.end());
  return d;
}

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

// A plain UDP socket playing the peer.
class Peer {
 public:
  explicit Peer(const char* address) {
    auto fd = open_udp_socket({ip(address), 0}, {});
    EXPECT_TRUE(fd.ok()) << (fd.ok() ? "" : fd.error().message);
    fd_ = fd.ok() ? *fd : -1;
    endpoint_ = *bound_endpoint(fd_);
  }
  ~Peer() { ::close(fd_); }
  const Endpoint& endpoint() const { return endpoint_; }

  void send(const Endpoint& to, const Bytes& data) {
    ByteView parts[] = {data};
    ASSERT_TRUE(send_from(fd_, std::nullopt, to, parts).ok());
  }
  // Waits for one datagram; returns its payload and sender.
  std::optional<std::pair<Bytes, Endpoint>> receive(int timeout_ms = 2000) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return std::nullopt;
    auto n = batch_.receive(fd_);
    if (!n.ok() || *n == 0) return std::nullopt;
    auto m = batch_.message(0);
    return std::pair{Bytes(m.data.begin(), m.data.end()), m.remote};
  }

 private:
  int fd_ = -1;
  Endpoint endpoint_;
  RecvBatch batch_;
};

class IkeSocketsTest : public ::testing::Test {
 protected:
  void open(std::vector<IpAddress> addresses) {
    IkeSocketsConfig config;
    config.addresses = std::move(addresses);
    config.ike_port = 0;
    config.natt_port = 0;
    sockets_ = std::make_unique<IkeSockets>(loop_, config);
    sockets_->on_ike_datagram([this](Datagram d) { ike_.push_back(std::move(d)); });
    auto status = sockets_->open();
    ASSERT_TRUE(status.ok()) << status.error().message;
  }
  Endpoint ike_endpoint(const char* address) {
    auto a = ip(address);
    return {a, *sockets_->local_port(SocketKind::kIke, a.family())};
  }
  Endpoint natt_endpoint(const char* address) {
    auto a = ip(address);
    return {a, *sockets_->local_port(SocketKind::kUdpEncap, a.family())};
  }
  bool wait_ike(std::size_t n) {
    return testing::run_until(loop_, [&] { return ike_.size() >= n; });
  }

  EventLoop loop_;
  std::unique_ptr<IkeSockets> sockets_;
  std::vector<Datagram> ike_;
};

TEST_F(IkeSocketsTest, ReceivesOnIpv4AndIpv6WithBothEndpoints) {
  open({ip("127.0.0.1"), ip("::1")});
  Peer v4("127.0.0.1"), v6("::1");
  v4.send(ike_endpoint("127.0.0.1"), {1, 2, 3});
  v6.send(ike_endpoint("::1"), {4, 5});
  ASSERT_TRUE(wait_ike(2));
  auto& a = ike_[0].local.address.is_v4() ? ike_[0] : ike_[1];
  auto& b = ike_[0].local.address.is_v4() ? ike_[1] : ike_[0];
  EXPECT_EQ(a.data, (Bytes{1, 2, 3}));
  EXPECT_EQ(a.local, ike_endpoint("127.0.0.1"));
  EXPECT_EQ(a.remote, v4.endpoint());
  EXPECT_EQ(b.data, (Bytes{4, 5}));
  EXPECT_EQ(b.local, ike_endpoint("::1"));
  EXPECT_EQ(b.remote, v6.endpoint());
  EXPECT_EQ(sockets_->counters().rx_datagrams.load(), 2u);
}

TEST_F(IkeSocketsTest, WildcardReportsArrivalAddressAndRepliesFromIt) {
  open({IpAddress::any(Family::kV4), IpAddress::any(Family::kV6)});
  Peer peer("127.0.0.1");
  std::uint16_t port = *sockets_->local_port(SocketKind::kIke, Family::kV4);
  // All of 127/8 is local on Linux: a second address to tell apart.
  peer.send({ip("127.0.0.2"), port}, {9});
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(ike_[0].local, (Endpoint{ip("127.0.0.2"), port}));
  ASSERT_TRUE(sockets_->send(ike_[0].local, ike_[0].remote, Bytes{7, 7}).ok());
  auto reply = peer.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->first, (Bytes{7, 7}));
  EXPECT_EQ(reply->second, (Endpoint{ip("127.0.0.2"), port}));
}

TEST_F(IkeSocketsTest, Ipv6WildcardReportsArrivalAddress) {
  open({IpAddress::any(Family::kV4), IpAddress::any(Family::kV6)});
  Peer peer("::1");
  peer.send(ike_endpoint("::1"), {1});
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(ike_[0].local, ike_endpoint("::1"));
  ASSERT_TRUE(sockets_->send(ike_[0].local, ike_[0].remote, Bytes{2}).ok());
  auto reply = peer.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->second, ike_endpoint("::1"));
}

TEST_F(IkeSocketsTest, NatTPortStripsAndAddsTheMarker) {
  open({ip("127.0.0.1")});
  Peer peer("127.0.0.1");
  peer.send(natt_endpoint("127.0.0.1"), marked(ike_message(0xaa)));
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(ike_[0].data, ike_message(0xaa));
  EXPECT_EQ(ike_[0].local, natt_endpoint("127.0.0.1"));
  ASSERT_TRUE(sockets_->send(ike_[0].local, peer.endpoint(), Bytes{0xcc}).ok());
  auto reply = peer.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->first, (Bytes{0, 0, 0, 0, 0xcc}));
}

TEST_F(IkeSocketsTest, IkePortCarriesNoMarker) {
  open({ip("127.0.0.1")});
  Peer peer("127.0.0.1");
  ASSERT_TRUE(sockets_->send(ike_endpoint("127.0.0.1"), peer.endpoint(), Bytes{0xcc}).ok());
  auto reply = peer.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->first, (Bytes{0xcc}));
  // Port 0 as local port means the IKE port.
  ASSERT_TRUE(sockets_->send({ip("127.0.0.1"), 0}, peer.endpoint(), Bytes{0xdd}).ok());
  EXPECT_EQ(peer.receive()->second, ike_endpoint("127.0.0.1"));
}

TEST_F(IkeSocketsTest, KeepalivesAreCountedNotDelivered) {
  open({ip("127.0.0.1")});
  Peer peer("127.0.0.1");
  peer.send(natt_endpoint("127.0.0.1"), {0xff});
  peer.send(natt_endpoint("127.0.0.1"), marked(ike_message(1)));
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(ike_.size(), 1u);
  EXPECT_EQ(sockets_->counters().rx_keepalives.load(), 1u);
  ASSERT_TRUE(sockets_->send_keepalive(natt_endpoint("127.0.0.1"), peer.endpoint()).ok());
  EXPECT_EQ(peer.receive()->first, (Bytes{0xff}));
  EXPECT_EQ(sockets_->counters().tx_keepalives.load(), 1u);
  // Keepalives only go out on the NAT-T port.
  EXPECT_FALSE(sockets_->send_keepalive(ike_endpoint("127.0.0.1"), peer.endpoint()).ok());
}

TEST_F(IkeSocketsTest, EspGoesToTheDataPlaneOrIsDropped) {
  open({ip("127.0.0.1")});
  Peer peer("127.0.0.1");
  const Bytes esp = {0xc1, 0x23, 0x45, 0x67, 0, 0, 0, 1, 0xee};
  peer.send(natt_endpoint("127.0.0.1"), esp);
  peer.send(natt_endpoint("127.0.0.1"), marked(ike_message(1)));  // marks the end
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(sockets_->counters().drop_esp_no_handler.load(), 1u);

  std::vector<Datagram> esp_seen;
  sockets_->on_esp_datagram([&](Datagram d) { esp_seen.push_back(std::move(d)); });
  peer.send(natt_endpoint("127.0.0.1"), esp);
  ASSERT_TRUE(testing::run_until(loop_, [&] { return esp_seen.size() == 1; }));
  EXPECT_EQ(esp_seen[0].data, esp);
  EXPECT_EQ(esp_seen[0].remote, peer.endpoint());
  EXPECT_EQ(sockets_->counters().rx_esp.load(), 1u);
}

TEST_F(IkeSocketsTest, RuntsOnNatTPortAreDropped) {
  open({ip("127.0.0.1")});
  Peer peer("127.0.0.1");
  peer.send(natt_endpoint("127.0.0.1"), {1, 2});
  peer.send(natt_endpoint("127.0.0.1"), {0, 0, 0, 0});
  // Behind the marker but shorter than an IKE header: not worth the engines' time.
  peer.send(natt_endpoint("127.0.0.1"), {0, 0, 0, 0, 1});
  peer.send(natt_endpoint("127.0.0.1"), marked(ike_message(1)));
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(sockets_->counters().drop_runt.load(), 3u);
  EXPECT_EQ(ike_.size(), 1u);
}

TEST_F(IkeSocketsTest, ExternalUdpEncapReceiveLeavesTheSocketToTheDataPlane) {
  open({ip("127.0.0.1")});
  sockets_->set_udp_encap_receive_external(true);
  Peer peer("127.0.0.1");
  peer.send(natt_endpoint("127.0.0.1"), marked(ike_message(5)));
  EXPECT_FALSE(testing::run_until(
      loop_, [&] { return !ike_.empty(); }, std::chrono::milliseconds(100)));
  // The data plane reads the fd itself, classifies, and offers IKE to the inbox from its thread.
  auto encap = sockets_->udp_encap_sockets();
  ASSERT_EQ(encap.size(), 1u);
  RecvBatch batch;
  auto n = batch.receive(encap[0].fd);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 1u);
  auto m = batch.message(0);
  auto c = sockio::classify_udp_encap(m.data);
  ASSERT_EQ(c.kind, sockio::UdpEncapKind::kIke);
  std::thread([&] {
    EXPECT_TRUE(
        sockets_->udp_encap_inbox().offer(c.payload, {*m.local, encap[0].local.port}, m.remote));
  }).join();
  ASSERT_TRUE(wait_ike(1));
  EXPECT_EQ(ike_[0].data, ike_message(5));
  EXPECT_EQ(ike_[0].local, natt_endpoint("127.0.0.1"));
  EXPECT_EQ(ike_[0].remote, peer.endpoint());

  sockets_->set_udp_encap_receive_external(false);  // and back to reading in the loop
  peer.send(natt_endpoint("127.0.0.1"), marked(ike_message(6)));
  ASSERT_TRUE(wait_ike(2));
  EXPECT_EQ(ike_[1].data, ike_message(6));
}

// A flood from the data plane's threads: the loop is busy elsewhere, the inbox fills up, and what
// does not fit is dropped and counted instead of queued; one wake-up serves a whole batch.
TEST_F(IkeSocketsTest, InboxFloodIsBoundedAndCounted) {
  IkeSocketsConfig config;
  config.addresses = {ip("127.0.0.1")};
  config.ike_port = 0;
  config.natt_port = 0;
  config.inbox.max_datagrams = 8;
  sockets_ = std::make_unique<IkeSockets>(loop_, config);
  sockets_->on_ike_datagram([this](Datagram d) { ike_.push_back(std::move(d)); });
  ASSERT_TRUE(sockets_->open().ok());
  sockets_->set_udp_encap_receive_external(true);
  const Endpoint local = natt_endpoint("127.0.0.1");
  const Endpoint remote{ip("127.0.0.2"), 4500};
  std::thread([&] {
    for (int i = 0; i < 100; ++i)
      sockets_->udp_encap_inbox().offer(ike_message(static_cast<std::uint8_t>(i)), local, remote);
  }).join();
  EXPECT_EQ(sockets_->udp_encap_inbox().size(), 8u);
  ASSERT_TRUE(wait_ike(8));
  EXPECT_FALSE(testing::run_until(
      loop_, [&] { return ike_.size() > 8; }, std::chrono::milliseconds(50)));
  EXPECT_EQ(ike_.size(), 8u);
  for (std::size_t i = 0; i < ike_.size(); ++i)  // the first ones, in order
    EXPECT_EQ(ike_[i].data[0], i);
  EXPECT_EQ(sockets_->udp_encap_inbox().wakeups(), 1u);
  bool found = false;
  for (const auto& [name, value] : sockets_->counter_snapshot()) {
    if (name == "drop_ike_queue_full") {
      found = true;
      EXPECT_EQ(value, 92u);
    }
  }
  EXPECT_TRUE(found);
  // Drained: room again.
  EXPECT_TRUE(sockets_->udp_encap_inbox().offer(ike_message(0xee), local, remote));
  ASSERT_TRUE(wait_ike(9));
}

TEST_F(IkeSocketsTest, BurstIsReadCompletely) {
  open({ip("127.0.0.1")});
  Peer peer("127.0.0.1");
  constexpr int kBurst = 300;  // several recvmmsg batches and wakeups
  for (int i = 0; i < kBurst; ++i)
    peer.send(ike_endpoint("127.0.0.1"), {static_cast<std::uint8_t>(i), 0, 0, 0});
  ASSERT_TRUE(wait_ike(kBurst));
  for (int i = 0; i < kBurst; ++i)
    EXPECT_EQ(ike_[static_cast<std::size_t>(i)].data[0], static_cast<std::uint8_t>(i));
}

TEST_F(IkeSocketsTest, HandlerMayCloseTheSockets) {
  open({ip("127.0.0.1")});
  sockets_->on_ike_datagram([this](Datagram) { sockets_->close(); });
  Peer peer("127.0.0.1");
  peer.send(ike_endpoint("127.0.0.1"), {1});
  peer.send(ike_endpoint("127.0.0.1"), {2});
  EXPECT_TRUE(testing::run_until(loop_, [&] { return sockets_->sockets().empty(); }));
  EXPECT_EQ(sockets_->counters().rx_datagrams.load(), 1u);
}

TEST(IkeSocketsOpen, BindFailureNamesTheAddress) {
  log::set_stderr(false);
  EventLoop loop;
  IkeSocketsConfig config;
  config.addresses = {ip("127.0.0.1"), ip("192.0.2.77")};  // TEST-NET, not on this host
  config.ike_port = 0;
  config.natt_port = 0;
  IkeSockets sockets(loop, config);
  auto status = sockets.open();
  log::set_stderr(true);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("192.0.2.77"), std::string::npos) << status.error().message;
  EXPECT_TRUE(sockets.sockets().empty());  // nothing stays half-open
}

TEST(IkeSocketsOpen, SamePortTwiceIsRefused) {
  EventLoop loop;
  IkeSocketsConfig config;
  config.ike_port = 5000;
  config.natt_port = 5000;
  IkeSockets sockets(loop, config);
  EXPECT_FALSE(sockets.open().ok());
}

TEST(IkeSocketsOpen, SendWithoutMatchingSocketFails) {
  EventLoop loop;
  IkeSocketsConfig config;
  config.addresses = {ip("127.0.0.1")};
  config.ike_port = 0;
  config.natt_port = 0;
  IkeSockets sockets(loop, config);
  ASSERT_TRUE(sockets.open().ok());
  EXPECT_FALSE(sockets.send({ip("::1"), 0}, {ip("::1"), 500}, Bytes{1}).ok());
  EXPECT_EQ(sockets.counters().tx_errors.load(), 1u);
}

}  // namespace
}  // namespace oakley::net
