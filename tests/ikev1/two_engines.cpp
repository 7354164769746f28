#include "two_engines.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "credentials/store.hpp"

namespace oakley::ikev1::testing {

void FakeSender::send(const Endpoint& local, const Endpoint& remote, ByteView message) {
  Endpoint from = local;
  if (from.address.is_unspecified()) from.address = self_;
  net_.push(Datagram{from, remote, Bytes(message.begin(), message.end()), side_});
}

Peer::Peer(FakeNet& net, int side, IpAddress addr, TimerHeap& timers, const std::string& text,
           EngineOptions options)
    : address(addr), sender(net, side, addr) {
  // "@/path/swanctl.conf": the daemon's loader, with certificates and keys beside the file.
  if (!text.empty() && text[0] == '@') {
    auto loaded = credentials::load_config(text.substr(1));
    if (!loaded) {
      ADD_FAILURE() << "config: " << loaded.error().message;
      return;
    }
    config = *loaded;
  } else {
    auto loaded = config::load_string(text, side == 0 ? "left.conf" : "right.conf");
    if (!loaded) {
      ADD_FAILURE() << "config: " << loaded.error().message;
      return;
    }
    config = std::make_shared<const credentials::LoadedConfig>(std::move(*loaded));
  }
  // RecordingBackend hands out the same SPIs on both sides; IKEv1 KEYMAT depends on the SPI, so
  // shift the right side's to keep the two directions' keys apart.
  for (int i = 0; side == 1 && i < 16; ++i)
    (void)backend.allocate_spi();
  backend.clear_log();
  engine =
      std::make_unique<Engine>(EngineDeps{timers, work, sender, backend, reqids}, config, options);
  net.peers[side] = this;
}

std::size_t Peer::established() const {
  std::size_t n = 0;
  for (const auto& s : engine->list_sas())
    n += s.state == "ESTABLISHED";
  return n;
}

std::size_t Peer::installed_children() const {
  std::size_t n = 0;
  for (const auto& s : engine->list_sas()) {
    for (const auto& c : s.children)
      n += c.state == "INSTALLED";
  }
  return n;
}

wire::ikev1::Header header_of(const Datagram& d) {
  auto h = wire::ikev1::peek_header(d.data);
  return h ? *h : wire::ikev1::Header{};
}

void FakeNet::push(Datagram d) {
  if (nat_public && d.sender == 0) {
    d.from = Endpoint{nat_public->address,
                      static_cast<std::uint16_t>(nat_public->port + (d.from.port == 500 ? 0 : 1))};
  }
  queue.push_back(std::move(d));
}

void FakeNet::deliver(const Datagram& d) {
  int to = 1 - d.sender;
  Peer* peer = peers[to];
  if (!peer || !peer->engine) return;
  Endpoint local = d.to;
  if (nat_public && to == 0) {
    local = Endpoint{peer->address,
                     static_cast<std::uint16_t>(d.to.port == nat_public->port ? 500 : 4500)};
  }
  log.push_back(d);
  peer->engine->on_packet(d.data, local, d.from);
  ++delivered;
}

std::size_t FakeNet::pump(std::size_t limit) {
  std::size_t n = 0;
  while (!queue.empty() && n < limit) {
    Datagram d = std::move(queue.front());
    queue.pop_front();
    if (filter && !filter(d)) {
      ++dropped;
      continue;
    }
    int copies = duplicate ? duplicate(d) : 0;
    deliver(d);
    for (int i = 0; i < copies; ++i)
      deliver(d);
    ++n;
  }
  return n;
}

std::string side_config(bool left, const SideOptions& o) {
  std::string me = left ? "192.0.2.1" : "192.0.2.2";
  std::string peer = left ? "192.0.2.2" : "192.0.2.1";
  std::string my_id = left ? "left@example.test" : "right@example.test";
  std::string peer_id = left ? "right@example.test" : "left@example.test";
  std::string my_net = left ? "10.1.0.0/24" : "10.2.0.0/24";
  std::string peer_net = left ? "10.2.0.0/24" : "10.1.0.0/24";
  // local_ts / remote_ts are the left side's view; the right side gets the mirror image.
  if (!o.local_ts.empty()) (left ? my_net : peer_net) = o.local_ts;
  if (!o.remote_ts.empty()) (left ? peer_net : my_net) = o.remote_ts;
  return fmt::format(
      R"(connections {{
  t {{
    version = 1
    local_addrs = {me}
    remote_addrs = {peer}
    proposals = {proposals}
    {extra_conn}
    local {{
      auth = psk
      id = {my_id}
    }}
    remote {{
      auth = psk
      id = {peer_id}
    }}
    children {{
      net {{
        local_ts = {my_net}
        remote_ts = {peer_net}
        esp_proposals = {esp}
        {extra_child}
      }}
      {more_children}
    }}
  }}
}}
secrets {{
  ike-t {{
    id-a = left@example.test
    id-b = right@example.test
    secret = "{psk}"
  }}
}}
{extra_top}
)",
      fmt::arg("me", me), fmt::arg("peer", peer), fmt::arg("proposals", o.proposals),
      fmt::arg("extra_conn", o.extra_conn), fmt::arg("my_id", my_id), fmt::arg("peer_id", peer_id),
      fmt::arg("my_net", my_net), fmt::arg("peer_net", peer_net), fmt::arg("esp", o.esp),
      fmt::arg("extra_child", o.extra_child), fmt::arg("more_children", o.more_children),
      fmt::arg("psk", o.psk), fmt::arg("extra_top", o.extra_top));
}

void TwoEngines::SetUp() {
  log::set_stderr(std::getenv("OAKLEY_TEST_LOG") != nullptr);
  log::set_level(log::Level::kDebug);
  sink_ = log::add_sink(
      [this](log::Level, std::string_view, std::string_view msg) { logs.emplace_back(msg); });
}

void TwoEngines::TearDown() {
  log::remove_sink(sink_);
  left.reset();
  right.reset();
  log::set_stderr(true);
  log::set_level(log::Level::kInfo);
}

void TwoEngines::start(const std::string& left_config, const std::string& right_config,
                       EngineOptions left_options, EngineOptions right_options) {
  right = std::make_unique<Peer>(net, 1, *IpAddress::parse("192.0.2.2"), timers, right_config,
                                 right_options);
  left = std::make_unique<Peer>(net, 0, *IpAddress::parse("192.0.2.1"), timers, left_config,
                                left_options);
  ASSERT_TRUE(left->engine && right->engine);
}

void TwoEngines::settle(Duration max) {
  auto end = timers.now() + max;
  while (true) {
    net.pump();
    auto next = timers.next_deadline();
    if (!net.queue.empty()) continue;
    if (!next || *next > end) break;
    timers.run_until(*next);
  }
  timers.run_until(end);
  net.pump();
}

Status TwoEngines::initiate_left(const std::string& child, Duration max) {
  std::optional<Status> result;
  auto st = left->engine->initiate("t", child, [&](const Status& s) { result = s; });
  if (!st) return st;
  settle(max);
  if (!result) return make_error("initiate did not complete");
  return *result;
}

bool TwoEngines::log_contains(const std::string& needle) const {
  for (const auto& l : logs) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string TwoEngines::logs_text() const {
  std::string out;
  for (const auto& l : logs)
    out += l + "\n";
  return out;
}

void expect_mirrored_child(Peer& a, Peer& b, std::size_t index) {
  auto sa_a = a.sas();
  auto sa_b = b.sas();
  ASSERT_EQ(sa_a.size(), 1u);
  ASSERT_EQ(sa_b.size(), 1u);
  ASSERT_GT(sa_a[0].children.size(), index);
  ASSERT_GT(sa_b[0].children.size(), index);
  const auto& ca = sa_a[0].children[index];
  const auto& cb = sa_b[0].children[index];
  EXPECT_EQ(ca.state, "INSTALLED");
  EXPECT_EQ(cb.state, "INSTALLED");
  EXPECT_EQ(ca.spi_in, cb.spi_out);
  EXPECT_EQ(ca.spi_out, cb.spi_in);
  using dataplane::Direction;
  auto a_out = a.backend.find_sa(Direction::kOutbound, ca.spi_out);
  auto b_in = b.backend.find_sa(Direction::kInbound, cb.spi_in);
  ASSERT_TRUE(a_out && b_in);
  EXPECT_TRUE(a_out->encr_key == b_in->encr_key);
  EXPECT_TRUE(a_out->integ_key == b_in->integ_key);
  EXPECT_EQ(a_out->algorithms.encr, b_in->algorithms.encr);
  EXPECT_EQ(a_out->algorithms.encr_key_bits, b_in->algorithms.encr_key_bits);
  EXPECT_EQ(a_out->algorithms.integ, b_in->algorithms.integ);
  auto a_in = a.backend.find_sa(Direction::kInbound, ca.spi_in);
  auto b_out = b.backend.find_sa(Direction::kOutbound, cb.spi_out);
  ASSERT_TRUE(a_in && b_out);
  EXPECT_TRUE(a_in->encr_key == b_out->encr_key);
  EXPECT_TRUE(a_in->integ_key == b_out->integ_key);
  EXPECT_FALSE(a_in->encr_key == a_out->encr_key);
  EXPECT_EQ(a_in->reqid, a_out->reqid);
}

}  // namespace oakley::ikev1::testing
