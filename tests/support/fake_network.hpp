// FakeNet: the two IKE endpoints of a test ("left" = side 0, "right" = side 1) joined by a queue of
// datagrams that a test can filter (drop), duplicate, reorder (edit `queue`) and NAT, delivered
// only when the test pumps it: exchanges run on one thread, deterministically, without sockets.
// A test of a gateway with several clients attaches a second client as side 2: what the clients
// send goes to the right side, what the right side sends goes to the client with that address.
// FakeSender is the engines' PacketSender onto it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/packet_sender.hpp"

namespace oakley::test_support {

struct Datagram {
  Endpoint from, to;
  Bytes data;
  int sender;  // 0 = left, 1 = right, 2 = a second client of the right side
};

class FakeNet {
 public:
  // What a side does with a datagram delivered to it: the engine's on_packet(data, local, remote).
  using Receiver =
      std::function<void(ByteView data, const Endpoint& local, const Endpoint& remote)>;

  std::deque<Datagram> queue;
  // Return false to drop. Called once per datagram when it is delivered.
  std::function<bool(const Datagram&)> filter;
  // Extra copies of a datagram to deliver right after it (duplication).
  std::function<int(const Datagram&)> duplicate;
  // A NAT in front of the left side: its packets appear to come from this address, ports
  // 500 → port, 4500 → port + 1, and answers to that address reach it.
  std::optional<Endpoint> nat_public;
  std::size_t delivered = 0;
  std::size_t dropped = 0;
  std::vector<Datagram> log;  // every datagram delivered, in order

  // A side receives once attached; a side that is not attached (any more) drops what it is sent.
  // A later attach replaces the side's receiver (a test that restarts a peer), and a detach only
  // undoes the attach whose id it is given, so the old peer going away leaves the new one in place.
  std::uint64_t attach(int side, IpAddress address, Receiver receiver);
  void detach(int side, std::uint64_t id);

  void push(Datagram d);
  void deliver(const Datagram& d);
  // Delivers until nothing is queued (callbacks may queue more). Returns datagrams delivered.
  std::size_t pump(std::size_t limit = 10000);

 private:
  struct Side {
    IpAddress address;
    Receiver receive;
    std::uint64_t id;
  };
  int receiver_of(const Datagram& d) const;
  std::optional<Side> sides_[3];
  std::uint64_t next_id_ = 1;
};

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

}  // namespace oakley::test_support
