// libFuzzer harness: a real IKEv1 responder engine, brought by a real initiator engine through
// Main Mode up to the keys (MM4), or to an established ISAKMP SA (for inputs with setup bit 0),
// optionally with XAuth and Mode Config on a road-warrior gateway (bit 1; with bit 2 the client's
// XAuth answer is held back, so the gateway's XAuth request waits for the input to answer it).
// Then the input drives it: payload chains sealed with the SA's real keys and IV chain (Main Mode
// message 5, Quick Mode, INFORMATIONAL, TRANSACTION; with a correct HASH(1) when asked, so the
// authenticated paths are reached), raw datagrams (with the SA's cookies patched in if asked),
// mutated Main Mode first messages, jumps of the fake clock, and the initiator's own rekeys, new
// children and deletes. Everything is deterministic (seeded randomness, fake clock, inline
// workers), so a crash replays exactly. Seeds: fuzz/corpus/fuzz_ikev1_responder, hand-made ones
// from fuzz/ikev1/make_responder_seeds.py.
//
// Input: byte 0 = setup flags (bit 0: finish Phase 1; bit 1: XAuth + Mode Config gateway; bit 2:
// hold back the client's XAuth answer), then records, each an op byte and its operands (see
// run_op); a short record ends the input.
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "crypto/ikev1_keys.hpp"
#include "crypto/testing/deterministic_random.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev1/engine.hpp"
#include "support/recording_backend.hpp"
#include "wire/ikev1/message.hpp"

namespace {

using namespace oakley;
using namespace std::chrono_literals;
namespace w = wire::ikev1;

constexpr std::uint64_t kSeed = 0x6f616b6c6579;  // "oakley"
constexpr std::size_t kMaxOps = 48;
constexpr std::size_t kPumpLimit = 64;

constexpr std::uint8_t kFinishPhase1 = 1;
constexpr std::uint8_t kXauth = 2;
constexpr std::uint8_t kHoldXauthReply = 4;

const char* const kLeftConfig = R"(
connections {
  t {
    version = 1
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes128-sha256-x25519
    local {
      auth = psk
      id = left@example.test
    }
    remote {
      auth = psk
      id = right@example.test
    }
    children {
      net {
        local_ts = 10.1.0.0/24
        remote_ts = 10.2.0.0/24
        esp_proposals = aes128-sha256-x25519
      }
    }
  }
}
secrets {
  ike-1 {
    secret = "fuzz-psk-0123456789"
  }
}
)";

const char* const kRightConfig = R"(
connections {
  t {
    version = 1
    local_addrs = 192.0.2.2
    proposals = aes128-sha256-x25519, aes256-sha1-modp2048
    dpd_delay = 30s
    local {
      auth = psk
      id = right@example.test
    }
    remote {
      auth = psk
    }
    children {
      net {
        local_ts = 10.2.0.0/24
        remote_ts = 10.1.0.0/24
        esp_proposals = aes128-sha256-x25519, aes128-sha256
      }
      other {
        local_ts = 10.9.0.0/16
        esp_proposals = aes128-sha1
        mode = transport
      }
    }
  }
}
secrets {
  ike-1 {
    secret = "fuzz-psk-0123456789"
  }
}
)";

const char* const kLeftXauthConfig = R"(
connections {
  t {
    version = 1
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes128-sha256-x25519
    vips = 0.0.0.0
    local {
      auth = psk
      id = left@example.test
    }
    local-xauth {
      round = 2
      auth = xauth
      xauth_id = carol
    }
    remote {
      auth = psk
      id = right@example.test
    }
    children {
      net {
        remote_ts = 10.2.0.0/24
        esp_proposals = aes128-sha256
      }
    }
  }
}
secrets {
  ike-1 {
    secret = "fuzz-psk-0123456789"
  }
  xauth-carol {
    id = carol
    secret = "carol-password"
  }
}
)";

const char* const kRightXauthConfig = R"(
connections {
  t {
    version = 1
    local_addrs = 192.0.2.2
    proposals = aes128-sha256-x25519
    pools = rw, rw6
    dpd_delay = 30s
    local {
      auth = psk
      id = right@example.test
    }
    remote {
      auth = psk
    }
    remote-xauth {
      round = 2
      auth = xauth
    }
    children {
      net {
        local_ts = 10.2.0.0/24
        esp_proposals = aes128-sha256, aes128-sha256-x25519
      }
    }
  }
}
pools {
  rw {
    addrs = 10.3.0.0/24
    dns = 10.3.0.53
  }
  rw6 {
    addrs = fd00::/120
  }
}
secrets {
  ike-1 {
    secret = "fuzz-psk-0123456789"
  }
  xauth-carol {
    id = carol
    secret = "carol-password"
  }
}
)";

std::shared_ptr<const credentials::LoadedConfig> parse(const std::string& text) {
  auto loaded = config::load_string(text, "fuzz.conf");
  if (!loaded) std::abort();  // the harness's own configuration
  return std::make_shared<const credentials::LoadedConfig>(std::move(*loaded));
}

struct Datagram {
  Endpoint from, to;
  Bytes data;
  int sender;
};

class Sender final : public PacketSender {
 public:
  Sender(std::deque<Datagram>& queue, int side, IpAddress self)
      : queue_(queue), side_(side), self_(self) {}
  void send(const Endpoint& local, const Endpoint& remote, ByteView message) override {
    Endpoint from = local;
    if (from.address.is_unspecified()) from.address = self_;
    if (queue_.size() < 4 * kPumpLimit) {
      queue_.push_back(Datagram{from, remote, Bytes(message.begin(), message.end()), side_});
    }
  }
  void send_keepalive(const Endpoint&, const Endpoint&) override {}
  std::optional<IpAddress> source_for(const IpAddress&) override { return self_; }

 private:
  std::deque<Datagram>& queue_;
  int side_;
  IpAddress self_;
};

struct Side {
  Side(std::deque<Datagram>& queue, int side, const char* address,
       std::shared_ptr<const credentials::LoadedConfig> config, TimerHeap& timers)
      : self(*IpAddress::parse(address)), sender(queue, side, self) {
    // The recording data plane hands out the same SPIs on both sides, and IKEv1 KEYMAT depends
    // on the SPI: the right side skips some to keep the directions' keys apart.
    for (int i = 0; side == 1 && i < 16; ++i)
      (void)backend.allocate_spi();
    ikev1::EngineOptions options;
    options.run_start_actions = false;
    engine = std::make_unique<ikev1::Engine>(
        ikev1::EngineDeps{timers, work, sender, backend, reqids, ids}, std::move(config), options);
  }
  IpAddress self;
  dataplane::RecordingBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  InlineWorkPool work;
  Sender sender;
  std::unique_ptr<ikev1::Engine> engine;
};

// Reads operands; past the end it yields zeros and `ok` turns false.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool more() const { return pos_ < size_; }
  bool ok() const { return ok_; }
  std::uint8_t u8() {
    if (pos_ >= size_) {
      ok_ = false;
      return 0;
    }
    return data_[pos_++];
  }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(u16()) << 16 | u16(); }
  std::uint64_t u64() { return static_cast<std::uint64_t>(u32()) << 32 | u32(); }
  // Up to `max` bytes, as many as the length prefix says and the input still has.
  Bytes bytes(std::size_t max) {
    std::size_t wanted = u16() % (max + 1);  // read before size_ - pos_ is taken
    std::size_t n = std::min(wanted, size_ - pos_);
    Bytes out(data_ + pos_, data_ + pos_ + n);
    pos_ += n;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

class World {
 public:
  explicit World(std::uint8_t flags)
      : left_(queue_, 0, "192.0.2.1", configs(flags & kXauth).first, timers_),
        right_(queue_, 1, "192.0.2.2", configs(flags & kXauth).second, timers_) {}

  // Main Mode up to MM4, or through MM6 (and XAuth, Mode Config) if asked; false when the
  // responder holds no keyed SA afterwards.
  bool setup(std::uint8_t flags) {
    hold_xauth_reply_ = flags & kHoldXauthReply;
    if (!left_.engine->initiate("t", "net", nullptr)) return false;
    pump([&](const Datagram& d) {
      auto h = w::peek_header(d.data);
      if (!h || d.sender != 0) return true;
      if (h->exchange_type == w::ExchangeType::kIdentityProtection && h->responder_cookie == 0)
        mm1_ = d.data;
      if (h->exchange_type == w::ExchangeType::kIdentityProtection && h->encrypted())
        return (flags & kFinishPhase1) != 0;  // MM5
      return true;
    });
    auto* sa = responder_sa();
    return sa && sa->crypter;
  }

  void run(Input& in) {
    for (std::size_t i = 0; i < kMaxOps && in.more(); ++i) {
      run_op(in.u8(), in);
      if (!in.ok()) break;
    }
  }

 private:
  using Filter = std::function<bool(const Datagram&)>;
  using Configs = std::pair<std::shared_ptr<const credentials::LoadedConfig>,
                            std::shared_ptr<const credentials::LoadedConfig>>;

  static const Configs& configs(bool xauth) {
    static const Configs plain = std::make_pair(parse(kLeftConfig), parse(kRightConfig));
    static const Configs with_xauth =
        std::make_pair(parse(kLeftXauthConfig), parse(kRightXauthConfig));
    return xauth ? with_xauth : plain;
  }

  // The responder's newest ISAKMP SA (after a Phase 1 rekey, the new one).
  ikev1::IsakmpSa* responder_sa() {
    ikev1::IsakmpSa* newest = nullptr;
    for (const auto& info : right_.engine->list_sas()) {
      auto* sa = right_.engine->find_sa(info.id);
      if (sa && (!newest || sa->id > newest->id)) newest = sa;
    }
    return newest;
  }

  void pump(const Filter& filter = nullptr) {
    for (std::size_t n = 0; n < kPumpLimit && !queue_.empty(); ++n) {
      Datagram d = std::move(queue_.front());
      queue_.pop_front();
      if (filter && !filter(d)) continue;
      if (d.sender == 0 && hold_xauth_reply_) {
        // The client's TRANSACTION messages (its XAuth answer) stay with the client, for the
        // whole run: the gateway's XAuth waits for the input's answer.
        auto h = w::peek_header(d.data);
        if (h && h->exchange_type == w::ExchangeType::kTransaction) continue;
      }
      Side& to = d.sender == 0 ? right_ : left_;
      to.engine->on_packet(d.data, d.to, d.from);
    }
    queue_.clear();
  }

  void to_responder(ByteView packet, bool nat_t) {
    std::uint16_t port = nat_t ? 4500 : 500;
    right_.engine->on_packet(packet, Endpoint{right_.self, port}, Endpoint{left_.self, port});
    last_ = Bytes(packet.begin(), packet.end());
    pump();
  }

  // Exchange type: mostly those an established SA carries, sometimes anything.
  static w::ExchangeType exchange(std::uint8_t b) {
    static constexpr w::ExchangeType kCommon[] = {
        w::ExchangeType::kQuickMode, w::ExchangeType::kInformational, w::ExchangeType::kTransaction,
        w::ExchangeType::kIdentityProtection};
    if (b >= 0xf0) return static_cast<w::ExchangeType>(b & 0x3f);
    return kCommon[b % 4];
  }

  // Message ID: a new one, the last one the input used, one of the responder's own exchanges
  // (its XAuth request, a Quick Mode it answers or started), or any.
  std::uint32_t message_id(ikev1::IsakmpSa& sa, Input& in) {
    std::uint8_t m = in.u8();
    switch (m % 4) {
      case 0:
        last_mid_ = 0x10000000u + ++mids_ * 0x1001u + (m >> 2);
        break;
      case 1:
        break;  // the last one again: the next message of that exchange, or a replay
      case 2: {
        std::size_t skip = m >> 2;
        for (const auto& [mid, rec] : sa.exchanges) {
          if (mid == 0) continue;
          last_mid_ = mid;
          if (skip-- == 0) break;
        }
        break;
      }
      default:
        last_mid_ = in.u32();
    }
    return last_mid_;
  }

  // The IV the responder will decrypt message `mid` with (RFC 2409 appendix B): its exchange's
  // running IV, or a new Phase 2 IV from the last Phase 1 block.
  static std::optional<Bytes> iv_for(ikev1::IsakmpSa& sa, std::uint32_t mid) {
    if (auto* rec = sa.exchange(mid); rec && !rec->iv.empty()) return rec->iv;
    ByteView base = sa.phase1_last_block;
    if (base.empty()) {
      auto* p1 = sa.exchange(0);
      if (!p1) return std::nullopt;
      base = p1->iv;
    }
    auto iv = crypto::ikev1::phase2_iv(sa.prf, base, mid, sa.crypter->block_size());
    if (!iv) return std::nullopt;
    return std::move(*iv);
  }

  // Input: exchange, flags (bit 0: prepend a correct HASH(1); bit 1: NAT-T port; bit 2: clear
  // the E flag of the header, keeping the body encrypted), message ID, first payload type, the
  // payload chain.
  void sealed(Input& in) {
    auto* sa = responder_sa();
    if (!sa || !sa->crypter) return;
    w::Header h;
    h.initiator_cookie = sa->icookie;
    h.responder_cookie = sa->rcookie;
    h.exchange_type = exchange(in.u8());
    std::uint8_t flags = in.u8();
    h.message_id = message_id(*sa, in);
    auto first = static_cast<w::PayloadType>(in.u8());
    Bytes inner = in.bytes(4096);
    Bytes plain;
    if (flags & 1) {
      auto hash = crypto::ikev1::qm_hash1(sa->prf, sa->skeyid_a.view(), h.message_id, inner);
      if (!hash) return;
      plain.push_back(static_cast<std::uint8_t>(first));
      plain.push_back(0);
      put_be16(plain, static_cast<std::uint16_t>(4 + hash->size()));
      plain.insert(plain.end(), hash->begin(), hash->end());
      first = w::PayloadType::kHash;
    }
    plain.insert(plain.end(), inner.begin(), inner.end());
    auto iv = iv_for(*sa, h.message_id);
    if (!iv) return;
    auto body = sa->crypter->encrypt(plain, *iv);
    if (!body) return;
    h.flags = flags & 4 ? 0 : w::kFlagEncryption;
    h.next_payload = first;
    auto packet = w::encode(w::Message{h, {}, std::move(*body)});
    if (packet) to_responder(*packet, flags & 2);
  }

  void raw(Input& in) {
    std::uint8_t how = in.u8();
    Bytes data = in.bytes(4096);
    auto* sa = responder_sa();
    if (how & 1 && sa && data.size() >= 16) {
      auto i = w::cookie_bytes(sa->icookie);
      auto r = w::cookie_bytes(sa->rcookie);
      std::copy(i.begin(), i.end(), data.begin());
      std::copy(r.begin(), r.end(), data.begin() + 8);
    }
    to_responder(data, how & 2);
  }

  // The initiator's Main Mode message 1 with a new cookie and a few bytes flipped.
  void mutated_mm1(Input& in) {
    if (mm1_.size() < 28) return;
    Bytes data = mm1_;
    auto b = w::cookie_bytes(in.u64());
    std::copy(b.begin(), b.end(), data.begin());
    for (std::uint8_t n = in.u8() % 8; n > 0; --n) {
      std::uint16_t at = in.u16();
      data[at % data.size()] ^= in.u8();
    }
    to_responder(data, false);
  }

  void advance(Input& in) {
    auto end = timers_.now() + std::chrono::seconds(in.u8()) * 4;
    while (timers_.now() < end) {
      auto next = timers_.next_deadline();
      if (!next || *next > end) break;
      timers_.run_until(*next);
      pump();
    }
    timers_.run_until(end);
    pump();
  }

  void initiator_operation(Input& in) {
    auto& e = *left_.engine;
    auto ike = e.find_ike_id("t");
    switch (in.u8() % 5) {
      case 0:
        if (auto child = e.find_child_id("t", "net")) (void)e.rekey_child(*child, nullptr);
        break;
      case 1:
        if (ike) (void)e.rekey_ike(*ike, nullptr);
        break;
      case 2:
        if (auto child = e.find_child_id("t", "net")) (void)e.terminate_child(*child, nullptr);
        break;
      case 3:
        (void)e.initiate("t", "net", nullptr);
        break;
      default:
        if (ike) (void)e.terminate_ike(*ike, nullptr);
    }
    pump();
  }

  void run_op(std::uint8_t op, Input& in) {
    switch (op % 8) {
      case 0:
      case 1:
      case 2:
        return sealed(in);
      case 3:
        return raw(in);
      case 4:
        return mutated_mm1(in);
      case 5:
        return advance(in);
      case 6:
        return initiator_operation(in);
      default:
        if (!last_.empty()) to_responder(Bytes(last_), false);  // the same datagram again
    }
  }

  TimerHeap timers_{TimePoint{} + std::chrono::hours(1)};
  std::deque<Datagram> queue_;
  Side left_, right_;
  bool hold_xauth_reply_ = false;
  Bytes mm1_;   // the initiator's first Main Mode message
  Bytes last_;  // the last datagram handed to the responder
  std::uint32_t last_mid_ = 0;
  std::uint32_t mids_ = 0;
};

void run(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  std::uint8_t flags = in.u8();
  World world(flags);
  if (!world.setup(flags)) return;
  world.run(in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bool warmed_up = [] {
    // Log formatting runs (it sees hostile values too) but writes nowhere, unless
    // OAKLEY_FUZZ_LOG is set (to read what one input does).
    log::set_stderr(std::getenv("OAKLEY_FUZZ_LOG") != nullptr);
    log::set_level(log::Level::kDebug);
    // Per-process setup draws randomness once: do it before the seeded runs so every input, the
    // first included, sees the same random stream.
    const std::uint8_t all[] = {kFinishPhase1 | kXauth};
    run(all, sizeof(all));
    return true;
  }();
  (void)warmed_up;
  crypto::testing::use_deterministic_random(kSeed);
  run(data, size);
  return 0;
}
