#include "two_engines.hpp"

#include <fmt/format.h>

#include "credentials/store.hpp"

namespace oakley::ikev2::testing {

void FakeSender::send(const Endpoint& local, const Endpoint& remote, ByteView message) {
  Endpoint from = local;
  if (from.address.is_unspecified()) from.address = self_;
  net_.push(Datagram{from, remote, Bytes(message.begin(), message.end()), side_});
}

Peer::Peer(FakeNet& net, int side, IpAddress addr, TimerHeap& timers, const std::string& text)
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
  engine = std::make_unique<Engine>(EngineDeps{timers, work, sender, backend, reqids}, config);
  net.peers[side] = this;
}

std::size_t Peer::established() const {
  std::size_t n = 0;
  for (const auto& s : engine->list_sas())
    n += s.state == "ESTABLISHED";
  return n;
}

void FakeNet::push(Datagram d) {
  // A NAT in front of the left side: its packets appear to come from the public address, and
  // answers to that address reach it.
  if (nat_public && d.sender == 0) {
    d.from = Endpoint{nat_public->address,
                      static_cast<std::uint16_t>(nat_public->port + (d.from.port == 500 ? 0 : 1))};
  }
  queue.push_back(std::move(d));
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
    int to = 1 - d.sender;
    Peer* peer = peers[to];
    if (!peer) continue;
    Endpoint local = d.to;
    if (nat_public && to == 0) {
      // Reverse translation towards the left side.
      local = Endpoint{peer->address,
                       static_cast<std::uint16_t>(d.to.port == nat_public->port ? 500 : 4500)};
    }
    peer->engine->on_packet(d.data, local, d.from);
    ++delivered;
    ++n;
  }
  return n;
}

std::string side_config(bool left, const std::string& proposals, const std::string& esp,
                        const std::string& extra_conn, const std::string& extra_child,
                        const std::string& psk, const std::string& extra_top) {
  std::string me = left ? "192.0.2.1" : "192.0.2.2";
  std::string peer = left ? "192.0.2.2" : "192.0.2.1";
  std::string my_id = left ? "left@example.test" : "right@example.test";
  std::string peer_id = left ? "right@example.test" : "left@example.test";
  std::string my_net = left ? "10.1.0.0/24" : "10.2.0.0/24";
  std::string peer_net = left ? "10.2.0.0/24" : "10.1.0.0/24";
  return fmt::format(
      R"(connections {{
  t {{
    version = 2
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
      fmt::arg("me", me), fmt::arg("peer", peer), fmt::arg("proposals", proposals),
      fmt::arg("extra_conn", extra_conn), fmt::arg("my_id", my_id), fmt::arg("peer_id", peer_id),
      fmt::arg("my_net", my_net), fmt::arg("peer_net", peer_net), fmt::arg("esp", esp),
      fmt::arg("extra_child", extra_child), fmt::arg("psk", psk), fmt::arg("extra_top", extra_top));
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

void TwoEngines::start(const std::string& left_config, const std::string& right_config) {
  right = std::make_unique<Peer>(net, 1, *IpAddress::parse("192.0.2.2"), timers, right_config);
  left = std::make_unique<Peer>(net, 0, *IpAddress::parse("192.0.2.1"), timers, left_config);
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

Status TwoEngines::initiate_left(const std::string& child) {
  std::optional<Status> result;
  auto st = left->engine->initiate("t", child, [&](const Status& s) { result = s; });
  if (!st) return st;
  settle(std::chrono::seconds(2));
  if (!result) return make_error("initiate did not complete");
  return *result;
}

bool TwoEngines::log_contains(const std::string& needle) const {
  for (const auto& l : logs) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace oakley::ikev2::testing
