// Two Datapaths wired back to back ("left" 192.0.2.1 with 10.1.0.0/24 behind it, "right"
// 192.0.2.2 with 10.2.0.0/24), with a mirrored SA pair and protect policies: what the namespace
// test sets up with real devices, here without any I/O.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "dataplane/datapath.hpp"
#include "esp_test_algorithms.hpp"
#include "test_util.hpp"

namespace oakley::dataplane::test {

struct SaPair {
  SaConfig out;  // left → right
  SaConfig in;   // the same SA as the right side installs it
};

// An SA from left to right (or right to left when `reverse`), with random keys.
inline SaPair make_sa_pair(const SaAlgorithms& a, std::uint32_t spi, std::uint32_t reqid,
                           Mode mode = Mode::kTunnel, bool v6 = false) {
  SaConfig out;
  out.spi = spi;
  out.direction = Direction::kOutbound;
  out.reqid = reqid;
  out.mode = mode;
  out.algorithms = a;
  out.encr_key = random_encr_key(a);
  out.integ_key = random_integ_key(a);
  out.local = v6 ? ip("2001:db8::1") : ip("192.0.2.1");
  out.remote = v6 ? ip("2001:db8::2") : ip("192.0.2.2");
  SaConfig in = out;
  in.direction = Direction::kInbound;
  std::swap(in.local, in.remote);
  return {out, in};
}

class EventLog {
 public:
  EventHandler handler() {
    return [this](const Event& e) {
      std::lock_guard lock(mutex_);
      events_.push_back(e);
    };
  }
  std::vector<Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  template <typename T>
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& e : events_)
      n += std::holds_alternative<T>(e);
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Event> events_;
};

// A packet buffer with room around the data, as the TUN backend's buffers have.
class Buffer {
 public:
  explicit Buffer(ByteView data, std::size_t headroom = 128) : storage_(data.size() + 512) {
    std::copy(data.begin(), data.end(), storage_.begin() + static_cast<std::ptrdiff_t>(headroom));
    packet_ = esp::PacketBuffer(storage_.data(), storage_.size(), headroom, data.size());
  }
  esp::PacketBuffer& packet() { return packet_; }
  Bytes bytes() const { return Bytes(packet_.data(), packet_.data() + packet_.size()); }

 private:
  std::vector<std::uint8_t> storage_;
  esp::PacketBuffer packet_;
};

class DatapathPair : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kReqid = 7;

  void SetUp() override {
    left_.set_event_handler(left_events_.handler());
    right_.set_event_handler(right_events_.handler());
  }

  void install(const SaPair& p, Datapath& sender, Datapath& receiver) {
    ASSERT_TRUE(sender.install_sa(p.out).ok());
    ASSERT_TRUE(receiver.install_sa(p.in).ok());
  }
  void protect(Datapath& dp, const char* local, const char* remote,
               PolicyAction action = PolicyAction::kProtect, std::uint32_t reqid = kReqid) {
    PolicyConfig pc;
    auto l = *IpAddress::parse(local);
    auto r = *IpAddress::parse(remote);
    pc.local_ts = TrafficSelector::from_prefix(l, l.is_v4() ? 24 : 64);
    pc.remote_ts = TrafficSelector::from_prefix(r, r.is_v4() ? 24 : 64);
    pc.action = action;
    pc.reqid = reqid;
    ASSERT_TRUE(dp.install_policy(pc).ok());
  }
  // Sends `inner` from left to right; returns what right delivered (empty on a drop) and the
  // reasons in `out` / `in`.
  Bytes send(const Bytes& inner, OutboundResult* out = nullptr, InboundResult* in = nullptr) {
    return transfer(left_, right_, inner, out, in);
  }
  static Bytes transfer(Datapath& from, Datapath& to, const Bytes& inner,
                        OutboundResult* out = nullptr, InboundResult* in = nullptr) {
    from.refresh(from.worker(0));
    to.refresh(to.worker(0));
    Buffer b(inner);
    OutboundResult o = from.outbound(from.worker(0), b.packet());
    if (out) *out = o;
    if (o.action != OutboundResult::Action::kSend) return {};
    InboundResult i = to.inbound(to.worker(0), b.packet(), o.sa->local, o.sa->remote);
    if (in) *in = i;
    return i.ok() ? b.bytes() : Bytes{};
  }

  Datapath left_{1};
  Datapath right_{1};
  EventLog left_events_;
  EventLog right_events_;
};

}  // namespace oakley::dataplane::test
