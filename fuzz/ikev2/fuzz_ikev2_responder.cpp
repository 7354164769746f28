// libFuzzer harness: a real IKEv2 responder engine, brought to a half-open SA by a real
// IKE_SA_INIT with an initiator engine (and, for inputs whose first byte is odd, to an established
// SA by a real IKE_AUTH with a virtual IP from a pool), then driven by the input: inner payload
// bytes sealed with the SA's real keys as SK messages or SKF fragments (chosen exchange type,
// flags, message ID, fragment number and total), raw datagrams (with the SA's SPIs patched in if
// asked), mutated IKE_SA_INIT requests, jumps of the fake clock, and the initiator's own rekeys,
// new children and deletes. Everything is deterministic (seeded randomness, fake clock, inline
// workers), so a crash replays exactly. Seeds: fuzz/corpus/fuzz_ikev2_responder (see README there).
//
// Input: byte 0 = setup flags (bit 0: run IKE_AUTH; bit 1: 576-byte fragments on both sides;
// bit 2: RFC 9370 additional key exchanges in the IKE and ESP proposals, so that setup runs an
// IKE_INTERMEDIATE exchange and rekeys and new children run IKE_FOLLOWUP_KE), then records, each an
// op byte and its operands (see run_op); a short record ends the input.
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "crypto/testing/deterministic_random.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/sk_message.hpp"
#include "support/recording_backend.hpp"
#include "wire/ikev2/message.hpp"

namespace {

using namespace oakley;
using namespace std::chrono_literals;
namespace w = wire::ikev2;

constexpr std::uint64_t kSeed = 0x6f616b6c6579;  // "oakley"
constexpr std::size_t kMaxOps = 48;
constexpr std::size_t kPumpLimit = 64;

const char* const kLeftConfig = R"(
connections {
  t {
    version = 2
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes128gcm16-prfsha256-x25519
    vips = 0.0.0.0
    local {
      auth = psk
      id = carol@example.test
    }
    remote {
      auth = psk
      id = gw.example.test
    }
    children {
      net {
        remote_ts = 10.2.0.0/24
        esp_proposals = aes128gcm16-x25519, aes128gcm16
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
    version = 2
    local_addrs = 192.0.2.2
    proposals = aes128gcm16-prfsha256-x25519, aes256-sha256-modp2048
    pools = rw, rw6
    dpd_delay = 30s
    local {
      auth = psk
      id = gw.example.test
    }
    remote {
      auth = psk
    }
    children {
      net {
        local_ts = 10.2.0.0/24
        esp_proposals = aes128gcm16-x25519-none, aes256-sha256
      }
      other {
        local_ts = 10.9.0.0/16
        esp_proposals = aes128gcm16-x25519
        mode = transport
      }
    }
  }
  strict {
    version = 2
    local_addrs = 192.0.2.2
    proposals = aes256gcm16-prfsha384-ecp384
    local {
      auth = psk
      id = gw.example.test
    }
    remote {
      auth = psk
      id = strict@example.test
    }
    children {
      net {
        local_ts = 10.2.0.0/24
        esp_proposals = aes128gcm16
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
}
)";

const std::string kSmallFragments = "oakley {\n fragment_size = 576\n}\n";

// The same configuration with an additional key exchange (ECP-256) added to the first IKE and
// ESP proposals of both sides: required by the initiator, optional for the responder.
std::string hybrid(std::string text, bool responder) {
  auto add = [&](const std::string& from, const std::string& to) {
    if (auto at = text.find(from); at != std::string::npos) text.replace(at, from.size(), to);
  };
  add("proposals = aes128gcm16-prfsha256-x25519",
      responder ? "proposals = aes128gcm16-prfsha256-x25519-ke1_ecp256-ke1_none"
                : "proposals = aes128gcm16-prfsha256-x25519-ke1_ecp256");
  add("esp_proposals = aes128gcm16-x25519", "esp_proposals = aes128gcm16-x25519-ke1_ecp256");
  return text;
}

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
    ikev2::EngineOptions options;
    options.run_start_actions = false;
    engine = std::make_unique<ikev2::Engine>(
        ikev2::EngineDeps{timers, work, sender, backend, reqids, ids}, std::move(config), options);
  }
  IpAddress self;
  dataplane::RecordingBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  InlineWorkPool work;
  Sender sender;
  std::unique_ptr<ikev2::Engine> engine;
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
  World(bool small_fragments, bool additional_ke)
      : left_(queue_, 0, "192.0.2.1", configs(small_fragments, additional_ke).first, timers_),
        right_(queue_, 1, "192.0.2.2", configs(small_fragments, additional_ke).second, timers_) {}

  // IKE_SA_INIT, and IKE_AUTH if `authenticate`; false when that did not work.
  bool setup(bool authenticate) {
    if (!left_.engine->initiate("t", "net", nullptr)) return false;
    pump([&](const Datagram& d) {
      auto m = w::parse_message(d.data);
      if (!m) return true;
      if (m->header.exchange_type == w::ExchangeType::kIkeSaInit && d.sender == 0) init_ = d.data;
      return authenticate || m->header.exchange_type != w::ExchangeType::kIkeAuth;
    });
    return initiator_sa() != nullptr;
  }

  void run(Input& in) {
    for (std::size_t i = 0; i < kMaxOps && in.more(); ++i) {
      run_op(in.u8(), in);
      if (!in.ok()) break;
    }
  }

 private:
  using Filter = std::function<bool(const Datagram&)>;

  static const std::pair<std::shared_ptr<const credentials::LoadedConfig>,
                         std::shared_ptr<const credentials::LoadedConfig>>&
  configs(bool small_fragments, bool additional_ke) {
    static const auto normal = std::make_pair(parse(kLeftConfig), parse(kRightConfig));
    static const auto small =
        std::make_pair(parse(kLeftConfig + kSmallFragments), parse(kRightConfig + kSmallFragments));
    static const auto with_ke =
        std::make_pair(parse(hybrid(kLeftConfig, false)), parse(hybrid(kRightConfig, true)));
    if (additional_ke) return with_ke;
    return small_fragments ? small : normal;
  }

  // The initiator's live IKE SA of "t" (after an IKE rekey, the new one).
  ikev2::IkeSa* initiator_sa() {
    auto id = left_.engine->find_ike_id("t");
    return id ? left_.engine->find_sa(*id) : nullptr;
  }

  void pump(const Filter& filter = nullptr) {
    for (std::size_t n = 0; n < kPumpLimit && !queue_.empty(); ++n) {
      Datagram d = std::move(queue_.front());
      queue_.pop_front();
      if (filter && !filter(d)) continue;
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

  // Exchange type: mostly the four of RFC 7296, sometimes IKE_INTERMEDIATE or IKE_FOLLOWUP_KE
  // (RFC 9242, RFC 9370), sometimes anything.
  static w::ExchangeType exchange(std::uint8_t b) {
    if (b >= 0xf0) return static_cast<w::ExchangeType>(b & 0x3f);
    if (b >= 0xe8) {
      return b & 1 ? w::ExchangeType::kIkeFollowupKe : w::ExchangeType::kIkeIntermediate;
    }
    return static_cast<w::ExchangeType>(34 + b % 4);
  }

  // A header of the initiator's SA with the input's exchange, flags and message ID.
  std::optional<w::Header> header(ikev2::IkeSa& sa, Input& in) {
    w::Header h;
    h.initiator_spi = sa.spi_i;
    h.responder_spi = sa.spi_r;
    h.exchange_type = exchange(in.u8());
    std::uint8_t flags = in.u8();
    h.flags = flags & 0x80 ? static_cast<std::uint8_t>(flags & 0x7f) : w::kFlagInitiator;
    ikev2::IkeSa* peer = responder_sa(sa);
    std::uint32_t expected = peer ? peer->next_peer_request_id : 1;
    switch (std::uint8_t m = in.u8(); m % 4) {
      case 0:
        h.message_id = expected;
        break;
      case 1:
        h.message_id = expected - 1;  // a retransmission
        break;
      case 2:
        h.message_id = expected + (m >> 2);
        break;
      default:
        h.message_id = in.u32();
    }
    return h;
  }

  ikev2::IkeSa* responder_sa(const ikev2::IkeSa& initiator) {
    for (const auto& info : right_.engine->list_sas()) {
      if (info.spi_i == initiator.spi_i) return right_.engine->find_sa(info.id);
    }
    return nullptr;
  }

  void sealed_sk(Input& in) {
    auto* sa = initiator_sa();
    if (!sa || !sa->crypter) return;
    auto h = header(*sa, in);
    auto first = static_cast<w::PayloadType>(in.u8());
    Bytes inner = in.bytes(4096);
    bool nat_t = in.u8() & 1;
    if (auto packet = ikev2::seal_sk_message(*sa->crypter, *h, first, inner)) {
      to_responder(*packet, nat_t);
    }
  }

  void sealed_skf(Input& in) {
    auto* sa = initiator_sa();
    if (!sa || !sa->crypter) return;
    auto h = header(*sa, in);
    auto first = static_cast<w::PayloadType>(in.u8());
    std::uint16_t number = in.u16();
    std::uint16_t total = in.u16();
    Bytes part = in.bytes(2048);
    if (auto packet = ikev2::seal_skf_message(*sa->crypter, *h, first, number, total, part)) {
      to_responder(*packet, false);
    }
  }

  void raw(Input& in) {
    std::uint8_t how = in.u8();
    Bytes data = in.bytes(4096);
    auto* sa = initiator_sa();
    if (how & 1 && sa && data.size() >= 16) {
      auto spi_i = w::spi_bytes(sa->spi_i);
      auto spi_r = w::spi_bytes(sa->spi_r);
      std::copy(spi_i.begin(), spi_i.end(), data.begin());
      std::copy(spi_r.begin(), spi_r.end(), data.begin() + 8);
    }
    to_responder(data, how & 2);
  }

  // The initiator's IKE_SA_INIT request with a new SPI and a few bytes flipped.
  void mutated_init(Input& in) {
    if (init_.size() < 28) return;
    Bytes data = init_;
    std::uint64_t spi = in.u64();
    auto b = w::spi_bytes(spi);
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
    auto* sa = initiator_sa();
    if (!sa) return;
    auto& e = *left_.engine;
    switch (in.u8() % 5) {
      case 0:
        if (auto child = e.find_child_id("t", "net")) (void)e.rekey_child(*child, nullptr);
        break;
      case 1:
        (void)e.rekey_ike(sa->id, nullptr);
        break;
      case 2:
        if (auto child = e.find_child_id("t", "net")) (void)e.terminate_child(*child, nullptr);
        break;
      case 3:
        (void)e.initiate("t", "net", nullptr);
        break;
      default:
        (void)e.terminate_ike(sa->id, nullptr);
    }
    pump();
  }

  void run_op(std::uint8_t op, Input& in) {
    switch (op % 8) {
      case 0:
      case 1:
        return sealed_sk(in);
      case 2:
        return sealed_skf(in);
      case 3:
        return raw(in);
      case 4:
        return mutated_init(in);
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
  Bytes init_;  // the initiator's first IKE_SA_INIT request
  Bytes last_;  // the last datagram handed to the responder
};

void run(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  std::uint8_t flags = in.u8();
  World world(flags & 2, flags & 4);
  if (!world.setup(flags & 1)) return;
  world.run(in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bool warmed_up = [] {
    // Log formatting runs (it sees hostile values too) but writes nowhere, unless
    // OAKLEY_FUZZ_LOG is set (to read what one input does).
    log::set_stderr(std::getenv("OAKLEY_FUZZ_LOG") != nullptr);
    log::set_level(log::Level::kDebug);
    // Per-process setup (key templates) draws randomness once: do it before the seeded runs so
    // every input, the first included, sees the same random stream.
    const std::uint8_t both[] = {3};
    run(both, sizeof(both));
    return true;
  }();
  (void)warmed_up;
  crypto::testing::use_deterministic_random(kSeed);
  run(data, size);
  return 0;
}
