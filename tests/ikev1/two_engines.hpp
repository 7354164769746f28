// Two IKEv1 engines in one process, joined by a fake network that can drop, duplicate, reorder
// and NAT datagrams, with one hand-driven clock: exchanges run deterministically and fast.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev1/engine.hpp"
#include "support/recording_backend.hpp"
#include "wire/ikev1/message.hpp"

namespace oakley::ikev1::testing {

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
  Peer(FakeNet& net, int side, IpAddress address, TimerHeap& timers, const std::string& config_text,
       EngineOptions options = {});
  IpAddress address;
  std::shared_ptr<const credentials::LoadedConfig> config;
  dataplane::RecordingBackend backend;
  ike::ReqidAllocator reqids;
  InlineWorkPool work;
  FakeSender sender;
  std::unique_ptr<Engine> engine;

  std::vector<ike::IkeSaInfo> sas() const { return engine->list_sas(); }
  std::size_t established() const;
  std::size_t installed_children() const;
};

class FakeNet {
 public:
  std::deque<Datagram> queue;
  // Return false to drop. Called once per datagram when it is delivered.
  std::function<bool(const Datagram&)> filter;
  // Extra copies of a datagram to deliver right after it (duplication).
  std::function<int(const Datagram&)> duplicate;
  // A NAT in front of the left side: its packets appear to come from this address, ports
  // 500 → port, 4500 → port + 1.
  std::optional<Endpoint> nat_public;
  Peer* peers[2] = {nullptr, nullptr};
  std::size_t delivered = 0;
  std::size_t dropped = 0;
  std::vector<Datagram> log;  // every datagram delivered, in order

  void push(Datagram d);
  void deliver(const Datagram& d);
  // Delivers until nothing is queued (callbacks may queue more). Returns datagrams delivered.
  std::size_t pump(std::size_t limit = 10000);
};

// The ISAKMP header of a datagram (exchange type, message ID, flags) for filters.
wire::ikev1::Header header_of(const Datagram& d);

struct SideOptions {
  std::string proposals = "aes128-sha256-modp2048";
  std::string esp = "aes128-sha256";
  std::string extra_conn;
  std::string extra_child;
  std::string psk = "test-psk-0123456789";
  std::string extra_top;
  std::string local_ts;       // default: 10.1.0.0/24 (left) / 10.2.0.0/24 (right)
  std::string remote_ts;      // the mirror image
  std::string more_children;  // further children { ... } entries
};

// One side of the standard net-to-net IKEv1 test tunnel (connection "t", child "net").
std::string side_config(bool left, const SideOptions& o = {});

class TwoEngines : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  void start(const std::string& left_config, const std::string& right_config,
             EngineOptions left_options = {}, EngineOptions right_options = {});
  void start(const SideOptions& both) { start(side_config(true, both), side_config(false, both)); }
  // Pumps the network and runs due timers until idle or `max` of fake time passed.
  void settle(Duration max = std::chrono::seconds(1));
  // Initiates `t` from the left and settles; returns the completion status.
  Status initiate_left(const std::string& child = "net", Duration max = std::chrono::seconds(2));
  bool log_contains(const std::string& needle) const;
  std::string logs_text() const;

  TimerHeap timers{TimePoint{} + std::chrono::hours(1)};
  FakeNet net;
  std::unique_ptr<Peer> left, right;
  std::vector<std::string> logs;
  int sink_ = 0;
};

// Asserts that the two sides hold one mirrored IPsec SA pair for child `index` of their only
// ISAKMP SA: SPIs cross, the initiator's outbound keys are the responder's inbound keys.
void expect_mirrored_child(Peer& a, Peer& b, std::size_t index = 0);

}  // namespace oakley::ikev1::testing
