// Two IKEv2 engines in one process, joined by a fake network that can drop, duplicate, reorder and
// NAT datagrams, with one hand-driven clock: exchanges run deterministically and fast.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev2/engine.hpp"
#include "support/recording_backend.hpp"

namespace oakley::ikev2::testing {

struct Datagram {
  Endpoint from, to;
  Bytes data;
  int sender;  // 0 = left, 1 = right
};

class FakeNet;

class FakeSender final : public PacketSender {
 public:
  FakeSender(FakeNet& net, int side, IpAddress self) : net_(net), side_(side), self_(self) {}
  void send(const Endpoint& local, const Endpoint& remote, ByteView message) override;
  void send_keepalive(const Endpoint&, const Endpoint&) override { ++keepalives; }
  std::optional<IpAddress> source_for(const IpAddress&) override { return self_; }
  int keepalives = 0;

 private:
  FakeNet& net_;
  int side_;
  IpAddress self_;
};

struct Peer {
  Peer(FakeNet& net, int side, IpAddress address, TimerHeap& timers,
       const std::string& config_text);
  IpAddress address;
  std::shared_ptr<const credentials::LoadedConfig> config;
  dataplane::RecordingBackend backend;
  ike::ReqidAllocator reqids;
  InlineWorkPool work;
  FakeSender sender;
  std::unique_ptr<Engine> engine;

  const IkeSa* only_sa() const;
  std::vector<ike::IkeSaInfo> sas() const { return engine->list_sas(); }
  std::size_t established() const;
};

class FakeNet {
 public:
  std::deque<Datagram> queue;
  // Return false to drop. Called once per datagram when it is delivered.
  std::function<bool(const Datagram&)> filter;
  // Rewrites the source of datagrams from `side` as a NAT would.
  std::optional<Endpoint> nat_public;  // left's translated address (port base)
  Peer* peers[2] = {nullptr, nullptr};
  std::size_t delivered = 0;
  std::size_t dropped = 0;

  void push(Datagram d);
  // Delivers until nothing is queued (callbacks may queue more). Returns datagrams delivered.
  std::size_t pump(std::size_t limit = 10000);
};

// A config for one side of the standard net-to-net test tunnel; `extra_conn` goes into the
// connection, `extra_child` into the child, `extra_top` after the secrets.
std::string side_config(bool left, const std::string& proposals = "aes128gcm16-prfsha256-x25519",
                        const std::string& esp = "aes128gcm16", const std::string& extra_conn = "",
                        const std::string& extra_child = "",
                        const std::string& psk = "test-psk-0123456789",
                        const std::string& extra_top = "");

class TwoEngines : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  void start(const std::string& left_config, const std::string& right_config);
  // Pumps the network and runs due timers until idle or `max` of fake time passed.
  void settle(Duration max = std::chrono::seconds(1));
  // Initiates `conn` from the left and settles; returns the completion status.
  Status initiate_left(const std::string& child = "net");
  bool log_contains(const std::string& needle) const;

  TimerHeap timers{TimePoint{} + std::chrono::hours(1)};
  FakeNet net;
  std::unique_ptr<Peer> left, right;
  std::vector<std::string> logs;
  int sink_ = 0;
};

}  // namespace oakley::ikev2::testing
